package sqlstore

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// recountStats is the dashboard counted from the rows themselves (four
// GROUP BY queries over complaints, as Stats did before the tallies of
// migration 00017): the reference the tallies are checked against.
func (s *ComplaintStore) recountStats(ctx context.Context, q complaint.StatsQuery) (complaint.Stats, error) {
	const op = "sqlstore.ComplaintStore.recountStats"
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
	err := each(`SELECT state, count(*) FROM complaints GROUP BY state`, nil, func(r interface{ Scan(...any) error }) error {
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
	err = each(`SELECT `+d.month("filed_on")+` AS m, category, count(*) FROM complaints
		WHERE filed_on BETWEEN ? AND ? GROUP BY m, category ORDER BY m, category`, []any{from, to},
		func(r interface{ Scan(...any) error }) error {
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
	err = each(`SELECT m, o, count(*) FROM (SELECT `+d.month("answer_due")+` AS m, `+d.outcomeSQL()+` AS o
		FROM complaints WHERE answer_due BETWEEN ? AND ?) t WHERE o > 0 GROUP BY m, o ORDER BY m, o`,
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
	var open []any
	for _, state := range complaint.States() {
		if !state.Final() {
			open = append(open, string(state))
		}
	}
	args := append(open, today, min(q.Shops, fairshops.MaxLimit))
	err = each(`SELECT shop_id, count(*) AS n,
			sum(CASE WHEN state `+in(len(open))+` THEN 1 ELSE 0 END),
			sum(CASE WHEN `+d.outcomeSQL()+` = 3 THEN 1 ELSE 0 END)
		FROM complaints GROUP BY shop_id ORDER BY n DESC, shop_id LIMIT ?`, args,
		func(r interface{ Scan(...any) error }) error {
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
