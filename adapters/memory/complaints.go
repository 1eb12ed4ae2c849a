package memory

import (
	"context"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func complaintFields(c *complaint.Complaint) (string, *int, *time.Time) {
	return c.ID, &c.Version, &c.CreatedAt
}

// Create implements complaint.Store.
func (s *ComplaintStore) Create(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	return s.db.complaints.create(ctx, c, events)
}

// Get implements complaint.Store.
func (s *ComplaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	return s.db.complaints.get(ctx, id)
}

// Update implements complaint.Store.
func (s *ComplaintStore) Update(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	return s.db.complaints.update(ctx, c, events)
}

// byCreation is the order of List: complaint.Less as a comparison.
func byCreation(a, b *complaint.Complaint) int {
	switch {
	case complaint.Less(a, b):
		return -1
	case complaint.Less(b, a):
		return 1
	}
	return 0
}

// List implements complaint.Store.
func (s *ComplaintStore) List(ctx context.Context, f complaint.Filter) ([]*complaint.Complaint, error) {
	return s.db.complaints.list(ctx, f.After, f.Match, byCreation, fairshops.PageLimit(f.Limit))
}

// Due implements complaint.Store.
func (s *ComplaintStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*complaint.Complaint, error) {
	due := func(c *complaint.Complaint) bool { return c.DueOn(on) }
	byDue := func(a, b *complaint.Complaint) int {
		if c := a.NextDue.Compare(b.NextDue); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	return s.db.complaints.list(ctx, "", due, byDue, fairshops.PageLimit(limit))
}

// uniqueReference refuses a new complaint whose reference a stored one has;
// the caller holds the lock.
func (db *DB) uniqueReference(c *complaint.Complaint) error {
	if c.Reference == "" {
		return nil
	}
	for _, other := range db.complaints.rows {
		if other.Reference == c.Reference {
			return fairshops.E("memory.ComplaintStore.Create", fairshops.Conflict, c.ID, "reference exists", nil)
		}
	}
	return nil
}

// ByEmail implements complaint.Store.
func (s *ComplaintStore) ByEmail(ctx context.Context, email string, limit int) ([]*complaint.Complaint, error) {
	want := complaint.NormalizeEmail(email)
	match := func(c *complaint.Complaint) bool {
		return want != "" && complaint.NormalizeEmail(c.Contact.Email) == want
	}
	return s.db.complaints.list(ctx, "", match, byCreation, fairshops.PageLimit(limit))
}

// ByReference implements complaint.Store.
func (s *ComplaintStore) ByReference(ctx context.Context, ref string) (*complaint.Complaint, error) {
	list, err := s.db.complaints.list(ctx, "", func(c *complaint.Complaint) bool { return ref != "" && c.Reference == ref },
		byCreation, 1)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fairshops.E("memory.ComplaintStore.ByReference", fairshops.NotFound, ref, "", nil)
	}
	return list[0], nil
}

// Create implements complaint.OverviewStore.
func (s *OverviewStore) Create(ctx context.Context, o complaint.Overview) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.db.overviews[o.Hash]; ok {
		return fairshops.E("memory.OverviewStore.Create", fairshops.Conflict, "", "overview exists", nil)
	}
	s.db.overviews[o.Hash] = o
	return nil
}

// ByHash implements complaint.OverviewStore.
func (s *OverviewStore) ByHash(ctx context.Context, hash string) (complaint.Overview, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return complaint.Overview{}, err
	}
	defer unlock()
	o, ok := s.db.overviews[hash]
	if !ok {
		return complaint.Overview{}, fairshops.E("memory.OverviewStore.ByHash", fairshops.NotFound, "", "", nil)
	}
	return o, nil
}

// DeleteExpired implements complaint.OverviewStore.
func (s *OverviewStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, o := range s.db.overviews {
		if !o.ExpiresAt.After(now) {
			delete(s.db.overviews, h)
			n++
		}
	}
	return n, nil
}
