package fairshops

import "context"

// ShopStore keeps shops. Implementations live in adapters/ (memory, sql) and
// must pass the conformance suite in fairshops/storetest.
//
// Versions: CreateShop stores version 1; UpdateShop succeeds only when the
// shop's Version equals the stored one, stores Version+1 and sets it on the
// argument; otherwise it returns a Conflict error and changes nothing. Events
// are written in the same unit of work as the change (the outbox).
type ShopStore interface {
	// CreateShop stores a new shop; Conflict when the ID exists.
	CreateShop(ctx context.Context, s *Shop, events []Event) error
	// Shop returns the shop with the ID; NotFound when there is none.
	Shop(ctx context.Context, id string) (*Shop, error)
	// UpdateShop replaces a shop (optimistic version check, see above).
	UpdateShop(ctx context.Context, s *Shop, events []Event) error
	// ListShops returns shops ordered by ID, paged by the filter.
	ListShops(ctx context.Context, f ShopFilter) ([]*Shop, error)
}

// ShopFilter pages a list of shops: shops with an ID after After, at most
// Limit of them (DefaultLimit when zero, never more than MaxLimit).
type ShopFilter struct {
	After string
	Limit int
}

// Paging limits shared by every list of the module.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// PageLimit returns the effective page size for a requested limit.
func PageLimit(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}
