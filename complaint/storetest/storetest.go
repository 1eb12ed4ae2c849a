// Package storetest is the conformance suite for complaint.Store. Every
// adapter runs it from its own tests with a harness that opens an empty
// store:
//
//	func TestComplaintStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Harness {
//			db := memory.New()
//			return storetest.Harness{Store: db.Complaints(), Events: db.Events}
//		})
//	}
//
// Passing it on memory, SQLite and PostgreSQL means the same tests passed
// three times: round trips of every field, versions and conflicts (also
// under concurrent writers), list order, filters and paging, due timers,
// copies in and out, events only with a change, and canceled contexts.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/aggregatetest"
)

// Harness is one empty store under test. Events returns every event the
// store wrote to its outbox, in order.
type Harness struct {
	Store  complaint.Store
	Events func() []fairshops.Event
	// Overviews is the overview store of the same database; the overview
	// cases are skipped when it is nil.
	Overviews complaint.OverviewStore
	// Shops, when set, is the shop store beside Store: Search matches the
	// names of its shops (the search case creates shops there).
	Shops fairshops.ShopStore
}

// Run runs the whole suite; newHarness must return an empty store each call.
// The contract every versioned aggregate's store keeps (create, duplicate,
// not found, versions, concurrent writers, no aliasing, cancellation,
// paging) runs from internal/aggregatetest; the cases here are the
// complaint's own.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("Aggregate", func(t *testing.T) {
		aggregatetest.Run(t, func(t *testing.T) aggregatetest.Harness[*complaint.Complaint] {
			h := newHarness(t)
			return aggregate(h)
		})
	})
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newHarness(t)) })
	t.Run("UpdateVersions", func(t *testing.T) { testUpdateVersions(t, newHarness(t)) })
	t.Run("ListFilterAndPaging", func(t *testing.T) { testList(t, newHarness(t)) })
	t.Run("Due", func(t *testing.T) { testDue(t, newHarness(t)) })
	t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newHarness(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newHarness(t)) })
	t.Run("Rechecks", func(t *testing.T) { testRechecks(t, newHarness(t)) })
	t.Run("ByEmail", func(t *testing.T) { testByEmail(t, newHarness(t)) })
	t.Run("ByReference", func(t *testing.T) { testByReference(t, newHarness(t)) })
	t.Run("Overviews", func(t *testing.T) {
		h := newHarness(t)
		if h.Overviews == nil {
			t.Skip("no overview store")
		}
		testOverviews(t, h)
	})
	t.Run("Search", func(t *testing.T) { testSearch(t, newHarness(t)) })
	t.Run("SearchFollowsUpdates", func(t *testing.T) { testSearchUpdates(t, newHarness(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, newHarness(t)) })
	t.Run("Erase", func(t *testing.T) { RunErase(t, newHarness) })
	t.Run("DueForErasure", func(t *testing.T) { testDueForErasure(t, newHarness(t)) })
	t.Run("PausedClock", func(t *testing.T) { testPausedClock(t, newHarness(t)) })
	t.Run("Reviews", func(t *testing.T) { testReviews(t, newHarness(t)) })
	t.Run("PausedStats", func(t *testing.T) { testPausedStats(t, newHarness(t)) })
	t.Run("StatsFollowWrites", func(t *testing.T) { testStatsFollowWrites(t, newHarness(t)) })
}

// testRechecks: recorded re-checks (a result beside the filed one, with
// its changes) survive an Update and a Get unchanged, and are copied.
func testRechecks(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleComplaint("c_recheck", "shop-a")
	c.Precheck.Revision = 0 // filed under revision 1
	require.NoError(t, h.Store.Create(ctx, c, nil))
	got, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	require.Empty(t, got.Rechecks)
	require.Equal(t, precheck.RevisionOne, got.Precheck.RulesRevision())

	after := c.Precheck
	after.Revision = precheck.Revision
	after.Clarity = precheck.Clear
	after.Findings = []precheck.Finding{{Rule: "withdrawal.expired", Favours: precheck.FavoursDoubtful,
		Basis: "BGB §355(2)", Message: precheck.Message{Key: "rule.withdrawal.expired", Args: []string{"2026-01-20", "2026-01-28"}},
		Tags: []string{"withdrawal.expired", "withdrawal"}}}
	got.Rechecks = append(got.Rechecks, complaint.RecheckRecord{At: base.Add(3 * time.Hour), By: "Olga", Notified: true,
		Result: after, Changes: precheck.Diff(got.Precheck, after)})
	require.NoError(t, h.Store.Update(ctx, got, nil))
	want := got.Clone()
	got.Rechecks[0].Result.Findings[0].Message.Args[0] = "changed"
	got.Rechecks[0].Changes.Findings[0].After.Basis = "changed"
	again, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	if d := diff(want, again); d != "" {
		t.Fatalf("re-checked complaint differs (-want +got):\n%s", d)
	}
	require.Equal(t, precheck.RevisionOne, again.Precheck.RulesRevision(), "the filed result stays as it was")
	require.Len(t, again.Rechecks[0].Changes.Findings, 2)
}

// aggregate adapts a complaint store to the shared contract suite.
func aggregate(h Harness) aggregatetest.Harness[*complaint.Complaint] {
	a := aggregatetest.ForStore(h.Store, (*complaint.Complaint).Clone,
		func(c *complaint.Complaint) (string, *int) { return c.ID, &c.Version })
	a.New = func(id string) *complaint.Complaint { return SampleComplaint(id, "shop-a") }
	a.Mutate = func(c *complaint.Complaint, n int) *complaint.Complaint {
		c.OrderRef = fmt.Sprintf("writer %d", n)
		c.State = complaint.Answered
		c.UpdatedAt = base.Add(time.Duration(n+2) * time.Hour)
		return c
	}
	a.Scribble = func(c *complaint.Complaint) {
		c.Messages[0].Body = "changed"
		c.History[0].Action = "changed"
		c.Precheck.Findings[0].Tags[0] = "changed"
		*c.Facts.BuyerIsConsumer = false
		c.Facts.DeliveryCost.Currency = "USD"
	}
	a.Diff = func(want, got *complaint.Complaint) string { return diff(want, got) }
	a.List = func(ctx context.Context, after string, limit int) ([]*complaint.Complaint, error) {
		return h.Store.List(ctx, complaint.Filter{After: after, Limit: limit})
	}
	a.Events = h.Events
	return a
}

// base is the creation time of SampleComplaint, to the microsecond as the
// Service writes times.
var base = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func ptr[T any](v T) *T { return &v }

// SampleComplaint returns a forwarded complaint (Version 0) about shop with
// every field set, a two-message thread and a valid history chain.
func SampleComplaint(id, shop string) *complaint.Complaint {
	eur := fairshops.Currency("EUR")
	c := &complaint.Complaint{
		ID:     id,
		ShopID: shop,
		Lang:   fairshops.English,
		Facts: precheck.Facts{
			Category:                  precheck.Withdrawal,
			BuyerIsConsumer:           ptr(true),
			OrderDate:                 fairshops.MustDate("2026-01-10"),
			DeliveryDate:              fairshops.MustDate("2026-01-14"),
			PromisedDeliveryDate:      fairshops.MustDate("2026-01-13"),
			OrderValue:                fairshops.MustMoney("89.90", eur),
			DeliveryCost:              ptr(fairshops.MustMoney("4.95", eur)),
			ContactedShopOn:           fairshops.MustDate("2026-02-01"),
			WithdrawalDeclaredOn:      fairshops.MustDate("2026-01-20"),
			InformedAboutWithdrawal:   ptr(false),
			GoodsReturnedOn:           fairshops.MustDate("2026-01-22"),
			RefundReceived:            true,
			DefectNoticedOn:           fairshops.MustDate("2026-01-15"),
			DamagedInTransit:          true,
			CureRequestedOn:           fairshops.MustDate("2026-01-16"),
			AdditionalDeadlineUntil:   fairshops.MustDate("2026-02-16"),
			WithdrawalException:       precheck.SealedHygiene,
			DataRequestOn:             fairshops.MustDate("2026-01-25"),
			DataRequestAnswered:       true,
			WithdrawalFunctionMissing: true,
			ShopRejectedLateNotice:    true,
			DesiredResolution:         precheck.WantRefund,
			Description:               "Ware zurückgeschickt,\nGeld fehlt noch. Preis < 100 €",
			AsOf:                      fairshops.MustDate("2026-03-02"),
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org", Phone: "+49 30 123456"},
		OrderRef: "A-10023",
		State:    complaint.Forwarded,
		Precheck: precheck.Result{Revision: precheck.Revision,
			AsOf:     fairshops.MustDate("2026-03-02"),
			Category: precheck.Withdrawal,
			Clarity:  precheck.Doubtful,
			Findings: []precheck.Finding{{
				Rule:    "withdrawal.in_period",
				Favours: precheck.FavoursConsumer,
				Basis:   "BGB §355(1), (2), §356(2) no. 1",
				Message: precheck.Message{Key: "rule.withdrawal.in_period", Args: []string{"2026-01-28"}},
				Tags:    []string{"withdrawal.in_period", "withdrawal"},
			}},
			MissingFacts:       []string{"delivery_date"},
			StandardViolations: []string{"must.refund_in_time"},
			Tips:               []precheck.Message{{Key: "tip.keep_proof_of_dispatch"}},
		},
		ForwardedOn:    fairshops.MustDate("2026-03-02"),
		AnswerDue:      fairshops.MustDate("2026-03-09"),
		ReminderOn:     fairshops.MustDate("2026-03-07"),
		Reminded:       true,
		DeadlineMissed: true,
		NextDue:        fairshops.MustDate("2026-03-10"),
		AssignedTo:     "olga",
		Messages: []complaint.Message{
			{ID: "m_1", Author: fairshops.RoleConsumer, Body: "Hallo,\n\tbitte erstatten.", At: base.Add(time.Minute)},
			{ID: "m_2", Author: fairshops.RoleShop, Body: "Wir prüfen das.", At: base.Add(time.Hour)},
		},
		Reference: "KS-" + id, // unique per ID; stores do not check the format
		TokenHash: fairshops.Token("sample-token-" + id).Hash(),
		CreatedAt: base,
		UpdatedAt: base.Add(time.Hour),
	}
	for i, e := range []fairshops.Entry{
		{At: base, Actor: fairshops.Actor{Role: fairshops.RoleConsumer}, Action: "submitted", Detail: "category withdrawal"},
		{At: base, Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: "checked", Detail: "clarity doubtful"},
		{At: base.Add(time.Minute), Actor: fairshops.Actor{Role: fairshops.RoleOperator, Name: "Olga"}, Action: "forwarded"},
		{At: base.Add(time.Hour), Actor: fairshops.Actor{Role: fairshops.RoleShop, ShopID: shop}, Action: "message_added", Detail: "m_2"},
	} {
		e.Seq = i + 1
		if i > 0 {
			e.Prev = c.History[i-1].Hash
		}
		e.Hash = e.Digest(id, fairshops.PlainEntries)
		c.History = append(c.History, e)
	}
	return c
}

func event(t *testing.T, typ string, c *complaint.Complaint) fairshops.Event {
	t.Helper()
	ev, err := fairshops.NewEvent(typ, c.ID, c.ShopID, base, complaint.EventData{Complaint: c.ID, Shop: c.ShopID, State: c.State})
	require.NoError(t, err)
	return ev
}

// diff compares complaints; times compare as instants (time.Time.Equal),
// and an empty slice equals a nil one.
func diff(want, got any) string { return cmp.Diff(want, got, cmpopts.EquateEmpty()) }

func kindIs(t *testing.T, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "error %v", err)
}

func testCreateAndGet(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleComplaint("c_alpha", "shop-a")
	ev := event(t, complaint.EventSubmitted, c)
	require.NoError(t, h.Store.Create(ctx, c, []fairshops.Event{ev}))
	require.Equal(t, 1, c.Version, "Create sets version 1 on its argument")

	got, err := h.Store.Get(ctx, "c_alpha")
	require.NoError(t, err)
	want := SampleComplaint("c_alpha", "shop-a")
	want.Version = 1
	if d := diff(want, got); d != "" {
		t.Fatalf("stored complaint differs (-want +got):\n%s", d)
	}
	require.NoError(t, complaint.VerifyHistory(got.ID, got.History), "the history chain survives the round trip")

	events := h.Events()
	require.Len(t, events, 1)
	if d := cmp.Diff(ev, events[0]); d != "" {
		t.Fatalf("outbox event differs (-want +got):\n%s", d)
	}

	// Zero values round-trip as zero values.
	bare := &complaint.Complaint{ID: "c_bare", ShopID: "shop-a", State: complaint.Submitted, CreatedAt: base, UpdatedAt: base}
	require.NoError(t, h.Store.Create(ctx, bare, nil))
	got, err = h.Store.Get(ctx, "c_bare")
	require.NoError(t, err)
	wantBare := &complaint.Complaint{ID: "c_bare", ShopID: "shop-a", State: complaint.Submitted, Version: 1, CreatedAt: base, UpdatedAt: base}
	if d := diff(wantBare, got); d != "" {
		t.Fatalf("bare complaint differs (-want +got):\n%s", d)
	}
	require.Len(t, h.Events(), 1, "a create without events writes none")
}

func testUpdateVersions(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.Create(ctx, SampleComplaint("c_beta", "shop-a"), nil))
	c, err := h.Store.Get(ctx, "c_beta")
	require.NoError(t, err)

	c.State = complaint.Answered
	c.NextDue = fairshops.Date{}
	c.Messages = append(c.Messages, complaint.Message{ID: "m_3", Author: fairshops.RoleShop, Body: "Erstattet.", At: base.Add(2 * time.Hour)})
	c.UpdatedAt = base.Add(2 * time.Hour)
	c.CreatedAt = base.Add(time.Hour) // CreatedAt keeps its stored value
	ev := event(t, complaint.EventAnswered, c)
	require.NoError(t, h.Store.Update(ctx, c, []fairshops.Event{ev}))
	require.Equal(t, 2, c.Version, "Update sets the new version on its argument")

	got, err := h.Store.Get(ctx, "c_beta")
	require.NoError(t, err)
	want := c.Clone()
	want.CreatedAt = base
	if d := diff(want, got); d != "" {
		t.Fatalf("updated complaint differs (-want +got):\n%s", d)
	}

	stale := got.Clone()
	stale.Version = 1
	stale.State = complaint.Withdrawn
	kindIs(t, h.Store.Update(ctx, stale, []fairshops.Event{event(t, complaint.EventWithdrawn, stale)}), fairshops.Conflict)
	require.Equal(t, 1, stale.Version, "a failed update leaves the argument's version")
	again, err := h.Store.Get(ctx, "c_beta")
	require.NoError(t, err)
	require.Equal(t, complaint.Answered, again.State)
	require.Equal(t, 2, again.Version)
	events := h.Events()
	require.Len(t, events, 1, "a stale update writes no events")
	require.Equal(t, ev.ID, events[0].ID)
}

func ids(list []*complaint.Complaint) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

func testList(t *testing.T, h Harness) {
	ctx := context.Background()
	// Created at t0+minutes; c_3 and c_2 share a time, so the ID decides.
	rows := []struct {
		id, shop  string
		minute    int
		state     complaint.State
		forwarded bool
	}{
		{"c_5", "shop-a", 5, complaint.Answered, true},
		{"c_1", "shop-a", 1, complaint.Forwarded, true},
		{"c_3", "shop-b", 2, complaint.Checked, false},
		{"c_2", "shop-a", 2, complaint.Resolved, true},
		{"c_4", "shop-a", 4, complaint.Checked, false},
		{"c_0", "shop-b", 0, complaint.Forwarded, true},
	}
	for _, r := range rows {
		c := SampleComplaint(r.id, r.shop)
		c.State = r.state
		c.CreatedAt = base.Add(time.Duration(r.minute) * time.Minute)
		if !r.forwarded {
			c.ForwardedOn = fairshops.Date{}
		}
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	list := func(f complaint.Filter) []string {
		t.Helper()
		got, err := h.Store.List(ctx, f)
		require.NoError(t, err)
		return ids(got)
	}
	for _, tc := range []struct {
		name string
		f    complaint.Filter
		want []string
	}{
		{"all in order of creation, then ID", complaint.Filter{}, []string{"c_0", "c_1", "c_2", "c_3", "c_4", "c_5"}},
		{"one shop", complaint.Filter{ShopID: "shop-a"}, []string{"c_1", "c_2", "c_4", "c_5"}},
		{"states", complaint.Filter{States: []complaint.State{complaint.Forwarded, complaint.Answered}}, []string{"c_0", "c_1", "c_5"}},
		{"shop and state", complaint.Filter{ShopID: "shop-b", States: []complaint.State{complaint.Checked}}, []string{"c_3"}},
		{"forwarded only", complaint.Filter{ShopID: "shop-a", Forwarded: true}, []string{"c_1", "c_2", "c_5"}},
		{"no match", complaint.Filter{ShopID: "shop-z"}, []string{}},
		{"first page", complaint.Filter{Limit: 2}, []string{"c_0", "c_1"}},
		{"second page", complaint.Filter{After: "c_1", Limit: 2}, []string{"c_2", "c_3"}},
		{"cursor at a shared time", complaint.Filter{After: "c_2", Limit: 2}, []string{"c_3", "c_4"}},
		{"last page", complaint.Filter{After: "c_4", Limit: 2}, []string{"c_5"}},
		{"after the end", complaint.Filter{After: "c_5"}, []string{}},
		{"cursor from another shop", complaint.Filter{ShopID: "shop-a", After: "c_3"}, []string{"c_4", "c_5"}},
		{"filtered pages", complaint.Filter{ShopID: "shop-a", After: "c_2", Limit: 1}, []string{"c_4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, list(tc.f)); d != "" {
				t.Fatalf("list differs (-want +got):\n%s", d)
			}
		})
	}
	_, err := h.Store.List(ctx, complaint.Filter{After: "c_unknown"})
	kindIs(t, err, fairshops.Invalid)

	// A page walk with the default limit visits every complaint once, and a
	// limit above fairshops.MaxLimit is capped.
	for i := range fairshops.DefaultLimit + 3 {
		c := SampleComplaint(fmt.Sprintf("c_x%03d", i), "shop-c")
		c.CreatedAt = base.Add(time.Hour)
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	first := list(complaint.Filter{ShopID: "shop-c"})
	require.Len(t, first, fairshops.DefaultLimit)
	rest := list(complaint.Filter{ShopID: "shop-c", After: first[len(first)-1], Limit: fairshops.MaxLimit + 1})
	require.Len(t, rest, 3)
	require.Equal(t, fmt.Sprintf("c_x%03d", fairshops.DefaultLimit+2), rest[len(rest)-1], "the walk ends with the last complaint")
}

func testDue(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, r := range []struct{ id, due string }{
		{"c_d3", "2026-03-09"},
		{"c_d1", "2026-03-07"},
		{"c_d2", "2026-03-09"},
		{"c_d4", "2026-03-10"},
		{"c_d0", ""},
	} {
		c := SampleComplaint(r.id, "shop-a")
		c.NextDue = fairshops.Date{}
		if r.due != "" {
			c.NextDue = fairshops.MustDate(r.due)
		}
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	due := func(on string, limit int) []string {
		t.Helper()
		got, err := h.Store.Due(ctx, fairshops.MustDate(on), limit)
		require.NoError(t, err)
		return ids(got)
	}
	require.Equal(t, []string{}, due("2026-03-06", 0), "nothing is due before its day")
	require.Equal(t, []string{"c_d1"}, due("2026-03-07", 0), "due on its day")
	require.Equal(t, []string{"c_d1", "c_d2", "c_d3"}, due("2026-03-09", 0), "by day, then ID")
	require.Equal(t, []string{"c_d1", "c_d2"}, due("2026-12-31", 2), "limit")
	require.Equal(t, []string{"c_d1", "c_d2", "c_d3", "c_d4"}, due("2026-12-31", 0), "never the complaint without a timer")

	// An update that clears the timer takes the complaint off the list.
	c, err := h.Store.Get(ctx, "c_d1")
	require.NoError(t, err)
	c.NextDue = fairshops.Date{}
	require.NoError(t, h.Store.Update(ctx, c, nil))
	require.Equal(t, []string{"c_d2", "c_d3"}, due("2026-03-09", 0))
}

func testNoAliasing(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleComplaint("c_delta", "shop-a")
	require.NoError(t, h.Store.Create(ctx, c, nil))
	// Changing the argument after Create changes nothing stored.
	c.Messages[0].Body = "changed"
	c.History[0].Action = "changed"
	c.Precheck.Findings[0].Tags[0] = "changed"
	c.Precheck.Findings[0].Message.Args[0] = "changed"
	c.Precheck.Tips[0].Key = "changed"
	c.Precheck.MissingFacts[0] = "changed"
	c.Precheck.StandardViolations[0] = "changed"
	*c.Facts.BuyerIsConsumer = false
	*c.Facts.InformedAboutWithdrawal = true
	c.Facts.DeliveryCost.Currency = "USD"

	want := SampleComplaint("c_delta", "shop-a")
	want.Version = 1
	got, err := h.Store.Get(ctx, "c_delta")
	require.NoError(t, err)
	if d := diff(want, got); d != "" {
		t.Fatalf("the store shares memory with the created complaint (-want +got):\n%s", d)
	}
	// Changing what Get returned changes nothing stored either.
	got.Messages[1].Body = "changed"
	got.Precheck.Findings[0].Tags[1] = "changed"
	*got.Facts.BuyerIsConsumer = false
	again, err := h.Store.Get(ctx, "c_delta")
	require.NoError(t, err)
	if d := diff(want, again); d != "" {
		t.Fatalf("the store shares memory with a returned complaint (-want +got):\n%s", d)
	}
	// Nor does changing the argument after Update, or a listed complaint.
	again.OrderRef = "B-1"
	require.NoError(t, h.Store.Update(ctx, again, nil))
	again.Messages[0].Body = "changed"
	listed, err := h.Store.List(ctx, complaint.Filter{})
	require.NoError(t, err)
	require.Len(t, listed, 1)
	require.Equal(t, want.Messages[0].Body, listed[0].Messages[0].Body)
	listed[0].History[0].Detail = "changed"
	due, err := h.Store.Due(ctx, fairshops.MustDate("2026-12-31"), 0)
	require.NoError(t, err)
	require.Len(t, due, 1)
	require.Equal(t, want.History[0].Detail, due[0].History[0].Detail)
}

// testCanceled: what the shared suite does not cover (Create, Update, Get
// and List are there): a canceled Due fails too.
func testCanceled(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, h.Store.Create(context.Background(), SampleComplaint("c_eps", "shop-a"), nil))
	_, err := h.Store.Due(ctx, fairshops.MustDate("2026-12-31"), 0)
	require.Error(t, err)
}
