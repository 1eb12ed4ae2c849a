package memory

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

func shopFields(s *fairshops.Shop) (string, *int, *time.Time) { return s.ID, &s.Version, &s.CreatedAt }

// Create implements fairshops.ShopStore.
func (st *ShopStore) Create(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	return st.db.shops.create(ctx, s, events)
}

// Get implements fairshops.ShopStore.
func (st *ShopStore) Get(ctx context.Context, id string) (*fairshops.Shop, error) {
	return st.db.shops.get(ctx, id)
}

// Update implements fairshops.ShopStore.
func (st *ShopStore) Update(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	return st.db.shops.update(ctx, s, events)
}

// List implements fairshops.ShopStore.
func (st *ShopStore) List(ctx context.Context, f fairshops.ShopFilter) ([]*fairshops.Shop, error) {
	t := st.db.shops
	all := func(*fairshops.Shop) bool { return true }
	return t.list(ctx, f.After, all, t.byID, fairshops.PageLimit(f.Limit))
}
