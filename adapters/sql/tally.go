package sqlstore

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The dashboard's figures read from the tallies of migration 00017:
// counters per state, per filing day and category, per due day and
// deadline outcome, per shop, and per shop and due day of the open
// deadlines, which triggers on complaints keep in the same transaction as
// every write. Stats therefore reads a few thousand counter rows whatever
// the number of complaints (docs/adr-complaint-tallies.md). The one part
// that depends on the day asked for, an open deadline becoming missed
// once today is past it, is worked out here from the open deadlines' due
// days (outcome 4).

// tallyOutcome is the outcome of a tally row as of the day bound to its one
// argument (complaint.OutcomeOf).
const tallyOutcome = `CASE WHEN outcome = 4 THEN CASE WHEN due_on < ? THEN 3 ELSE 0 END ELSE outcome END`

// Stats implements complaint.Store from the tallies.
func (s *ComplaintStore) Stats(ctx context.Context, q complaint.StatsQuery) (complaint.Stats, error) {
	const op = "sqlstore.ComplaintStore.Stats"
	d := s.db.d
	var st complaint.Stats
	each := func(query string, args []any, scan func(rows interface{ Scan(...any) error }) error) error {
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
	counts := map[complaint.State]int{}
	err := each(`SELECT state, CAST(sum(n) AS bigint) FROM complaint_tally_states GROUP BY state`, nil,
		func(r interface{ Scan(...any) error }) error {
			var state string
			var n int
			err := r.Scan(&state, &n)
			counts[complaint.State(state)] = n
			return err
		})
	if err != nil {
		return st, wrap(op, "", err)
	}
	for _, state := range complaint.States() {
		if n := counts[state]; n > 0 {
			st.States = append(st.States, complaint.StateCount{State: state, Count: n})
		}
	}
	from, to, today := dateArg(q.From), dateArg(q.To), dateArg(q.Today)
	err = each(`SELECT `+d.month("filed_on")+` AS m, category, CAST(sum(n) AS bigint) AS c FROM complaint_tally_filed
		WHERE filed_on BETWEEN ? AND ? GROUP BY m, category HAVING sum(n) <> 0 ORDER BY m, category`,
		[]any{from, to}, func(r interface{ Scan(...any) error }) error {
			var mc complaint.MonthCount
			var cat string
			err := r.Scan(dateCol{&mc.Month}, &cat, &mc.Count)
			mc.Category = precheck.Category(cat)
			st.Filed = append(st.Filed, mc)
			return err
		})
	if err != nil {
		return st, wrap(op, "", err)
	}
	err = each(`SELECT m, o, CAST(sum(n) AS bigint) FROM (SELECT `+d.month("due_on")+` AS m, `+tallyOutcome+` AS o, n
		FROM complaint_tally_due WHERE due_on BETWEEN ? AND ?) t WHERE o > 0 GROUP BY m, o HAVING sum(n) <> 0
		ORDER BY m, o`,
		[]any{today, from, to}, func(r interface{ Scan(...any) error }) error {
			var m fairshops.Date
			var o complaint.Outcome
			var n int
			if err := r.Scan(dateCol{&m}, &o, &n); err != nil {
				return err
			}
			if len(st.Compliance) == 0 || !st.Compliance[len(st.Compliance)-1].Month.Equal(m) {
				st.Compliance = append(st.Compliance, complaint.MonthCompliance{Month: m})
			}
			mc := &st.Compliance[len(st.Compliance)-1]
			switch o {
			case complaint.OutcomeOnTime:
				mc.OnTime = n
			case complaint.OutcomeLate:
				mc.Late = n
			case complaint.OutcomeMissed:
				mc.Missed = n
			}
			return nil
		})
	if err != nil {
		return st, wrap(op, "", err)
	}
	// Paused clocks are rare: the partial index of migration 00021 holds
	// only complaints that were ever paused.
	err = each(`SELECT `+d.month("answer_due")+` AS m, count(*), sum(paused_days) FROM complaints
		WHERE answer_due BETWEEN ? AND ? AND pauses > 0 GROUP BY m ORDER BY m`, []any{from, to},
		func(r interface{ Scan(...any) error }) error {
			var mp complaint.MonthPaused
			err := r.Scan(dateCol{&mp.Month}, &mp.Complaints, &mp.Days)
			st.Paused = append(st.Paused, mp)
			return err
		})
	if err != nil {
		return st, wrap(op, "", err)
	}
	if q.Shops <= 0 {
		return st, nil
	}
	// The top shops by their tallies first (one row per shop and slot),
	// then the open deadlines of just those shops that today has passed.
	top := `SELECT shop_id, CAST(sum(total) AS bigint) AS total, CAST(sum(open) AS bigint) AS open,
		CAST(sum(missed) AS bigint) AS missed
		FROM complaint_tally_shops GROUP BY shop_id HAVING sum(total) <> 0 ORDER BY total DESC, shop_id LIMIT ?`
	if d.name == SQLite {
		// One writer, one slot: a shop is one row, and the index on
		// (total DESC, shop_id) hands out the top shops without a sort.
		top = `SELECT shop_id, total, open, missed FROM complaint_tally_shops
			WHERE total <> 0 ORDER BY total DESC, shop_id LIMIT ?`
	}
	err = each(`SELECT t.shop_id, t.total, t.open, t.missed + coalesce((SELECT CAST(sum(n) AS bigint) FROM complaint_tally_shop_due u
			WHERE u.shop_id = t.shop_id AND u.due_on < ?), 0)
		FROM (`+top+`) t ORDER BY t.total DESC, t.shop_id`,
		[]any{today, min(q.Shops, fairshops.MaxLimit)}, func(r interface{ Scan(...any) error }) error {
			var sc complaint.ShopCount
			err := r.Scan(&sc.ShopID, &sc.Total, &sc.Open, &sc.Missed)
			st.Shops = append(st.Shops, sc)
			return err
		})
	if err != nil {
		return st, wrap(op, "", err)
	}
	return st, nil
}
