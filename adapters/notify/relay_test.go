package notify_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/adapters/notify/outboxtest"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

var relayT0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// newRelay is notify.NewRelay for a config that must be valid.
func newRelay(t *testing.T, cfg notify.RelayConfig) *notify.Relay {
	t.Helper()
	r, err := notify.NewRelay(cfg)
	require.NoError(t, err)
	return r
}

// backend is one database a relay drains: its outbox and a store whose
// changes write events to it.
type backend struct {
	outbox outboxtest.Outbox
	shops  fairshops.ShopStore
}

// target opens an empty backend of one kind.
type target struct {
	name string
	open func(t *testing.T) backend
}

// targets are the SQL targets (SQLite, PostgreSQL when configured) and,
// last, the memory adapter: a Relay runs the same on each.
func targets() []target {
	var out []target
	for _, tg := range sqltest.Targets() {
		out = append(out, target{tg.Name, func(t *testing.T) backend {
			db := tg.Open(t)
			return backend{outbox: db.Outbox(), shops: db.Shops()}
		}})
	}
	return append(out, target{"memory", func(*testing.T) backend {
		db := memory.New()
		return backend{outbox: db.Outbox(), shops: db.Shops()}
	}})
}

func TestBackoffDelay(t *testing.T) {
	tests := []struct {
		name    string
		backoff notify.Backoff
		attempt int
		full    time.Duration // the delay before jitter; the result lies in [full/2, full]
	}{
		{name: "first", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 1, full: time.Second},
		{name: "second doubles", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 2, full: 2 * time.Second},
		{name: "sixth", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 6, full: 32 * time.Second},
		{name: "capped", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 7, full: time.Minute},
		{name: "far beyond the cap", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 10000, full: time.Minute},
		{name: "zero attempt counts as first", backoff: notify.Backoff{Base: time.Second, Max: time.Minute}, attempt: 0, full: time.Second},
		{name: "defaults", attempt: 1, full: notify.DefaultBackoffBase},
		{name: "default cap", attempt: 100, full: notify.DefaultBackoffMax},
		{name: "base above max", backoff: notify.Backoff{Base: time.Hour, Max: time.Minute}, attempt: 1, full: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.backoff
			b.Rand = rand.New(rand.NewPCG(1, 2))
			seen := map[time.Duration]bool{}
			for range 200 {
				d := b.Delay(tt.attempt)
				require.GreaterOrEqual(t, d, tt.full-tt.full/2)
				require.LessOrEqual(t, d, tt.full)
				seen[d] = true
			}
			require.Greater(t, len(seen), 1, "the jitter varies")
		})
	}
	// The same seed gives the same delays.
	a := notify.Backoff{Base: time.Second, Max: time.Minute, Rand: rand.New(rand.NewPCG(7, 7))}
	b := notify.Backoff{Base: time.Second, Max: time.Minute, Rand: rand.New(rand.NewPCG(7, 7))}
	for n := 1; n < 10; n++ {
		require.Equal(t, a.Delay(n), b.Delay(n))
	}
	// Without an injected source the runtime's is used.
	d := notify.Backoff{Base: time.Second}.Delay(1)
	require.True(t, d >= time.Second/2 && d <= time.Second)
}

// recorder is a Notifier that counts deliveries per event ID and fails as
// told.
type recorder struct {
	mu    sync.Mutex
	got   map[string]int
	order []string
	fail  func(ev fairshops.Event, n int) error // n: this event's delivery count so far
}

func newRecorder() *recorder { return &recorder{got: map[string]int{}} }

func (r *recorder) Notify(_ context.Context, ev fairshops.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(ev, r.got[ev.ID]); err != nil {
			return err
		}
	}
	r.got[ev.ID]++
	r.order = append(r.order, ev.ID)
	return nil
}

func (r *recorder) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got[id]
}

// seed writes a shop with n events and returns their IDs.
func seed(t *testing.T, db backend, n int) []string {
	t.Helper()
	events := make([]fairshops.Event, n)
	ids := make([]string, n)
	for i := range events {
		ev, err := fairshops.NewEvent(fairshops.EventShopChanged, "s1", "s1", relayT0, map[string]int{"n": i})
		require.NoError(t, err)
		events[i], ids[i] = ev, ev.ID
	}
	require.NoError(t, db.shops.Create(context.Background(), storetest.SampleShop("s1"), events))
	return ids
}

func pending(t *testing.T, db backend) int {
	t.Helper()
	all, err := db.outbox.List(context.Background(), 0, fairshops.MaxLimit)
	require.NoError(t, err)
	n := 0
	for _, e := range all {
		if e.Pending() {
			n++
		}
	}
	return n
}

func TestRelayDelivers(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ids := seed(t, db, 5)
			rec := newRecorder()
			clock := fairshops.NewManualClock(relayT0)
			r := newRelay(t, notify.RelayConfig{Source: db.outbox, Notifier: rec, ID: "relay-a", Clock: clock})
			n, err := r.RunOnce(context.Background())
			require.NoError(t, err)
			require.Equal(t, 5, n)
			require.Equal(t, ids, rec.order, "in write order")
			for _, id := range ids {
				e := outboxtest.Entry(t, db.outbox, id)
				require.False(t, e.Pending())
				require.Equal(t, "relay-a", e.ClaimedBy)
				require.True(t, e.DeliveredAt.Equal(relayT0))
			}
			clock.Advance(time.Hour)
			n, err = r.RunOnce(context.Background())
			require.NoError(t, err)
			require.Zero(t, n, "nothing is delivered twice")
		})
	}
}

func TestRelayBackoffAfterFailure(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ids := seed(t, db, 1)
			ctx := context.Background()
			rec := newRecorder()
			failures := 0
			rec.fail = func(fairshops.Event, int) error {
				if failures < 2 {
					failures++
					return fmt.Errorf("receiver down (%d)", failures)
				}
				return nil
			}
			clock := fairshops.NewManualClock(relayT0)
			backoff := notify.Backoff{Base: 10 * time.Second, Max: time.Minute, Rand: rand.New(rand.NewPCG(3, 4))}
			twin := notify.Backoff{Base: 10 * time.Second, Max: time.Minute, Rand: rand.New(rand.NewPCG(3, 4))}
			r := newRelay(t, notify.RelayConfig{Source: db.outbox, Notifier: rec, ID: "relay-a", Clock: clock, Backoff: backoff})

			for attempt := 1; attempt <= 2; attempt++ {
				n, err := r.RunOnce(ctx)
				require.NoError(t, err, "a failed delivery is recorded, not returned")
				require.Zero(t, n)
				e := outboxtest.Entry(t, db.outbox, ids[0])
				require.Equal(t, attempt, e.Attempts)
				require.Equal(t, fmt.Sprintf("receiver down (%d)", attempt), e.LastError)
				want := clock.Now().Add(twin.Delay(attempt))
				require.True(t, e.NextAttemptAt.Equal(want), "next attempt %v, want %v", e.NextAttemptAt, want)
				require.True(t, e.Pending())

				clock.Set(want.Add(-time.Millisecond))
				n, err = r.RunOnce(ctx)
				require.NoError(t, err)
				require.Zero(t, n, "not before the backoff has passed")
				require.Equal(t, attempt, outboxtest.Entry(t, db.outbox, ids[0]).Attempts)
				clock.Set(want)
			}
			n, err := r.RunOnce(ctx)
			require.NoError(t, err)
			require.Equal(t, 1, n)
			e := outboxtest.Entry(t, db.outbox, ids[0])
			require.Equal(t, 3, e.Attempts)
			require.False(t, e.Pending())
		})
	}
}

func TestRelayGivesUp(t *testing.T) {
	tests := []struct {
		name        string
		fail        error
		maxAttempts int
		runs        int // RunOnce calls, an hour apart
		attempts    int // attempts recorded when it gives up
	}{
		{name: "permanent failure", fail: notify.Permanent(errors.New("410 gone")), runs: 1, attempts: 1},
		{name: "too many attempts", fail: errors.New("503"), maxAttempts: 3, runs: 5, attempts: 3},
	}
	for _, tg := range targets()[:2] {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				db := tg.open(t)
				ids := seed(t, db, 1)
				rec := newRecorder()
				rec.fail = func(fairshops.Event, int) error { return tt.fail }
				clock := fairshops.NewManualClock(relayT0)
				r := newRelay(t, notify.RelayConfig{Source: db.outbox, Notifier: rec, Clock: clock, MaxAttempts: tt.maxAttempts,
					Backoff: notify.Backoff{Base: time.Second, Max: time.Minute}})
				for range tt.runs {
					_, err := r.RunOnce(context.Background())
					require.NoError(t, err)
					clock.Advance(time.Hour)
				}
				e := outboxtest.Entry(t, db.outbox, ids[0])
				require.False(t, e.Pending())
				require.False(t, e.DeadAt.IsZero(), "given up")
				require.True(t, e.DeliveredAt.IsZero())
				require.Equal(t, tt.attempts, e.Attempts)
				require.Contains(t, e.LastError, tt.fail.Error())
			})
		}
	}
}

// TestRelayLease: while relay A holds its claims, relay B gets nothing; a
// relay that dies mid-delivery (the receiver got the event, the delivery
// was never recorded) leaves the event to the next relay once the lease
// ends: delivered twice, which receivers absorb by event ID.
func TestRelayLease(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ids := seed(t, db, 3)
			rec := newRecorder()
			clock := fairshops.NewManualClock(relayT0)
			const lease = time.Minute
			b := newRelay(t, notify.RelayConfig{Source: db.outbox, Notifier: rec, ID: "relay-b", Clock: clock, Lease: lease})

			var bDuring int
			var bErr error
			a := newRelay(t, notify.RelayConfig{ID: "relay-a", Clock: clock, Lease: lease,
				Source: crashingSource{db.outbox}, // relay A dies between delivering and recording
				Notifier: notify.NotifierFunc(func(ctx context.Context, ev fairshops.Event) error {
					bDuring, bErr = b.RunOnce(ctx) // B runs while A holds the batch
					return rec.Notify(ctx, ev)
				})})
			n, err := a.RunOnce(context.Background())
			require.ErrorIs(t, err, errCrash)
			require.Zero(t, n)
			require.Equal(t, 1, rec.count(ids[0]), "the receiver got the first event")
			require.NoError(t, bErr)
			require.Zero(t, bDuring, "claimed events are not claimed again by another relay")
			require.Equal(t, 3, pending(t, db))

			clock.Advance(lease - time.Second)
			n, err = b.RunOnce(context.Background())
			require.NoError(t, err)
			require.Zero(t, n, "not before the lease ends")

			clock.Advance(2 * time.Second)
			n, err = b.RunOnce(context.Background())
			require.NoError(t, err)
			require.Equal(t, 3, n)
			require.Equal(t, 2, rec.count(ids[0]), "the event A's receiver already had comes again")
			require.Equal(t, 1, rec.count(ids[1]))
			require.Zero(t, pending(t, db))
			e := outboxtest.Entry(t, db.outbox, ids[0])
			require.Equal(t, "relay-b", e.ClaimedBy)
			require.Equal(t, 2, e.Attempts)
		})
	}
}

var errCrash = errors.New("relay process died")

// crashingSource stands for a relay process that dies after the receiver
// got an event and before the delivery is recorded.
type crashingSource struct{ notify.Source }

func (crashingSource) MarkDelivered(context.Context, string, string, time.Time) error {
	return errCrash
}

// countingSource cancels a context once n deliveries are recorded.
type countingSource struct {
	notify.Source
	mu     sync.Mutex
	marked int
	n      int
	done   context.CancelFunc
}

func (s *countingSource) MarkDelivered(ctx context.Context, id, relay string, now time.Time) error {
	if err := s.Source.MarkDelivered(ctx, id, relay, now); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marked++
	if s.marked == s.n {
		s.done()
	}
	return nil
}

// TestRelaysSideBySide runs three relays at once on one outbox: when
// nothing fails, every event is delivered exactly once.
func TestRelaysSideBySide(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			const events = 300
			ids := seed(t, db, events)
			rec := newRecorder()
			// The deadline turns a relay that never finishes into a failure
			// instead of a hung test; the counting source ends the run.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			src := &countingSource{Source: db.outbox, n: events, done: cancel}
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for i := range errs {
				r := newRelay(t, notify.RelayConfig{Source: src, Notifier: rec, ID: fmt.Sprintf("relay-%d", i), Batch: 10,
					Interval: 10 * time.Millisecond})
				wg.Go(func() { errs[i] = r.Run(ctx) })
			}
			wg.Wait()
			for _, err := range errs {
				require.ErrorIs(t, err, context.Canceled, "Run returns when its context ends (not at the deadline)")
			}
			for _, id := range ids {
				require.Equal(t, 1, rec.count(id), "event %s", id)
			}
			require.Zero(t, pending(t, db))
		})
	}
}

func TestRelayInvalid(t *testing.T) {
	_, err := notify.NewRelay(notify.RelayConfig{Batch: -1, Lease: -time.Second})
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	require.Equal(t, []string{"source", "notifier", "batch", "lease"}, fields)
	var zero notify.Relay // not made by NewRelay: Run checks again
	require.ErrorIs(t, zero.Run(context.Background()), fairshops.ErrInvalid)
}

// TestRelayOutboxError: an outbox that fails stops the round with its error.
func TestRelayOutboxError(t *testing.T) {
	db := sqltest.SQLite(t)
	seed(t, backend{outbox: db.Outbox(), shops: db.Shops()}, 1)
	require.NoError(t, db.Close())
	r := newRelay(t, notify.RelayConfig{Source: db.Outbox(), Notifier: newRecorder()})
	_, err := r.RunOnce(context.Background())
	require.ErrorIs(t, err, sqlstore.ErrClosed)
}
