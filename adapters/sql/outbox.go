package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/outbox"
)

// OutboxEvent is an event in the outbox with its delivery bookkeeping: the
// shared contract fairshops.OutboxEntry under the name this store has
// always used for it.
type OutboxEvent = fairshops.OutboxEntry

// insertEvents writes events to the outbox inside the caller's unit of
// work, so they exist exactly when the state change does: one statement
// for all of them. An event ID that exists is a Conflict.
func insertEvents(ctx context.Context, tx *txn, events []fairshops.Event) error {
	err := tx.execAll(ctx, eventsInsert(tx.d, events))
	if uniqueViolation(err) {
		return fairshops.E("sqlstore.outbox", fairshops.Conflict, "", "an event ID exists", err)
	}
	return err
}

// eventsInsert is the statement that writes events to the outbox (none
// for no events), for stores that send it with others (txn.execAll).
func eventsInsert(d *dialect, events []fairshops.Event) statement {
	if len(events) == 0 {
		return statement{}
	}
	args := make([]any, 0, 7*len(events))
	for _, ev := range events {
		var data any
		if ev.Data != nil {
			data = string(ev.Data)
		}
		args = append(args, ev.ID, ev.Type, ev.Subject, ev.ShopID, ev.Recipient, d.timeArg(ev.At), data)
	}
	return statement{`INSERT INTO outbox (id, type, subject, shop_id, recipient, occurred_at, data) VALUES ` +
		valuesRows(len(events), 7), args}
}

const entryColumns = `seq, id, type, subject, shop_id, recipient, occurred_at, data,
	attempts, claimed_by, claimed_until, next_attempt_at, delivered_at, dead_at, last_error`

func scanEntry(row scanner) (fairshops.OutboxEntry, error) {
	var e fairshops.OutboxEntry
	err := row.Scan(&e.Seq, &e.Event.ID, &e.Event.Type, &e.Event.Subject, &e.Event.ShopID, &e.Event.Recipient,
		timeCol{&e.Event.At}, bytesCol{(*[]byte)(&e.Event.Data)}, &e.Attempts, nullString{&e.ClaimedBy},
		timeCol{&e.ClaimedUntil}, timeCol{&e.NextAttemptAt}, timeCol{&e.DeliveredAt}, timeCol{&e.DeadAt},
		nullString{&e.LastError})
	return e, err
}

// Claim takes up to limit pending events for relay, in write order, for
// the lease: an event is pending when it is neither delivered nor dead, its
// next attempt is due at now, and no unexpired claim holds it. Each claim counts
// as an attempt. Concurrent claimers get disjoint events (PostgreSQL: FOR
// UPDATE SKIP LOCKED; SQLite: one writer at a time), so relays side by side
// do no double work; an event comes back only after its lease ends
// unrecorded (a relay that died mid-delivery), which makes delivery
// at-least-once.
func (o *Outbox) Claim(ctx context.Context, relay string, limit int, lease time.Duration, now time.Time) ([]OutboxEvent, error) {
	db := o.db
	const op = "sqlstore.Outbox.Claim"
	if err := outbox.CheckClaim(op, relay, limit, lease); err != nil {
		return nil, err
	}
	var out []OutboxEvent
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		out = out[:0]
		rows, err := tx.query(ctx, db.d.claim, db.d.claimArgs(relay, now.Add(lease), now, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap(op, relay, err)
	}
	// RETURNING gives no order; hand them out in write order.
	slices.SortFunc(out, func(a, b OutboxEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// MarkDelivered records that relay delivered the event at now. It is
// idempotent: an event already recorded as delivered (by this relay or one
// that claimed it after a lease ran out) stays as it was. NotFound when
// there is no such event.
func (o *Outbox) MarkDelivered(ctx context.Context, id, relay string, now time.Time) error {
	db := o.db
	const op = "sqlstore.Outbox.MarkDelivered"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		// A late success after a give-up is still a delivery: dead_at stays
		// as a record, delivered_at wins.
		res, err := tx.exec(ctx, `UPDATE outbox SET delivered_at = ?, claimed_by = ?, claimed_until = NULL
			WHERE id = ? AND delivered_at IS NULL`, db.d.timeArg(now), relay, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return eventExists(ctx, tx, op, id)
	})
	return wrap(op, id, err)
}

// MarkFailed records that relay failed to deliver the event: the cause,
// and that it may not be claimed again before next. Conflict when relay no
// longer holds the claim (another relay took the event after the lease ran
// out, or it was delivered or given up); NotFound when there is no such
// event.
func (o *Outbox) MarkFailed(ctx context.Context, id, relay string, cause error, next time.Time) error {
	db := o.db
	const op = "sqlstore.Outbox.MarkFailed"
	return db.updateEvent(ctx, op, id, "claim lost", `UPDATE outbox SET last_error = ?, next_attempt_at = ?,
		claimed_until = NULL, claimed_by = NULL
		WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL AND dead_at IS NULL`, outbox.FailureText(cause), db.d.timeArg(next), id, relay)
}

// MarkDead records that relay gave the event up at now because no retry
// can deliver it (a permanent failure, or too many attempts): it is never
// claimed again, and cause stays as its last error for operators.
// Conflict when relay no longer holds the claim; NotFound when there is no
// such event.
func (o *Outbox) MarkDead(ctx context.Context, id, relay string, cause error, now time.Time) error {
	db := o.db
	const op = "sqlstore.Outbox.MarkDead"
	return db.updateEvent(ctx, op, id, "claim lost", `UPDATE outbox SET last_error = ?, dead_at = ?, claimed_until = NULL
		WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL AND dead_at IS NULL`, outbox.FailureText(cause), db.d.timeArg(now), id, relay)
}

// updateEvent runs q, an UPDATE of the event id whose WHERE clause holds
// the state the change needs, in a write of its own: NotFound when there
// is no such event, Conflict (why) when it is not in that state.
func (db *DB) updateEvent(ctx context.Context, op, id, why, q string, args ...any) error {
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		if err := eventExists(ctx, tx, op, id); err != nil {
			return err
		}
		return fairshops.E(op, fairshops.Conflict, id, why, nil)
	})
	return wrap(op, id, err)
}

func eventExists(ctx context.Context, tx *txn, op, id string) error {
	var one int
	err := tx.queryRow(ctx, `SELECT 1 FROM outbox WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return err
}

// Requeue puts an event that a relay gave up (dead) back in the queue, for
// an operator who fixed the cause (a receiver's URL, a mail address): it
// is claimable again from now, with its attempts counted from zero; its
// last error stays until the next failure replaces it. NotFound when there
// is no such event; Conflict when it is not dead (still pending, or
// delivered).
func (o *Outbox) Requeue(ctx context.Context, id string, now time.Time) error {
	db := o.db
	const op = "sqlstore.Outbox.Requeue"
	return db.updateEvent(ctx, op, id, "not given up", `UPDATE outbox SET dead_at = NULL, attempts = 0,
		next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL
		WHERE id = ? AND dead_at IS NOT NULL AND delivered_at IS NULL`, db.d.timeArg(now), id)
}

// Prune deletes up to limit events that were delivered before
// before, oldest first, and returns how many it deleted. Pending and dead
// events are kept whatever their age. The outbox only grows otherwise;
// call it periodically (the example server does, with its timers), with a limit
// that keeps each transaction short, until it returns fewer than limit.
// Keep delivered events long enough to answer questions about them
// (the example server keeps them 30 days).
func (o *Outbox) Prune(ctx context.Context, before time.Time, limit int) (int, error) {
	db := o.db
	const op = "sqlstore.Outbox.Prune"
	if limit < 1 {
		var p fairshops.Problems
		p.Add("limit", fairshops.ReasonTooSmall, 1)
		return 0, p.Err(op)
	}
	return db.deleteRows(ctx, op, `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox
		WHERE delivered_at IS NOT NULL AND delivered_at < ? ORDER BY seq LIMIT ?)`, db.d.timeArg(before), limit)
}

// Dead returns up to limit events that relays gave up and that were
// not delivered after all, after the position after (0: from the start),
// in write order: an operator's work list for Requeue.
func (o *Outbox) Dead(ctx context.Context, after int64, limit int) ([]OutboxEvent, error) {
	db := o.db
	return db.outboxPage(ctx, "sqlstore.Outbox.Dead", `SELECT `+entryColumns+` FROM outbox
		WHERE seq > ? AND dead_at IS NOT NULL AND delivered_at IS NULL ORDER BY seq LIMIT ?`, after, limit)
}

// List returns up to limit outbox entries after the position
// after (0: from the start), in write order, delivered or not: for
// operators and tests.
func (o *Outbox) List(ctx context.Context, after int64, limit int) ([]OutboxEvent, error) {
	db := o.db
	return db.outboxPage(ctx, "sqlstore.Outbox.List", `SELECT `+entryColumns+` FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
		after, limit)
}

// outboxPage runs q, a query of outbox entries with the arguments after
// and limit (bounded by fairshops.PageLimit).
func (db *DB) outboxPage(ctx context.Context, op, q string, after int64, limit int) ([]OutboxEvent, error) {
	rows, err := db.query(ctx, q, after, fairshops.PageLimit(limit))
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer rows.Close()
	var out []OutboxEvent
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, wrap(op, "", err)
		}
		out = append(out, e)
	}
	return out, wrap(op, "", rows.Err())
}
