package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/chain"
)

// Action is what was done. The values are stored and shown in the API, so
// they never change; the list is closed (Actions), and Check refuses any
// other.
type Action string

// The actions of the audit log.
const (
	LoginSucceeded     Action = "login"            // a login opened a session (web or API)
	LoginFailed        Action = "login.failed"     // wrong login or password, or throttled; the password is never kept
	Logout             Action = "logout"           // a session was ended by its holder
	SessionsEnded      Action = "sessions.ended"   // every session of an account was ended
	PasswordChanged    Action = "password.changed" // by the account holder, with the current password
	PasswordReset      Action = "password.reset"   // by a reset link
	InvitationSent     Action = "invitation.sent"  // the operator invited a login
	InvitationRevoked  Action = "invitation.revoked"
	AccountCreated     Action = "account.created" // an invitation was accepted
	APIKeyCreated      Action = "apikey.created"
	APIKeyRevoked      Action = "apikey.revoked"
	ShopRegistered     Action = "shop.registered"
	ModuleBooked       Action = "booking.added" // a module booked (or its booking changed: detail names the module)
	SealChanged        Action = "seal.changed"
	CriteriaChanged    Action = "criteria.changed" // the fulfilled criteria of a shop
	ShopContactChanged Action = "shop.contact_changed"
	ArticleCreated     Action = "article.created"
	ArticleUpdated     Action = "article.updated"
	ArticleDeleted     Action = "article.deleted"
	EventRequeued      Action = "event.requeued"   // an outbox event the relays gave up was put back
	DataExported       Action = "export.complaint" // a consumer's data export, downloaded by the operator
	QueueExported      Action = "export.queue"     // the complaint queue as CSV
	CaseFileDownloaded Action = "export.casefile"  // a sealed case file
	MacroCreated       Action = "macro.created"
	MacroUpdated       Action = "macro.updated"
	MacroDeleted       Action = "macro.deleted"
	ComplaintAssigned  Action = "complaint.assigned"
	ComplaintErased    Action = "complaint.erased" // a complaint's personal data was erased (pseudonymised)
	// SettlementErased: a settled case's settlement was erased at the end of
	// its period (the retention's second step; subject: the case).
	SettlementErased Action = "settlement.erased"
)

// Actions lists every action, in the order the operator's filter offers them.
func Actions() []Action {
	return []Action{LoginSucceeded, LoginFailed, Logout, SessionsEnded, PasswordChanged, PasswordReset,
		InvitationSent, InvitationRevoked, AccountCreated, APIKeyCreated, APIKeyRevoked,
		ShopRegistered, ModuleBooked, SealChanged, CriteriaChanged, ShopContactChanged,
		ArticleCreated, ArticleUpdated, ArticleDeleted, EventRequeued,
		DataExported, QueueExported, CaseFileDownloaded,
		MacroCreated, MacroUpdated, MacroDeleted, ComplaintAssigned, ComplaintErased, SettlementErased, Pruned}
}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool { return slices.Contains(Actions(), a) }

// Kind is the kind of thing an action was about. Closed like Action.
type Kind string

// The subject kinds.
const (
	KindAccount    Kind = "account"    // ID: the account's ID
	KindLogin      Kind = "login"      // ID: LoginDigest of a login name that failed
	KindInvitation Kind = "invitation" // ID: the invitation's ID
	KindAPIKey     Kind = "apikey"     // ID: the key's ID, never the key
	KindShop       Kind = "shop"
	KindArticle    Kind = "article" // ID: the slug
	KindEvent      Kind = "event"   // ID: the outbox event's ID
	KindComplaint  Kind = "complaint"
	KindQueue      Kind = "queue" // ID: "" (the whole queue)
	KindMacro      Kind = "macro"
	KindCase       Kind = "case" // ID: the mediation case's ID
)

// Kinds lists every subject kind.
func Kinds() []Kind {
	return []Kind{KindAccount, KindLogin, KindInvitation, KindAPIKey, KindShop, KindArticle, KindEvent,
		KindComplaint, KindQueue, KindMacro, KindCase, KindLog}
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Subject is what an entry is about: a kind and the ID of the thing (never
// a name, an address or a secret).
type Subject struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id,omitempty"`
}

// Account is the subject of an account by its ID.
func Account(id string) Subject { return Subject{KindAccount, id} }

// Invitation is the subject of an invitation by its ID (never its token).
func Invitation(id string) Subject { return Subject{KindInvitation, id} }

// APIKey is the subject of a shop's API key by its ID (never the key).
func APIKey(id string) Subject { return Subject{KindAPIKey, id} }

// Shop is the subject of a shop by its ID.
func Shop(id string) Subject { return Subject{KindShop, id} }

// Article is the subject of a portal article by its slug.
func Article(slug string) Subject { return Subject{KindArticle, slug} }

// Event is the subject of an outbox event by its ID.
func Event(id string) Subject { return Subject{KindEvent, id} }

// Complaint is the subject of a complaint by its ID.
func Complaint(id string) Subject { return Subject{KindComplaint, id} }

// Case is the subject of a mediation case by its ID.
func Case(id string) Subject { return Subject{KindCase, id} }

// Macro is the subject of an operator's canned reply by its ID.
func Macro(id string) Subject { return Subject{KindMacro, id} }

// Queue is the subject of the whole complaint queue (its CSV export).
func Queue() Subject { return Subject{Kind: KindQueue} }

// Login is the subject of a failed login: the digest of the login name
// tried (LoginDigest), not the name itself, since people type their
// password into the login field by mistake.
func Login(tried string) Subject { return Subject{KindLogin, LoginDigest(tried)} }

// LoginDigest returns the first 16 hex digits of the SHA-256 of a login
// name as tried (trimmed, lower-cased): enough to see repeated failures
// against one login and to check a known login against the log, without
// keeping what was typed.
func LoginDigest(tried string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(tried))))
	return hex.EncodeToString(sum[:8])
}

// Actor is who acted: a role and the login of the account (for an API key
// "api-key:<id>", as account.Identity names it). An anonymous caller (a
// failed login, a reset link) has the zero Actor.
type Actor struct {
	Role  fairshops.Role `json:"role,omitempty"`
	Login string         `json:"login,omitempty"`
}

// Operator is the actor of the operator's staff member with the login.
func Operator(login string) Actor { return Actor{Role: fairshops.RoleOperator, Login: login} }

// ShopLogin is the actor of a shop's login (or its API key, "api-key:<id>").
func ShopLogin(login string) Actor { return Actor{Role: fairshops.RoleShop, Login: login} }

// Entry is one line of the audit log. Seq, Prev and Hash are set by the
// Log when it appends the entry (Entry.Chain).
type Entry struct {
	Seq     int       `json:"seq"` // 1, 2, 3, ... across the whole log
	At      time.Time `json:"at"`
	Actor   Actor     `json:"actor"`
	Action  Action    `json:"action"`
	Subject Subject   `json:"subject"`
	Detail  string    `json:"detail,omitempty"` // a short code (CheckDetail), never free text
	Prev    string    `json:"prev"`             // hex SHA-256 of the entry before ("" for the first)
	Hash    string    `json:"hash"`             // hex SHA-256 of this entry (Digest)
}

// domain separates the digests of the audit log from those of the
// per-record histories, which start with the record's ID.
const domain = "audit"

// Digest returns the hex SHA-256 of the entry's canonical encoding: one
// JSON array ["audit", seq, at, role, login, action, kind, id, detail,
// prev] with at in RFC 3339 with nanoseconds in UTC, no HTML escaping and
// no whitespace (internal/chain), so that any language can recompute it.
func (e Entry) Digest() string {
	return chain.Digest(domain, e.Seq, e.At.UTC().Format(time.RFC3339Nano), string(e.Actor.Role), e.Actor.Login,
		string(e.Action), string(e.Subject.Kind), e.Subject.ID, e.Detail, e.Prev)
}

// Chain numbers e as entry seq after an entry whose hash is prev and sets
// its Hash: the one step every Log does, inside its serialised append. It
// first cuts At to the microsecond in UTC, what every store keeps
// (PostgreSQL's timestamptz), so that the stored entry hashes the same.
func (e *Entry) Chain(seq int, prev string) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seq, e.Prev = seq, prev
	e.Hash = e.Digest()
}

// Limits of an entry's fields.
const (
	MaxDetail = 64  // bytes of a detail code
	MaxID     = 200 // bytes of a login or a subject ID
)

// Check reports every field of e that may not be recorded, at once: an
// action or kind outside the closed lists, a role that is not one, a time
// missing, a login or ID that is too long or holds control characters, a
// detail that is not a short code.
func (e Entry) Check() error {
	var p fairshops.Problems
	if !e.Action.Valid() {
		p.Add("action", fairshops.ReasonUnknownValue, string(e.Action), fairshops.OneOf(Actions()))
	}
	if !e.Subject.Kind.Valid() {
		p.Add("subject.kind", fairshops.ReasonUnknownValue, string(e.Subject.Kind), fairshops.OneOf(Kinds()))
	}
	if e.Actor.Role != "" && !e.Actor.Role.Valid() {
		p.Add("actor.role", fairshops.ReasonUnknownValue, string(e.Actor.Role), fairshops.OneOf(fairshops.Roles()))
	}
	if e.At.IsZero() {
		p.Add("at", fairshops.ReasonRequired)
	}
	checkText(&p, "actor.login", e.Actor.Login)
	checkText(&p, "subject.id", e.Subject.ID)
	if err := CheckDetail(e.Detail); err != nil {
		p.Add("detail", fairshops.ReasonInvalidFormat, "[a-z0-9_.:-]{0,64}")
	}
	return p.Err("audit.Entry.Check")
}

func checkText(p *fairshops.Problems, field, s string) {
	switch {
	case len(s) > MaxID:
		p.Add(field, fairshops.ReasonTooLong, MaxID)
	case !utf8.ValidString(s):
		p.Add(field, fairshops.ReasonInvalidUTF8)
	case strings.ContainsFunc(s, unicode.IsControl):
		p.Add(field, fairshops.ReasonControlChars)
	}
}

// CheckDetail reports whether s is a detail code: at most MaxDetail bytes
// of a-z, 0-9 and _ . : - (a module's name, a reason code, a count), so
// that no free text, and with it no personal data, reaches the log.
func CheckDetail(s string) error {
	if len(s) > MaxDetail {
		return fmt.Errorf("detail longer than %d bytes", MaxDetail)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:-", r)) {
			return fmt.Errorf("detail holds %q", r)
		}
	}
	return nil
}

// BrokenError says which entry of the log does not fit its chain: the
// first one Verify found. It is of kind Invalid (errors.Is(err,
// fairshops.ErrInvalid)).
type BrokenError struct {
	Seq int    `json:"seq"` // the position of the first entry that does not fit
	Why string `json:"why"` // e.g. "entry 7 was changed"
}

func (e *BrokenError) Error() string { return "audit log broken: " + e.Why }

// Unwrap makes errors.Is(err, fairshops.ErrInvalid) hold.
func (e *BrokenError) Unwrap() error { return fairshops.ErrInvalid }

// Broken returns the *BrokenError in err, if there is one.
func Broken(err error) (*BrokenError, bool) {
	var b *BrokenError
	ok := errors.As(err, &b)
	return b, ok
}

// Verifier checks the log one page at a time, in Seq order from the first
// entry: a log can be too long for one read. The zero value starts at
// entry 1.
type Verifier struct {
	seq  int
	prev string
}

// Next checks the next entries; the first that does not fit ends the walk
// with a *BrokenError.
func (v *Verifier) Next(entries []Entry) error {
	for _, e := range entries {
		why := chain.Next(v.seq+1, v.prev, chain.Link{Seq: e.Seq, Prev: e.Prev, Hash: e.Hash, Recomputed: e.Digest()})
		if why != "" {
			return &BrokenError{Seq: v.seq + 1, Why: why}
		}
		v.seq, v.prev = e.Seq, e.Hash
	}
	return nil
}

// VerifierAfter returns a Verifier that expects the entry after anchor
// next: the first entry left after a pruning (see Prune).
func VerifierAfter(anchor Head) *Verifier { return &Verifier{seq: anchor.Seq, prev: anchor.Hash} }

// Checked returns how many entries were checked so far and the hash of the
// last one.
func (v *Verifier) Checked() Head { return Head{Seq: v.seq, Hash: v.prev} }

// Head is the last entry of the log: its Seq (0 for an empty log) and Hash.
// Publishing it anchors the whole log up to it.
type Head struct {
	Seq  int    `json:"seq"`
	Hash string `json:"hash"`
}
