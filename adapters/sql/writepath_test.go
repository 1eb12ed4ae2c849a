package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Tests of what makes the write path fast: statements prepared once per
// transaction and once per reader connection, a batch of one without a
// savepoint, checkpoints off the writer.

func TestWriteStatementsPreparedOncePerTransaction(t *testing.T) {
	db := targets()[0].open(t)
	scratch(t, db)
	ctx := context.Background()
	// A batch of two: the blocker holds the writer while both queue.
	b := newBlocker()
	var wg sync.WaitGroup
	wg.Go(func() { require.NoError(t, db.write(ctx, b.fn("blocker"))) })
	<-b.started
	prepared := make([]int, 2) // read by the writer's goroutine; checked here after the writes
	for i := range 2 {
		wg.Go(func() {
			require.NoError(t, db.write(ctx, func(ctx context.Context, tx *txn) error {
				for j := range 3 {
					if err := insertRow(fmt.Sprintf("r%d%d", i, j))(ctx, tx); err != nil {
						return err
					}
				}
				prepared[i] = len(tx.stmts)
				return nil
			}))
		})
		waitQueued(db.w, i+1)
	}
	close(b.release)
	wg.Wait()
	// Each statement is prepared once per batch: the first request finds
	// SAVEPOINT and its INSERT (three times run, prepared once), the second
	// also the first one's RELEASE.
	require.Equal(t, []int{2, 3}, prepared, "each statement prepared once per batch")
	require.Len(t, scratchRows(t, db), 7)

	// A request alone prepares nothing in advance.
	require.NoError(t, db.write(ctx, func(ctx context.Context, tx *txn) error {
		prepared[0] = len(tx.stmts)
		return insertRow("alone")(ctx, tx)
	}))
	require.Zero(t, prepared[0])
}

func TestReadStatementCache(t *testing.T) {
	db := targets()[0].open(t)
	ctx := context.Background()
	one := func(q string) int {
		t.Helper()
		var n int
		require.NoError(t, db.queryRow(ctx, q).Scan(&n))
		return n
	}
	require.Equal(t, 1, one("SELECT 1"))
	require.Equal(t, 1, one("SELECT 1"))
	require.Len(t, db.stmts.m, 1)
	for i := range maxReadStmts + 5 {
		require.Equal(t, i, one(fmt.Sprintf("SELECT %d", i)), "queries beyond the cache's bound run unprepared")
	}
	require.Len(t, db.stmts.m, maxReadStmts, "the cache is bounded")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, db.queryRow(canceled, "SELECT 'not cached'").Scan(new(string)), context.Canceled)
	require.NoError(t, db.Close())
	require.Empty(t, db.stmts.m, "Close closes the statements")
}

func TestBatchOfOne(t *testing.T) {
	for _, tg := range groupTargets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t, WithMaxBatch(1))
			scratch(t, db)
			ctx := context.Background()
			errOwn := errors.New("own failure")
			err := db.write(ctx, func(ctx context.Context, tx *txn) error {
				if err := insertRow("undone")(ctx, tx); err != nil {
					return err
				}
				return errOwn
			})
			require.ErrorIs(t, err, errOwn)
			require.Empty(t, scratchRows(t, db), "a failed write of a batch of one leaves nothing")
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() { require.NoError(t, db.write(ctx, insertRow(fmt.Sprintf("r%d", i)))) })
			}
			wg.Wait()
			require.Len(t, scratchRows(t, db), 8)
			require.Equal(t, db.w.requests.Load(), db.w.batches.Load(), "every batch holds one request")
		})
	}
}

// TestCommittedHook: the writer tells after each commit (the SQLite
// checkpointer's kick), and not after a batch that committed nothing.
func TestCommittedHook(t *testing.T) {
	db := targets()[0].open(t)
	scratch(t, db)
	var commits int // written by the writer, read after close
	w := newWriter(db.wpool, db.d, 8, func() { commits++ })
	var once sync.Once
	t.Cleanup(func() { once.Do(w.close) })
	ctx := context.Background()
	require.NoError(t, w.do(ctx, insertRow("a")))
	require.Error(t, w.do(ctx, func(context.Context, *txn) error { return errors.New("no") }))
	require.NoError(t, w.do(ctx, insertRow("b")))
	once.Do(w.close)
	require.Equal(t, 2, commits)
}

func TestCheckpointer(t *testing.T) {
	db := targets()[0].open(t)
	scratch(t, db)
	ctx := context.Background()
	for i := range 50 {
		require.NoError(t, db.write(ctx, insertRow(fmt.Sprintf("r%02d", i))))
	}
	type outcome struct {
		copied int
		err    error
	}
	ran := make(chan outcome, 8)
	c := newCheckpointer(db.ckpt.pool, time.Millisecond, slog.New(slog.DiscardHandler), func(copied int, err error) {
		ran <- outcome{copied, err}
	})
	defer c.close()
	c.kick()
	c.kick() // kicks while one is pending are one
	got := <-ran
	require.NoError(t, got.err)
	// copied counts every frame of the log now in the database file (the
	// DB's own checkpointer may have copied some of them already).
	require.Positive(t, got.copied, "the frames of the writes are in the database file")
	require.Equal(t, 50, len(scratchRows(t, db)))
}

func TestCombine(t *testing.T) {
	a := statement{"INSERT INTO a VALUES (?)", []any{1}}
	b := statement{"INSERT INTO b VALUES (?, ?)", []any{2, 3}}
	c := statement{"INSERT INTO c VALUES (?)", []any{4}}
	tests := []struct {
		name   string
		d      *dialect
		stmts  []statement
		want   statement
		wantOK bool
	}{
		{"nothing", postgresDialect(), []statement{{}, {}}, statement{}, true},
		{"one", sqliteDialect(), []statement{{}, a}, a, true},
		{"sqlite runs several one by one", sqliteDialect(), []statement{a, b}, statement{}, false},
		{"postgres joins two", postgresDialect(), []statement{a, {}, b},
			statement{"WITH s0 AS (INSERT INTO a VALUES (?)) INSERT INTO b VALUES (?, ?)", []any{1, 2, 3}}, true},
		{"postgres joins three", postgresDialect(), []statement{a, b, c},
			statement{"WITH s0 AS (INSERT INTO a VALUES (?)), s1 AS (INSERT INTO b VALUES (?, ?)) INSERT INTO c VALUES (?)",
				[]any{1, 2, 3, 4}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := combine(tt.d, tt.stmts)
			require.Equal(t, tt.wantOK, ok)
			require.Equal(t, tt.want, got)
		})
	}
}
