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
