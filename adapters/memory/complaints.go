package memory

import (
	"context"
	"slices"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

var _ complaint.Store = (*ComplaintStore)(nil)

// ComplaintStore is the complaint.Store of a DB: complaints live in the DB,
// and their events go to the DB's outbox with the change.
type ComplaintStore struct{ db *DB }

// Complaints returns the complaint store of the DB.
func (db *DB) Complaints() *ComplaintStore { return &ComplaintStore{db: db} }

// Create implements complaint.Store.
func (s *ComplaintStore) Create(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, ok := db.complaints[c.ID]; ok {
		return fairshops.E("memory.ComplaintStore.Create", fairshops.Conflict, c.ID, "complaint exists", nil)
	}
	next := c.Clone()
	next.Version = 1
	db.complaints[c.ID] = next
	c.Version = 1
	db.appendEvents(events)
	return nil
}

// Get implements complaint.Store.
func (s *ComplaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	c, ok := db.complaints[id]
	if !ok {
		return nil, fairshops.E("memory.ComplaintStore.Get", fairshops.NotFound, id, "", nil)
	}
	return c.Clone(), nil
}

// Update implements complaint.Store.
func (s *ComplaintStore) Update(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	const op = "memory.ComplaintStore.Update"
	if err := ctx.Err(); err != nil {
		return err
	}
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	cur, ok := db.complaints[c.ID]
	if !ok {
		return fairshops.E(op, fairshops.NotFound, c.ID, "", nil)
	}
	if cur.Version != c.Version {
		return fairshops.E(op, fairshops.Conflict, c.ID, "stale version", nil)
	}
	next := c.Clone()
	next.Version++
	next.CreatedAt = cur.CreatedAt
	db.complaints[c.ID] = next
	c.Version = next.Version
	db.appendEvents(events)
	return nil
}

// List implements complaint.Store.
func (s *ComplaintStore) List(ctx context.Context, f complaint.Filter) ([]*complaint.Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	var after *complaint.Complaint
	if f.After != "" {
		var ok bool
		if after, ok = db.complaints[f.After]; !ok {
			return nil, fairshops.UnknownCursor("memory.ComplaintStore.List", f.After)
		}
	}
	var match []*complaint.Complaint
	for _, c := range db.complaints {
		if f.Match(c) && (after == nil || complaint.Less(after, c)) {
			match = append(match, c)
		}
	}
	return page(match, complaint.Less, fairshops.PageLimit(f.Limit)), nil
}

// Due implements complaint.Store.
func (s *ComplaintStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*complaint.Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	var due []*complaint.Complaint
	for _, c := range db.complaints {
		if c.DueOn(on) {
			due = append(due, c)
		}
	}
	byDue := func(a, b *complaint.Complaint) bool {
		if c := a.NextDue.Compare(b.NextDue); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	}
	return page(due, byDue, fairshops.PageLimit(limit)), nil
}

// page sorts list by less and returns copies of its first limit entries.
func page(list []*complaint.Complaint, less func(a, b *complaint.Complaint) bool, limit int) []*complaint.Complaint {
	slices.SortFunc(list, func(a, b *complaint.Complaint) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
	if len(list) > limit {
		list = list[:limit]
	}
	out := make([]*complaint.Complaint, 0, len(list))
	for _, c := range list {
		out = append(out, c.Clone())
	}
	return out
}
