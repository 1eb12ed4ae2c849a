package mediation

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Store keeps cases. Implementations live in adapters/ (memory, sql) and
// must pass the conformance suite in mediation/storetest.
//
// Versions: Create stores version 1 and sets it on the argument; Update
// succeeds only when the case's Version equals the stored one, stores
// Version+1 and sets it on the argument; otherwise it returns a Conflict
// error and changes nothing. Events are written in the same unit of work as
// the change (the outbox), and only when the change is written.
//
// One complaint has at most one case that is not declined: Create returns
// Conflict for a second one (in SQL, a unique index on the complaint ID
// over the rows whose state is not declined). A case never leaves the
// declined state, so Update cannot break the rule.
type Store interface {
	// Create stores a new case; Conflict when the ID exists or the
	// complaint has a case that is not declined.
	Create(ctx context.Context, c *Case, events []fairshops.Event) error
	// Get returns the case with the ID; NotFound when there is none.
	Get(ctx context.Context, id string) (*Case, error)
	// Update replaces a case (optimistic version check, see above).
	Update(ctx context.Context, c *Case, events []fairshops.Event) error
	// Erase replaces a case whose settlement the Service erased
	// (Service.ProcessRetention), with the version check of Update. Unlike
	// Update it rewrites stored history entries in place: the one exception
	// to their append-only rule, allowed only where CheckErasure finds no
	// change but tombstones (else Invalid, nothing written).
	Erase(ctx context.Context, c *Case, events []fairshops.Event) error
	// List returns cases ordered by ID, filtered and paged by f.
	List(ctx context.Context, f Filter) ([]*Case, error)
	// Due returns up to limit cases (fairshops.PageLimit) whose NextDue is
	// on or before the date, ordered by NextDue, then ID.
	Due(ctx context.Context, on fairshops.Date, limit int) ([]*Case, error)
	// DueForSettlementErasure returns the settled cases whose settlement's
	// period may have ended (the work list of Service.ProcessRetention):
	// settled on a day (SettledOn, Europe/Berlin) before the day before,
	// settlement not erased yet (SettlementErased); ordered by that day,
	// then ID (SettlementErasureOrder); one page after the cursor after,
	// the ID of the last case seen ("" for the first page; one that names
	// no stored case is Invalid: fairshops.UnknownCursor), at most limit
	// (fairshops.PageLimit).
	DueForSettlementErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*Case, error)
	// ByComplaint returns every case of a complaint, ordered by CreatedAt,
	// then ID; none is no error. It is not paged: a complaint has at most
	// one open case and a handful of declined ones.
	ByComplaint(ctx context.Context, complaintID string) ([]*Case, error)
}

// Filter selects and pages cases: those of ShopID (all shops when empty) in
// one of States (any state when empty), only reopened ones with Reopened,
// with an ID after After, at most
// Limit of them; the paging rule of every List (fairshops.PageLimit), so an
// After that names no stored case is an error of kind Invalid.
type Filter struct {
	ShopID string
	States []State
	After  string // cursor: the ID of the last case seen
	Limit  int
	// Reopened keeps only cases a missed obligation reopened for the
	// operator (Case.ReopenedOn set).
	Reopened bool
}
