package memory

import (
	"context"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/outbox"
)

// copyEntry returns e with its own copy of the event data.
func copyEntry(e *fairshops.OutboxEntry) fairshops.OutboxEntry {
	c := *e
	c.Event.Data = slices.Clone(e.Event.Data)
	return c
}

// find returns the entry of the event id; the caller holds db.mu.
func (db *DB) find(id string) *fairshops.OutboxEntry {
	for i := range db.outbox {
		if db.outbox[i].Event.ID == id {
			return &db.outbox[i]
		}
	}
	return nil
}

// Claim takes up to limit pending events for relay, oldest first, for the
// lease, as adapters/sql's Outbox.Claim does.
func (o *Outbox) Claim(ctx context.Context, relay string, limit int, lease time.Duration, now time.Time) ([]fairshops.OutboxEntry, error) {
	const op = "memory.Outbox.Claim"
	if err := outbox.CheckClaim(op, relay, limit, lease); err != nil {
		return nil, err
	}
	unlock, err := o.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []fairshops.OutboxEntry
	for i := range o.db.outbox {
		if len(out) == limit {
			break
		}
		e := &o.db.outbox[i]
		if !e.Pending() || e.NextAttemptAt.After(now) || (!e.ClaimedUntil.IsZero() && !e.ClaimedUntil.Before(now)) {
			continue
		}
		e.ClaimedBy, e.ClaimedUntil = relay, now.Add(lease)
		e.Attempts++
		out = append(out, copyEntry(e))
	}
	return out, nil
}

// MarkDelivered records that relay delivered the event at now; idempotent
// (the first record stays); NotFound when there is no such event.
func (o *Outbox) MarkDelivered(ctx context.Context, id, relay string, now time.Time) error {
	return o.change(ctx, "memory.Outbox.MarkDelivered", id, nil, func(e *fairshops.OutboxEntry) {
		if e.DeliveredAt.IsZero() {
			// A late success after a give-up is still a delivery; DeadAt stays.
			e.DeliveredAt, e.ClaimedBy, e.ClaimedUntil = now, relay, time.Time{}
		}
	})
}

// change applies record to the entry of the event id under the DB's lock:
// NotFound when there is no such event, a Conflict for the reason refuse
// gives ("" for none; refuse may be nil).
func (o *Outbox) change(ctx context.Context, op, id string, refuse func(e *fairshops.OutboxEntry) string, record func(e *fairshops.OutboxEntry)) error {
	unlock, err := o.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	e := o.db.find(id)
	if e == nil {
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	if refuse != nil {
		if why := refuse(e); why != "" {
			return fairshops.E(op, fairshops.Conflict, id, why, nil)
		}
	}
	record(e)
	return nil
}

// claimLost refuses to record an outcome for relay when it no longer holds
// the event's claim, or the event was delivered or given up meanwhile.
func claimLost(relay string) func(e *fairshops.OutboxEntry) string {
	return func(e *fairshops.OutboxEntry) string {
		if e.ClaimedBy != relay || !e.Pending() {
			return "claim lost"
		}
		return ""
	}
}

// MarkFailed records that relay failed to deliver the event: the cause, and
// that it may not be claimed again before next.
func (o *Outbox) MarkFailed(ctx context.Context, id, relay string, cause error, next time.Time) error {
	return o.change(ctx, "memory.Outbox.MarkFailed", id, claimLost(relay), func(e *fairshops.OutboxEntry) {
		e.LastError, e.NextAttemptAt = outbox.FailureText(cause), next
		e.ClaimedBy, e.ClaimedUntil = "", time.Time{}
	})
}

// MarkDead records that relay gave the event up at now; it is never claimed
// again, and cause stays as its last error.
func (o *Outbox) MarkDead(ctx context.Context, id, relay string, cause error, now time.Time) error {
	return o.change(ctx, "memory.Outbox.MarkDead", id, claimLost(relay), func(e *fairshops.OutboxEntry) {
		e.LastError, e.DeadAt, e.ClaimedUntil = outbox.FailureText(cause), now, time.Time{}
	})
}

// Requeue puts a dead event back in the queue, claimable from now with its
// attempts counted from zero; Conflict when it is not dead.
func (o *Outbox) Requeue(ctx context.Context, id string, now time.Time) error {
	notDead := func(e *fairshops.OutboxEntry) string {
		if e.DeadAt.IsZero() || !e.DeliveredAt.IsZero() {
			return "not given up"
		}
		return ""
	}
	return o.change(ctx, "memory.Outbox.Requeue", id, notDead, func(e *fairshops.OutboxEntry) {
		e.DeadAt, e.Attempts, e.NextAttemptAt = time.Time{}, 0, now
		e.ClaimedBy, e.ClaimedUntil = "", time.Time{}
	})
}

// Prune deletes up to limit events delivered before before, oldest first,
// and returns how many; pending and dead events stay.
func (o *Outbox) Prune(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		var p fairshops.Problems
		p.Add("limit", fairshops.ReasonTooSmall, 1)
		return 0, p.Err("memory.Outbox.Prune")
	}
	unlock, err := o.db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	o.db.outbox = slices.DeleteFunc(o.db.outbox, func(e fairshops.OutboxEntry) bool {
		if n < limit && !e.DeliveredAt.IsZero() && e.DeliveredAt.Before(before) {
			n++
			return true
		}
		return false
	})
	return n, nil
}

// Dead returns up to limit events that relays gave up and that were not
// delivered after all, after the position after, in write order.
func (o *Outbox) Dead(ctx context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error) {
	return o.page(ctx, after, limit, func(e *fairshops.OutboxEntry) bool { return !e.DeadAt.IsZero() && e.DeliveredAt.IsZero() })
}

// List returns up to limit outbox entries after the position after, in
// write order, delivered or not.
func (o *Outbox) List(ctx context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error) {
	return o.page(ctx, after, limit, func(*fairshops.OutboxEntry) bool { return true })
}

func (o *Outbox) page(ctx context.Context, after int64, limit int, keep func(*fairshops.OutboxEntry) bool) ([]fairshops.OutboxEntry, error) {
	unlock, err := o.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	limit = fairshops.PageLimit(limit)
	var out []fairshops.OutboxEntry
	for i := range o.db.outbox {
		if e := &o.db.outbox[i]; e.Seq > after && keep(e) && len(out) < limit {
			out = append(out, copyEntry(e))
		}
	}
	return out, nil
}
