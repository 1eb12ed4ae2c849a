package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Dialect names the kind of SQL database behind a DB.
type Dialect string

// The dialects the adapter speaks.
const (
	SQLite   Dialect = "sqlite"   // modernc.org/sqlite, registered as "sqlite"
	Postgres Dialect = "postgres" // github.com/jackc/pgx/v5/stdlib, registered as "pgx"
)

// migrationTable is the table in which goose records the applied
// migrations. It has its own name rather than goose's default, so that a
// shop platform that runs goose for its own schema in the same database
// never mixes its versions with ours.
const migrationTable = "konfliktservice_migrations"

// dialect is every difference between SQLite and PostgreSQL that the
// adapter knows of, in one place. Queries are written once, with ?
// placeholders, in the SQL both databases share; the rest is here.
type dialect struct {
	name  Dialect
	goose goose.Dialect
	// dollar: placeholders are $1, $2, ... instead of ?.
	dollar bool
	// claim marks up to n claimable outbox rows as claimed and returns
	// them. Arguments: relay, lease end, now, now, limit. PostgreSQL locks
	// the candidates with FOR UPDATE SKIP LOCKED, so concurrent claimers
	// take disjoint rows without waiting; SQLite has one writer at a time
	// (the claim runs in an immediate transaction), so a plain subquery is
	// already safe there.
	claim string
	// migrationTableExists reports (one row, one bool-ish column) whether
	// the migration table exists where goose would create it.
	migrationTableExists string
	// userTables lists the tables of the database (SQLite) or nothing
	// (PostgreSQL, where other applications' tables are normal).
	userTables string
	// cacheStatements: a write transaction prepares each statement once
	// and keeps it (see txn).
	cacheStatements bool
}

const claimReturning = ` RETURNING outbox.seq, id, type, subject, shop_id, recipient, occurred_at, data,
	attempts, claimed_by, claimed_until, next_attempt_at, delivered_at, dead_at, last_error`

const claimable = `delivered_at IS NULL AND dead_at IS NULL
	AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
	AND (claimed_until IS NULL OR claimed_until < ?)`

// sqliteDialect and postgresDialect return the two dialects; each call
// gives a fresh value, so no caller can change another's.
func sqliteDialect() *dialect {
	return &dialect{
		name:  SQLite,
		goose: goose.DialectSQLite3,
		claim: `UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
	WHERE seq IN (SELECT seq FROM outbox WHERE ` + claimable + ` ORDER BY seq LIMIT ?)` + claimReturning,
		migrationTableExists: `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '` + migrationTable + `'`,
		userTables:           `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
		cacheStatements:      true,
	}
}

func postgresDialect() *dialect {
	return &dialect{
		name:   Postgres,
		goose:  goose.DialectPostgres,
		dollar: true,
		claim: `WITH c AS (SELECT seq FROM outbox WHERE ` + claimable + ` ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
	UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = outbox.attempts + 1
	FROM c WHERE outbox.seq = c.seq` + claimReturning,
		migrationTableExists: `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '` + migrationTable + `')`,
	}
}

// dialectOf returns the dialect with the given name.
func dialectOf(name Dialect) (*dialect, error) {
	switch name {
	case SQLite:
		return sqliteDialect(), nil
	case Postgres:
		return postgresDialect(), nil
	}
	return nil, fairshops.E("sqlstore.New", fairshops.Invalid, string(name), "unknown dialect (want sqlite or postgres)", nil)
}

// claimArgs orders the arguments of the claim query for the dialect (the
// PostgreSQL form names the candidates first, in a WITH clause).
func (d *dialect) claimArgs(relay string, until, now time.Time, limit int) []any {
	if d.name == Postgres {
		return []any{d.timeArg(now), d.timeArg(now), limit, relay, d.timeArg(until)}
	}
	return []any{relay, d.timeArg(until), d.timeArg(now), d.timeArg(now), limit}
}

// rebind rewrites ? placeholders to $n for PostgreSQL. Question marks in
// quoted strings and identifiers are left alone.
func (d *dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// sqliteTimeLayout stores instants as fixed-width UTC text, so that text
// order is time order and comparisons in SQL work.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// timeArg encodes an instant for the dialect: microseconds (what
// PostgreSQL keeps), UTC; the zero time is NULL.
func (d *dialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if d.name == SQLite {
		return t.Format(sqliteTimeLayout)
	}
	return t
}

// dateArg encodes a civil date as YYYY-MM-DD (a date column in PostgreSQL,
// text in SQLite); the zero date is NULL.
func dateArg(v fairshops.Date) any {
	if v.IsZero() {
		return nil
	}
	return v.String()
}

// Classification of driver errors.
const (
	pgUniqueViolation      = "23505"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	pgLockNotAvailable     = "55P03"
	pgAdminShutdown        = "57P01"
)

// classify maps a driver error to an error kind and a short explanation:
// unique-key clashes, busy databases and serialization failures are
// conflicts (retry, or reload and retry); a canceled context or a passed
// deadline is Canceled; everything else is internal. It
// also reports whether the error says the file is not a usable database.
func classify(err error) (kind fairshops.Kind, detail string, corrupt bool) {
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fairshops.Canceled, "canceled", false
	case errors.As(err, &se):
		switch code := se.Code(); {
		case uniqueViolation(err):
			return fairshops.Conflict, "unique key exists", false
		case code&0xff == sqlite3.SQLITE_BUSY, code&0xff == sqlite3.SQLITE_LOCKED:
			return fairshops.Conflict, "database busy, retry", false
		case code&0xff == sqlite3.SQLITE_NOTADB, code&0xff == sqlite3.SQLITE_CORRUPT:
			return fairshops.Internal, "not a database or corrupt", true
		}
	case errors.As(err, &pe):
		switch pe.Code {
		case pgUniqueViolation:
			return fairshops.Conflict, "unique key exists", false
		case pgSerializationFailure, pgDeadlockDetected, pgLockNotAvailable:
			return fairshops.Conflict, "concurrent transaction, retry", false
		}
	}
	return fairshops.Internal, "", false
}

// uniqueViolation reports whether err is a unique-key clash.
func uniqueViolation(err error) bool {
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &se):
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	case errors.As(err, &pe):
		return pe.Code == pgUniqueViolation
	}
	return false
}

// wrap turns an error from the database into a *fairshops.Error of the
// right kind; errors that already carry a kind pass unchanged.
func wrap(op, entity string, err error) error {
	if err == nil {
		return nil
	}
	var fe *fairshops.Error
	var ve *fairshops.ValidationError
	if errors.As(err, &fe) || errors.As(err, &ve) {
		return err
	}
	kind, detail, corrupt := classify(err)
	if corrupt {
		return fairshops.E(op, kind, entity, detail, errors.Join(ErrCorrupt, err))
	}
	return fairshops.E(op, kind, entity, detail, err)
}
