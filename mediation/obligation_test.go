package mediation_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
)

// dated is an obligation's dates and what it owes, as the table expects.
type dated struct {
	party      fairshops.Role
	action     mediation.Action
	amount     string
	instalment int
	due        string
	graceEnd   string
	remindOn   string
}

func settlementOf(o mediation.Option) mediation.Settlement {
	return mediation.Settlement{CaseID: "m_1", ShopID: shopID, Option: o}
}

func refundBy(due string) mediation.Option {
	return mediation.Option{ID: "o1", Kind: mediation.KindRefund, Amount: eur("64.80"),
		Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("64.80")),
			Due: dateOrZero(due)}}}
}

func dateOrZero(s string) fairshops.Date {
	if s == "" {
		return fairshops.Date{}
	}
	return date(s)
}

func TestDeriveObligations(t *testing.T) {
	t.Parallel()
	std := mediation.DefaultObligationRules()
	shop, consumer := fairshops.RoleShop, fairshops.RoleConsumer
	tests := []struct {
		name                  string
		option                mediation.Option
		proposedOn, settledOn string
		rules                 mediation.ObligationRules
		want                  []dated
	}{
		{name: "the refund period runs from the settlement, not the proposal",
			option: refundBy("2026-11-16"), proposedOn: "2026-11-02", settledOn: "2026-11-05", rules: std,
			// 16 Nov + 3 days = Thu 19 Nov; grace: Fri 20, Mon 23, Tue 24.
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-11-19", "2026-11-24", "2026-11-16"}}},
		{name: "an end on a Saturday moves to Monday (§193 BGB)",
			option: refundBy("2026-11-16"), proposedOn: "2026-11-02", settledOn: "2026-11-07", rules: std,
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-11-23", "2026-11-26", "2026-11-20"}}},
		{name: "year end: Christmas Day, Boxing Day and a Sunday pass",
			option: refundBy("2026-12-20"), proposedOn: "2026-12-10", settledOn: "2026-12-15", rules: std,
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-12-28", "2026-12-31", "2026-12-25"}}},
		{name: "grace over New Year counts working days, national holidays",
			option: refundBy("2026-12-31"), proposedOn: "2026-12-17", settledOn: "2026-12-17", rules: std,
			// Fri 1 Jan holiday, weekend, Mon 4, Tue 5, Wed 6.
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-12-31", "2027-01-06", "2026-12-28"}}},
		{name: "grace over New Year in Bavaria skips Epiphany",
			option: refundBy("2026-12-31"), proposedOn: "2026-12-17", settledOn: "2026-12-17",
			rules: mediation.ObligationRules{ReminderDays: 3, GraceDays: 3, State: calendar.BY},
			want:  []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-12-31", "2027-01-07", "2026-12-28"}}},
		{name: "Good Friday to Easter Monday: the next working day is Tuesday",
			option: refundBy("2026-04-03"), proposedOn: "2026-03-20", settledOn: "2026-03-20", rules: std,
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-04-07", "2026-04-10", "2026-04-04"}}},
		{name: "instalments replace the money duty, each with its own date",
			option: mediation.Option{ID: "o1", Kind: mediation.KindPartialRefund, Amount: eur("100.00"),
				Instalments: []mediation.Instalment{{Amount: eur("50.00"), Due: date("2026-12-15")},
					{Amount: eur("50.00"), Due: date("2027-01-15")}},
				Duties: []mediation.Duty{{Party: shop, Action: mediation.ActRefund, Amount: ptr(eur("100.00")),
					Due: date("2026-12-15")}}},
			proposedOn: "2026-12-01", settledOn: "2026-12-01", rules: std,
			want: []dated{
				{shop, mediation.ActRefund, "50.00", 1, "2026-12-15", "2026-12-18", "2026-12-12"},
				{shop, mediation.ActRefund, "50.00", 2, "2027-01-15", "2027-01-20", "2027-01-12"},
			}},
		{name: "return before refund keeps its order and gap",
			option: mediation.Option{ID: "o1", Kind: mediation.KindRefundOnReturn, Amount: eur("64.80"),
				Duties: []mediation.Duty{
					{Party: consumer, Action: mediation.ActReturnGoods, Due: date("2026-11-16")},
					{Party: shop, Action: mediation.ActRefund, Amount: ptr(eur("64.80")), Due: date("2026-11-30")},
				}},
			proposedOn: "2026-11-02", settledOn: "2026-11-04", rules: std,
			want: []dated{
				{consumer, mediation.ActReturnGoods, "", 0, "2026-11-18", "2026-11-23", "2026-11-15"},
				{shop, mediation.ActRefund, "64.80", 0, "2026-12-02", "2026-12-07", "2026-11-29"},
			}},
		{name: "a reminder never falls on or before the settlement day",
			option: refundBy("2026-11-03"), proposedOn: "2026-11-02", settledOn: "2026-11-02", rules: std,
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-11-03", "2026-11-06", "2026-11-03"}}},
		{name: "a duty without a date is due 14 days after the settlement (§357(1) BGB)",
			option: refundBy(""), proposedOn: "2026-11-02", settledOn: "2026-11-05", rules: std,
			want: []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-11-19", "2026-11-24", "2026-11-16"}}},
		{name: "no reminders, no grace",
			option: refundBy("2026-11-16"), proposedOn: "2026-11-02", settledOn: "2026-11-02",
			rules: mediation.ObligationRules{},
			want:  []dated{{shop, mediation.ActRefund, "64.80", 0, "2026-11-16", "2026-11-16", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := mediation.DeriveObligations(settlementOf(tc.option), date(tc.proposedOn), date(tc.settledOn), tc.rules)
			var have []dated
			for i, o := range got {
				require.Equal(t, "ob"+string(rune('1'+i)), o.ID)
				require.Equal(t, mediation.ObligationOpen, o.State)
				require.Equal(t, tc.rules.ReminderDays <= 0, o.Reminded)
				amount := ""
				if o.Amount != nil {
					amount = o.Amount.Amount.StringFixed(2)
				}
				have = append(have, dated{o.Party, o.Action, amount, o.Instalment, o.Due.String(), o.GraceEnd.String(),
					o.RemindOn.String()})
			}
			if d := cmp.Diff(tc.want, have, cmp.AllowUnexported(dated{})); d != "" {
				t.Errorf("obligations (-want +got):\n%s", d)
			}
		})
	}
}

// The fixture's settlement: the shop issues a 5.00 EUR voucher, settled
// on 2026-04-01; due Wed 15 Apr, reminder Sun 12 Apr, grace to Mon 20 Apr.
func TestObligationTimersExactlyOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	require.Len(t, c.Obligations, 1)
	o := c.Obligations[0]
	require.Equal(t, mediation.ActIssueVoucher, o.Action)
	require.Equal(t, []string{"2026-04-15", "2026-04-20", "2026-04-12"},
		[]string{o.Due.String(), o.GraceEnd.String(), o.RemindOn.String()})
	require.Equal(t, date("2026-04-12"), c.NextDue())

	steps := []struct {
		day        string
		written    int
		event      string
		recipient  string
		state      mediation.ObligationState
		reopenedOn string
	}{
		{day: "2026-04-11", state: mediation.ObligationOpen},
		{day: "2026-04-12", written: 1, event: mediation.EventObligationReminder, recipient: "shop", state: mediation.ObligationOpen},
		{day: "2026-04-12", state: mediation.ObligationOpen},
		{day: "2026-04-20", state: mediation.ObligationOpen},
		{day: "2026-04-21", written: 1, event: mediation.EventObligationMissed, recipient: "operator",
			state: mediation.ObligationMissed, reopenedOn: "2026-04-21"},
		{day: "2026-04-21", state: mediation.ObligationMissed, reopenedOn: "2026-04-21"},
		{day: "2026-05-30", state: mediation.ObligationMissed, reopenedOn: "2026-04-21"},
	}
	for _, s := range steps {
		f.at(s.day)
		before := len(f.db.Events())
		n, err := f.svc.ProcessDue(f.ctx)
		require.NoError(t, err, s.day)
		require.Equal(t, s.written, n, s.day)
		evs := f.db.Events()[before:]
		require.Len(t, evs, s.written, s.day)
		if s.written > 0 {
			require.Equal(t, s.event, evs[0].Type, s.day)
			require.Equal(t, s.recipient, evs[0].Recipient, s.day)
			require.JSONEq(t, `"ob1"`, string(mustJSON(t, evs[0], "obligation")))
			// What the mails name: the duty, its amount, who owes it, its day.
			require.JSONEq(t, `"issue_voucher"`, string(mustJSON(t, evs[0], "action")), s.day)
			require.JSONEq(t, `{"amount":"5","currency":"EUR"}`, string(mustJSON(t, evs[0], "amount")), s.day)
			require.JSONEq(t, `"shop"`, string(mustJSON(t, evs[0], "owing")), s.day)
			require.JSONEq(t, `"2026-04-15"`, string(mustJSON(t, evs[0], "due")), s.day)
		}
		got := f.get(c.ID)
		require.Equal(t, s.state, got.Obligations[0].State, s.day)
		require.Equal(t, s.reopenedOn, got.ReopenedOn.String(), s.day)
	}

	reopened, err := f.svc.List(f.ctx, f.operator, mediation.Filter{Reopened: true})
	require.NoError(t, err)
	require.Len(t, reopened, 1)

	// The consumer confirms the voucher late: it is recorded, the miss stays.
	got := f.must(f.svc.ConfirmObligation(f.ctx, f.consumer, c.ID, "ob1"))
	require.Equal(t, mediation.ObligationMissed, got.Obligations[0].State)
	require.False(t, got.Obligations[0].ReceivedAt.IsZero())
	figures, err := f.svc.ObligationFigures(f.ctx, f.shop, "", fairshops.Date{}, fairshops.Date{})
	require.NoError(t, err)
	require.Equal(t, []mediation.ObligationFigure{{ShopID: shopID, Month: "2026-04", Missed: 1}}, figures)
	all, err := f.svc.ObligationFigures(f.ctx, f.operator, "", fairshops.Date{}, fairshops.Date{})
	require.NoError(t, err)
	require.Equal(t, figures, all)
	none, err := f.svc.ObligationFigures(f.ctx, f.otherShop, shopID, fairshops.Date{}, fairshops.Date{})
	require.NoError(t, err)
	require.Empty(t, none, "a shop reads its own figures only")
	none, err = f.svc.ObligationFigures(f.ctx, f.operator, "", date("2026-05-01"), fairshops.Date{})
	require.NoError(t, err)
	require.Empty(t, none, "bounded by the obligation's date")
	_, err = f.svc.ObligationFigures(f.ctx, f.consumer, "", fairshops.Date{}, fairshops.Date{})
	require.Equal(t, fairshops.Forbidden, fairshops.KindOf(err))

	// The operator handled it: off the list; a second close is refused.
	_, err = f.svc.CloseReopened(f.ctx, f.shop, c.ID)
	require.Equal(t, fairshops.Forbidden, fairshops.KindOf(err))
	got = f.must(f.svc.CloseReopened(f.ctx, f.operator, c.ID))
	require.True(t, got.ReopenedOn.IsZero())
	_, err = f.svc.CloseReopened(f.ctx, f.operator, c.ID)
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err))
	reopened, err = f.svc.List(f.ctx, f.operator, mediation.Filter{Reopened: true})
	require.NoError(t, err)
	require.Empty(t, reopened)
}

func TestConfirmObligation(t *testing.T) {
	t.Parallel()
	type who int
	const (
		consumer who = iota
		shop
		operator
		otherShop
		wrongConsumer
	)
	tests := []struct {
		name       string
		day        string // when the party confirms; empty: the settlement day
		by         []who  // confirmations in order; the last one is checked
		obligation string
		kind       fairshops.Kind // of the last confirmation's error
		cause      error
		state      mediation.ObligationState
		events     []string // written by the confirmations
	}{
		{name: "the consumer's one click: money received", by: []who{consumer}, state: mediation.ObligationDone,
			events: []string{mediation.EventObligationConfirmed}},
		{name: "the shop confirms it sent", by: []who{shop}, state: mediation.ObligationSent,
			events: []string{mediation.EventObligationConfirmed}},
		{name: "sent, then received", by: []who{shop, consumer}, state: mediation.ObligationDone,
			events: []string{mediation.EventObligationConfirmed, mediation.EventObligationConfirmed}},
		{name: "a second click changes nothing", by: []who{consumer, consumer}, state: mediation.ObligationDone,
			events: []string{mediation.EventObligationConfirmed}},
		{name: "the shop's confirmation within the grace is in time", day: "2026-04-20", by: []who{shop},
			state: mediation.ObligationSent, events: []string{mediation.EventObligationConfirmed}},
		{name: "a confirmation after the grace finds the obligation missed", day: "2026-04-21", by: []who{shop},
			state:  mediation.ObligationMissed,
			events: []string{mediation.EventObligationMissed, mediation.EventObligationConfirmed}},
		{name: "the operator is no party", by: []who{operator}, kind: fairshops.Forbidden, cause: mediation.ErrNotParty,
			state: mediation.ObligationOpen},
		{name: "another shop does not see the case", by: []who{otherShop}, kind: fairshops.NotFound,
			state: mediation.ObligationOpen},
		{name: "another consumer does not see the case", by: []who{wrongConsumer}, kind: fairshops.NotFound,
			state: mediation.ObligationOpen},
		{name: "an unknown obligation", by: []who{consumer}, obligation: "ob9", kind: fairshops.NotFound,
			cause: mediation.ErrNoObligation, state: mediation.ObligationOpen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fairshops.ConsumerMode)
			c := f.settled()
			principals := map[who]fairshops.Principal{consumer: f.consumer, shop: f.shop, operator: f.operator,
				otherShop: f.otherShop, wrongConsumer: f.wrongConsumer}
			if tc.day != "" {
				f.at(tc.day)
			}
			ob := tc.obligation
			if ob == "" {
				ob = "ob1"
			}
			before := len(f.db.Events())
			var err error
			for _, w := range tc.by {
				_, err = f.svc.ConfirmObligation(f.ctx, principals[w], c.ID, ob)
			}
			if tc.kind != fairshops.Internal {
				require.Error(t, err)
				require.Equal(t, tc.kind, fairshops.KindOf(err))
				if tc.cause != nil {
					require.True(t, errors.Is(err, tc.cause), "%v", err)
				}
			} else {
				require.NoError(t, err)
			}
			var types []string
			for _, ev := range f.db.Events()[before:] {
				types = append(types, ev.Type)
			}
			require.Equal(t, tc.events, types)
			require.Equal(t, tc.state, f.get(c.ID).Obligations[0].State)
			if n := len(types); n > 0 && types[n-1] == mediation.EventObligationConfirmed {
				// party is who confirmed, owing who owes the voucher: the
				// mail tells "sent" from "received" by comparing them.
				last := f.db.Events()[before+n-1]
				role := principals[tc.by[len(tc.by)-1]].Role
				require.JSONEq(t, `"`+string(role)+`"`, string(mustJSON(t, last, "party")))
				require.JSONEq(t, `"shop"`, string(mustJSON(t, last, "owing")))
			}
		})
	}
}

func TestConfirmObligationNotSettled(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.proposed()
	_, err := f.svc.ConfirmObligation(f.ctx, f.consumer, c.ID, "ob1")
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err))
}

func TestCountObligations(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	ob := func(party fairshops.Role, due string, state mediation.ObligationState, missed string) mediation.Obligation {
		o := mediation.Obligation{Party: party, Due: date(due), State: state}
		if missed != "" {
			o.MissedOn = date(missed)
		}
		if state == mediation.ObligationDone {
			o.ReceivedAt = at
		}
		return o
	}
	cases := []*mediation.Case{
		{ID: "m_1", ShopID: "shop-b", Obligations: []mediation.Obligation{
			ob(fairshops.RoleShop, "2026-03-31", mediation.ObligationDone, ""),
			ob(fairshops.RoleShop, "2026-04-01", mediation.ObligationSent, ""),
			ob(fairshops.RoleShop, "2026-04-02", mediation.ObligationDone, "2026-04-08"), // done late: missed
			ob(fairshops.RoleConsumer, "2026-04-02", mediation.ObligationMissed, "2026-04-08"),
		}},
		{ID: "m_2", ShopID: "shop-a", Obligations: []mediation.Obligation{
			ob(fairshops.RoleShop, "2026-04-30", mediation.ObligationOpen, ""),
			ob(fairshops.RoleShop, "2026-05-01", mediation.ObligationMissed, "2026-05-07"),
		}},
	}
	want := []mediation.ObligationFigure{
		{ShopID: "shop-a", Month: "2026-04", Open: 1},
		{ShopID: "shop-a", Month: "2026-05", Missed: 1},
		{ShopID: "shop-b", Month: "2026-03", Kept: 1},
		{ShopID: "shop-b", Month: "2026-04", Kept: 1, Missed: 1},
	}
	require.Equal(t, want, mediation.CountObligations(cases, fairshops.Date{}, fairshops.Date{}))
	require.Equal(t, []mediation.ObligationFigure{{ShopID: "shop-a", Month: "2026-04", Open: 1},
		{ShopID: "shop-b", Month: "2026-04", Kept: 1, Missed: 1}},
		mediation.CountObligations(cases, date("2026-04-01"), date("2026-04-30")))
}

// TestObligationMissConcurrent: several ProcessDue runs at once (as on
// several nodes) write the reminder and the miss once each.
func TestObligationMissConcurrent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	for _, day := range []string{"2026-04-12", "2026-04-21"} {
		f.at(day)
		before := len(f.db.Events())
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.ProcessDue(f.ctx)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		require.Len(t, f.db.Events()[before:], 1, day)
	}
	evs := f.db.Events()
	require.Equal(t, mediation.EventObligationMissed, evs[len(evs)-1].Type)
	require.Equal(t, mediation.ObligationMissed, f.get(c.ID).Obligations[0].State)
}

// TestReportNotReceived: the fixture's voucher (the shop owes it, the
// consumer receives it), confirmed as sent by the shop on 2026-04-05. From
// three days later the consumer may report it not received: the obligation
// is disputed, the case reopened, the operator and the shop told. The
// operator records the outcome; the consumer may still confirm receipt.
func TestReportNotReceived(t *testing.T) {
	t.Parallel()
	type who int
	const (
		consumer who = iota
		shop
		operator
	)
	tests := []struct {
		name      string
		sent      bool   // the shop confirmed sending on 2026-04-05
		day       string // of the report
		by        who
		kind      fairshops.Kind // of the report's error; Internal: none
		cause     error
		then      func(t *testing.T, f *fixture, c *mediation.Case) // after a report that worked
		wantState mediation.ObligationState
	}{
		{name: "three days after the shop's confirmation", sent: true, day: "2026-04-08", by: consumer,
			wantState: mediation.ObligationDisputed},
		{name: "two days after is too early", sent: true, day: "2026-04-07", by: consumer,
			kind: fairshops.NotAllowed, cause: mediation.ErrTooEarly, wantState: mediation.ObligationSent},
		{name: "nothing confirmed as sent yet", day: "2026-04-20", by: consumer, kind: fairshops.NotAllowed,
			wantState: mediation.ObligationOpen},
		{name: "the owing party does not report its own", sent: true, day: "2026-04-08", by: shop,
			kind: fairshops.Forbidden, wantState: mediation.ObligationSent},
		{name: "the operator is no party", sent: true, day: "2026-04-08", by: operator,
			kind: fairshops.Forbidden, wantState: mediation.ObligationSent},
		{name: "the operator finds it was not received", sent: true, day: "2026-04-08", by: consumer,
			then: func(t *testing.T, f *fixture, c *mediation.Case) {
				f.at("2026-04-10")
				_, err := f.svc.ResolveObligation(f.ctx, f.consumer, c.ID, "ob1", false)
				require.Equal(t, fairshops.Forbidden, fairshops.KindOf(err), "only the operator")
				got := f.must(f.svc.ResolveObligation(f.ctx, f.operator, c.ID, "ob1", false))
				require.Equal(t, "2026-04-10", got.Obligations[0].MissedOn.String())
				require.Equal(t, 1, got.MissedObligations())
				figures, err := f.svc.ObligationFigures(f.ctx, f.operator, "", fairshops.Date{}, fairshops.Date{})
				require.NoError(t, err)
				require.Equal(t, []mediation.ObligationFigure{{ShopID: shopID, Month: "2026-04", Missed: 1}}, figures)
				_, err = f.svc.ResolveObligation(f.ctx, f.operator, c.ID, "ob1", true)
				require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err), "recorded once")
			},
			wantState: mediation.ObligationMissed},
		{name: "the operator finds it was received", sent: true, day: "2026-04-08", by: consumer,
			then: func(t *testing.T, f *fixture, c *mediation.Case) {
				got := f.must(f.svc.ResolveObligation(f.ctx, f.operator, c.ID, "ob1", true))
				require.False(t, got.Obligations[0].ReceivedAt.IsZero())
				require.Zero(t, got.MissedObligations())
			},
			wantState: mediation.ObligationDone},
		{name: "the consumer finds it after all", sent: true, day: "2026-04-08", by: consumer,
			then: func(t *testing.T, f *fixture, c *mediation.Case) {
				f.must(f.svc.ConfirmObligation(f.ctx, f.consumer, c.ID, "ob1"))
				_, err := f.svc.ResolveObligation(f.ctx, f.operator, c.ID, "ob1", false)
				require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err), "nothing left to resolve")
			},
			wantState: mediation.ObligationDone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fairshops.ConsumerMode)
			c := f.settled()
			if tc.sent {
				f.at("2026-04-05")
				f.must(f.svc.ConfirmObligation(f.ctx, f.shop, c.ID, "ob1"))
			}
			f.at(tc.day)
			principals := map[who]fairshops.Principal{consumer: f.consumer, shop: f.shop, operator: f.operator}
			before := len(f.db.Events())
			_, err := f.svc.ReportNotReceived(f.ctx, principals[tc.by], c.ID, "ob1")
			if tc.kind != fairshops.Internal {
				require.Error(t, err)
				require.Equal(t, tc.kind, fairshops.KindOf(err), "%v", err)
				if tc.cause != nil {
					require.ErrorIs(t, err, tc.cause)
				}
				require.Len(t, f.db.Events(), before, "a refused report tells nobody")
				require.True(t, f.get(c.ID).ReopenedOn.IsZero())
			} else {
				require.NoError(t, err)
				got := f.get(c.ID)
				require.Equal(t, mediation.ObligationDisputed, got.Obligations[0].State)
				require.Equal(t, tc.day, got.Obligations[0].DisputedOn.String())
				require.Equal(t, tc.day, got.ReopenedOn.String(), "reopened for the operator")
				evs := f.db.Events()[before:]
				require.Len(t, evs, 2)
				for i, to := range []string{"operator", "shop"} {
					require.Equal(t, mediation.EventObligationDisputed, evs[i].Type)
					require.Equal(t, to, evs[i].Recipient)
					require.JSONEq(t, `"ob1"`, string(mustJSON(t, evs[i], "obligation")))
				}
				figures, err := f.svc.ObligationFigures(f.ctx, f.operator, "", fairshops.Date{}, fairshops.Date{})
				require.NoError(t, err)
				require.Equal(t, []mediation.ObligationFigure{{ShopID: shopID, Month: "2026-04", Disputed: 1}}, figures,
					"disputed: neither kept nor missed")
				_, err = f.svc.ReportNotReceived(f.ctx, f.consumer, c.ID, "ob1")
				require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err), "reported once")
				if tc.then != nil {
					tc.then(t, f, c)
				}
			}
			require.Equal(t, tc.wantState, f.get(c.ID).Obligations[0].State)
		})
	}
}
