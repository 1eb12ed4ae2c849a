// Package storetest is the conformance suite for fairshops.ShopStore. Every
// adapter runs it from its own tests with a harness that opens an empty store:
//
//	func TestShopStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Harness {
//			db := memory.New()
//			return storetest.Harness{Store: db, Events: db.Events}
//		})
//	}
//
// Passing it on memory, SQLite and PostgreSQL means the same tests passed
// three times.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Harness is one empty store under test. Events returns every event the
// store wrote to its outbox, in order.
type Harness struct {
	Store  fairshops.ShopStore
	Events func() []fairshops.Event
}

// Run runs the whole suite; newHarness must return an empty store each call.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newHarness(t)) })
	t.Run("CreateDuplicate", func(t *testing.T) { testCreateDuplicate(t, newHarness(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, newHarness(t)) })
	t.Run("UpdateVersions", func(t *testing.T) { testUpdateVersions(t, newHarness(t)) })
	t.Run("ConcurrentUpdates", func(t *testing.T) { testConcurrentUpdates(t, newHarness(t)) })
	t.Run("ListPaging", func(t *testing.T) { testListPaging(t, newHarness(t)) })
	t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newHarness(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newHarness(t)) })
}

var base = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// SampleShop returns a valid shop with every field set.
func SampleShop(id string) *fairshops.Shop {
	return &fairshops.Shop{
		ID:         id,
		Name:       "Beispiel-Shop " + id,
		Domain:     id + ".example",
		Seal:       fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2027-12-31")},
		Fulfilled:  []string{"must.payment_buyer_protection", "must.hotline_hours"},
		Conditions: []string{"Versand in 2-3 Werktagen", "Rücksendung kostenlos"},
		State:      "BY",
		Bookings: []fairshops.Booking{
			{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Until: fairshops.MustDate("2026-12-31"), Purpose: fairshops.NeededForStandard},
			{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-03-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode},
		},
		CreatedAt: base,
		UpdatedAt: base,
	}
}

func event(t *testing.T, typ, shop string) fairshops.Event {
	t.Helper()
	ev, err := fairshops.NewEvent(typ, shop, shop, base, map[string]string{"shop": shop})
	require.NoError(t, err)
	return ev
}

// shopDiff compares shops with times compared as instants.
func shopDiff(want, got *fairshops.Shop) string {
	return cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty())
}

func testCreateAndGet(t *testing.T, h Harness) {
	ctx := context.Background()
	s := SampleShop("alpha")
	ev := event(t, fairshops.EventShopRegistered, "alpha")
	require.NoError(t, h.Store.CreateShop(ctx, s, []fairshops.Event{ev}))
	require.Equal(t, 1, s.Version, "CreateShop sets version 1 on its argument")

	got, err := h.Store.Shop(ctx, "alpha")
	require.NoError(t, err)
	want := SampleShop("alpha")
	want.Version = 1
	if d := shopDiff(want, got); d != "" {
		t.Fatalf("stored shop differs (-want +got):\n%s", d)
	}
	events := h.Events()
	require.Len(t, events, 1)
	if d := cmp.Diff(ev, events[0], cmpopts.EquateApproxTime(time.Microsecond)); d != "" {
		t.Fatalf("outbox event differs (-want +got):\n%s", d)
	}
}

func testCreateDuplicate(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.CreateShop(ctx, SampleShop("dup"), nil))
	other := SampleShop("dup")
	other.Name = "Someone else"
	err := h.Store.CreateShop(ctx, other, []fairshops.Event{event(t, fairshops.EventShopRegistered, "dup")})
	require.ErrorIs(t, err, fairshops.ErrConflict)
	got, err := h.Store.Shop(ctx, "dup")
	require.NoError(t, err)
	require.Equal(t, "Beispiel-Shop dup", got.Name, "a clash must not overwrite")
	require.Empty(t, h.Events(), "a failed create writes no events")
}

func testNotFound(t *testing.T, h Harness) {
	ctx := context.Background()
	_, err := h.Store.Shop(ctx, "nope")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	s := SampleShop("nope")
	s.Version = 1
	require.ErrorIs(t, h.Store.UpdateShop(ctx, s, nil), fairshops.ErrNotFound)
}

func testUpdateVersions(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.CreateShop(ctx, SampleShop("beta"), nil))
	s, err := h.Store.Shop(ctx, "beta")
	require.NoError(t, err)

	s.Name = "Beta neu"
	s.Fulfilled = append(s.Fulfilled, "must.refund_in_time")
	s.UpdatedAt = base.Add(time.Hour)
	require.NoError(t, h.Store.UpdateShop(ctx, s, []fairshops.Event{event(t, fairshops.EventShopChanged, "beta")}))
	require.Equal(t, 2, s.Version)

	got, err := h.Store.Shop(ctx, "beta")
	require.NoError(t, err)
	if d := shopDiff(s, got); d != "" {
		t.Fatalf("updated shop differs (-want +got):\n%s", d)
	}

	stale := got.Clone()
	stale.Version = 1
	stale.Name = "stale write"
	err = h.Store.UpdateShop(ctx, stale, []fairshops.Event{event(t, fairshops.EventShopChanged, "beta")})
	require.ErrorIs(t, err, fairshops.ErrConflict)
	again, err := h.Store.Shop(ctx, "beta")
	require.NoError(t, err)
	require.Equal(t, "Beta neu", again.Name)
	require.Equal(t, 2, again.Version)
	require.Len(t, h.Events(), 1, "a stale update writes no events")
}

func testConcurrentUpdates(t *testing.T, h Harness) {
	ctx := context.Background()
	require.NoError(t, h.Store.CreateShop(ctx, SampleShop("gamma"), nil))
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := SampleShop("gamma")
			s.Version = 1
			s.Name = fmt.Sprintf("writer %d", i)
			errs[i] = h.Store.UpdateShop(ctx, s, []fairshops.Event{event(t, fairshops.EventShopChanged, "gamma")})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case errors.Is(err, fairshops.ErrConflict):
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	require.Equal(t, 1, wins, "exactly one writer wins, the others get a conflict")
	got, err := h.Store.Shop(ctx, "gamma")
	require.NoError(t, err)
	require.Equal(t, 2, got.Version)
	require.Len(t, h.Events(), 1, "only the winner's event is written")
}

func testListPaging(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, id := range []string{"s05", "s01", "s04", "s02", "s03"} {
		require.NoError(t, h.Store.CreateShop(ctx, SampleShop(id), nil))
	}
	page, err := h.Store.ListShops(ctx, fairshops.ShopFilter{Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"s01", "s02"}, ids(page))
	page, err = h.Store.ListShops(ctx, fairshops.ShopFilter{After: "s02", Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"s03", "s04"}, ids(page))
	page, err = h.Store.ListShops(ctx, fairshops.ShopFilter{After: "s04", Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"s05"}, ids(page))
	page, err = h.Store.ListShops(ctx, fairshops.ShopFilter{After: "s05"})
	require.NoError(t, err)
	require.Empty(t, page)
	all, err := h.Store.ListShops(ctx, fairshops.ShopFilter{})
	require.NoError(t, err)
	require.Len(t, all, 5)
}

func ids(shops []*fairshops.Shop) []string {
	out := []string{}
	for _, s := range shops {
		out = append(out, s.ID)
	}
	return out
}

func testNoAliasing(t *testing.T, h Harness) {
	ctx := context.Background()
	s := SampleShop("delta")
	require.NoError(t, h.Store.CreateShop(ctx, s, nil))
	s.Fulfilled[0] = "changed.after.create"
	s.Bookings[0].Purpose = fairshops.ExtraTrust
	got, err := h.Store.Shop(ctx, "delta")
	require.NoError(t, err)
	require.Equal(t, "must.payment_buyer_protection", got.Fulfilled[0])
	got.Bookings[0].Module = fairshops.Themenportal
	again, err := h.Store.Shop(ctx, "delta")
	require.NoError(t, err)
	require.Equal(t, fairshops.Beschwerdeservice, again.Bookings[0].Module)
	require.Equal(t, fairshops.NeededForStandard, again.Bookings[0].Purpose)
}

func testCanceled(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.Error(t, h.Store.CreateShop(ctx, SampleShop("eps"), nil))
	_, err := h.Store.Shop(context.Background(), "eps")
	require.ErrorIs(t, err, fairshops.ErrNotFound, "a canceled create stores nothing")
}
