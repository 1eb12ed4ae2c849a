package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// withEvents creates a shop with n events and returns their IDs in order.
func withEvents(t *testing.T, db *sqlstore.DB, shop string, n int) []string {
	t.Helper()
	events := make([]fairshops.Event, n)
	ids := make([]string, n)
	for i := range events {
		ev, err := fairshops.NewEvent(fairshops.EventShopChanged, shop, shop, t0, map[string]int{"n": i})
		require.NoError(t, err)
		events[i], ids[i] = ev, ev.ID
	}
	require.NoError(t, db.Shops().Create(context.Background(), storetest.SampleShop(shop), events))
	return ids
}

func claimedIDs(entries []sqlstore.OutboxEvent) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Event.ID)
	}
	return out
}

func entry(t *testing.T, db *sqlstore.DB, id string) sqlstore.OutboxEvent {
	t.Helper()
	all, err := db.Outbox().List(context.Background(), 0, fairshops.MaxLimit)
	require.NoError(t, err)
	for _, e := range all {
		if e.Event.ID == id {
			return e
		}
	}
	t.Fatalf("event %s not in the outbox", id)
	return sqlstore.OutboxEvent{}
}

func TestClaimLease(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 3)

			a, err := db.Outbox().Claim(ctx, "relay-a", 2, time.Minute, t0)
			require.NoError(t, err)
			require.Equal(t, ids[:2], claimedIDs(a), "oldest first")
			for _, e := range a {
				require.Equal(t, 1, e.Attempts)
				require.Equal(t, "relay-a", e.ClaimedBy)
				require.True(t, e.ClaimedUntil.Equal(t0.Add(time.Minute)))
				require.True(t, e.Pending())
			}

			b, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, t0)
			require.NoError(t, err)
			require.Equal(t, ids[2:], claimedIDs(b), "a claimed event is not claimed again")

			none, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, t0.Add(59*time.Second))
			require.NoError(t, err)
			require.Empty(t, none, "not before the leases end")

			again, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, t0.Add(61*time.Second))
			require.NoError(t, err)
			require.Equal(t, ids, claimedIDs(again), "after the lease, every unrecorded event comes back")
			for _, e := range again {
				require.Equal(t, 2, e.Attempts)
				require.Equal(t, "relay-b", e.ClaimedBy)
			}
		})
	}
}

func TestMarkDelivered(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 1)
			_, err := db.Outbox().Claim(ctx, "relay-a", 1, time.Minute, t0)
			require.NoError(t, err)

			require.NoError(t, db.Outbox().MarkDelivered(ctx, ids[0], "relay-a", t0.Add(time.Second)))
			e := entry(t, db, ids[0])
			require.False(t, e.Pending())
			require.True(t, e.DeliveredAt.Equal(t0.Add(time.Second)))
			require.Equal(t, "relay-a", e.ClaimedBy)
			require.True(t, e.ClaimedUntil.IsZero())

			later, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, t0.Add(time.Hour))
			require.NoError(t, err)
			require.Empty(t, later, "a delivered event is never claimed again")

			require.NoError(t, db.Outbox().MarkDelivered(ctx, ids[0], "relay-b", t0.Add(time.Hour)), "idempotent")
			require.True(t, entry(t, db, ids[0]).DeliveredAt.Equal(t0.Add(time.Second)), "the first record stays")

			requireKind(t, db.Outbox().MarkDelivered(ctx, "ev_nope", "relay-a", t0), fairshops.NotFound, nil)
		})
	}
}

func TestMarkFailed(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 1)
			_, err := db.Outbox().Claim(ctx, "relay-a", 1, time.Minute, t0)
			require.NoError(t, err)

			requireKind(t, db.Outbox().MarkFailed(ctx, ids[0], "relay-b", errors.New("x"), t0), fairshops.Conflict, nil)
			next := t0.Add(10 * time.Second)
			require.NoError(t, db.Outbox().MarkFailed(ctx, ids[0], "relay-a", errors.New("webhook answered 503"), next))
			e := entry(t, db, ids[0])
			require.Equal(t, 1, e.Attempts)
			require.Equal(t, "webhook answered 503", e.LastError)
			require.True(t, e.NextAttemptAt.Equal(next))
			require.True(t, e.ClaimedUntil.IsZero())
			require.Empty(t, e.ClaimedBy)

			early, err := db.Outbox().Claim(ctx, "relay-b", 1, time.Minute, next.Add(-time.Microsecond))
			require.NoError(t, err)
			require.Empty(t, early, "not before the next attempt is due")
			due, err := db.Outbox().Claim(ctx, "relay-b", 1, time.Minute, next)
			require.NoError(t, err)
			require.Equal(t, ids, claimedIDs(due))
			require.Equal(t, 2, due[0].Attempts)

			requireKind(t, db.Outbox().MarkFailed(ctx, ids[0], "relay-a", errors.New("late"), next), fairshops.Conflict, nil)
			requireKind(t, db.Outbox().MarkFailed(ctx, "ev_nope", "relay-a", nil, next), fairshops.NotFound, nil)
		})
	}
}

func TestClaimInvalid(t *testing.T) {
	db := sqltest.SQLite(t)
	_, err := db.Outbox().Claim(context.Background(), "", 0, 0, t0)
	requireKind(t, err, fairshops.Invalid, nil)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 3, "relay, limit and lease")
}

// TestClaimConcurrent lets several claimers drain the outbox at once: every
// event is claimed exactly once while nothing fails and no lease runs out.
func TestClaimConcurrent(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ids := withEvents(t, db, "s1", 200)
			const claimers = 4
			var mu sync.Mutex
			claims := map[string]int{}
			var wg sync.WaitGroup
			errs := make([]error, claimers)
			for i := range claimers {
				wg.Go(func() {
					relay := fmt.Sprintf("relay-%d", i)
					for {
						got, err := db.Outbox().Claim(context.Background(), relay, 7, time.Hour, t0)
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
		})
	}
}

func TestMarkDead(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 2)
			_, err := db.Outbox().Claim(ctx, "relay-a", 2, time.Minute, t0)
			require.NoError(t, err)

			requireKind(t, db.Outbox().MarkDead(ctx, ids[0], "relay-b", errors.New("x"), t0), fairshops.Conflict, nil)
			require.NoError(t, db.Outbox().MarkDead(ctx, ids[0], "relay-a", errors.New("webhook answered 410"), t0.Add(time.Second)))
			e := entry(t, db, ids[0])
			require.False(t, e.Pending())
			require.True(t, e.DeadAt.Equal(t0.Add(time.Second)))
			require.True(t, e.DeliveredAt.IsZero())
			require.Equal(t, "webhook answered 410", e.LastError)

			later, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, t0.Add(time.Hour))
			require.NoError(t, err)
			require.Equal(t, ids[1:], claimedIDs(later), "a dead event is never claimed again")

			requireKind(t, db.Outbox().MarkFailed(ctx, ids[0], "relay-a", errors.New("x"), t0), fairshops.Conflict, nil)
			requireKind(t, db.Outbox().MarkDead(ctx, ids[0], "relay-a", errors.New("x"), t0), fairshops.Conflict, nil)
			requireKind(t, db.Outbox().MarkDead(ctx, "ev_nope", "relay-a", nil, t0), fairshops.NotFound, nil)

			dead, err := db.Outbox().Dead(ctx, 0, 10)
			require.NoError(t, err)
			require.Equal(t, ids[:1], claimedIDs(dead))
			require.NoError(t, db.Outbox().MarkDelivered(ctx, ids[0], "relay-a", t0.Add(time.Hour)), "a late success")
			dead, err = db.Outbox().Dead(ctx, 0, 10)
			require.NoError(t, err)
			require.Empty(t, dead, "delivered after all: nothing to requeue")
		})
	}
}

func TestRequeue(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 3)
			_, err := db.Outbox().Claim(ctx, "relay-a", 3, time.Minute, t0)
			require.NoError(t, err)
			require.NoError(t, db.Outbox().MarkDead(ctx, ids[0], "relay-a", errors.New("webhook answered 410"), t0))
			require.NoError(t, db.Outbox().MarkDelivered(ctx, ids[1], "relay-a", t0))

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
				requireKind(t, db.Outbox().Requeue(ctx, tt.id, t0), tt.kind, nil)
			}

			dead, err := db.Outbox().Dead(ctx, 0, 10)
			require.NoError(t, err)
			require.Equal(t, []string{ids[0]}, claimedIDs(dead), "only the given-up event")
			after, err := db.Outbox().Dead(ctx, dead[0].Seq, 10)
			require.NoError(t, err)
			require.Empty(t, after, "paged by position")

			later := t0.Add(time.Hour)
			require.NoError(t, db.Outbox().Requeue(ctx, ids[0], later))
			dead, err = db.Outbox().Dead(ctx, 0, 10)
			require.NoError(t, err)
			require.Empty(t, dead, "requeued: no longer dead")
			e := entry(t, db, ids[0])
			require.True(t, e.Pending())
			require.Zero(t, e.Attempts)
			require.True(t, e.NextAttemptAt.Equal(later))
			require.Empty(t, e.ClaimedBy)
			require.Equal(t, "webhook answered 410", e.LastError, "kept for the record")

			early, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, later.Add(-time.Second))
			require.NoError(t, err)
			require.Equal(t, []string{ids[2]}, claimedIDs(early), "ids[2]'s lease has run out; ids[0] not before the requeue time")
			again, err := db.Outbox().Claim(ctx, "relay-b", 10, time.Minute, later)
			require.NoError(t, err)
			require.Equal(t, []string{ids[0]}, claimedIDs(again), "claimable again")
			require.Equal(t, 1, again[0].Attempts, "attempts counted from zero")
			requireKind(t, db.Outbox().Requeue(ctx, ids[0], later), fairshops.Conflict, nil)
		})
	}
}

func TestPruneOutbox(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ids := withEvents(t, db, "s1", 6)
			_, err := db.Outbox().Claim(ctx, "relay-a", 6, time.Minute, t0)
			require.NoError(t, err)
			// 0, 1, 3: delivered on day 1, 2, 3; 2: dead on day 1; 4, 5 pending.
			for i, day := range map[int]int{0: 1, 1: 2, 3: 3} {
				require.NoError(t, db.Outbox().MarkDelivered(ctx, ids[i], "relay-a", t0.AddDate(0, 0, day)))
			}
			require.NoError(t, db.Outbox().MarkDead(ctx, ids[2], "relay-a", errors.New("gone"), t0.AddDate(0, 0, 1)))

			_, err = db.Outbox().Prune(ctx, t0, 0)
			requireKind(t, err, fairshops.Invalid, nil)

			remaining := func() []string {
				all, err := db.Outbox().List(ctx, 0, fairshops.MaxLimit)
				require.NoError(t, err)
				return claimedIDs(all)
			}
			n, err := db.Outbox().Prune(ctx, t0.AddDate(0, 0, 1), 10)
			require.NoError(t, err)
			require.Zero(t, n, "delivered before the cut-off only (day 1 is not before day 1)")

			n, err = db.Outbox().Prune(ctx, t0.AddDate(0, 0, 10), 1)
			require.NoError(t, err)
			require.Equal(t, 1, n, "the limit holds")
			require.Equal(t, []string{ids[1], ids[2], ids[3], ids[4], ids[5]}, remaining(), "oldest first")

			n, err = db.Outbox().Prune(ctx, t0.AddDate(0, 0, 10), 10)
			require.NoError(t, err)
			require.Equal(t, 2, n)
			require.Equal(t, []string{ids[2], ids[4], ids[5]}, remaining(), "dead and pending events stay")
		})
	}
}
