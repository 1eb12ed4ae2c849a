// Package outboxtest is the conformance suite for a transactional outbox:
// what a Relay needs of it (notify.Source: claim, mark delivered, failed or
// dead) and what operators need (requeue, prune, list). Every adapter that
// keeps an outbox runs it with a harness that opens an empty database:
//
//	func TestOutbox(t *testing.T) {
//		outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
//			db := memory.New()
//			return outboxtest.Harness{Outbox: db.Outbox(), Shops: db.Shops()}
//		})
//	}
//
// Passing it on memory, SQLite and PostgreSQL means a relay behaves the same
// on each: claims oldest first for a lease, at-least-once delivery (an
// unrecorded claim comes back after its lease), disjoint claims between
// concurrent claimers (PostgreSQL's FOR UPDATE SKIP LOCKED, one writer in
// SQLite, a lock in memory), and events only with a change that succeeds.
package outboxtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

// Outbox is the outbox under test: a relay's Source and the operator's
// tools. Dead and List page by position (Entry.Seq, 0 for the start).
type Outbox interface {
	notify.Source
	Requeue(ctx context.Context, id string, now time.Time) error
	Prune(ctx context.Context, before time.Time, limit int) (int, error)
	Dead(ctx context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error)
	List(ctx context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error)
}

// Harness is one empty database: its outbox, and a store of the same
// database whose changes write events to that outbox.
type Harness struct {
	Outbox Outbox
	Shops  fairshops.ShopStore
}

// Run runs the whole suite; newHarness must return an empty database each
// call.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("ClaimLease", func(t *testing.T) { testClaimLease(t, newHarness(t)) })
	t.Run("ClaimInvalid", func(t *testing.T) { testClaimInvalid(t, newHarness(t)) })
	t.Run("ClaimConcurrent", func(t *testing.T) { testClaimConcurrent(t, newHarness(t)) })
	t.Run("MarkDelivered", func(t *testing.T) { testMarkDelivered(t, newHarness(t)) })
	t.Run("MarkFailed", func(t *testing.T) { testMarkFailed(t, newHarness(t)) })
	t.Run("MarkDead", func(t *testing.T) { testMarkDead(t, newHarness(t)) })
	t.Run("Requeue", func(t *testing.T) { testRequeue(t, newHarness(t)) })
	t.Run("Prune", func(t *testing.T) { testPrune(t, newHarness(t)) })
	t.Run("EventsOnlyWithChange", func(t *testing.T) { testEventsOnlyWithChange(t, newHarness(t)) })
}

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// withEvents creates a shop with n events and returns their IDs in order.
func withEvents(t *testing.T, h Harness, shop string, n int) []string {
	t.Helper()
	events := make([]fairshops.Event, n)
	ids := make([]string, n)
	for i := range events {
		ev, err := fairshops.NewEvent(fairshops.EventShopChanged, shop, shop, t0, map[string]int{"n": i})
		require.NoError(t, err)
		events[i], ids[i] = ev, ev.ID
	}
	require.NoError(t, h.Shops.Create(context.Background(), storetest.SampleShop(shop), events))
	return ids
}

func claimedIDs(entries []fairshops.OutboxEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Event.ID)
	}
	return out
}

// Entry returns the entry of the event id in the outbox o, as stored; the
// test fails when there is none. For tests of what a relay records.
func Entry(t testing.TB, o Outbox, id string) fairshops.OutboxEntry {
	t.Helper()
	all, err := o.List(context.Background(), 0, fairshops.MaxLimit)
	require.NoError(t, err)
	for _, e := range all {
		if e.Event.ID == id {
			return e
		}
	}
	t.Fatalf("event %s not in the outbox", id)
	return fairshops.OutboxEntry{}
}

func requireKind(t *testing.T, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "error %v", err)
}

func testClaimLease(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 3)

	a, err := h.Outbox.Claim(ctx, "relay-a", 2, time.Minute, t0)
	require.NoError(t, err)
	require.Equal(t, ids[:2], claimedIDs(a), "oldest first")
	for _, e := range a {
		require.Equal(t, 1, e.Attempts)
		require.Equal(t, "relay-a", e.ClaimedBy)
		require.True(t, e.ClaimedUntil.Equal(t0.Add(time.Minute)))
		require.True(t, e.Pending())
	}

	b, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, t0)
	require.NoError(t, err)
	require.Equal(t, ids[2:], claimedIDs(b), "a claimed event is not claimed again")

	none, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, t0.Add(59*time.Second))
	require.NoError(t, err)
	require.Empty(t, none, "not before the leases end")

	again, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, t0.Add(61*time.Second))
	require.NoError(t, err)
	require.Equal(t, ids, claimedIDs(again), "at least once: after the lease, every unrecorded event comes back")
	for _, e := range again {
		require.Equal(t, 2, e.Attempts)
		require.Equal(t, "relay-b", e.ClaimedBy)
	}
}

func testClaimInvalid(t *testing.T, h Harness) {
	_, err := h.Outbox.Claim(context.Background(), "", 0, 0, t0)
	requireKind(t, err, fairshops.Invalid)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 3, "relay, limit and lease")
}

// testClaimConcurrent lets several claimers drain the outbox at once: every
// event is claimed exactly once while nothing fails and no lease runs out.
func testClaimConcurrent(t *testing.T, h Harness) {
	ids := withEvents(t, h, "s1", 200)
	const claimers = 4
	var mu sync.Mutex
	claims := map[string]int{}
	var wg sync.WaitGroup
	errs := make([]error, claimers)
	for i := range claimers {
		wg.Go(func() {
			relay := fmt.Sprintf("relay-%d", i)
			for {
				got, err := h.Outbox.Claim(context.Background(), relay, 7, time.Hour, t0)
				if err != nil || len(got) == 0 {
					errs[i] = err
					return
				}
				mu.Lock()
				for _, e := range got {
					claims[e.Event.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, claims, len(ids))
	for id, n := range claims {
		require.Equal(t, 1, n, "event %s claimed %d times", id, n)
	}
}

func testMarkDelivered(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 1)
	_, err := h.Outbox.Claim(ctx, "relay-a", 1, time.Minute, t0)
	require.NoError(t, err)

	require.NoError(t, h.Outbox.MarkDelivered(ctx, ids[0], "relay-a", t0.Add(time.Second)))
	e := Entry(t, h.Outbox, ids[0])
	require.False(t, e.Pending())
	require.True(t, e.DeliveredAt.Equal(t0.Add(time.Second)))
	require.Equal(t, "relay-a", e.ClaimedBy)
	require.True(t, e.ClaimedUntil.IsZero())

	later, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Empty(t, later, "a delivered event is never claimed again")

	require.NoError(t, h.Outbox.MarkDelivered(ctx, ids[0], "relay-b", t0.Add(time.Hour)), "idempotent")
	require.True(t, Entry(t, h.Outbox, ids[0]).DeliveredAt.Equal(t0.Add(time.Second)), "the first record stays")

	requireKind(t, h.Outbox.MarkDelivered(ctx, "ev_nope", "relay-a", t0), fairshops.NotFound)
}

func testMarkFailed(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 1)
	_, err := h.Outbox.Claim(ctx, "relay-a", 1, time.Minute, t0)
	require.NoError(t, err)

	requireKind(t, h.Outbox.MarkFailed(ctx, ids[0], "relay-b", errors.New("x"), t0), fairshops.Conflict)
	next := t0.Add(10 * time.Second)
	require.NoError(t, h.Outbox.MarkFailed(ctx, ids[0], "relay-a", errors.New("webhook answered 503"), next))
	e := Entry(t, h.Outbox, ids[0])
	require.Equal(t, 1, e.Attempts)
	require.Equal(t, "webhook answered 503", e.LastError)
	require.True(t, e.NextAttemptAt.Equal(next))
	require.True(t, e.ClaimedUntil.IsZero())
	require.Empty(t, e.ClaimedBy)

	early, err := h.Outbox.Claim(ctx, "relay-b", 1, time.Minute, next.Add(-time.Microsecond))
	require.NoError(t, err)
	require.Empty(t, early, "not before the next attempt is due")
	due, err := h.Outbox.Claim(ctx, "relay-b", 1, time.Minute, next)
	require.NoError(t, err)
	require.Equal(t, ids, claimedIDs(due))
	require.Equal(t, 2, due[0].Attempts)

	requireKind(t, h.Outbox.MarkFailed(ctx, ids[0], "relay-a", errors.New("late"), next), fairshops.Conflict)
	requireKind(t, h.Outbox.MarkFailed(ctx, "ev_nope", "relay-a", nil, next), fairshops.NotFound)
}

func testMarkDead(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 2)
	_, err := h.Outbox.Claim(ctx, "relay-a", 2, time.Minute, t0)
	require.NoError(t, err)

	requireKind(t, h.Outbox.MarkDead(ctx, ids[0], "relay-b", errors.New("x"), t0), fairshops.Conflict)
	require.NoError(t, h.Outbox.MarkDead(ctx, ids[0], "relay-a", errors.New("webhook answered 410"), t0.Add(time.Second)))
	e := Entry(t, h.Outbox, ids[0])
	require.False(t, e.Pending())
	require.True(t, e.DeadAt.Equal(t0.Add(time.Second)))
	require.True(t, e.DeliveredAt.IsZero())
	require.Equal(t, "webhook answered 410", e.LastError)

	later, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, ids[1:], claimedIDs(later), "a dead event is never claimed again")

	requireKind(t, h.Outbox.MarkFailed(ctx, ids[0], "relay-a", errors.New("x"), t0), fairshops.Conflict)
	requireKind(t, h.Outbox.MarkDead(ctx, ids[0], "relay-a", errors.New("x"), t0), fairshops.Conflict)
	requireKind(t, h.Outbox.MarkDead(ctx, "ev_nope", "relay-a", nil, t0), fairshops.NotFound)

	dead, err := h.Outbox.Dead(ctx, 0, 10)
	require.NoError(t, err)
	require.Equal(t, ids[:1], claimedIDs(dead))
	require.NoError(t, h.Outbox.MarkDelivered(ctx, ids[0], "relay-a", t0.Add(time.Hour)), "a late success")
	dead, err = h.Outbox.Dead(ctx, 0, 10)
	require.NoError(t, err)
	require.Empty(t, dead, "delivered after all: nothing to requeue")
}

func testRequeue(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 3)
	_, err := h.Outbox.Claim(ctx, "relay-a", 3, time.Minute, t0)
	require.NoError(t, err)
	require.NoError(t, h.Outbox.MarkDead(ctx, ids[0], "relay-a", errors.New("webhook answered 410"), t0))
	require.NoError(t, h.Outbox.MarkDelivered(ctx, ids[1], "relay-a", t0))

	tests := []struct {
		name string
		id   string
		kind fairshops.Kind
	}{
		{"delivered", ids[1], fairshops.Conflict},
		{"pending (claimed)", ids[2], fairshops.Conflict},
		{"unknown", "ev_nope", fairshops.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { requireKind(t, h.Outbox.Requeue(ctx, tt.id, t0), tt.kind) })
	}

	dead, err := h.Outbox.Dead(ctx, 0, 10)
	require.NoError(t, err)
	require.Equal(t, []string{ids[0]}, claimedIDs(dead), "only the given-up event")
	after, err := h.Outbox.Dead(ctx, dead[0].Seq, 10)
	require.NoError(t, err)
	require.Empty(t, after, "paged by position")

	later := t0.Add(time.Hour)
	require.NoError(t, h.Outbox.Requeue(ctx, ids[0], later))
	dead, err = h.Outbox.Dead(ctx, 0, 10)
	require.NoError(t, err)
	require.Empty(t, dead, "requeued: no longer dead")
	e := Entry(t, h.Outbox, ids[0])
	require.True(t, e.Pending())
	require.Zero(t, e.Attempts)
	require.True(t, e.NextAttemptAt.Equal(later))
	require.Empty(t, e.ClaimedBy)
	require.Equal(t, "webhook answered 410", e.LastError, "kept for the record")

	early, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, later.Add(-time.Second))
	require.NoError(t, err)
	require.Equal(t, []string{ids[2]}, claimedIDs(early), "ids[2]'s lease has run out; ids[0] not before the requeue time")
	again, err := h.Outbox.Claim(ctx, "relay-b", 10, time.Minute, later)
	require.NoError(t, err)
	require.Equal(t, []string{ids[0]}, claimedIDs(again), "claimable again")
	require.Equal(t, 1, again[0].Attempts, "attempts counted from zero")
	requireKind(t, h.Outbox.Requeue(ctx, ids[0], later), fairshops.Conflict)
}

func testPrune(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 6)
	_, err := h.Outbox.Claim(ctx, "relay-a", 6, time.Minute, t0)
	require.NoError(t, err)
	// 0, 1, 3: delivered on day 1, 2, 3; 2: dead on day 1; 4, 5 pending.
	for i, day := range map[int]int{0: 1, 1: 2, 3: 3} {
		require.NoError(t, h.Outbox.MarkDelivered(ctx, ids[i], "relay-a", t0.AddDate(0, 0, day)))
	}
	require.NoError(t, h.Outbox.MarkDead(ctx, ids[2], "relay-a", errors.New("gone"), t0.AddDate(0, 0, 1)))

	_, err = h.Outbox.Prune(ctx, t0, 0)
	requireKind(t, err, fairshops.Invalid)

	remaining := func() []string {
		all, err := h.Outbox.List(ctx, 0, fairshops.MaxLimit)
		require.NoError(t, err)
		return claimedIDs(all)
	}
	n, err := h.Outbox.Prune(ctx, t0.AddDate(0, 0, 1), 10)
	require.NoError(t, err)
	require.Zero(t, n, "delivered before the cut-off only (day 1 is not before day 1)")

	n, err = h.Outbox.Prune(ctx, t0.AddDate(0, 0, 10), 1)
	require.NoError(t, err)
	require.Equal(t, 1, n, "the limit holds")
	require.Equal(t, []string{ids[1], ids[2], ids[3], ids[4], ids[5]}, remaining(), "oldest first")

	n, err = h.Outbox.Prune(ctx, t0.AddDate(0, 0, 10), 10)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	require.Equal(t, []string{ids[2], ids[4], ids[5]}, remaining(), "dead and pending events stay")
}

// testEventsOnlyWithChange: the outbox holds an event exactly when the
// change it came with was written; a refused create or a stale update
// leaves no event behind, and List pages by position.
func testEventsOnlyWithChange(t *testing.T, h Harness) {
	ctx := context.Background()
	ids := withEvents(t, h, "s1", 2)
	ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, "s1", "s1", t0, nil)
	require.NoError(t, err)
	requireKind(t, h.Shops.Create(ctx, storetest.SampleShop("s1"), []fairshops.Event{ev}), fairshops.Conflict)
	stale := storetest.SampleShop("s1")
	stale.Version = 7
	requireKind(t, h.Shops.Update(ctx, stale, []fairshops.Event{ev}), fairshops.Conflict)

	all, err := h.Outbox.List(ctx, 0, fairshops.MaxLimit)
	require.NoError(t, err)
	require.Equal(t, ids, claimedIDs(all), "only the events of the change that was written")
	for _, e := range all {
		require.True(t, e.Pending())
		require.Zero(t, e.Attempts)
	}
	rest, err := h.Outbox.List(ctx, all[0].Seq, 10)
	require.NoError(t, err)
	require.Equal(t, ids[1:], claimedIDs(rest), "paged by position")
	first, err := h.Outbox.List(ctx, 0, 1)
	require.NoError(t, err)
	require.Equal(t, ids[:1], claimedIDs(first), "at most limit entries")
}
