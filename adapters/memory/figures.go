package memory

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/mediation"
)

var _ figures.Store = (*FigureStore)(nil)

// FigureStore is the figures.Store of a DB: it works the figures out of
// the DB's complaints and cases with figures.Compute, the definition the
// SQL adapter's queries must agree with.
type FigureStore struct{ db *DB }

// Figures returns the figure store of the DB.
func (db *DB) Figures() *FigureStore { return &FigureStore{db: db} }

// ordersKey is a shop's month.
type ordersKey struct {
	shop  string
	month fairshops.Date
}

// Figures implements figures.Store.
func (s *FigureStore) Figures(ctx context.Context, q figures.Query) ([]figures.Month, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	loc := fairshops.Berlin()
	var cs []figures.Complaint
	for _, c := range s.db.complaints.rows {
		if c.ShopID != q.ShopID {
			continue
		}
		m := complaint.MilestonesOf(c, loc)
		cs = append(cs, figures.Complaint{ShopID: c.ShopID, ForwardedOn: c.ForwardedOn, AnsweredOn: m.Answered,
			PausedDays: c.Clock.PausedDays, Displeasure: c.Displeasure(),
			Outcome: figures.Outcome(complaint.OutcomeOf(c.AnswerDue, m, c.DeadlineMissed, q.Today))})
	}
	var cases []figures.Case
	for _, c := range s.db.cases.rows {
		if c.ShopID != q.ShopID {
			continue
		}
		fc := figures.Case{ShopID: c.ShopID, RequestedOn: c.RequestedOn}
		for _, e := range c.History {
			switch {
			case e.Action == "opened":
				fc.Opened, fc.Decided = true, true
			case e.Action == "declined", e.Action == "expired" && e.Detail == "deadline="+string(mediation.DeadlineDecision):
				fc.Decided = true
			}
		}
		fc.Settled = c.State == mediation.Settled
		fc.Kept = settlementKept(c)
		cases = append(cases, fc)
	}
	orders := map[fairshops.Date]int{}
	for k, n := range s.db.orders {
		if k.shop == q.ShopID {
			orders[k.month] = n
		}
	}
	return figures.Compute(q, cs, cases, orders), nil
}

// settlementKept is what makes a case count as a settlement kept
// (figures.Store.SettlementsKept): settled, and no obligation of the
// settlement missed (mediation.Obligation.Missed), as in the SQL store.
func settlementKept(c *mediation.Case) bool {
	return c.State == mediation.Settled && c.MissedObligations() == 0
}

// SettlementsKept implements figures.Store.
func (s *FigureStore) SettlementsKept(ctx context.Context, q figures.Query) ([]figures.Settlements, error) {
	months, err := s.Figures(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]figures.Settlements, 0, len(months))
	for _, m := range months {
		if m.Settled > 0 {
			out = append(out, figures.Settlements{Month: m.Month, Settled: m.Settled, Kept: m.Kept})
		}
	}
	return out, nil
}

// SetOrders implements figures.Store.
func (s *FigureStore) SetOrders(ctx context.Context, shopID string, month fairshops.Date, orders int) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	s.db.orders[ordersKey{shopID, figures.MonthOf(month)}] = orders
	return nil
}
