package notify

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Source is the outbox a Relay drains; *sqlstore.DB (adapters/sql)
// implements it. Claim hands out pending events, oldest first, each to one
// claimer for the lease; the Mark methods record how a delivery ended and
// return a Conflict error when the relay no longer holds the claim (its
// lease ran out and another relay took the event).
type Source interface {
	Claim(ctx context.Context, relayID string, limit int, lease time.Duration, now time.Time) ([]fairshops.OutboxEntry, error)
	MarkDelivered(ctx context.Context, id, relayID string, now time.Time) error
	MarkFailed(ctx context.Context, id, relayID string, cause error, next time.Time) error
	MarkDead(ctx context.Context, id, relayID string, cause error, now time.Time) error
}

// Defaults of a Relay's zero fields.
const (
	DefaultBatch       = 32
	DefaultLease       = 2 * time.Minute
	DefaultInterval    = time.Second
	DefaultBackoffBase = 5 * time.Second
	DefaultBackoffMax  = time.Hour
)

// Relay drains the outbox: it claims pending events, hands each to the
// Notifier, and records the outcome. Delivery is at least once: an event is
// recorded as delivered only after Notify returned nil, so a relay that dies
// in between leaves the event to be claimed again when its lease ends, and
// the receiver sees it twice (receivers drop duplicates by event ID).
//
// A failure is recorded with the time of the next attempt, after an
// exponential backoff with jitter (Backoff); a Permanent failure, or one
// more than MaxAttempts, gives the event up (dead) for an operator to look
// at. Several relays, in one process or many, may drain one outbox side by
// side: claims are disjoint, so nothing is done twice unless a lease runs
// out. One relay delivers its batch one event after the other; run more
// relays (each with its own ID) for more throughput.
//
// Make one with NewRelay; use it through the pointer, from one goroutine
// (Run, or RunOnce in a loop).
type Relay struct {
	RelayConfig

	once sync.Once
	id   string
}

// NewRelay checks the config and returns a Relay (the constructor style of
// every service of the module: a validated Config).
func NewRelay(cfg RelayConfig) (*Relay, error) {
	r := &Relay{RelayConfig: cfg}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

// RelayConfig holds what a Relay needs. Zero fields take the defaults
// above; Source and Notifier are required.
type RelayConfig struct {
	Source   Source
	Notifier Notifier
	// ID names the relay in its claims; a fresh random one when empty.
	ID string
	// Clock tells the time of claims, leases and next attempts
	// (fairshops.SystemClock when nil). Relays that share an outbox need
	// clocks that agree to well within a lease.
	Clock   fairshops.Clock
	Backoff Backoff
	Logger  *slog.Logger // discard when nil; never sees event data
	// Batch is the number of events claimed at once.
	Batch int
	// Lease is how long a claim holds. A delivery that takes longer risks a
	// second delivery by another relay: keep Notify's timeouts well below it.
	Lease time.Duration
	// Interval is how long Run waits when the outbox was found empty.
	Interval time.Duration
	// MaxAttempts gives an event up after this many failed attempts (0: never;
	// retryable failures are retried at the backoff's cap for ever).
	MaxAttempts int
}

// Backoff spaces the attempts of a failing event: the n-th failure waits
// Base·2^(n-1), at most Max, of which a random half is jitter ("equal
// jitter": between half the delay and all of it), so that relays and
// receivers recovering together do not retry in lockstep.
type Backoff struct {
	Base time.Duration // the first delay; DefaultBackoffBase when zero
	Max  time.Duration // the cap; DefaultBackoffMax when zero
	// Rand is the jitter source (math/rand/v2); the runtime's when nil.
	// Tests inject a seeded one. A *rand.Rand is not safe for concurrent
	// use: give each relay its own.
	Rand *rand.Rand
}

// Delay returns the wait after the attempt-th failure (attempt >= 1), in
// whole milliseconds.
func (b Backoff) Delay(attempt int) time.Duration {
	base, limit := b.Base, b.Max
	if base <= 0 {
		base = DefaultBackoffBase
	}
	if limit <= 0 {
		limit = DefaultBackoffMax
	}
	d := min(base, limit)
	for i := 1; i < attempt && d < limit; i++ {
		d = min(2*d, limit) // no overflow: d stays at most limit
	}
	half := d / 2
	var jitter int64
	if b.Rand != nil {
		jitter = b.Rand.Int64N(int64(half) + 1)
	} else {
		jitter = rand.Int64N(int64(half) + 1)
	}
	// Whole milliseconds: the outbox keeps microseconds, logs read better.
	return (d - half + time.Duration(jitter)).Truncate(time.Millisecond)
}

func (r *Relay) check() error {
	var p fairshops.Problems
	if r.Source == nil {
		p.Add("source", fairshops.ReasonRequired)
	}
	if r.Notifier == nil {
		p.Add("notifier", fairshops.ReasonRequired)
	}
	for _, f := range []struct {
		name string
		bad  bool
	}{
		{"batch", r.Batch < 0},
		{"lease", r.Lease < 0},
		{"interval", r.Interval < 0},
		{"max_attempts", r.MaxAttempts < 0},
		{"backoff.base", r.Backoff.Base < 0},
		{"backoff.max", r.Backoff.Max < 0},
	} {
		if f.bad {
			p.Add(f.name, fairshops.ReasonNegative)
		}
	}
	return p.Err("notify.Relay")
}

func (r *Relay) relayID() string {
	r.once.Do(func() {
		r.id = r.ID
		if r.id == "" {
			r.id = fairshops.NewID("relay")
		}
	})
	return r.id
}

func (r *Relay) now() time.Time {
	if r.Clock == nil {
		return time.Now()
	}
	return r.Clock.Now()
}

func (r *Relay) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// RunOnce claims one batch and delivers it. It returns the number of
// events delivered, and an error when the relay is misconfigured, the
// outbox fails, or ctx ends; failed deliveries are recorded, not returned.
func (r *Relay) RunOnce(ctx context.Context) (delivered int, err error) {
	delivered, _, err = r.round(ctx)
	return delivered, err
}

// round is RunOnce that also reports how many events it claimed.
func (r *Relay) round(ctx context.Context) (delivered, claimed int, err error) {
	if err := r.check(); err != nil {
		return 0, 0, err
	}
	id, log := r.relayID(), r.logger()
	entries, err := r.Source.Claim(ctx, id, orDefault(r.Batch, DefaultBatch), orDefault(r.Lease, DefaultLease), r.now())
	if err != nil {
		return 0, 0, err
	}
	for i, e := range entries {
		if err := ctx.Err(); err != nil {
			// The rest stay claimed until their lease ends, then go to
			// whichever relay claims them next.
			return delivered, len(entries), err
		}
		if !r.now().Before(e.ClaimedUntil) {
			log.Warn("relay lease ran out before delivery; leaving the rest of the batch",
				"relay", id, "event", e.Event.ID, "left", len(entries)-i)
			return delivered, len(entries), nil
		}
		nerr := r.Notifier.Notify(ctx, e.Event)
		if nerr != nil && ctx.Err() != nil {
			// Stopped mid-delivery: record nothing, as a crash would.
			return delivered, len(entries), ctx.Err()
		}
		if err := r.record(ctx, e, nerr); err != nil {
			return delivered, len(entries), err
		}
		if nerr == nil {
			delivered++
		}
	}
	return delivered, len(entries), nil
}

// markTimeout bounds the recording of an outcome once ctx has ended.
const markTimeout = 10 * time.Second

// record writes the outcome of one delivery. It does so even when ctx ends
// meanwhile (within markTimeout): a delivery that happened but was not
// recorded would only be sent again.
func (r *Relay) record(ctx context.Context, e fairshops.OutboxEntry, nerr error) error {
	id, log := r.relayID(), r.logger()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	attrs := []any{"relay", id, "event", e.Event.ID, "type", e.Event.Type, "attempt", e.Attempts}
	var err error
	switch {
	case nerr == nil:
		return r.Source.MarkDelivered(ctx, e.Event.ID, id, r.now())
	case IsPermanent(nerr) || (r.MaxAttempts > 0 && e.Attempts >= r.MaxAttempts):
		log.Error("relay gave an event up", append(attrs, "error", nerr)...)
		err = r.Source.MarkDead(ctx, e.Event.ID, id, nerr, r.now())
	default:
		next := r.now().Add(r.Backoff.Delay(e.Attempts))
		log.Warn("relay delivery failed; will retry", append(attrs, "error", nerr, "next", next)...)
		err = r.Source.MarkFailed(ctx, e.Event.ID, id, nerr, next)
	}
	if lostClaim(err) {
		// The event is another relay's now; this one simply moves on.
		log.Warn("relay lost its claim", attrs...)
		return nil
	}
	return err
}

// lostClaim reports whether a Mark call found the claim taken over.
func lostClaim(err error) bool { return errors.Is(err, fairshops.ErrConflict) }

// Run delivers until ctx ends, then returns ctx's error. After a full
// batch it claims again at once; after a short one, or an outbox error
// (logged), it waits Interval.
func (r *Relay) Run(ctx context.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	tick := time.NewTicker(orDefault(r.Interval, DefaultInterval))
	defer tick.Stop()
	batch := orDefault(r.Batch, DefaultBatch)
	for {
		_, claimed, err := r.round(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			r.logger().Error("relay round failed", "relay", r.relayID(), "error", err)
		} else if claimed == batch {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
