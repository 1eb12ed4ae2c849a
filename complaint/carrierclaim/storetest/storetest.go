// Package storetest is the conformance suite of carrierclaim.Store. Every
// adapter runs it with a harness that opens an empty store:
//
//	func TestClaimStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Harness {
//			db := memory.New()
//			return storetest.Harness{Store: db.Claims(), Events: db.Events}
//		})
//	}
//
// The contract of every versioned aggregate runs from
// internal/aggregatetest; the cases here are the claim's own: a round trip
// of every field, one claim per complaint, the list's filters, the due
// timers and the look-up by invitation hash.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/aggregatetest"
)

// Harness is one empty store under test. Events returns every event the
// store wrote to its outbox, in order.
type Harness struct {
	Store  carrierclaim.Store
	Events func() []fairshops.Event
}

// Run runs the whole suite; newHarness must return an empty store each call.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("Aggregate", func(t *testing.T) {
		aggregatetest.Run(t, func(t *testing.T) aggregatetest.Harness[*carrierclaim.Claim] {
			return aggregate(newHarness(t))
		})
	})
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, newHarness(t)) })
	t.Run("OnePerComplaint", func(t *testing.T) { testOnePerComplaint(t, newHarness(t)) })
	t.Run("ListFilter", func(t *testing.T) { testList(t, newHarness(t)) })
	t.Run("Due", func(t *testing.T) { testDue(t, newHarness(t)) })
	t.Run("ByInvite", func(t *testing.T) { testByInvite(t, newHarness(t)) })
}

var base = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func aggregate(h Harness) aggregatetest.Harness[*carrierclaim.Claim] {
	a := aggregatetest.ForStore(h.Store, (*carrierclaim.Claim).Clone,
		func(c *carrierclaim.Claim) (string, *int) { return c.ID, &c.Version })
	a.New = func(id string) *carrierclaim.Claim { return SampleClaim(id, "c-"+id, "shop-a") }
	a.Mutate = func(c *carrierclaim.Claim, n int) *carrierclaim.Claim {
		c.Tracking = fmt.Sprintf("JJD%d", n)
		c.State = carrierclaim.Notified
		c.UpdatedAt = base.Add(time.Duration(n+2) * time.Hour)
		return c
	}
	a.Scribble = func(c *carrierclaim.Claim) {
		c.Amount.Currency = "USD"
		c.Answers[0].Amount.Currency = "USD"
		c.Deadlines[0].Basis = "changed"
		c.History[0].Action = "changed"
		c.Reminded[0] = "changed"
	}
	a.Diff = diff
	a.List = func(ctx context.Context, after string, limit int) ([]*carrierclaim.Claim, error) {
		return h.Store.List(ctx, carrierclaim.Filter{After: after, Limit: limit})
	}
	a.Events = h.Events
	return a
}

func diff(want, got *carrierclaim.Claim) string {
	return cmp.Diff(want, got, cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b fairshops.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b fairshops.Date) bool { return a == b }))
}

// SampleClaim returns a claim (Version 0) with every field set, a valid
// history chain and a timer.
func SampleClaim(id, complaintID, shop string) *carrierclaim.Claim {
	on := fairshops.MustDate("2026-02-26")
	ds, err := carrierclaim.Deadlines(carrierclaim.HiddenDamage, on, fairshops.MustDate("2026-03-02"), false)
	if err != nil {
		panic(err)
	}
	amount := fairshops.MustMoney("89.90", "EUR")
	paid := fairshops.MustMoney("50.00", "EUR")
	c := &carrierclaim.Claim{ID: id, ComplaintID: complaintID, ShopID: shop, Carrier: "Paketblitz",
		CarrierOther: true, Tracking: "JJD 0001-23", Incident: carrierclaim.HiddenDamage, On: on,
		Amount: &amount, Reckless: true, State: carrierclaim.Answered, Deadlines: ds,
		OpenedOn: fairshops.MustDate("2026-03-02"), OpenedInTime: true, NotifiedOn: fairshops.MustDate("2026-03-02"),
		Answers: []carrierclaim.Answer{{Kind: carrierclaim.AnswerPay, Amount: &paid, Reason: "partly",
			By: carrierclaim.RoleCarrier, At: base}},
		Reminded: []carrierclaim.DeadlineKind{carrierclaim.Notice}, NextDue: fairshops.MustDate("2026-03-04"),
		CreatedAt: base, UpdatedAt: base}
	c.History.Append(id, fairshops.PlainEntries, fairshops.Entry{At: base,
		Actor: fairshops.Actor{Role: fairshops.RoleShop, ShopID: shop}, Action: "opened", Detail: "incident hidden_damage"})
	c.History.Append(id, fairshops.PlainEntries, fairshops.Entry{At: base,
		Actor: fairshops.Actor{Role: carrierclaim.RoleCarrier}, Action: "answered", Detail: "pay"})
	return c
}

func ids(list []*carrierclaim.Claim) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

func testRoundTrip(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleClaim("cc_rt", "c_rt", "shop-a")
	c.InviteHash = fairshops.Token("secret").Hash()
	require.NoError(t, h.Store.Create(ctx, c, nil))
	got, err := h.Store.Get(ctx, "cc_rt")
	require.NoError(t, err)
	if d := diff(c, got); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	require.NoError(t, got.History.Verify("test", got.ID, fairshops.PlainEntries))

	// A history that is not only appended to is refused by the SQL stores;
	// an appended one round-trips.
	got.History.Append(got.ID, fairshops.PlainEntries, fairshops.Entry{At: base.Add(time.Hour),
		Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: "reminder", Detail: "limitation due 2027-02-26"})
	got.State = carrierclaim.Paid
	got.NextDue = fairshops.Date{}
	require.NoError(t, h.Store.Update(ctx, got, nil))
	again, err := h.Store.Get(ctx, "cc_rt")
	require.NoError(t, err)
	if d := diff(got, again); d != "" {
		t.Fatalf("round trip after update (-want +got):\n%s", d)
	}
}

func testOnePerComplaint(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.Create(ctx, SampleClaim("cc_1", "c_one", "shop-a"), nil))
	err := h.Store.Create(ctx, SampleClaim("cc_2", "c_one", "shop-a"), []fairshops.Event{})
	require.Error(t, err)
	require.Equal(t, fairshops.Conflict, fairshops.KindOf(err), "%v", err)
	_, err = h.Store.Get(ctx, "cc_2")
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
}

func testList(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, r := range []struct{ id, complaint, shop string }{
		{"cc_a", "c_a", "shop-a"}, {"cc_b", "c_b", "shop-b"}, {"cc_c", "c_c", "shop-a"},
	} {
		require.NoError(t, h.Store.Create(ctx, SampleClaim(r.id, r.complaint, r.shop), nil))
	}
	list := func(f carrierclaim.Filter) []string {
		t.Helper()
		got, err := h.Store.List(ctx, f)
		require.NoError(t, err)
		return ids(got)
	}
	require.Equal(t, []string{"cc_a", "cc_b", "cc_c"}, list(carrierclaim.Filter{}))
	require.Equal(t, []string{"cc_a", "cc_c"}, list(carrierclaim.Filter{ShopID: "shop-a"}))
	require.Equal(t, []string{"cc_c"}, list(carrierclaim.Filter{ShopID: "shop-a", After: "cc_a"}))
	require.Equal(t, []string{"cc_b"}, list(carrierclaim.Filter{ComplaintID: "c_b"}))
	require.Equal(t, []string{}, list(carrierclaim.Filter{ComplaintID: "c_none"}))
	_, err := h.Store.List(ctx, carrierclaim.Filter{After: "cc_nope"})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), "an unknown cursor is Invalid")
}

func testDue(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, r := range []struct{ id, due string }{
		{"cc_d3", "2026-03-09"}, {"cc_d1", "2026-03-07"}, {"cc_d2", "2026-03-09"}, {"cc_d0", ""},
	} {
		c := SampleClaim(r.id, "c-"+r.id, "shop-a")
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
	require.Equal(t, []string{"cc_d1"}, due("2026-03-07", 0))
	require.Equal(t, []string{"cc_d1", "cc_d2", "cc_d3"}, due("2026-03-09", 0), "by day, then ID")
	require.Equal(t, []string{"cc_d1", "cc_d2"}, due("2026-12-31", 2), "limit")
	c, err := h.Store.Get(ctx, "cc_d1")
	require.NoError(t, err)
	c.NextDue = fairshops.Date{}
	require.NoError(t, h.Store.Update(ctx, c, nil))
	require.Equal(t, []string{"cc_d2", "cc_d3"}, due("2026-03-09", 0), "a cleared timer leaves the list")
}

func testByInvite(t *testing.T, h Harness) {
	ctx := context.Background()
	a := SampleClaim("cc_i1", "c_i1", "shop-a")
	a.InviteHash = fairshops.Token("one").Hash()
	require.NoError(t, h.Store.Create(ctx, a, nil))
	require.NoError(t, h.Store.Create(ctx, SampleClaim("cc_i2", "c_i2", "shop-a"), nil))
	got, err := h.Store.ByInvite(ctx, fairshops.Token("one").Hash())
	require.NoError(t, err)
	require.Equal(t, "cc_i1", got.ID)
	for _, hash := range []string{"", fairshops.Token("two").Hash()} {
		_, err = h.Store.ByInvite(ctx, hash)
		require.Equal(t, fairshops.NotFound, fairshops.KindOf(err), "hash %q", hash)
	}
	// A new invitation replaces the old hash: the old one finds nothing.
	got.InviteHash = fairshops.Token("three").Hash()
	require.NoError(t, h.Store.Update(ctx, got, nil))
	_, err = h.Store.ByInvite(ctx, fairshops.Token("one").Hash())
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
	got, err = h.Store.ByInvite(ctx, fairshops.Token("three").Hash())
	require.NoError(t, err)
	require.Equal(t, "cc_i1", got.ID)
}
