package sqlstore

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/internal/dbtemplate"
	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
)

// target opens a fresh DB of one configuration (in-package twin of
// sqltest.Targets, which cannot be imported here).
type target struct {
	name string
	open func(t *testing.T, opts ...Option) *DB
}

func targets() []target {
	return []target{
		{"sqlite", func(t *testing.T, opts ...Option) *DB { return openTest(t, sqlitePath(t), opts...) }},
		{"postgres", func(t *testing.T, opts ...Option) *DB {
			return openTest(t, pgtest.Schema(t), append([]Option{WithGroupCommit(false)}, opts...)...)
		}},
		{"postgres-group-commit", func(t *testing.T, opts ...Option) *DB {
			return openTest(t, pgtest.Schema(t), append([]Option{WithGroupCommit(true)}, opts...)...)
		}},
	}
}

// sqlitePath returns a fresh, migrated SQLite file (a copy of one migrated
// once per test binary: sqltest.SQLitePath's twin).
func sqlitePath(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	err := template.CopyTo(path, func(path string) error {
		db, err := Open(context.Background(), path)
		if err != nil {
			return err
		}
		return db.Close()
	})
	require.NoError(t, err)
	return path
}

var template dbtemplate.File

func openTest(t *testing.T, dsn string, opts ...Option) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

// scratch creates a table for tests of the write path: rows(id text
// primary key).
func scratch(t *testing.T, db *DB) {
	t.Helper()
	_, err := db.wpool.ExecContext(context.Background(), `CREATE TABLE scratch (id TEXT PRIMARY KEY)`)
	require.NoError(t, err)
}

// insertRow is a write that adds one scratch row.
func insertRow(id string) writeFunc {
	return func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO scratch (id) VALUES (?)`, id)
		return err
	}
}

func scratchRows(t *testing.T, db *DB) []string {
	t.Helper()
	ids, err := queryStrings(context.Background(), db.read, `SELECT id FROM scratch ORDER BY id`)
	require.NoError(t, err)
	return ids
}

// waitQueued waits until n requests are queued behind the batch in flight.
// It yields instead of sleeping: the condition is exact, not timed.
func waitQueued(w *writer, n int) {
	for len(w.reqs) < n {
		runtime.Gosched()
	}
}

// blocker is a write that holds the writer until released, so that the
// requests sent meanwhile queue up and form the next batch.
type blocker struct {
	started, release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}), release: make(chan struct{})}
}

func (b *blocker) fn(id string) writeFunc {
	return func(ctx context.Context, tx *txn) error {
		close(b.started)
		<-b.release
		return insertRow(id)(ctx, tx)
	}
}
