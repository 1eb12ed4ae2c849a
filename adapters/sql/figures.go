package sqlstore

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// The service figures of a shop (figures.Store) in SQL: one GROUP BY per
// part (complaints, mediation requests, settlements, reported orders), over
// the derived columns of migration 00012 (forwarded_on, answered_on,
// ended_on, deadline_missed, displeasure) and the case history. The answer
// time's median and p90 are the discrete percentiles: PostgreSQL's
// percentile_disc, and on SQLite the row at position ceil(p·n) of each
// month's answer times (row_number over the month). Nothing here reads a
// booking. docs/adr-service-figures.md tells why.

var _ figures.Store = (*FigureStore)(nil)

// FigureStore is the figures.Store of a DB.
type FigureStore struct{ db *DB }

// Figures returns the figure store of the DB.
func (db *DB) Figures() *FigureStore { return &FigureStore{db: db} }

// answerDays is the dialect's expression for the calendar days from the
// forwarding to the first answer less the days the shop's answer clock was
// paused (paused_days, migration 00018: a pause ends at the latest with
// the answer, and none begins after it), never below 0; NULL when
// unanswered. figures.AnswerDays is its twin.
func (d *dialect) answerDays() string {
	if d.name == SQLite {
		return "max(CAST(julianday(answered_on) - julianday(forwarded_on) AS INTEGER) - paused_days, 0)"
	}
	// GREATEST ignores NULLs: the CASE keeps an unanswered complaint NULL.
	return "CASE WHEN answered_on IS NOT NULL THEN GREATEST((answered_on - forwarded_on) - paused_days, 0) END"
}

// complaintFigures is the complaint part of the figures: its arguments
// are today (the outcome), the shop, the first and the last day.
func (d *dialect) complaintFigures() string {
	notDispleasure := "NOT displeasure"
	if d.name == SQLite {
		notDispleasure = "displeasure = 0"
	}
	inner := `SELECT ` + d.month("forwarded_on") + ` AS m, ` + d.answerDays() + ` AS days, ` + d.outcomeSQL() + ` AS o
		FROM complaints WHERE shop_id = ? AND forwarded_on BETWEEN ? AND ? AND ` + notDispleasure
	outcomes := `sum(CASE WHEN o = 1 THEN 1 ELSE 0 END), sum(CASE WHEN o = 2 THEN 1 ELSE 0 END),
		sum(CASE WHEN o = 3 THEN 1 ELSE 0 END)`
	if d.name == SQLite {
		// ceil(p·n/100) in integers: (p·n + 99) / 100.
		return `WITH t AS (` + inner + `),
		r AS (SELECT m, days, row_number() OVER (PARTITION BY m ORDER BY days) AS k,
			count(*) OVER (PARTITION BY m) AS n FROM t WHERE days IS NOT NULL)
		SELECT t.m, count(*), count(t.days),
			coalesce((SELECT r.days FROM r WHERE r.m = t.m AND r.k = (r.n * 50 + 99) / 100), 0),
			coalesce((SELECT r.days FROM r WHERE r.m = t.m AND r.k = (r.n * 90 + 99) / 100), 0),
			` + outcomes + `
		FROM t GROUP BY t.m ORDER BY t.m`
	}
	// percentile_disc ignores NULLs (the unanswered complaints).
	return `SELECT m, count(*), count(days),
			coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY days), 0),
			coalesce(percentile_disc(0.9) WITHIN GROUP (ORDER BY days), 0),
			` + outcomes + `
		FROM (` + inner + `) t GROUP BY m ORDER BY m`
}

// caseHas is a condition: the case's history has an entry with the action
// (and the detail, when not "").
func caseHas(action, detail string) string {
	cond := `SELECT 1 FROM case_history h WHERE h.case_id = cases.id AND h.action = '` + action + `'`
	if detail != "" {
		cond += ` AND h.detail = '` + detail + `'`
	}
	return `EXISTS (` + cond + `)`
}

// requestFigures is the mediation part: per month of the request, the
// requests decided (opened, declined, or the decision deadline passed)
// and of those the ones opened. Arguments: the shop, the first and the
// last day.
func (d *dialect) requestFigures() string {
	opened := caseHas("opened", "")
	decided := opened + ` OR ` + caseHas("declined", "") + ` OR ` + caseHas("expired", "deadline=decision")
	return `SELECT m, sum(CASE WHEN dcd THEN 1 ELSE 0 END), sum(CASE WHEN dcd AND opn THEN 1 ELSE 0 END) FROM (
		SELECT ` + d.month("requested_on") + ` AS m, (` + decided + `) AS dcd, (` + opened + `) AS opn
		FROM cases WHERE shop_id = ? AND requested_on BETWEEN ? AND ?) t GROUP BY m ORDER BY m`
}

// settlementKept is the condition that makes a settled case count as a
// settlement kept (figures.Store.SettlementsKept): no obligation of its
// settlement was missed (mediation.Obligation.Missed; the case store keeps
// the count in missed_obligations, migration 00021). A miss counts even
// when the money arrived later.
const settlementKept = `missed_obligations = 0`

// SettlementsKept implements figures.Store: per month of the request, the
// cases that ended settled and of those the ones kept.
func (s *FigureStore) SettlementsKept(ctx context.Context, q figures.Query) ([]figures.Settlements, error) {
	const op = "sqlstore.FigureStore.SettlementsKept"
	d := s.db.d
	out := []figures.Settlements{}
	err := s.each(ctx, `SELECT `+d.month("requested_on")+` AS m, count(*),
			sum(CASE WHEN `+settlementKept+` THEN 1 ELSE 0 END)
		FROM cases WHERE shop_id = ? AND requested_on BETWEEN ? AND ? AND state = 'settled'
		GROUP BY m ORDER BY m`, []any{q.ShopID, dateArg(figures.MonthOf(q.From)), dateArg(q.End())},
		func(r interface{ Scan(...any) error }) error {
			var st figures.Settlements
			err := r.Scan(dateCol{&st.Month}, &st.Settled, &st.Kept)
			out = append(out, st)
			return err
		})
	if err != nil {
		return nil, wrap(op, q.ShopID, err)
	}
	return out, nil
}

// each runs a query and scans every row.
func (s *FigureStore) each(ctx context.Context, query string, args []any, scan func(r interface{ Scan(...any) error }) error) error {
	rows, err := s.db.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Figures implements figures.Store: four queries, placed in the months.
func (s *FigureStore) Figures(ctx context.Context, q figures.Query) ([]figures.Month, error) {
	const op = "sqlstore.FigureStore.Figures"
	d := s.db.d
	months := q.Months()
	out := make([]figures.Month, len(months))
	idx := map[fairshops.Date]int{}
	for i, m := range months {
		out[i].Month = m
		idx[m] = i
	}
	at := func(m fairshops.Date) *figures.Month {
		if i, ok := idx[m]; ok {
			return &out[i]
		}
		return &figures.Month{} // outside the months: dropped
	}
	from, end := dateArg(figures.MonthOf(q.From)), dateArg(q.End())
	err := s.each(ctx, d.complaintFigures(), []any{dateArg(q.Today), q.ShopID, from, end},
		func(r interface{ Scan(...any) error }) error {
			var m fairshops.Date
			var x figures.Month
			if err := r.Scan(dateCol{&m}, &x.Complaints, &x.Answered, &x.MedianDays, &x.P90Days,
				&x.OnTime, &x.Late, &x.Missed); err != nil {
				return err
			}
			p := at(m)
			x.Month = p.Month
			*p = x
			return nil
		})
	if err != nil {
		return nil, wrap(op, q.ShopID, err)
	}
	err = s.each(ctx, d.requestFigures(), []any{q.ShopID, from, end}, func(r interface{ Scan(...any) error }) error {
		var m fairshops.Date
		var decided, opened int
		if err := r.Scan(dateCol{&m}, &decided, &opened); err != nil {
			return err
		}
		p := at(m)
		p.Requests, p.Accepted = decided, opened
		return nil
	})
	if err != nil {
		return nil, wrap(op, q.ShopID, err)
	}
	settled, err := s.SettlementsKept(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, st := range settled {
		p := at(st.Month)
		p.Settled, p.Kept = st.Settled, st.Kept
	}
	err = s.each(ctx, `SELECT month, orders FROM shop_order_counts WHERE shop_id = ? AND month BETWEEN ? AND ?`,
		[]any{q.ShopID, from, end}, func(r interface{ Scan(...any) error }) error {
			var m fairshops.Date
			var n int
			if err := r.Scan(dateCol{&m}, &n); err != nil {
				return err
			}
			p := at(m)
			p.Orders, p.OrdersReported = n, true
			return nil
		})
	if err != nil {
		return nil, wrap(op, q.ShopID, err)
	}
	return out, nil
}

// SetOrders implements figures.Store: insert, or replace the month's
// count.
func (s *FigureStore) SetOrders(ctx context.Context, shopID string, month fairshops.Date, orders int) error {
	const op = "sqlstore.FigureStore.SetOrders"
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO shop_order_counts (shop_id, month, orders) VALUES (?, ?, ?)
			ON CONFLICT (shop_id, month) DO UPDATE SET orders = excluded.orders`,
			shopID, dateArg(figures.MonthOf(month)), orders)
		return err
	})
	return wrap(op, shopID, err)
}

// outcomeSQL is complaint.OutcomeOf in SQL (0 none, 1 on time, 2 late,
// 3 missed); its one argument is the day "today".
func (d *dialect) outcomeSQL() string {
	missed := "deadline_missed"
	if d.name == SQLite {
		missed = "deadline_missed <> 0"
	}
	return `CASE
		WHEN answer_due IS NULL THEN 0
		WHEN answered_on IS NOT NULL THEN CASE WHEN answered_on > answer_due THEN 2 ELSE 1 END
		WHEN ` + missed + ` THEN 3
		WHEN ended_on IS NOT NULL THEN CASE WHEN ended_on > answer_due THEN 3 ELSE 0 END
		WHEN answer_due < ? THEN 3
		ELSE 0 END`
}
