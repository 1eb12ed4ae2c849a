package memory

import (
	"context"
	"slices"
	"sort"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

var _ mediation.Store = (*CaseStore)(nil)

// CaseStore is the mediation.Store of a DB: cases live in the DB, and their
// events go to the DB's outbox with the change.
type CaseStore struct{ db *DB }

// Cases returns the case store of the DB.
func (db *DB) Cases() *CaseStore { return &CaseStore{db: db} }

// Create implements mediation.Store.
func (st *CaseStore) Create(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	db := st.db
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.cases[c.ID]; ok {
		return fairshops.E("memory.CaseStore.Create", fairshops.Conflict, c.ID, "case exists", nil)
	}
	for _, o := range db.cases {
		if o.ComplaintID == c.ComplaintID && o.State != mediation.Declined && c.State != mediation.Declined {
			return fairshops.E("memory.CaseStore.Create", fairshops.Conflict, c.ID, "the complaint has a case", nil)
		}
	}
	c.Version = 1
	db.cases[c.ID] = c.Clone()
	db.appendEvents(events)
	return nil
}

// Get implements mediation.Store.
func (st *CaseStore) Get(ctx context.Context, id string) (*mediation.Case, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	c, ok := db.cases[id]
	if !ok {
		return nil, fairshops.E("memory.CaseStore.Get", fairshops.NotFound, id, "", nil)
	}
	return c.Clone(), nil
}

// Update implements mediation.Store.
func (st *CaseStore) Update(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	db := st.db
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	cur, ok := db.cases[c.ID]
	if !ok {
		return fairshops.E("memory.CaseStore.Update", fairshops.NotFound, c.ID, "", nil)
	}
	if cur.Version != c.Version {
		return fairshops.E("memory.CaseStore.Update", fairshops.Conflict, c.ID, "stale version", nil)
	}
	next := c.Clone()
	next.Version++
	next.CreatedAt = cur.CreatedAt
	db.cases[c.ID] = next
	c.Version = next.Version
	db.appendEvents(events)
	return nil
}

// List implements mediation.Store.
func (st *CaseStore) List(ctx context.Context, f mediation.Filter) ([]*mediation.Case, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.cases[f.After]; f.After != "" && !ok {
		return nil, fairshops.UnknownCursor("memory.CaseStore.List", f.After)
	}
	var ids []string
	for id, c := range db.cases {
		if id > f.After && (f.ShopID == "" || c.ShopID == f.ShopID) &&
			(len(f.States) == 0 || slices.Contains(f.States, c.State)) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if limit := fairshops.PageLimit(f.Limit); len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]*mediation.Case, 0, len(ids))
	for _, id := range ids {
		out = append(out, db.cases[id].Clone())
	}
	return out, nil
}

// Due implements mediation.Store.
func (st *CaseStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*mediation.Case, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	type due struct {
		on fairshops.Date
		c  *mediation.Case
	}
	var ds []due
	for _, c := range db.cases {
		if n := c.NextDue(); !n.IsZero() && !n.After(on) {
			ds = append(ds, due{n, c})
		}
	}
	sort.Slice(ds, func(i, j int) bool {
		if k := ds[i].on.Compare(ds[j].on); k != 0 {
			return k < 0
		}
		return ds[i].c.ID < ds[j].c.ID
	})
	if l := fairshops.PageLimit(limit); len(ds) > l {
		ds = ds[:l]
	}
	out := make([]*mediation.Case, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.c.Clone())
	}
	return out, nil
}

// ByComplaint implements mediation.Store.
func (st *CaseStore) ByComplaint(ctx context.Context, complaintID string) ([]*mediation.Case, error) {
	db := st.db
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	var out []*mediation.Case
	for _, c := range db.cases {
		if c.ComplaintID == complaintID {
			out = append(out, c.Clone())
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
