package memory

import (
	"context"
	"sort"

	"github.com/fairshops/konfliktservice/fairshops"
)

var _ fairshops.ShopStore = (*DB)(nil)

// CreateShop implements fairshops.ShopStore.
func (db *DB) CreateShop(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.shops[s.ID]; ok {
		return fairshops.E("memory.CreateShop", fairshops.Conflict, s.ID, "shop exists", nil)
	}
	s.Version = 1
	db.shops[s.ID] = s.Clone()
	db.appendEvents(events)
	return nil
}

// Shop implements fairshops.ShopStore.
func (db *DB) Shop(ctx context.Context, id string) (*fairshops.Shop, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	s, ok := db.shops[id]
	if !ok {
		return nil, fairshops.E("memory.Shop", fairshops.NotFound, id, "", nil)
	}
	return s.Clone(), nil
}

// UpdateShop implements fairshops.ShopStore.
func (db *DB) UpdateShop(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	cur, ok := db.shops[s.ID]
	if !ok {
		return fairshops.E("memory.UpdateShop", fairshops.NotFound, s.ID, "", nil)
	}
	if cur.Version != s.Version {
		return fairshops.E("memory.UpdateShop", fairshops.Conflict, s.ID, "stale version", nil)
	}
	next := s.Clone()
	next.Version++
	next.CreatedAt = cur.CreatedAt
	db.shops[s.ID] = next
	s.Version = next.Version
	db.appendEvents(events)
	return nil
}

// ListShops implements fairshops.ShopStore.
func (db *DB) ListShops(ctx context.Context, f fairshops.ShopFilter) ([]*fairshops.Shop, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	ids := make([]string, 0, len(db.shops))
	for id := range db.shops {
		if id > f.After {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	limit := fairshops.PageLimit(f.Limit)
	if len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]*fairshops.Shop, 0, len(ids))
	for _, id := range ids {
		out = append(out, db.shops[id].Clone())
	}
	return out, nil
}
