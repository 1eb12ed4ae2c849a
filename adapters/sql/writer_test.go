package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// groupTargets are the configurations that write through the group commit.
func groupTargets() []target {
	var out []target
	for _, tg := range targets() {
		if tg.name != "postgres" {
			out = append(out, tg)
		}
	}
	return out
}

func TestGroupCommitConcurrentWriters(t *testing.T) {
	for _, tg := range groupTargets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			const writers = 64
			var wg sync.WaitGroup
			errs := make([]error, writers)
			want := make([]string, writers)
			for i := range writers {
				want[i] = fmt.Sprintf("r%02d", i)
				wg.Go(func() { errs[i] = db.write(context.Background(), insertRow(want[i])) })
			}
			wg.Wait()
			for i, err := range errs {
				require.NoError(t, err, "writer %d", i)
			}
			if d := cmp.Diff(want, scratchRows(t, db)); d != "" {
				t.Fatalf("rows (-want +got):\n%s", d)
			}
			st := db.WriteStats()
			require.EqualValues(t, writers, st.Writes)
			require.Positive(t, st.Transactions)
			require.LessOrEqual(t, st.Transactions, int64(writers))
		})
	}
}

func TestGroupCommitBatchIsolation(t *testing.T) {
	errOwn := errors.New("own failure")
	tests := []struct {
		name string
		bad  writeFunc
		want error // nil: any error
	}{
		{
			name: "returned error",
			bad: func(ctx context.Context, tx *txn) error {
				if err := insertRow("bad-1")(ctx, tx); err != nil {
					return err
				}
				return errOwn
			},
			want: errOwn,
		},
		{
			name: "unique clash",
			bad: func(ctx context.Context, tx *txn) error {
				if err := insertRow("bad-1")(ctx, tx); err != nil {
					return err
				}
				return insertRow("first")(ctx, tx) // written by the batch before
			},
		},
	}
	for _, tg := range groupTargets() {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				db := tg.open(t)
				scratch(t, db)
				require.NoError(t, db.write(context.Background(), insertRow("first")))

				b := newBlocker()
				var wg sync.WaitGroup
				var blockErr error
				wg.Go(func() { blockErr = db.write(context.Background(), b.fn("blocker")) })
				<-b.started

				fns := []writeFunc{insertRow("ok-1"), tt.bad, insertRow("ok-2")}
				errs := make([]error, len(fns))
				for i, fn := range fns {
					wg.Go(func() { errs[i] = db.write(context.Background(), fn) })
					waitQueued(db.w, i+1) // keep the order in the batch
				}
				batchesBefore := db.w.batches.Load()
				close(b.release)
				wg.Wait()

				require.NoError(t, blockErr)
				require.NoError(t, errs[0])
				require.NoError(t, errs[2])
				require.Error(t, errs[1])
				if tt.want != nil {
					require.ErrorIs(t, errs[1], tt.want)
				}
				require.Equal(t, int64(1), db.w.batches.Load()-batchesBefore, "the three queued writes form one batch")
				require.Equal(t, []string{"blocker", "first", "ok-1", "ok-2"}, scratchRows(t, db),
					"the failing write leaves nothing; the others commit")
			})
		}
	}
}

func TestGroupCommitCanceledBeforeBatch(t *testing.T) {
	for _, tg := range groupTargets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			b := newBlocker()
			var wg sync.WaitGroup
			wg.Go(func() { _ = db.write(context.Background(), b.fn("blocker")) })
			<-b.started

			ctx, cancel := context.WithCancel(context.Background())
			var canceledErr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				canceledErr = db.write(ctx, insertRow("canceled"))
			}()
			waitQueued(db.w, 1)
			cancel()
			<-done // the caller leaves at once, without waiting for the batch
			require.ErrorIs(t, canceledErr, context.Canceled)

			var okErr error
			wg.Go(func() { okErr = db.write(context.Background(), insertRow("after")) })
			waitQueued(db.w, 2)
			close(b.release)
			wg.Wait()
			require.NoError(t, okErr)
			require.Equal(t, []string{"after", "blocker"}, scratchRows(t, db))

			// A context that is already over never reaches the queue.
			require.ErrorIs(t, db.write(ctx, insertRow("late")), context.Canceled)
			require.Equal(t, []string{"after", "blocker"}, scratchRows(t, db))
		})
	}
}

// TestGroupCommitCommitFailure makes the commit itself fail with a deferred
// foreign key that one request breaks: the statements all succeed, the
// COMMIT does not, and every caller of the batch must hear it.
func TestGroupCommitCommitFailure(t *testing.T) {
	for _, tg := range groupTargets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			ctx := context.Background()
			_, err := db.wpool.ExecContext(ctx, `CREATE TABLE parent (id TEXT PRIMARY KEY)`)
			require.NoError(t, err)
			_, err = db.wpool.ExecContext(ctx, `CREATE TABLE child (id TEXT PRIMARY KEY,
				parent_id TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`)
			require.NoError(t, err)

			b := newBlocker()
			var wg sync.WaitGroup
			var blockErr error
			wg.Go(func() { blockErr = db.write(ctx, b.fn("blocker")) })
			<-b.started
			fns := []writeFunc{
				insertRow("ok-1"),
				func(ctx context.Context, tx *txn) error {
					_, err := tx.exec(ctx, `INSERT INTO child (id, parent_id) VALUES ('c1', 'missing')`)
					return err
				},
				insertRow("ok-2"),
			}
			errs := make([]error, len(fns))
			for i, fn := range fns {
				wg.Go(func() { errs[i] = db.write(ctx, fn) })
				waitQueued(db.w, i+1)
			}
			close(b.release)
			wg.Wait()
			require.NoError(t, blockErr, "the batch before commits")
			for i, err := range errs {
				require.Error(t, err, "request %d of the failed batch", i)
			}
			require.Equal(t, []string{"blocker"}, scratchRows(t, db), "nothing of the failed batch is kept")

			// The writer goes on after a failed commit.
			require.NoError(t, db.write(ctx, insertRow("next")))
			require.Equal(t, []string{"blocker", "next"}, scratchRows(t, db))
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			require.NoError(t, db.Close())
			err := db.Shops().Create(context.Background(), &fairshops.Shop{ID: "s"}, nil)
			require.Error(t, err)
			if db.w != nil {
				require.ErrorIs(t, err, ErrClosed)
			}
			require.NoError(t, db.Close(), "Close twice is fine")
		})
	}
}

// TestCanceledMidTransaction cancels the caller's context between two
// statements of one write: without group commit the transaction is rolled
// back and the caller gets an error; in a group commit the request runs to
// its end (one caller cannot break the shared transaction) and the caller
// gets the true outcome. Either way the result is all or nothing.
func TestCanceledMidTransaction(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			ctx, cancel := context.WithCancel(context.Background())
			err := db.write(ctx, func(ctx context.Context, tx *txn) error {
				if err := insertRow("one")(ctx, tx); err != nil {
					return err
				}
				cancel()
				return insertRow("two")(ctx, tx)
			})
			rows := scratchRows(t, db)
			if db.w == nil {
				require.Error(t, err)
				require.Empty(t, rows)
			} else {
				require.NoError(t, err)
				require.Equal(t, []string{"one", "two"}, rows)
			}
		})
	}
}

// TestLostConnectionMidTransaction kills the server side of the write's
// connection between two statements: the write fails, nothing of it is
// kept, and the pool recovers for the next write. (PostgreSQL only: an
// embedded SQLite has no connection to lose.)
func TestLostConnectionMidTransaction(t *testing.T) {
	for _, tg := range targets()[1:] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			ctx := context.Background()
			admin, err := sql.Open("pgx", pgtest.DSN(t))
			require.NoError(t, err)
			defer admin.Close()
			err = db.write(ctx, func(ctx context.Context, tx *txn) error {
				if err := insertRow("one")(ctx, tx); err != nil {
					return err
				}
				var pid int
				if err := tx.queryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
					return err
				}
				// Wait (up to 10s) until the backend is gone.
				if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend($1, 10000)`, pid); err != nil {
					return err
				}
				return insertRow("two")(ctx, tx)
			})
			require.Error(t, err)
			require.Empty(t, scratchRows(t, db), "nothing of the broken transaction is kept")
			require.NoError(t, db.write(ctx, insertRow("three")))
			require.Equal(t, []string{"three"}, scratchRows(t, db))
		})
	}
}

// TestWriteStats: one write counts once with a group commit, and a store
// without one (PostgreSQL's default) reports zeros.
func TestWriteStats(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			scratch(t, db)
			before := db.WriteStats()
			require.NoError(t, db.write(context.Background(), insertRow("one")))
			after := db.WriteStats()
			if db.w == nil {
				require.Zero(t, after)
				return
			}
			require.Equal(t, WriteStats{Transactions: before.Transactions + 1, Writes: before.Writes + 1}, after)
		})
	}
}
