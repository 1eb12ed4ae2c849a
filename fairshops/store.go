package fairshops

import "context"

// ShopStore keeps shops. Implementations live in adapters/ (memory, sql) and
// must pass the conformance suite in fairshops/storetest. Every store port of
// the module has the same shape (docs/adr-ports.md): Create, Get, Update,
// List (and Delete where it exists) plus a few named queries.
//
// Versions: Create stores version 1; Update succeeds only when the shop's
// Version equals the stored one, stores Version+1 and sets it on the
// argument; otherwise it returns a Conflict error and changes nothing. Events
// are written in the same unit of work as the change (the outbox).
type ShopStore interface {
	// Create stores a new shop; Conflict when the ID exists.
	Create(ctx context.Context, s *Shop, events []Event) error
	// Get returns the shop with the ID; NotFound when there is none.
	Get(ctx context.Context, id string) (*Shop, error)
	// Update replaces a shop (optimistic version check, see above).
	Update(ctx context.Context, s *Shop, events []Event) error
	// List returns one page of shops ordered by ID (see ShopFilter).
	List(ctx context.Context, f ShopFilter) ([]*Shop, error)
	// Search returns the shops that match a checked query (ShopQuery.Check)
	// by name, domain or ID, best first: the matches and their order are
	// MatchShop's and RankShops', at most q.Limit of them.
	Search(ctx context.Context, q ShopQuery) ([]*Shop, error)
}

// ShopFilter pages a list of shops by the paging rule of every List: After
// and Limit as described at PageLimit.
type ShopFilter struct {
	After string // cursor: the ID of the last shop seen
	Limit int
}

// Paging limits shared by every list of the module.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// PageLimit returns the effective page size for a requested limit.
//
// The paging rule of every store's List in this module: a list is ordered
// (by its time-ordered IDs where the aggregate has them, else by its key,
// e.g. an article's slug); the filter's After is the key of the last item of
// the previous page (empty for the first page) and the page holds the items
// that come after it; Limit is the page size, DefaultLimit when zero or
// below, never more than MaxLimit. There is no "all": a caller that needs
// every item walks the pages until one comes back shorter than its limit. An
// After that names no stored item is an error of kind Invalid in every store
// (the cursor is a position only while its item exists, and a silent restart
// would hide the mistake).
func PageLimit(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}

// UnknownCursor returns the error every store answers for a List whose
// After names no stored item, so that the rule reads the same everywhere.
func UnknownCursor(op, after string) error {
	return E(op, Invalid, after, "unknown cursor", nil)
}
