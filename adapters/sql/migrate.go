package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The migrations, one directory per dialect with the same versions in
// both. A released migration is never edited: the schema goes forward by
// new files only (TestReleasedMigrationsUnchanged holds them to that).
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrations returns the migration files of the dialect.
func migrations(d *dialect) (fs.FS, error) {
	return fs.Sub(migrationFiles, "migrations/"+string(d.name))
}

// newProvider returns a goose provider for the dialect on db.
func newProvider(ctx context.Context, db *sql.DB, d *dialect, log *slog.Logger) (*goose.Provider, error) {
	fsys, err := migrations(d)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{
		goose.WithTableName(migrationTable),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(log),
		goose.WithVerbose(true),
	}
	if d.name == Postgres {
		// Several processes may start at once: an advisory lock lets one
		// migrate while the others wait. The lock is per schema, so
		// databases in different schemas (tests, tenants) do not queue.
		var schema string
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return nil, err
		}
		h := fnv.New64a()
		h.Write([]byte("konfliktservice:" + schema))
		locker, err := lock.NewPostgresSessionLocker(
			lock.WithLockID(int64(h.Sum64()>>1)),
			lock.WithLockTimeout(1, 600), // retry every second for up to 10 minutes
		)
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(d.goose, db, fsys, opts...)
}

// knownVersion is the newest migration version the program has for the
// dialect.
func knownVersion(d *dialect) (int64, error) {
	fsys, err := migrations(d)
	if err != nil {
		return 0, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// migrate checks that db is usable (see inspect) and applies the pending
// migrations, each in its own transaction.
func migrate(ctx context.Context, db *sql.DB, d *dialect, log *slog.Logger) error {
	const op = "sqlstore.migrate"
	p, err := newProvider(ctx, db, d, log)
	if err != nil {
		return wrap(op, "", fmt.Errorf("prepare migrations: %w", err))
	}
	if err := inspect(ctx, db, d); err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fairshops.E(op, fairshops.Internal, "", "apply migrations", err)
	}
	return backfillAccess(ctx, db, d)
}

// queryer is a *sql.DB or a *sql.Conn.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// inspect checks, reading only, that a database is one the adapter may
// migrate: empty, or already ours, at a version the program knows.
//
// A SQLite file with tables but no migration record belongs to another
// application: ErrForeign. (On PostgreSQL other applications' tables in
// the same schema are normal; a name clash fails the first migration,
// which rolls back.) A database at a newer version than the program's
// newest migration was migrated by a newer program: ErrSchemaTooNew. A
// file that is no database: ErrCorrupt.
func inspect(ctx context.Context, q queryer, d *dialect) error {
	const op = "sqlstore.Open"
	latest, err := knownVersion(d)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, "", "read embedded migrations", err)
	}
	var exists bool
	if err := q.QueryRowContext(ctx, d.migrationTableExists).Scan(&exists); err != nil {
		return wrap(op, "", fmt.Errorf("inspect schema: %w", err))
	}
	if !exists {
		if d.userTables == "" {
			return nil
		}
		tables, err := queryStrings(ctx, q, d.userTables)
		if err != nil {
			return wrap(op, "", fmt.Errorf("inspect schema: %w", err))
		}
		if len(tables) > 0 {
			if len(tables) > 3 {
				tables = append(tables[:3], "...")
			}
			return fairshops.E(op, fairshops.Conflict, "",
				"tables without a migration record: "+strings.Join(tables, ", "), ErrForeign)
		}
		return nil
	}
	var version sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT max(version_id) FROM "+migrationTable+" WHERE is_applied").Scan(&version); err != nil {
		return wrap(op, "", fmt.Errorf("read schema version: %w", err))
	}
	if version.Int64 > latest {
		return fairshops.E(op, fairshops.Conflict, "",
			fmt.Sprintf("database at schema version %d, this program knows up to %d", version.Int64, latest), ErrSchemaTooNew)
	}
	return nil
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
