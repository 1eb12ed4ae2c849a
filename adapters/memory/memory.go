// Package memory implements every store of the Konfliktservice in memory, for
// tests, demos and the conformance suites. A DB is safe for concurrent use;
// each method is one unit of work: a change and its events are recorded
// together or not at all. Values are copied in and out, so callers never
// share memory with the store.
package memory

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// DB is an in-memory database holding every aggregate and an outbox of the
// events written with their changes. It hands out one store per port, as
// adapters/sql's DB does: Shops, Complaints, Cases, Articles, Accounts,
// APIKeys, Sessions, Tokens, Throttles and Outbox.
type DB struct {
	mu          sync.Mutex
	shops       *table[fairshops.Shop]
	complaints  *table[complaint.Complaint]
	cases       *table[mediation.Case]
	claims      *table[carrierclaim.Claim]      // carrier claims (claims.go)
	shares      map[string]map[string]time.Time // consents to show the carrier a file: complaint -> file -> when (claims.go)
	articles    map[string]portal.Article
	accounts    map[string]*account.Account      // by ID
	logins      map[string]string                // login -> account ID
	keys        map[string]*account.APIKey       // by hash
	sessions    map[string]*account.Session      // by hash
	overviews   map[string]complaint.Overview    // by hash
	outbox      []fairshops.OutboxEntry          // in write order
	seq         int64                            // the last Entry.Seq handed out
	files       map[string]*storedFile           // attachments by ID (files.go)
	documents   map[string]*storedFile           // the carriers' documents by ID (documents.go); made on first use
	macros      map[string]*complaint.Macro      // the operators' canned replies (macros.go)
	tokens      map[string]*account.OneTimeToken // by hash
	throttles   map[string]account.Failures      // by login
	audit       []audit.Entry                    // the operators' audit log, in Seq order (audit.go)
	auditPruned int                              // the Seq of the last pruned audit entry (audit.go)
	orders      map[ordersKey]int                // reported order counts (figures.go)
	notify      map[string]*shopnotify.Settings  // by shop ID (shopnotify.go)
	shopReads   map[string]time.Time             // when the shop last opened a complaint, by complaint ID
}

// New returns an empty DB.
func New() *DB {
	db := &DB{articles: map[string]portal.Article{}, macros: map[string]*complaint.Macro{},
		accounts: map[string]*account.Account{}, logins: map[string]string{},
		keys: map[string]*account.APIKey{}, sessions: map[string]*account.Session{},
		overviews: map[string]complaint.Overview{}, files: map[string]*storedFile{},
		tokens: map[string]*account.OneTimeToken{}, throttles: map[string]account.Failures{},
		orders: map[ordersKey]int{},
		notify: map[string]*shopnotify.Settings{}, shopReads: map[string]time.Time{}}
	db.shops = newTable(db, "memory.ShopStore", "shop", (*fairshops.Shop).Clone, shopFields)
	db.complaints = newTable(db, "memory.ComplaintStore", "complaint", (*complaint.Complaint).Clone, complaintFields)
	db.cases = newTable(db, "memory.CaseStore", "case", (*mediation.Case).Clone, caseFields)
	db.cases.vet = db.oneCasePerComplaint
	db.claims = newTable(db, "memory.ClaimStore", "carrier claim", (*carrierclaim.Claim).Clone, claimFields)
	db.claims.vet = db.oneClaimPerComplaint
	db.shares = map[string]map[string]time.Time{}
	db.complaints.vet = db.uniqueReference
	return db
}

// lock takes the DB's lock unless ctx is done; the caller defers the
// returned unlock.
func (db *DB) lock(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	return db.mu.Unlock, nil
}

// Events returns a copy of every event in the outbox, in write order.
func (db *DB) Events() []fairshops.Event {
	db.mu.Lock()
	defer db.mu.Unlock()
	out := make([]fairshops.Event, 0, len(db.outbox))
	for _, e := range db.outbox {
		out = append(out, e.Event)
	}
	return out
}

// appendEvents adds events to the outbox; the caller holds db.mu.
func (db *DB) appendEvents(events []fairshops.Event) {
	for _, ev := range events {
		ev.Data = slices.Clone(ev.Data)
		db.seq++
		db.outbox = append(db.outbox, fairshops.OutboxEntry{Seq: db.seq, Event: ev})
	}
}
