// Package sqltest opens fresh, migrated databases of every dialect for the
// tests of the SQL adapter and of the packages that run on it (relays,
// conformance suites):
//
//	for _, tg := range sqltest.Targets() {
//		t.Run(tg.Name, func(t *testing.T) {
//			db := tg.Open(t)
//			...
//		})
//	}
//
// SQLite gets a file in the test's temporary directory, a copy of one
// database migrated once per test process (see internal/dbtemplate); PostgreSQL a schema
// of its own, dropped at the end (see internal/pgtest for the environment
// variables). Every DB is closed when its test ends.
package sqltest

import (
	"context"
	"path/filepath"
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/internal/dbtemplate"
	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// SQLite opens a fresh SQLite database in t's temporary directory.
func SQLite(t testing.TB, opts ...sqlstore.Option) *sqlstore.DB {
	t.Helper()
	return open(t, SQLitePath(t), opts)
}

// SQLitePath returns the path of a fresh, migrated SQLite database file in
// t's temporary directory, not yet open: a copy of a database migrated
// once per test process, so that a test pays for the migrations once.
func SQLitePath(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "konflikt.db")
	if err := template.CopyTo(path, migrateSQLite); err != nil {
		t.Fatalf("sqlite template: %v", err)
	}
	return path
}

var template dbtemplate.File

func migrateSQLite(path string) error {
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		return err
	}
	return db.Close()
}

// Postgres opens a fresh PostgreSQL schema; it skips or fails the test
// when no server is configured (see PostgresDSN).
func Postgres(t testing.TB, opts ...sqlstore.Option) *sqlstore.DB {
	t.Helper()
	return open(t, pgtest.Schema(t), opts)
}

// PostgresDSN returns a DSN for a fresh, empty PostgreSQL schema that is
// dropped when the test ends. Without FAIRSHOPS_TEST_POSTGRES the test
// skips, or fails when FAIRSHOPS_REQUIRE_POSTGRES=1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	return pgtest.Schema(t)
}

func open(t testing.TB, dsn string, opts []sqlstore.Option) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

// Target is one way of opening a database under test.
type Target struct {
	Name string
	Open func(t testing.TB) *sqlstore.DB
}

// Targets returns every configuration a store must pass on: SQLite,
// PostgreSQL, and PostgreSQL with group commit.
func Targets() []Target {
	return []Target{
		{Name: "sqlite", Open: func(t testing.TB) *sqlstore.DB { return SQLite(t) }},
		{Name: "postgres", Open: func(t testing.TB) *sqlstore.DB { return Postgres(t) }},
		{Name: "postgres-group-commit", Open: func(t testing.TB) *sqlstore.DB {
			return Postgres(t, sqlstore.WithGroupCommit(true))
		}},
	}
}

// Events returns every event in db's outbox, in write order.
func Events(t testing.TB, db *sqlstore.DB) []fairshops.Event {
	t.Helper()
	var out []fairshops.Event
	var after int64
	for {
		page, err := db.Outbox().List(context.Background(), after, fairshops.MaxLimit)
		if err != nil {
			t.Fatalf("read outbox: %v", err)
		}
		for _, e := range page {
			out = append(out, e.Event)
			after = e.Seq
		}
		if len(page) < fairshops.MaxLimit {
			return out
		}
	}
}
