package memory

import (
	"context"
	"slices"
	"sort"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

var _ mediation.Store = (*DB)(nil)

// CreateCase implements mediation.Store.
func (db *DB) CreateCase(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.cases[c.ID]; ok {
		return fairshops.E("memory.CreateCase", fairshops.Conflict, c.ID, "case exists", nil)
	}
	for _, o := range db.cases {
		if o.ComplaintID == c.ComplaintID && o.State != mediation.Declined && c.State != mediation.Declined {
			return fairshops.E("memory.CreateCase", fairshops.Conflict, c.ID, "the complaint has a case", nil)
		}
	}
	c.Version = 1
	db.cases[c.ID] = c.Clone()
	db.appendEvents(events)
	return nil
}

// Case implements mediation.Store.
func (db *DB) Case(ctx context.Context, id string) (*mediation.Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	c, ok := db.cases[id]
	if !ok {
		return nil, fairshops.E("memory.Case", fairshops.NotFound, id, "", nil)
	}
	return c.Clone(), nil
}

// UpdateCase implements mediation.Store.
func (db *DB) UpdateCase(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	cur, ok := db.cases[c.ID]
	if !ok {
		return fairshops.E("memory.UpdateCase", fairshops.NotFound, c.ID, "", nil)
	}
	if cur.Version != c.Version {
		return fairshops.E("memory.UpdateCase", fairshops.Conflict, c.ID, "stale version", nil)
	}
	next := c.Clone()
	next.Version++
	next.CreatedAt = cur.CreatedAt
	db.cases[c.ID] = next
	c.Version = next.Version
	db.appendEvents(events)
	return nil
}

// ListCases implements mediation.Store.
func (db *DB) ListCases(ctx context.Context, f mediation.Filter) ([]*mediation.Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
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

// DueCases implements mediation.Store.
func (db *DB) DueCases(ctx context.Context, on fairshops.Date, limit int) ([]*mediation.Case, error) {
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

// CasesByComplaint implements mediation.Store.
func (db *DB) CasesByComplaint(ctx context.Context, complaintID string) ([]*mediation.Case, error) {
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
