package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// txn is a write transaction as the stores see it: statements with ?
// placeholders, rebound for the dialect. In a group commit it is one
// request's savepoint inside the batch's transaction.
//
// On SQLite the statements of a group commit's batch are prepared once and
// kept (stmts), so its requests, which mostly run the same statements,
// share them instead of each parsing them again: preparing was a seventh of
// the writer's time in the intake profile. PostgreSQL needs no
// such cache: pgx keeps its own per connection, and an explicit prepare
// would cost a round trip.
type txn struct {
	tx    *sql.Tx
	d     *dialect
	stmts map[string]*sql.Stmt // prepared in tx, by query; nil when not caching
}

// newTxn wraps tx; shared says whether several requests will run in it
// (a group commit's batch), the only case where keeping its statements
// prepared pays: a request alone would prepare each once anyway.
func newTxn(tx *sql.Tx, d *dialect, shared bool) *txn {
	t := &txn{tx: tx, d: d}
	if d.cacheStatements && shared {
		t.stmts = map[string]*sql.Stmt{}
	}
	return t
}

// stmt returns the prepared statement for q, or nil when t does not cache.
func (t *txn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if t.stmts == nil {
		return nil, nil
	}
	if s, ok := t.stmts[q]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = s // closed with the transaction
	return s, nil
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = t.d.rebind(q)
	s, err := t.stmt(ctx, q)
	switch {
	case err != nil:
		return nil, err
	case s != nil:
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

// statement is one SQL statement with ? placeholders and its arguments;
// the zero statement is none.
type statement struct {
	q    string
	args []any
}

// execAll runs INSERT statements (without RETURNING) as one step of the
// unit of work, skipping the empty ones: on PostgreSQL as one statement
// (see combine), on SQLite one after another (embedded, there are no round
// trips to save).
func (t *txn) execAll(ctx context.Context, stmts ...statement) error {
	if one, ok := combine(t.d, stmts); ok {
		if one.q == "" {
			return nil
		}
		_, err := t.exec(ctx, one.q, one.args...)
		return err
	}
	for _, s := range stmts {
		if s.q == "" {
			continue
		}
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// combine joins INSERT statements (without RETURNING) into one on
// PostgreSQL, the first ones as data-modifying WITH clauses, which saves a
// network round trip per statement: all see the same snapshot, and
// foreign keys are checked at the end of the whole statement, so a row may
// refer to one inserted beside it. Empty statements are left out (no
// statement at all gives the empty one). ok is false on SQLite, where the
// statements run one by one.
func combine(d *dialect, stmts []statement) (one statement, ok bool) {
	live := stmts[:0:0]
	for _, s := range stmts {
		if s.q != "" {
			live = append(live, s)
		}
	}
	switch {
	case len(live) <= 1:
		if len(live) == 1 {
			one = live[0]
		}
		return one, true
	case !d.dollar:
		return statement{}, false
	}
	var b strings.Builder
	for i, s := range live {
		switch {
		case i == 0:
			b.WriteString("WITH ")
		case i < len(live)-1:
			b.WriteString(", ")
		}
		if i < len(live)-1 {
			fmt.Fprintf(&b, "s%d AS (%s)", i, s.q)
		} else {
			b.WriteString(" " + s.q)
		}
		one.args = append(one.args, s.args...)
	}
	one.q = b.String()
	return one, true
}

// writeInserts is a unit of work made of INSERT statements only (see
// combine). On PostgreSQL without group commit it is one statement in a
// transaction of its own (autocommit, as durable as a COMMIT): one round
// trip instead of three (BEGIN, the statement, COMMIT). Otherwise it is an
// ordinary write.
func (db *DB) writeInserts(ctx context.Context, stmts ...statement) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.w == nil {
		if one, ok := combine(db.d, stmts); ok {
			if one.q == "" {
				return nil
			}
			_, err := db.wpool.ExecContext(ctx, db.d.rebind(one.q), one.args...)
			return err
		}
	}
	return db.write(ctx, func(ctx context.Context, tx *txn) error { return tx.execAll(ctx, stmts...) })
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.d.rebind(q)
	s, err := t.stmt(ctx, q)
	switch {
	case err != nil:
		return nil, err
	case s != nil:
		return s.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = t.d.rebind(q)
	if s, err := t.stmt(ctx, q); err == nil && s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	// Not caching, or the prepare failed: running the query unprepared
	// reports the same error through the Row.
	return t.tx.QueryRowContext(ctx, q, args...)
}

// writeFunc is one unit of work: it runs its statements in tx and returns
// nil to keep them or an error to undo them (and only them).
type writeFunc func(ctx context.Context, tx *txn) error

// write runs fn as one unit of work: its changes are committed together or
// not at all, and write returns only once the outcome is durable (or
// failed). With group commit (always on SQLite) concurrent calls share one
// transaction and one commit; see writer.
func (db *DB) write(ctx context.Context, fn writeFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.w != nil {
		return db.w.do(ctx, fn)
	}
	tx, err := db.wpool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(ctx, newTxn(tx, db.d, false)); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// writer is the group commit: one goroutine takes the write requests that
// arrived, runs them in ONE transaction with a savepoint each, commits once,
// and then answers every caller. A request that fails rolls back to its
// savepoint and gets its own error; the others still commit. A failed
// commit fails the whole batch: every caller gets the error, nothing is
// acknowledged. Batches form by themselves: requests queue while a commit
// is in flight (no timer, no added latency when idle), up to maxBatch.
//
// Cancellation: a request whose context ends before its batch starts is
// dropped unwritten and its caller gets the context's error. Once the
// batch has taken a request, the request runs to the end (its statements
// see its context's values but not its cancellation, so one caller cannot
// break the shared transaction) and the caller waits for the true outcome.
type writer struct {
	pool     *sql.DB
	d        *dialect
	maxBatch int
	reqs     chan *writeRequest
	quit     chan struct{} // closed by close: stop taking requests
	stopped  chan struct{} // closed by loop when it has returned

	batches  atomic.Int64 // transactions committed or tried
	requests atomic.Int64 // requests run in them

	// committed, when set, is called after each commit (it must not
	// block): the SQLite checkpointer's kick.
	committed func()
}

type writeRequest struct {
	ctx   context.Context
	fn    writeFunc
	state atomic.Int32 // reqQueued, then reqTaken by the writer or reqAbandoned by the caller
	done  chan error   // buffered: the writer never blocks on an answer
}

const (
	reqQueued int32 = iota
	reqTaken
	reqAbandoned
)

// newWriter starts the group commit on pool; committed, if not nil, is
// called after each commit and must not block.
func newWriter(pool *sql.DB, d *dialect, maxBatch int, committed func()) *writer {
	w := &writer{
		pool:      pool,
		d:         d,
		maxBatch:  maxBatch,
		committed: committed,
		reqs:      make(chan *writeRequest, maxBatch),
		quit:      make(chan struct{}),
		stopped:   make(chan struct{}),
	}
	go w.loop()
	return w
}

// do queues fn and waits for its outcome.
func (w *writer) do(ctx context.Context, fn writeFunc) error {
	req := &writeRequest{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.quit:
		return ErrClosed
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		if req.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return ctx.Err()
		}
		return <-req.done
	case <-w.stopped:
		if req.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return ErrClosed
		}
		return <-req.done
	}
}

// close stops the writer after the batch in flight; queued requests get
// ErrClosed.
func (w *writer) close() {
	close(w.quit)
	<-w.stopped
}

func (w *writer) loop() {
	defer close(w.stopped)
	batch := make([]*writeRequest, 0, w.maxBatch)
	for {
		select {
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		case <-w.quit:
			w.drain()
			return
		}
	fill:
		for len(batch) < w.maxBatch {
			select {
			case r := <-w.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		w.run(batch)
		clear(batch)
	}
}

// drain answers the requests still queued at close.
func (w *writer) drain() {
	for {
		select {
		case r := <-w.reqs:
			if r.state.CompareAndSwap(reqQueued, reqTaken) {
				r.done <- ErrClosed
			}
		default:
			return
		}
	}
}

// run executes one batch in one transaction.
func (w *writer) run(batch []*writeRequest) {
	live := make([]*writeRequest, 0, len(batch))
	for _, r := range batch {
		if !r.state.CompareAndSwap(reqQueued, reqTaken) {
			continue // the caller gave up while queued
		}
		if err := r.ctx.Err(); err != nil {
			r.done <- err
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	w.batches.Add(1)
	w.requests.Add(int64(len(live)))

	// The batch belongs to no single caller: its transaction runs to the
	// end whatever the callers' contexts do.
	ctx := context.Background()
	tx, err := w.pool.BeginTx(ctx, nil)
	if err != nil {
		answerAll(live, err)
		return
	}
	t := newTxn(tx, w.d, len(live) > 1)
	if len(live) == 1 {
		// A batch of one needs no savepoint: the transaction is the
		// request's own, and a failure rolls all of it back.
		r := live[0]
		if err := r.fn(context.WithoutCancel(r.ctx), t); err != nil {
			_ = tx.Rollback()
			r.done <- err
			return
		}
		w.commit(tx, live, []error{nil})
		return
	}
	results := make([]error, len(live))
	for i, r := range live {
		if _, err := t.exec(ctx, "SAVEPOINT request"); err != nil {
			w.abort(tx, live, err)
			return
		}
		if err := r.fn(context.WithoutCancel(r.ctx), t); err != nil {
			results[i] = err
			if _, rerr := t.exec(ctx, "ROLLBACK TO SAVEPOINT request"); rerr != nil {
				w.abort(tx, live, errors.Join(err, rerr))
				return
			}
		}
		if _, err := t.exec(ctx, "RELEASE SAVEPOINT request"); err != nil {
			w.abort(tx, live, err)
			return
		}
	}
	w.commit(tx, live, results)
}

// commit commits the batch and answers each request with its result, or
// every request with the commit's error.
func (w *writer) commit(tx *sql.Tx, live []*writeRequest, results []error) {
	if err := tx.Commit(); err != nil {
		answerAll(live, err)
		return
	}
	if w.committed != nil {
		w.committed()
	}
	for i, r := range live {
		r.done <- results[i]
	}
}

// abort rolls the batch back after the transaction itself broke (a
// savepoint could not be set, released or rolled back to): nothing of it
// is kept, and every caller hears why.
func (w *writer) abort(tx *sql.Tx, live []*writeRequest, err error) {
	_ = tx.Rollback()
	answerAll(live, err)
}

func answerAll(live []*writeRequest, err error) {
	for _, r := range live {
		r.done <- err
	}
}
