package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"
)

// txn is a write transaction as the stores see it: statements with ?
// placeholders, rebound for the dialect. In a group commit it is one
// request's savepoint inside the batch's transaction.
type txn struct {
	tx *sql.Tx
	d  *dialect
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(q), args...)
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
	if err := fn(ctx, &txn{tx: tx, d: db.d}); err != nil {
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

func newWriter(pool *sql.DB, d *dialect, maxBatch int) *writer {
	w := &writer{
		pool:     pool,
		d:        d,
		maxBatch: maxBatch,
		reqs:     make(chan *writeRequest, maxBatch),
		quit:     make(chan struct{}),
		stopped:  make(chan struct{}),
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
	t := &txn{tx: tx, d: w.d}
	results := make([]error, len(live))
	for i, r := range live {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT request"); err != nil {
			w.abort(tx, live, err)
			return
		}
		if err := r.fn(context.WithoutCancel(r.ctx), t); err != nil {
			results[i] = err
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT request"); rerr != nil {
				w.abort(tx, live, errors.Join(err, rerr))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT request"); err != nil {
			w.abort(tx, live, err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		answerAll(live, err)
		return
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
