package memory

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func caseFields(c *mediation.Case) (string, *int, *time.Time) { return c.ID, &c.Version, &c.CreatedAt }

// oneCasePerComplaint refuses a case for a complaint that has one, unless
// either is declined; the caller holds db.mu.
func (db *DB) oneCasePerComplaint(c *mediation.Case) error {
	for _, o := range db.cases.rows {
		if o.ComplaintID == c.ComplaintID && o.State != mediation.Declined && c.State != mediation.Declined {
			return fairshops.E("memory.CaseStore.Create", fairshops.Conflict, c.ID, "the complaint has a case", nil)
		}
	}
	return nil
}

// Create implements mediation.Store.
func (st *CaseStore) Create(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	return st.db.cases.create(ctx, c, events)
}

// Get implements mediation.Store.
func (st *CaseStore) Get(ctx context.Context, id string) (*mediation.Case, error) {
	return st.db.cases.get(ctx, id)
}

// Update implements mediation.Store.
func (st *CaseStore) Update(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	return st.db.cases.update(ctx, c, events)
}

// Erase implements mediation.Store: Update, with the check that only
// tombstones differ in the history (mediation.CheckErasure).
func (st *CaseStore) Erase(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	return st.db.cases.updateChecked(ctx, ".Erase", c, events, mediation.CheckErasure)
}

// List implements mediation.Store.
func (st *CaseStore) List(ctx context.Context, f mediation.Filter) ([]*mediation.Case, error) {
	t := st.db.cases
	match := func(c *mediation.Case) bool {
		return (f.ShopID == "" || c.ShopID == f.ShopID) && (len(f.States) == 0 || slices.Contains(f.States, c.State)) &&
			(!f.Reopened || !c.ReopenedOn.IsZero())
	}
	return t.list(ctx, f.After, match, t.byID, fairshops.PageLimit(f.Limit))
}

// Due implements mediation.Store.
func (st *CaseStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*mediation.Case, error) {
	due := func(c *mediation.Case) bool {
		n := c.NextDue()
		return !n.IsZero() && !n.After(on)
	}
	byDue := func(a, b *mediation.Case) int {
		if k := a.NextDue().Compare(b.NextDue()); k != 0 {
			return k
		}
		return strings.Compare(a.ID, b.ID)
	}
	return st.db.cases.list(ctx, "", due, byDue, fairshops.PageLimit(limit))
}

// DueForSettlementErasure implements mediation.Store.
func (st *CaseStore) DueForSettlementErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*mediation.Case, error) {
	due := func(c *mediation.Case) bool { return c.DueForSettlementErasure(before) }
	return st.db.cases.list(ctx, after, due, mediation.SettlementErasureOrder, fairshops.PageLimit(limit))
}

// ByComplaint implements mediation.Store: every case of the complaint, the
// oldest first.
func (st *CaseStore) ByComplaint(ctx context.Context, complaintID string) ([]*mediation.Case, error) {
	of := func(c *mediation.Case) bool { return c.ComplaintID == complaintID }
	byCreation := func(a, b *mediation.Case) int {
		if k := a.CreatedAt.Compare(b.CreatedAt); k != 0 {
			return k
		}
		return strings.Compare(a.ID, b.ID)
	}
	return st.db.cases.list(ctx, "", of, byCreation, math.MaxInt)
}
