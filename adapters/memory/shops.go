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

// Search implements fairshops.ShopStore: every shop through
// fairshops.MatchShop, best first.
func (st *ShopStore) Search(ctx context.Context, q fairshops.ShopQuery) ([]*fairshops.Shop, error) {
	t := st.db.shops
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var hits []fairshops.ShopHit
	for _, s := range t.rows {
		if rank, ok := fairshops.MatchShop(q.Q, s.ID, s.Name, s.Domain); ok {
			hits = append(hits, fairshops.ShopHit{ID: s.ID, Name: s.Name, Rank: rank})
		}
	}
	hits = fairshops.RankShops(hits, fairshops.PageLimit(q.Limit))
	out := make([]*fairshops.Shop, len(hits))
	for i, h := range hits {
		out[i] = t.clone(t.rows[h.ID])
	}
	return out, nil
}
