package complaint

import (
	"context"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Store keeps complaints. It is the port the Service uses; adapters implement
// it (adapters/memory, adapters/sql), and complaint/storetest is the
// conformance suite every implementation must pass. A Store never validates
// or interprets a complaint: that is the Service's job.
//
// Versions: Create stores version 1 and sets it on its argument; Update
// succeeds only when the complaint's Version equals the stored one, stores
// Version+1 and sets it on its argument; otherwise it returns an error of
// kind fairshops.Conflict and writes nothing. Events are written to the
// outbox in the same unit of work as the change, and only with a change
// that succeeds. Values are copied in and out: a caller never shares memory
// with the store.
type Store interface {
	// Create stores a new complaint; Conflict when the ID or the Reference
	// exists.
	Create(ctx context.Context, c *Complaint, events []fairshops.Event) error
	// Get returns the complaint with the ID; NotFound when there is none.
	Get(ctx context.Context, id string) (*Complaint, error)
	// Update replaces a complaint (optimistic version check, see above);
	// NotFound when there is none. CreatedAt keeps its stored value.
	Update(ctx context.Context, c *Complaint, events []fairshops.Event) error
	// Erase replaces a complaint whose personal data the Service erased
	// (Service.Erase), with the version check of Update. Unlike Update it
	// rewrites stored messages and history entries in place: the one
	// exception to their append-only rule, allowed only where CheckErasure
	// finds no change but tombstones (else Invalid, nothing written). It
	// also clears what the store derived from the erased data (search
	// text, excerpt and their index).
	Erase(ctx context.Context, c *Complaint, events []fairshops.Event) error
	// List returns the complaints that match the filter (Filter.Match),
	// ordered by CreatedAt, then ID, one page after the cursor f.After.
	List(ctx context.Context, f Filter) ([]*Complaint, error)
	// Due returns complaints whose NextDue is set and not after on, ordered
	// by NextDue, then ID; at most limit (fairshops.PageLimit) of them.
	Due(ctx context.Context, on fairshops.Date, limit int) ([]*Complaint, error)
	// Reviews returns the complaints with a pending review of their
	// pre-check (ReviewPending), ordered by the review's deadline, then ID
	// (ReviewLess); at most limit (fairshops.PageLimit) of them. Like Due
	// it is a work queue without a cursor: an answered review leaves it.
	Reviews(ctx context.Context, limit int) ([]*Complaint, error)
	// DueForErasure returns the complaints whose retention may have ended
	// (the retention's work list, Service.ProcessRetention): final, ended
	// (Milestones.Ended, Europe/Berlin) on a day before the day before, and
	// not erased (ErasedAt); ordered by that day, then ID (ErasureOrder);
	// one page after the cursor after, the ID of the last complaint seen
	// ("" for the first page; one that names no stored complaint is
	// Invalid: fairshops.UnknownCursor), at most limit
	// (fairshops.PageLimit). Complaints erased since the last page leave
	// the list; the cursor still places the next page.
	DueForErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*Complaint, error)
	// ByEmail returns the complaints whose contact address is email once
	// both are normalised (NormalizeEmail), ordered by CreatedAt, then ID;
	// at most limit (fairshops.PageLimit) of them.
	ByEmail(ctx context.Context, email string, limit int) ([]*Complaint, error)
	// ByReference returns the complaint with the reference (canonical form,
	// see ParseReference); NotFound when there is none.
	ByReference(ctx context.Context, ref string) (*Complaint, error)
	// Search returns the summaries of the complaints that match the query
	// (Query: its words and filters), ordered by CreatedAt, then ID, one
	// page after the cursor q.After.
	Search(ctx context.Context, q Query) ([]Summary, error)
	// Stats counts complaints for the dashboard (StatsQuery, Stats) in
	// the store, without reading them.
	Stats(ctx context.Context, q StatsQuery) (Stats, error)
}

// NormalizeEmail is the form of an e-mail address that Store.ByEmail
// compares: without surrounding blanks, in lower case. Lower-casing the
// local part is not what RFC 5321 promises, but it is what people and mail
// providers do; two addresses that differ only in case belong to one person.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Filter selects complaints for Store.List. Empty fields match all.
//
// Paging: complaints are ordered by CreatedAt, then ID (oldest first); After
// is the ID of the last complaint of the previous page, and the next page
// holds the complaints that come after it in that order. An After that names
// no stored complaint is an error of kind Invalid (fairshops.UnknownCursor).
// Limit is the page size (fairshops.PageLimit: 50 when zero, at most 500).
type Filter struct {
	ShopID    string  // only complaints about this shop
	States    []State // only complaints in one of these states
	Forwarded bool    // only complaints forwarded to the shop (ForwardedOn set)
	After     string  // cursor: the ID of the last complaint seen
	Limit     int
}

// Match reports whether c passes the filter's ShopID, States and Forwarded,
// so that store implementations agree on their meaning.
func (f Filter) Match(c *Complaint) bool {
	return (f.ShopID == "" || c.ShopID == f.ShopID) &&
		(len(f.States) == 0 || slices.Contains(f.States, c.State)) &&
		(!f.Forwarded || !c.ForwardedOn.IsZero())
}

// Less reports whether a comes before b in the order of Store.List
// (CreatedAt, then ID).
func Less(a, b *Complaint) bool {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c < 0
	}
	return a.ID < b.ID
}

// DueForErasure reports whether Store.DueForErasure selects c for the day
// before: c is final, ended before before (in Europe/Berlin) and not erased.
func (c *Complaint) DueForErasure(before fairshops.Date) bool {
	if c.Open() {
		return false
	}
	if _, erased := c.ErasedAt(); erased {
		return false
	}
	ended := MilestonesOf(c, fairshops.Berlin()).Ended
	return !ended.IsZero() && ended.Before(before)
}

// ErasureOrder compares a and b in the order of Store.DueForErasure: the
// day each ended (Europe/Berlin), then ID.
func ErasureOrder(a, b *Complaint) int {
	loc := fairshops.Berlin()
	if c := MilestonesOf(a, loc).Ended.Compare(MilestonesOf(b, loc).Ended); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// DueOn reports whether c is due on the day on, as Store.Due selects.
func (c *Complaint) DueOn(on fairshops.Date) bool {
	return !c.NextDue.IsZero() && !c.NextDue.After(on)
}
