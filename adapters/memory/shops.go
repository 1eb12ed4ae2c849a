package memory

import (
	"context"
	"sort"

	"github.com/fairshops/konfliktservice/fairshops"
)

var _ fairshops.ShopStore = (*ShopStore)(nil)

// ShopStore is the fairshops.ShopStore of a DB: shops live in the DB, and
// their events go to the DB's outbox with the change.
type ShopStore struct{ db *DB }

// Shops returns the shop store of the DB.
func (db *DB) Shops() *ShopStore { return &ShopStore{db: db} }

// Create implements fairshops.ShopStore.
func (st *ShopStore) Create(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	db := st.db
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.shops[s.ID]; ok {
		return fairshops.E("memory.ShopStore.Create", fairshops.Conflict, s.ID, "shop exists", nil)
	}
	s.Version = 1
	db.shops[s.ID] = s.Clone()
	db.appendEvents(events)
	return nil
}

// Get implements fairshops.ShopStore.
func (st *ShopStore) Get(ctx context.Context, id string) (*fairshops.Shop, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	s, ok := db.shops[id]
	if !ok {
		return nil, fairshops.E("memory.ShopStore.Get", fairshops.NotFound, id, "", nil)
	}
	return s.Clone(), nil
}

// Update implements fairshops.ShopStore.
func (st *ShopStore) Update(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	db := st.db
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	cur, ok := db.shops[s.ID]
	if !ok {
		return fairshops.E("memory.ShopStore.Update", fairshops.NotFound, s.ID, "", nil)
	}
	if cur.Version != s.Version {
		return fairshops.E("memory.ShopStore.Update", fairshops.Conflict, s.ID, "stale version", nil)
	}
	next := s.Clone()
	next.Version++
	next.CreatedAt = cur.CreatedAt
	db.shops[s.ID] = next
	s.Version = next.Version
	db.appendEvents(events)
	return nil
}

// List implements fairshops.ShopStore.
func (st *ShopStore) List(ctx context.Context, f fairshops.ShopFilter) ([]*fairshops.Shop, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.shops[f.After]; f.After != "" && !ok {
		return nil, fairshops.UnknownCursor("memory.ShopStore.List", f.After)
	}
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
