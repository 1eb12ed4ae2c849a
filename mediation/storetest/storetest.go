// Package storetest is the conformance suite for mediation.Store. Every
// adapter runs it from its own tests with a harness that opens an empty
// store:
//
//	func TestMediationStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Harness {
//			db := memory.New()
//			return storetest.Harness{Store: db.Cases(), Events: db.Events}
//		})
//	}
//
// Passing it on memory, SQLite and PostgreSQL means the same tests passed
// three times.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/aggregatetest"
	"github.com/fairshops/konfliktservice/mediation"
)

// Harness is one empty store under test. Events returns every event the
// store wrote to its outbox, in order.
type Harness struct {
	Store  mediation.Store
	Events func() []fairshops.Event
}

// Run runs the whole suite; newHarness must return an empty store each call.
// The contract every versioned aggregate's store keeps (create, duplicate,
// not found, versions, concurrent writers, no aliasing, cancellation,
// paging) runs from internal/aggregatetest; the cases here are the case's
// own.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("Aggregate", func(t *testing.T) {
		aggregatetest.Run(t, func(t *testing.T) aggregatetest.Harness[*mediation.Case] {
			return aggregate(newHarness(t))
		})
	})
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newHarness(t)) })
	t.Run("OneCasePerComplaint", func(t *testing.T) { testOneCasePerComplaint(t, newHarness(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, newHarness(t)) })
	t.Run("UpdateVersions", func(t *testing.T) { testUpdateVersions(t, newHarness(t)) })
	t.Run("ListPagingAndFilters", func(t *testing.T) { testList(t, newHarness(t)) })
	t.Run("Due", func(t *testing.T) { testDue(t, newHarness(t)) })
	t.Run("ByComplaint", func(t *testing.T) { testByComplaint(t, newHarness(t)) })
	t.Run("Obligations", func(t *testing.T) { testObligations(t, newHarness(t)) })
	t.Run("DueForSettlementErasure", func(t *testing.T) { testDueForSettlementErasure(t, newHarness(t)) })
	t.Run("Erase", func(t *testing.T) { testErase(t, newHarness(t)) })
	t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newHarness(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newHarness(t)) })
	t.Run("PausedClock", func(t *testing.T) { testPausedClock(t, newHarness(t)) })
}

// aggregate adapts a case store to the shared contract suite. Each case
// made by New belongs to a complaint of its own, so the one-case rule does
// not interfere.
func aggregate(h Harness) aggregatetest.Harness[*mediation.Case] {
	a := aggregatetest.ForStore(h.Store, (*mediation.Case).Clone,
		func(c *mediation.Case) (string, *int) { return c.ID, &c.Version })
	a.New = func(id string) *mediation.Case { return SampleCase(id, "c_"+id, "shop-a") }
	a.Mutate = func(c *mediation.Case, n int) *mediation.Case {
		c.State = mediation.Settled
		c.Statements = append(c.Statements, mediation.Statement{ID: fmt.Sprintf("st_w%d", n), Party: fairshops.RoleShop,
			Text: "Nachtrag", At: base.Add(5 * time.Hour)})
		c.UpdatedAt = base.Add(time.Duration(n+5) * time.Hour)
		return c
	}
	a.Scribble = func(c *mediation.Case) {
		c.Statements[0].Text = "changed"
		c.Proposals[0].Draft.Options[0].Duties[1].Amount.Amount = decimal.NewFromInt(1)
		*c.Facts.BuyerIsConsumer = false
		c.Precheck.Findings[0].Tags[0] = "changed"
		c.History[0].Action = "tampered"
		c.Settlement.Acceptances[0].Party = fairshops.RoleShop
		*c.Claim.Amount = eur("1")
	}
	a.Diff = caseDiff
	a.List = func(ctx context.Context, after string, limit int) ([]*mediation.Case, error) {
		return h.Store.List(ctx, mediation.Filter{After: after, Limit: limit})
	}
	a.Events = h.Events
	return a
}

var base = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func eur(s string) fairshops.Money { return fairshops.MustMoney(s, fairshops.EUR) }

func ptr[T any](v T) *T { return &v }

func d(s string) fairshops.Date { return fairshops.MustDate(s) }

// SampleCase returns a case with every field set, amounts with trailing
// zeros and sub-cent fee figures included, so a store that loses precision,
// a field or an order fails the round trip.
func SampleCase(id, complaintID, shopID string) *mediation.Case {
	option := mediation.Option{
		ID: "o1", Kind: mediation.KindRefundOnReturn, Amount: eur("64.80"), ShopPaysReturn: true,
		Parts: []mediation.Part{{Label: mediation.PartPrice, Amount: eur("59.90")},
			{Label: mediation.PartDelivery, Amount: eur("4.90")}},
		Instalments: []mediation.Instalment{{Amount: eur("32.40"), Due: d("2026-04-01")},
			{Amount: eur("32.40"), Due: d("2026-05-01")}},
		Duties: []mediation.Duty{
			{Party: fairshops.RoleConsumer, Action: mediation.ActReturnGoods, Due: d("2026-03-30")},
			{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("64.80")), Due: d("2026-04-14")},
		},
		Rationale: mediation.Rationale{Key: "rationale.withdrawal_refund_on_return", Args: []string{"64.80 EUR"},
			Rules: []precheck.RuleID{precheck.WithdrawalInPeriod}},
		Note:  "Bitte Rücksendeetikett nutzen.",
		Basis: []string{"BGB §355(1)", "BGB §357(1)", "BGB §357a(1)"},
	}
	reduction := mediation.Option{ID: "o2", Kind: mediation.KindPriceReduction, Amount: eur("11.98"),
		Percent: decimal.RequireFromString("20.00"),
		Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("11.98")),
			Due: d("2026-03-30")}},
		Rationale: mediation.Rationale{Key: "rationale.warranty_reduction", Args: []string{"20"}}}
	limits := mediation.Limits{Currency: fairshops.EUR, OrderValue: eur("59.90"), Max: eur("64.80"), On: d("2026-03-16")}
	draft := mediation.Draft{Side: mediation.SideConsumer, Options: []mediation.Option{option, reduction},
		Rationale: mediation.Rationale{Key: "summary.consumer", Rules: []precheck.RuleID{precheck.WithdrawalInPeriod}},
		Limits:    limits, Edited: true, On: d("2026-03-16")}
	ref := eur("40")
	return &mediation.Case{
		ID: id, ComplaintID: complaintID, ShopID: shopID, Lang: fairshops.English,
		Mode: fairshops.ConsumerMode, State: mediation.Proposed, RequestedBy: fairshops.RoleConsumer,
		RequestedOn: d("2026-03-02"), Reason: mediation.ReasonShopDeclined,
		AbuseIndicators: []mediation.Indicator{mediation.IndicatorNoRealCase},
		CostBearer:      fairshops.RoleConsumer,
		Fee: &mediation.FeeQuote{DisputeValue: eur("64.80"), Fee: eur("30.00"), ReferenceADR: &ref,
			ReferenceConfirmed: false, ConsumerFeeIfAbusive: eur("30")},
		DisputeValue: eur("64.80"), Limit: eur("64.80"),
		Facts: precheck.Facts{Category: precheck.Withdrawal, BuyerIsConsumer: ptr(true),
			OrderDate: d("2026-02-01"), DeliveryDate: d("2026-02-05"), PromisedDeliveryDate: d("2026-02-06"),
			OrderValue: eur("59.90"), DeliveryCost: ptr(eur("4.90")), ContactedShopOn: d("2026-02-20"),
			WithdrawalDeclaredOn: d("2026-02-10"), InformedAboutWithdrawal: ptr(false),
			GoodsReturnedOn: d("2026-02-12"), RefundReceived: true, DefectNoticedOn: d("2026-02-06"),
			DamagedInTransit: true, CureRequestedOn: d("2026-02-07"), AdditionalDeadlineUntil: d("2026-02-21"),
			WithdrawalException: precheck.SealedMedia, DataRequestOn: d("2026-02-08"), DataRequestAnswered: true,
			WithdrawalFunctionMissing: true, ShopRejectedLateNotice: true, DesiredResolution: precheck.WantRefund,
			Description: "Widerruf am 10.02., Ware zurück, kein Geld.", AsOf: d("2026-03-01")},
		Precheck: precheck.Result{Revision: precheck.Revision, AsOf: d("2026-03-01"), Category: precheck.Withdrawal, Clarity: precheck.Doubtful,
			Findings: []precheck.Finding{{Rule: precheck.WithdrawalInPeriod, Favours: precheck.FavoursConsumer,
				Basis: "BGB §355", Message: precheck.Message{Key: "finding.withdrawal.in_period",
					Args: []string{"2026-02-19"}}, Tags: []string{"withdrawal.in_period", "withdrawal"}}},
			MissingFacts: []string{"delivery_cost"}, StandardViolations: []string{"must.refund_in_time"},
			Tips: []precheck.Message{{Key: "tip.keep_proof_of_dispatch", Args: []string{"x"}}}},
		Claim: mediation.Want{Kind: mediation.KindRefund, Amount: ptr(eur("64.80"))},
		Offer: mediation.Want{Kind: mediation.KindVoucher, Amount: ptr(eur("10.00"))},
		Statements: []mediation.Statement{
			{ID: "st_1", Party: fairshops.RoleConsumer, Text: "Ich habe am 10.02. widerrufen.",
				Want: &mediation.Want{Kind: mediation.KindRefund, Amount: ptr(eur("64.80"))}, At: base},
			{ID: "st_2", Party: fairshops.RoleShop, Text: "Keine Ware erhalten.", At: base.Add(time.Hour),
				Facts: map[string]json.RawMessage{"goods_returned_on": json.RawMessage(`"2026-02-14"`)},
				Defences: &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")},
					NotReceivedBack: true, RefundPaidOn: d("2026-02-20"), CureOfferedOn: d("2026-02-08"),
					DefectMinor: true, LimitationInvoked: true}},
		},
		Merged: &mediation.CaseFacts{
			Settled:   map[string]json.RawMessage{"category": json.RawMessage(`"withdrawal"`), "limitation_invoked": json.RawMessage(`true`)},
			Contested: []string{"goods_returned_on", "returned_damaged"},
			Defences:  mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}, DefectMinor: true},
			Admitted:  mediation.Defences{RefundPaidOn: d("2026-02-20")},
			Rechecked: true,
			Facts: precheck.Facts{Category: precheck.Withdrawal, OrderValue: eur("59.90"),
				WithdrawalDeclaredOn: d("2026-02-10")},
			Precheck: precheck.Result{Revision: precheck.Revision, AsOf: d("2026-03-05"), Category: precheck.Withdrawal, Clarity: precheck.Doubtful,
				Findings: []precheck.Finding{{Rule: precheck.RefundOverdue, Favours: precheck.FavoursDoubtful,
					Basis: "BGB §357", Message: precheck.Message{Key: "finding.refund.overdue"},
					Tags: []string{"refund.overdue"}}}},
		},
		ValueWithDefect: ptr(eur("44.93")),
		FileCompleteOn:  d("2026-03-03"),
		Deadline:        mediation.Deadline{Kind: mediation.DeadlineAnswers, Due: d("2026-03-30"), RemindOn: d("2026-03-27"), Reminded: true},
		Draft:           &draft,
		Proposals: []mediation.Proposal{{ID: "mp_1", Number: 1, Draft: draft, SentAt: base.Add(2 * time.Hour),
			AnswersDue:    d("2026-03-30"),
			Answers:       []mediation.Answer{{Party: fairshops.RoleConsumer, Accepted: true, OptionID: "o1", At: base.Add(3 * time.Hour)}},
			RevisionAsked: []fairshops.Role{fairshops.RoleShop}}},
		Settlement: &mediation.Settlement{CaseID: id, ComplaintID: complaintID, ShopID: shopID, ProposalID: "mp_1",
			ProposalNumber: 1, Option: option,
			Acceptances: []mediation.Acceptance{{Party: fairshops.RoleConsumer, At: base.Add(3 * time.Hour)},
				{Party: fairshops.RoleShop, At: base.Add(4 * time.Hour)}},
			SettledAt: base.Add(4 * time.Hour)},
		Obligations: []mediation.Obligation{
			{ID: "ob1", Party: fairshops.RoleConsumer, Action: mediation.ActReturnGoods, Due: d("2026-03-30"),
				GraceEnd: d("2026-04-02"), RemindOn: d("2026-03-27"), Reminded: true, State: mediation.ObligationDone,
				SentAt: base.Add(5 * time.Hour), ReceivedAt: base.Add(6 * time.Hour)},
			{ID: "ob2", Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("32.40")), Instalment: 1,
				Due: d("2026-04-01"), GraceEnd: d("2026-04-07"), RemindOn: d("2026-03-29"), State: mediation.ObligationMissed,
				MissedOn: d("2026-04-08")},
			{ID: "ob3", Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("32.40")), Instalment: 2,
				Due: d("2026-05-01"), GraceEnd: d("2026-05-07"), State: mediation.ObligationDisputed,
				SentAt: base.Add(7 * time.Hour), DisputedOn: d("2026-05-04")},
		},
		ReopenedOn: d("2026-04-08"),
		History: []fairshops.Entry{
			{Seq: 1, At: base, Actor: fairshops.Actor{Role: fairshops.RoleConsumer}, Action: "requested", Prev: "", Hash: "h1"},
			{Seq: 2, At: base.Add(time.Minute), Actor: fairshops.Actor{Role: fairshops.RoleOperator, Name: "Anna"},
				Action: "draft_edited", Detail: "x", Before: `[{"id":"o1"}]`, After: `[]`, Prev: "h1", Hash: "h2"},
		},
		TokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		CreatedAt: base,
		UpdatedAt: base.Add(4 * time.Hour),
	}
}

// active returns a small running case for list, due and concurrency tests.
func active(id, complaintID, shopID string, state mediation.State, due mediation.Deadline) *mediation.Case {
	return &mediation.Case{ID: id, ComplaintID: complaintID, ShopID: shopID, Lang: fairshops.German,
		Mode: fairshops.ShopDiscretion, State: state, RequestedBy: fairshops.RoleShop, RequestedOn: d("2026-03-02"),
		CostBearer: fairshops.RoleShop, DisputeValue: eur("10"), Limit: eur("10"),
		Facts:    precheck.Facts{Category: precheck.Other, OrderValue: eur("10"), OrderDate: d("2026-02-01")},
		Deadline: due, CreatedAt: base, UpdatedAt: base}
}

func event(t *testing.T, typ, caseID, shop string) fairshops.Event {
	t.Helper()
	ev, err := fairshops.NewEvent(typ, caseID, shop, base, mediation.EventData{Case: caseID, Shop: shop})
	require.NoError(t, err)
	return ev
}

// caseDiff compares cases with times as instants (to the microsecond) and
// empty and nil slices alike; decimals compare by value (Decimal.Equal).
func caseDiff(want, got *mediation.Case) string {
	return cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty())
}

func testCreateAndGet(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleCase("m_alpha", "c_alpha", "shop-a")
	ev := event(t, mediation.EventRequested, "m_alpha", "shop-a")
	require.NoError(t, h.Store.Create(ctx, c, []fairshops.Event{ev}))
	require.Equal(t, 1, c.Version, "Create sets version 1 on its argument")

	got, err := h.Store.Get(ctx, "m_alpha")
	require.NoError(t, err)
	want := SampleCase("m_alpha", "c_alpha", "shop-a")
	want.Version = 1
	if diff := caseDiff(want, got); diff != "" {
		t.Fatalf("stored case differs (-want +got):\n%s", diff)
	}
	// Exact figures: the decimals keep their value to the last digit.
	require.Equal(t, "64.80", got.Proposals[0].Draft.Options[0].Amount.Amount.StringFixed(2))
	require.True(t, got.Proposals[0].Draft.Options[1].Percent.Equal(decimal.NewFromInt(20)))
	require.Equal(t, want.NextDue(), got.NextDue())
	events := h.Events()
	require.Len(t, events, 1)
	if diff := cmp.Diff(ev, events[0], cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Fatalf("outbox event differs (-want +got):\n%s", diff)
	}
}

func testOneCasePerComplaint(t *testing.T, h Harness) {
	ctx := context.Background()
	first := active("m_1", "c_same", "shop-a", mediation.Requested, mediation.Deadline{})
	require.NoError(t, h.Store.Create(ctx, first, nil))
	second := active("m_2", "c_same", "shop-a", mediation.Requested, mediation.Deadline{})
	err := h.Store.Create(ctx, second, []fairshops.Event{event(t, mediation.EventRequested, "m_2", "shop-a")})
	require.ErrorIs(t, err, fairshops.ErrConflict, "a complaint has at most one case that is not declined")
	_, err = h.Store.Get(ctx, "m_2")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	require.Empty(t, h.Events())

	first.State, first.Reason = mediation.Declined, mediation.ReasonNotBooked
	require.NoError(t, h.Store.Update(ctx, first, nil))
	require.NoError(t, h.Store.Create(ctx, second, nil), "after a decline a new case may follow")
	third := active("m_3", "c_same", "shop-a", mediation.Open, mediation.Deadline{})
	require.ErrorIs(t, h.Store.Create(ctx, third, nil), fairshops.ErrConflict)
	declined := active("m_4", "c_same", "shop-a", mediation.Declined, mediation.Deadline{})
	require.NoError(t, h.Store.Create(ctx, declined, nil), "declined cases do not count")
}

// testNotFound: what the shared suite does not cover: a complaint without
// cases has none, and that is no error.
func testNotFound(t *testing.T, h Harness) {
	cases, err := h.Store.ByComplaint(context.Background(), "c_nope")
	require.NoError(t, err)
	require.Empty(t, cases)
}
func testUpdateVersions(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.Create(ctx, SampleCase("m_beta", "c_beta", "shop-a"), nil))
	c, err := h.Store.Get(ctx, "m_beta")
	require.NoError(t, err)

	c.State = mediation.Settled
	c.Deadline = mediation.Deadline{}
	c.Statements = append(c.Statements, mediation.Statement{ID: "st_3", Party: fairshops.RoleShop, Text: "Nachtrag",
		At: base.Add(5 * time.Hour)})
	c.UpdatedAt = base.Add(5 * time.Hour)
	require.NoError(t, h.Store.Update(ctx, c, []fairshops.Event{event(t, mediation.EventSettled, "m_beta", "shop-a")}))
	require.Equal(t, 2, c.Version)

	got, err := h.Store.Get(ctx, "m_beta")
	require.NoError(t, err)
	if diff := caseDiff(c, got); diff != "" {
		t.Fatalf("updated case differs (-want +got):\n%s", diff)
	}

	stale := got.Clone()
	stale.Version = 1
	stale.State = mediation.Failed
	err = h.Store.Update(ctx, stale, []fairshops.Event{event(t, mediation.EventFailed, "m_beta", "shop-a")})
	require.ErrorIs(t, err, fairshops.ErrConflict)
	again, err := h.Store.Get(ctx, "m_beta")
	require.NoError(t, err)
	require.Equal(t, mediation.Settled, again.State)
	require.Equal(t, 2, again.Version)
	require.Len(t, h.Events(), 1, "a stale update writes no events")
}

func ids(cases []*mediation.Case) []string {
	out := []string{}
	for _, c := range cases {
		out = append(out, c.ID)
	}
	return out
}

func testList(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, c := range []*mediation.Case{
		active("m_05", "c_05", "shop-a", mediation.Open, mediation.Deadline{}),
		active("m_01", "c_01", "shop-a", mediation.Proposed, mediation.Deadline{}),
		active("m_04", "c_04", "shop-b", mediation.Proposed, mediation.Deadline{}),
		active("m_02", "c_02", "shop-b", mediation.Settled, mediation.Deadline{}),
		active("m_03", "c_03", "shop-a", mediation.Settled, mediation.Deadline{}),
	} {
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	page, err := h.Store.List(ctx, mediation.Filter{Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"m_01", "m_02"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{After: "m_02", Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"m_03", "m_04"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{After: "m_04", Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"m_05"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{After: "m_05"})
	require.NoError(t, err)
	require.Empty(t, page)

	page, err = h.Store.List(ctx, mediation.Filter{ShopID: "shop-a"})
	require.NoError(t, err)
	require.Equal(t, []string{"m_01", "m_03", "m_05"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{States: []mediation.State{mediation.Proposed, mediation.Open}})
	require.NoError(t, err)
	require.Equal(t, []string{"m_01", "m_04", "m_05"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{ShopID: "shop-b", States: []mediation.State{mediation.Settled}})
	require.NoError(t, err)
	require.Equal(t, []string{"m_02"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{ShopID: "shop-a", States: []mediation.State{mediation.Settled}, After: "m_01", Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"m_03"}, ids(page))
	page, err = h.Store.List(ctx, mediation.Filter{ShopID: "shop-none"})
	require.NoError(t, err)
	require.Empty(t, page)
}

func testDue(t *testing.T, h Harness) {
	ctx := context.Background()
	dl := func(kind mediation.DeadlineKind, due, remind string, reminded bool) mediation.Deadline {
		return mediation.Deadline{Kind: kind, Due: d(due), RemindOn: d(remind), Reminded: reminded}
	}
	for _, c := range []*mediation.Case{
		// next due: the reminder date while no reminder went out
		active("m_a", "c_a", "shop-a", mediation.Open, dl(mediation.DeadlineStatements, "2026-03-20", "2026-03-17", false)),
		// next due: the day after the deadline once reminded
		active("m_b", "c_b", "shop-a", mediation.Proposed, dl(mediation.DeadlineAnswers, "2026-03-15", "2026-03-12", true)),
		active("m_c", "c_c", "shop-b", mediation.Requested, dl(mediation.DeadlineDecision, "2026-03-16", "2026-03-13", true)),
		active("m_d", "c_d", "shop-b", mediation.Statements, dl(mediation.DeadlineProposal, "2026-06-01", "2026-05-29", false)),
		// a final state and a case without deadline are never due
		active("m_e", "c_e", "shop-b", mediation.Settled, dl(mediation.DeadlineAnswers, "2026-03-01", "2026-02-26", false)),
		active("m_f", "c_f", "shop-b", mediation.Open, mediation.Deadline{}),
	} {
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	due, err := h.Store.Due(ctx, d("2026-03-16"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_b"}, ids(due), "m_b is due from 03-16 (the day after its deadline)")
	due, err = h.Store.Due(ctx, d("2026-03-17"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_b", "m_a", "m_c"}, ids(due), "ordered by next due date, then ID")
	due, err = h.Store.Due(ctx, d("2026-03-17"), 2)
	require.NoError(t, err)
	require.Equal(t, []string{"m_b", "m_a"}, ids(due))
	due, err = h.Store.Due(ctx, d("2026-03-01"), 10)
	require.NoError(t, err)
	require.Empty(t, due)

	// Once reminded, a case moves to the day after its deadline.
	a, err := h.Store.Get(ctx, "m_a")
	require.NoError(t, err)
	a.Deadline.Reminded = true
	require.NoError(t, h.Store.Update(ctx, a, nil))
	due, err = h.Store.Due(ctx, d("2026-03-17"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_b", "m_c"}, ids(due))
	due, err = h.Store.Due(ctx, d("2026-06-02"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_b", "m_c", "m_a", "m_d"}, ids(due))
}

func testByComplaint(t *testing.T, h Harness) {
	ctx := context.Background()
	older := active("m_z", "c_x", "shop-a", mediation.Declined, mediation.Deadline{})
	older.Reason = mediation.ReasonNotBooked
	newer := active("m_a", "c_x", "shop-a", mediation.Open, mediation.Deadline{})
	newer.CreatedAt = base.Add(time.Hour)
	same := active("m_y", "c_x", "shop-a", mediation.Declined, mediation.Deadline{})
	other := active("m_o", "c_other", "shop-a", mediation.Open, mediation.Deadline{})
	for _, c := range []*mediation.Case{newer, older, same, other} {
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	got, err := h.Store.ByComplaint(ctx, "c_x")
	require.NoError(t, err)
	require.Equal(t, []string{"m_y", "m_z", "m_a"}, ids(got), "by creation time, then ID")
	require.Equal(t, mediation.ReasonNotBooked, got[1].Reason)
}

func testNoAliasing(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleCase("m_delta", "c_delta", "shop-a")
	require.NoError(t, h.Store.Create(ctx, c, nil))
	c.Statements[0].Text = "changed after create"
	c.Proposals[0].Draft.Options[0].Duties[1].Amount.Amount = decimal.NewFromInt(1)
	*c.Facts.BuyerIsConsumer = false
	c.Precheck.Findings[0].Tags[0] = "changed"
	got, err := h.Store.Get(ctx, "m_delta")
	require.NoError(t, err)
	require.Equal(t, "Ich habe am 10.02. widerrufen.", got.Statements[0].Text)
	require.Equal(t, "64.80", got.Proposals[0].Draft.Options[0].Duties[1].Amount.Amount.StringFixed(2))
	require.True(t, *got.Facts.BuyerIsConsumer)
	require.Equal(t, "withdrawal.in_period", got.Precheck.Findings[0].Tags[0])

	got.History[0].Action = "tampered"
	got.Settlement.Acceptances[0].Party = fairshops.RoleShop
	*got.Claim.Amount = eur("1")
	again, err := h.Store.Get(ctx, "m_delta")
	require.NoError(t, err)
	require.Equal(t, "requested", again.History[0].Action)
	require.Equal(t, fairshops.RoleConsumer, again.Settlement.Acceptances[0].Party)
	require.Equal(t, "64.80", again.Claim.Amount.Amount.StringFixed(2))

	list, err := h.Store.List(ctx, mediation.Filter{})
	require.NoError(t, err)
	list[0].Statements[0].Text = "changed in a list"
	byc, err := h.Store.ByComplaint(ctx, "c_delta")
	require.NoError(t, err)
	require.Equal(t, "Ich habe am 10.02. widerrufen.", byc[0].Statements[0].Text)
}

// testCanceled: what the shared suite does not cover (Create, Update, Get
// and List are there): a canceled Due or ByComplaint fails too.
func testCanceled(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, h.Store.Create(context.Background(), active("m_kept", "c_kept", "shop-a", mediation.Open, mediation.Deadline{}), nil))
	_, err := h.Store.Due(ctx, d("2026-03-02"), 10)
	require.Error(t, err)
	_, err = h.Store.ByComplaint(ctx, "c_kept")
	require.Error(t, err)
}
