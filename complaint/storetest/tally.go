package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// testStatsFollowWrites: after a seeded random sequence of creates and
// updates (state changes, answers, endings, missed marks, moved deadlines,
// other categories, assignments) Stats equals a recount of the complaints
// as written, for several ranges and days "today". Stores that keep
// counters beside the rows (adapters/sql: the tallies of migration 00017)
// must keep them exact through every change.
func testStatsFollowWrites(t *testing.T, h Harness) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(17, 4))
	loc := fairshops.Berlin()
	day0 := fairshops.MustDate("2026-01-05")
	at := func(d fairshops.Date) time.Time { return d.In(loc).Add(time.Duration(8+r.IntN(14)) * time.Hour) }
	entry := func(d fairshops.Date, action string) fairshops.Entry {
		return fairshops.Entry{At: at(d), Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: action}
	}
	shops := []string{"shop-a", "shop-b", "shop-c", "shop-d"}
	cats := precheck.Categories()
	states := complaint.States()
	written := map[string]*complaint.Complaint{}
	var ids []string
	for i := range 200 {
		if len(ids) == 0 || r.IntN(5) < 2 {
			id := fmt.Sprintf("c_tally%03d", i)
			filed := day0.AddDays(r.IntN(120))
			c := SampleComplaint(id, shops[r.IntN(len(shops))])
			c.CreatedAt, c.UpdatedAt = at(filed), at(filed)
			c.Facts.Category = cats[r.IntN(len(cats))]
			c.State = states[r.IntN(len(states))]
			c.AnswerDue, c.DeadlineMissed = fairshops.Date{}, false
			if r.IntN(4) > 0 {
				c.AnswerDue = filed.AddDays(7)
			}
			withHistory(c, entry(filed, "submitted"))
			require.NoError(t, h.Store.Create(ctx, c, nil))
			written[id] = c.Clone()
			ids = append(ids, id)
			continue
		}
		c, err := h.Store.Get(ctx, ids[r.IntN(len(ids))])
		require.NoError(t, err)
		filed := fairshops.DateOf(c.CreatedAt, loc)
		switch r.IntN(7) {
		case 0: // a move of state, with its entry
			c.State = states[r.IntN(len(states))]
			c.History.Append(c.ID, fairshops.PlainEntries, entry(filed.AddDays(r.IntN(20)), string(c.State)))
		case 1: // the shop answers, on time or late
			c.State = complaint.Answered
			c.History.Append(c.ID, fairshops.PlainEntries, entry(filed.AddDays(1+r.IntN(12)), "answered"))
		case 2: // an end
			c.State = []complaint.State{complaint.Resolved, complaint.Withdrawn, complaint.Closed, complaint.Escalated}[r.IntN(4)]
			c.History.Append(c.ID, fairshops.PlainEntries, entry(filed.AddDays(r.IntN(15)), string(c.State)))
		case 3:
			c.DeadlineMissed = !c.DeadlineMissed
		case 4: // a deadline moved, set or dropped
			c.AnswerDue = fairshops.Date{}
			if r.IntN(4) > 0 {
				c.AnswerDue = filed.AddDays(r.IntN(20))
			}
		case 5:
			c.Facts.Category = cats[r.IntN(len(cats))]
		case 6: // counted by nothing
			c.AssignedTo = "anna"
		}
		require.NoError(t, h.Store.Update(ctx, c, nil))
		written[c.ID] = c.Clone()
	}
	var all []*complaint.Complaint
	for _, c := range written {
		all = append(all, c)
	}
	for _, q := range []complaint.StatsQuery{
		{From: day0, To: day0.AddDays(200), Today: day0.AddDays(60), Shops: 3},
		{From: fairshops.MustDate("2026-02-01"), To: fairshops.MustDate("2026-03-31"), Today: fairshops.MustDate("2026-03-15"), Shops: 10},
		{From: fairshops.MustDate("2026-02-10"), To: fairshops.MustDate("2026-02-20"), Today: day0, Shops: 1},
		{From: day0, To: day0.AddDays(400), Today: day0.AddDays(400)},
	} {
		got, err := h.Store.Stats(ctx, q)
		require.NoError(t, err)
		if d := cmp.Diff(recount(all, q, loc), got, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("stats for %+v differ from a recount of the rows (-recount +store):\n%s", q, d)
		}
	}
}

// recount is complaint.Stats counted from the complaints themselves (the
// definitions of complaint.MilestonesOf and complaint.OutcomeOf).
func recount(all []*complaint.Complaint, q complaint.StatsQuery, loc *time.Location) complaint.Stats {
	var st complaint.Stats
	states := map[complaint.State]int{}
	type key struct {
		month fairshops.Date
		cat   precheck.Category
	}
	filed := map[key]int{}
	comp := map[fairshops.Date]*complaint.MonthCompliance{}
	shops := map[string]*complaint.ShopCount{}
	in := func(d fairshops.Date) bool { return !d.IsZero() && !d.Before(q.From) && !d.After(q.To) }
	for _, c := range all {
		states[c.State]++
		m := complaint.MilestonesOf(c, loc)
		if in(m.Filed) {
			filed[key{complaint.MonthOf(m.Filed), c.Facts.Category}]++
		}
		out := complaint.OutcomeOf(c.AnswerDue, m, c.DeadlineMissed, q.Today)
		if in(c.AnswerDue) && out != complaint.OutcomeNone {
			mc := comp[complaint.MonthOf(c.AnswerDue)]
			if mc == nil {
				mc = &complaint.MonthCompliance{Month: complaint.MonthOf(c.AnswerDue)}
				comp[mc.Month] = mc
			}
			switch out {
			case complaint.OutcomeOnTime:
				mc.OnTime++
			case complaint.OutcomeLate:
				mc.Late++
			case complaint.OutcomeMissed:
				mc.Missed++
			}
		}
		sc := shops[c.ShopID]
		if sc == nil {
			sc = &complaint.ShopCount{ShopID: c.ShopID}
			shops[c.ShopID] = sc
		}
		sc.Total++
		if !c.State.Final() {
			sc.Open++
		}
		if out == complaint.OutcomeMissed {
			sc.Missed++
		}
	}
	for _, s := range complaint.States() {
		if states[s] > 0 {
			st.States = append(st.States, complaint.StateCount{State: s, Count: states[s]})
		}
	}
	for k, n := range filed {
		st.Filed = append(st.Filed, complaint.MonthCount{Month: k.month, Category: k.cat, Count: n})
	}
	slices.SortFunc(st.Filed, func(a, b complaint.MonthCount) int {
		if c := a.Month.Compare(b.Month); c != 0 {
			return c
		}
		return strings.Compare(string(a.Category), string(b.Category))
	})
	for _, mc := range comp {
		st.Compliance = append(st.Compliance, *mc)
	}
	slices.SortFunc(st.Compliance, func(a, b complaint.MonthCompliance) int { return a.Month.Compare(b.Month) })
	for _, sc := range shops {
		st.Shops = append(st.Shops, *sc)
	}
	slices.SortFunc(st.Shops, func(a, b complaint.ShopCount) int {
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return strings.Compare(a.ShopID, b.ShopID)
	})
	st.Shops = st.Shops[:min(len(st.Shops), q.Shops)]
	return st
}
