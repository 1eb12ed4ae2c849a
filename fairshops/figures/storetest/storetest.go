// Package storetest is the conformance suite of figures.Store: every
// implementation (adapters/memory, adapters/sql on SQLite and PostgreSQL)
// must count the same figures as the hand-computed ones of a small data set
// written out below, and as figures.Compute on a generated one.
package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/mediation"
	mediationtest "github.com/fairshops/konfliktservice/mediation/storetest"
)

// Harness is one empty database under test: its figure store and the
// complaint and case stores the figures are counted from.
type Harness struct {
	Figures    figures.Store
	Complaints complaint.Store
	Cases      mediation.Store
}

// Run runs the suite; newHarness must return an empty database each call.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("HandComputed", func(t *testing.T) { testHandComputed(t, newHarness(t)) })
	t.Run("Generated", func(t *testing.T) { testGenerated(t, newHarness(t)) })
	t.Run("Empty", func(t *testing.T) { testEmpty(t, newHarness(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newHarness(t)) })
}

func day(s string) fairshops.Date { return fairshops.MustDate(s) }

// at is 10:00 in Berlin on the day.
func at(d fairshops.Date) time.Time { return d.In(fairshops.Berlin()).Add(10 * time.Hour) }

// Complaint is one complaint of a data set.
type Complaint struct {
	ID, Shop    string
	Forwarded   string // YYYY-MM-DD
	Due         string
	Answered    string // "": never
	Withdrawn   string // "": never
	Missed      bool   // marked deadline_missed
	Displeasure bool
	// Paused are the days the shop's answer clock was paused before its
	// answer (complaint.Clock.PausedDays; Due is then the deadline after
	// the pause).
	Paused int
}

// Case is one mediation case of a data set.
type Case struct {
	ID, Shop  string
	Requested string
	// Actions are the history's actions after "requested", each with its
	// detail after a space ("expired deadline=decision").
	Actions []string
	State   mediation.State
	// Missed: a settled case whose refund obligation was missed (the
	// settlement then does not count as kept).
	Missed bool
}

// Write stores a data set in the harness's complaint and case stores.
func Write(t *testing.T, h Harness, cs []Complaint, cases []Case) {
	t.Helper()
	ctx := context.Background()
	for _, x := range cs {
		c := complainttest.SampleComplaint(x.ID, x.Shop)
		fwd := day(x.Forwarded)
		c.CreatedAt, c.UpdatedAt = at(fwd), at(fwd)
		c.ForwardedOn, c.AnswerDue, c.DeadlineMissed = fwd, day(x.Due), x.Missed
		c.ReminderOn, c.NextDue = fairshops.Date{}, fairshops.Date{}
		c.Clock = complaint.Clock{}
		if x.Paused > 0 {
			c.Clock = complaint.Clock{Pauses: 1, PausedDays: x.Paused}
		}
		c.State = complaint.Forwarded
		c.Precheck.Clarity = precheck.Doubtful
		if x.Displeasure {
			c.Precheck.Clarity = precheck.Displeasure
		}
		c.History = nil
		add := func(d fairshops.Date, action string) {
			c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: at(d),
				Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: action})
		}
		add(fwd, "submitted")
		add(fwd, "forwarded")
		if x.Answered != "" {
			add(day(x.Answered), "answered")
			c.State = complaint.Answered
		}
		if x.Withdrawn != "" {
			add(day(x.Withdrawn), "withdrawn")
			c.State = complaint.Withdrawn
		}
		require.NoError(t, h.Complaints.Create(ctx, c, nil), x.ID)
	}
	for _, x := range cases {
		c := mediationtest.SampleCase(x.ID, "cmp-"+x.ID, x.Shop)
		c.RequestedOn = day(x.Requested)
		c.State = x.State
		c.Deadline = mediation.Deadline{}
		c.CreatedAt, c.UpdatedAt = at(c.RequestedOn), at(c.RequestedOn)
		c.History = nil
		add := func(action, detail string) {
			c.History.Append(c.ID, fairshops.EditEntries, fairshops.Entry{At: at(c.RequestedOn),
				Actor: fairshops.Actor{Role: fairshops.RoleShop, ShopID: x.Shop}, Action: action, Detail: detail})
		}
		add("requested", "")
		for _, a := range x.Actions {
			action, detail, _ := cut(a)
			add(action, detail)
		}
		c.Obligations, c.ReopenedOn = nil, fairshops.Date{} // the sample's; only Missed says
		if x.Missed {
			due := c.RequestedOn.AddDays(14)
			c.Obligations = []mediation.Obligation{{ID: "ob1", Party: fairshops.RoleShop, Action: mediation.ActRefund,
				Due: due, GraceEnd: due.AddDays(3), State: mediation.ObligationMissed, MissedOn: due.AddDays(4)}}
		}
		require.NoError(t, h.Cases.Create(ctx, c, nil), x.ID)
	}
}

func cut(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// HandComplaints is the hand-computed data set's complaints: shop-a in
// January to March 2026 (the figures are worked out in testHandComputed),
// with a complaint of another shop and one before the range.
func HandComplaints() []Complaint {
	return []Complaint{
		// January: answer times 1, 3, 10, 2, 4 days; a5 missed; a6
		// displeasure-only (left out); a7 withdrawn before its deadline
		// (counted, no outcome); a8 forwarded in January, answered in
		// February (January's).
		{ID: "a1", Shop: "shop-a", Forwarded: "2026-01-05", Due: "2026-01-12", Answered: "2026-01-06"},
		{ID: "a2", Shop: "shop-a", Forwarded: "2026-01-07", Due: "2026-01-14", Answered: "2026-01-10"},
		{ID: "a3", Shop: "shop-a", Forwarded: "2026-01-12", Due: "2026-01-19", Answered: "2026-01-22"},
		{ID: "a4", Shop: "shop-a", Forwarded: "2026-01-15", Due: "2026-01-22", Answered: "2026-01-17"},
		{ID: "a5", Shop: "shop-a", Forwarded: "2026-01-20", Due: "2026-01-27", Missed: true},
		{ID: "a6", Shop: "shop-a", Forwarded: "2026-01-25", Due: "2026-02-01", Displeasure: true},
		{ID: "a7", Shop: "shop-a", Forwarded: "2026-01-28", Due: "2026-02-04", Withdrawn: "2026-01-29"},
		{ID: "a8", Shop: "shop-a", Forwarded: "2026-01-31", Due: "2026-02-07", Answered: "2026-02-04"},
		// February: 2, 0 and 7 days; b3 unanswered past its deadline
		// (missed as of today without the mark); b4 answered on its last day.
		{ID: "b1", Shop: "shop-a", Forwarded: "2026-02-02", Due: "2026-02-09", Answered: "2026-02-04"},
		{ID: "b2", Shop: "shop-a", Forwarded: "2026-02-10", Due: "2026-02-17", Answered: "2026-02-10"},
		{ID: "b3", Shop: "shop-a", Forwarded: "2026-02-16", Due: "2026-02-23"},
		{ID: "b4", Shop: "shop-a", Forwarded: "2026-02-26", Due: "2026-03-05", Answered: "2026-03-05"},
		// March: c1 not due yet as of today (2026-03-20). c3's shop asked the
		// consumer a question on 03.03. (day 1), the consumer replied on
		// 06.03.: 3 days paused, the deadline moved from 09.03. to 12.03.;
		// answered on 12.03., day 10: 7 days of answer time, on time. c4
		// (withdrawn while paused, unanswered) has no answer time.
		{ID: "c1", Shop: "shop-a", Forwarded: "2026-03-16", Due: "2026-03-23"},
		{ID: "c2", Shop: "shop-a", Forwarded: "2026-03-02", Due: "2026-03-09", Answered: "2026-03-03"},
		{ID: "c3", Shop: "shop-a", Forwarded: "2026-03-02", Due: "2026-03-12", Answered: "2026-03-12", Paused: 3},
		{ID: "c4", Shop: "shop-a", Forwarded: "2026-03-04", Due: "2026-03-25", Withdrawn: "2026-03-06", Paused: 2},
		// Not counted: another shop, and before the range.
		{ID: "x1", Shop: "shop-b", Forwarded: "2026-01-05", Due: "2026-01-12", Answered: "2026-01-30"},
		{ID: "x2", Shop: "shop-a", Forwarded: "2025-12-30", Due: "2026-01-06", Answered: "2026-01-02"},
	}
}

// HandCases is the hand-computed data set's mediation cases.
func HandCases() []Case {
	return []Case{
		{ID: "k1", Shop: "shop-a", Requested: "2026-01-10", Actions: []string{"opened", "settled"}, State: mediation.Settled},
		{ID: "k2", Shop: "shop-a", Requested: "2026-01-12", Actions: []string{"declined reason=not_eligible"}, State: mediation.Declined},
		{ID: "k3", Shop: "shop-a", Requested: "2026-01-20", Actions: []string{"expired deadline=decision"}, State: mediation.Expired},
		{ID: "k4", Shop: "shop-a", Requested: "2026-01-25", State: mediation.Requested},
		{ID: "k7", Shop: "shop-a", Requested: "2026-01-28", Actions: []string{"withdrawn"}, State: mediation.Withdrawn},
		{ID: "k5", Shop: "shop-a", Requested: "2026-02-03", Actions: []string{"opened", "failed"}, State: mediation.Failed},
		{ID: "k6", Shop: "shop-a", Requested: "2026-02-05", Actions: []string{"opened", "expired deadline=statements"}, State: mediation.Expired},
		{ID: "k9", Shop: "shop-a", Requested: "2026-02-06", Actions: []string{"opened", "settled"}, State: mediation.Settled},
		// k10: settled, but the shop missed the refund's date: not kept.
		{ID: "k10", Shop: "shop-a", Requested: "2026-02-08", Actions: []string{"opened", "settled"}, State: mediation.Settled,
			Missed: true},
		{ID: "k8", Shop: "shop-b", Requested: "2026-01-10", Actions: []string{"opened", "settled"}, State: mediation.Settled},
	}
}

// HandQuery is the query of the hand-computed data set.
func HandQuery() figures.Query {
	return figures.Query{ShopID: "shop-a", From: day("2026-01-15"), To: day("2026-03-10"), Today: day("2026-03-20")}
}

// HandMonths are the figures of HandQuery, worked out by hand.
func HandMonths() []figures.Month {
	return []figures.Month{{
		Month: day("2026-01-01"),
		// a1–a5, a7, a8 (a6 is displeasure-only).
		Complaints: 7, Answered: 5,
		// Sorted answer days 1 2 3 4 10: median at ceil(0.5·5) = 3rd = 3;
		// p90 at ceil(0.9·5) = 5th = 10.
		MedianDays: 3, P90Days: 10,
		// On time a1 a2 a4 a8; late a3; missed a5; a7 none.
		OnTime: 4, Late: 1, Missed: 1,
		Orders: 2000, OrdersReported: true,
		// k1 opened, k2 declined, k3 decision deadline passed; k4 open, k7
		// withdrawn before a decision: not decided.
		Requests: 3, Accepted: 1, Settled: 1, Kept: 1,
	}, {
		Month:      day("2026-02-01"),
		Complaints: 4, Answered: 3,
		// 0 2 7: median at ceil(1.5) = 2nd = 2; p90 at ceil(2.7) = 3rd = 7.
		MedianDays: 2, P90Days: 7,
		OnTime: 3, Missed: 1,
		Orders: 0, OrdersReported: true,
		// k5, k6, k9, k10 opened; k10's settlement was not kept.
		Requests: 4, Accepted: 4, Settled: 2, Kept: 1,
	}, {
		Month: day("2026-03-01"),
		// c1–c4. Answer times 1 (c2) and 7 (c3: 10 days less 3 paused):
		// median at ceil(1.0) = 1st = 1; p90 at ceil(1.8) = 2nd = 7 (10
		// if the pause counted). On time c2 and c3 (12.03. is c3's
		// deadline after the pause); c1 not due, c4 withdrawn before it.
		Complaints: 4, Answered: 2, MedianDays: 1, P90Days: 7, OnTime: 2,
	}}
}

func testHandComputed(t *testing.T, h Harness) {
	ctx := context.Background()
	Write(t, h, HandComplaints(), HandCases())
	// The second report of a month replaces the first.
	require.NoError(t, h.Figures.SetOrders(ctx, "shop-a", day("2026-01-20"), 1000))
	require.NoError(t, h.Figures.SetOrders(ctx, "shop-a", day("2026-01-01"), 2000))
	require.NoError(t, h.Figures.SetOrders(ctx, "shop-a", day("2026-02-01"), 0))
	require.NoError(t, h.Figures.SetOrders(ctx, "shop-b", day("2026-03-01"), 500))
	got, err := h.Figures.Figures(ctx, HandQuery())
	require.NoError(t, err)
	if d := cmp.Diff(HandMonths(), got); d != "" {
		t.Fatalf("figures differ (-hand +store):\n%s", d)
	}
	// The shares, by hand: 4 of 6 deadlines met = 66.7 %; 7 complaints
	// per 2,000 orders = 3.5 per 1,000; 1 of 3 requests opened = 33.3 %.
	jan := got[0]
	share, ok := jan.OnTimeShare()
	require.True(t, ok)
	require.Equal(t, "66.7", share.String())
	per, ok := jan.PerThousandOrders()
	require.True(t, ok)
	require.Equal(t, "3.5", per.String())
	acc, _ := jan.AcceptanceShare()
	require.Equal(t, "33.3", acc.String())
	_, ok = got[1].PerThousandOrders() // zero orders reported: no rate
	require.False(t, ok)

	kept, err := h.Figures.SettlementsKept(ctx, HandQuery())
	require.NoError(t, err)
	require.Equal(t, []figures.Settlements{{Month: day("2026-01-01"), Settled: 1, Kept: 1},
		{Month: day("2026-02-01"), Settled: 2, Kept: 1}}, kept)
}

// Generate returns a data set of n complaints and about n/3 cases over two
// shops and the months of 2026, drawn from seed: every kind of complaint
// and case the definitions tell apart.
func Generate(seed uint64, n int) ([]Complaint, []Case) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var cs []Complaint
	var cases []Case
	start := day("2025-12-01")
	for i := range n {
		fwd := start.AddDays(rng.IntN(150))
		due := fwd.AddDays(7 + rng.IntN(5))
		c := Complaint{ID: fmt.Sprintf("g%04d", i), Shop: []string{"shop-a", "shop-b"}[rng.IntN(2)],
			Forwarded: fwd.String(), Due: due.String(), Displeasure: rng.IntN(10) == 0}
		switch rng.IntN(6) {
		case 0, 1, 2:
			days := rng.IntN(15)
			c.Answered = fwd.AddDays(days).String()
			if days > 1 && rng.IntN(3) == 0 { // a pause within the time to the answer
				c.Paused = 1 + rng.IntN(days-1)
				c.Due = day(c.Due).AddDays(c.Paused).String()
			}
		case 3:
			c.Withdrawn = fwd.AddDays(rng.IntN(12)).String()
		case 4:
			c.Missed = true
		}
		cs = append(cs, c)
		if rng.IntN(3) == 0 {
			k := Case{ID: fmt.Sprintf("gk%04d", i), Shop: c.Shop, Requested: fwd.AddDays(rng.IntN(20)).String()}
			switch rng.IntN(7) {
			case 0:
				k.State = mediation.Requested
			case 1:
				k.Actions, k.State = []string{"declined reason=abusive"}, mediation.Declined
			case 2:
				k.Actions, k.State = []string{"expired deadline=decision"}, mediation.Expired
			case 3:
				k.Actions, k.State = []string{"withdrawn"}, mediation.Withdrawn
			case 4:
				k.Actions, k.State = []string{"opened", "failed"}, mediation.Failed
			default:
				k.Actions, k.State = []string{"opened", "settled"}, mediation.Settled
			}
			cases = append(cases, k)
		}
	}
	return cs, cases
}

// Records turns a data set into figures.Compute's records as of today,
// with the outcomes complaint.OutcomeOf gives.
func Records(cs []Complaint, cases []Case, today fairshops.Date) ([]figures.Complaint, []figures.Case) {
	var out []figures.Complaint
	for _, x := range cs {
		m := complaint.Milestones{Filed: day(x.Forwarded)}
		if x.Answered != "" {
			m.Answered = day(x.Answered)
		}
		if x.Withdrawn != "" {
			m.Ended = day(x.Withdrawn)
		}
		out = append(out, figures.Complaint{ShopID: x.Shop, ForwardedOn: day(x.Forwarded), AnsweredOn: m.Answered,
			PausedDays: x.Paused, Displeasure: x.Displeasure, Outcome: figures.Outcome(complaint.OutcomeOf(day(x.Due), m, x.Missed, today))})
	}
	var ks []figures.Case
	for _, x := range cases {
		k := figures.Case{ShopID: x.Shop, RequestedOn: day(x.Requested)}
		for _, a := range x.Actions {
			switch a {
			case "opened":
				k.Opened, k.Decided = true, true
			case "declined reason=abusive", "expired deadline=decision":
				k.Decided = true
			}
		}
		k.Settled = x.State == mediation.Settled
		k.Kept = k.Settled && !x.Missed
		ks = append(ks, k)
	}
	return out, ks
}

func testGenerated(t *testing.T, h Harness) {
	cs, cases := Generate(16, 240)
	Write(t, h, cs, cases)
	today := day("2026-04-10")
	rc, rk := Records(cs, cases, today)
	for _, shop := range []string{"shop-a", "shop-b"} {
		q := figures.Query{ShopID: shop, From: day("2026-01-01"), To: day("2026-04-30"), Today: today}
		got, err := h.Figures.Figures(context.Background(), q)
		require.NoError(t, err)
		want := figures.Compute(q, rc, rk, nil)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("%s: figures differ (-definition +store):\n%s", shop, d)
		}
		total := 0
		for _, m := range got {
			total += m.Complaints
		}
		require.Positive(t, total, "the generated set gives %s complaints", shop)
	}
}

func testEmpty(t *testing.T, h Harness) {
	q := figures.Query{ShopID: "nobody", From: day("2026-11-01"), To: day("2027-01-31"), Today: day("2027-02-01")}
	got, err := h.Figures.Figures(context.Background(), q)
	require.NoError(t, err)
	require.Equal(t, []figures.Month{{Month: day("2026-11-01")}, {Month: day("2026-12-01")}, {Month: day("2027-01-01")}}, got)
}

func testCanceled(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.Figures.Figures(ctx, HandQuery())
	require.Equal(t, fairshops.Canceled, fairshops.KindOf(err), "%v", err)
	err = h.Figures.SetOrders(ctx, "shop-a", day("2026-01-01"), 1)
	require.Equal(t, fairshops.Canceled, fairshops.KindOf(err), "%v", err)
}
