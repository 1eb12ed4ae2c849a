package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		name, in, sqlite, postgres string
	}{
		{name: "none", in: "SELECT 1", sqlite: "SELECT 1", postgres: "SELECT 1"},
		{name: "several", in: "a = ? AND b = ?", sqlite: "a = ? AND b = ?", postgres: "a = $1 AND b = $2"},
		{name: "quoted", in: "a = '?' AND \"b?\" = ?", sqlite: "a = '?' AND \"b?\" = ?", postgres: "a = '?' AND \"b?\" = $1"},
		{name: "escaped quote", in: "a = 'it''s?' AND b = ?", sqlite: "a = 'it''s?' AND b = ?", postgres: "a = 'it''s?' AND b = $1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.sqlite, sqliteDialect().rebind(tt.in))
			require.Equal(t, tt.postgres, postgresDialect().rebind(tt.in))
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		kind    fairshops.Kind
		corrupt bool
	}{
		{name: "pg unique", err: &pgconn.PgError{Code: "23505"}, kind: fairshops.Conflict},
		{name: "pg serialization", err: &pgconn.PgError{Code: "40001"}, kind: fairshops.Conflict},
		{name: "pg deadlock", err: fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: "40P01"}), kind: fairshops.Conflict},
		{name: "pg syntax", err: &pgconn.PgError{Code: "42601"}, kind: fairshops.Internal},
		{name: "canceled", err: context.Canceled, kind: fairshops.Canceled}, // issue 11: its own kind, no longer Internal
		{name: "deadline", err: fmt.Errorf("query: %w", context.DeadlineExceeded), kind: fairshops.Canceled},
		{name: "plain", err: errors.New("boom"), kind: fairshops.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, _, corrupt := classify(tt.err)
			require.Equal(t, tt.kind, kind)
			require.Equal(t, tt.corrupt, corrupt)
			w := wrap("op", "x", tt.err)
			require.Equal(t, tt.kind, fairshops.KindOf(w))
			require.ErrorIs(t, w, tt.err, "the cause stays reachable")
		})
	}
	already := fairshops.E("inner", fairshops.NotFound, "x", "", nil)
	require.Same(t, already, wrap("outer", "x", already), "kinds pass unchanged")
	require.NoError(t, wrap("op", "x", nil))
}

// TestClassifySQLite produces real SQLite errors and checks their kinds.
func TestClassifySQLite(t *testing.T) {
	db := openTest(t, sqlitePath(t))
	scratch(t, db)
	ctx := context.Background()
	require.NoError(t, db.write(ctx, insertRow("a")))
	err := db.write(ctx, insertRow("a"))
	require.True(t, uniqueViolation(err))
	require.Equal(t, fairshops.Conflict, fairshops.KindOf(wrap("op", "a", err)))

	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO nowhere VALUES (1)`)
		return err
	})
	require.Error(t, err)
	require.False(t, uniqueViolation(err))
	require.Equal(t, fairshops.Internal, fairshops.KindOf(wrap("op", "", err)))
}

func TestTimeArgs(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	require.Equal(t, "2026-03-02T09:00:00.123456Z", sqliteDialect().timeArg(at))
	require.Equal(t, time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC), postgresDialect().timeArg(at))
	require.Nil(t, sqliteDialect().timeArg(time.Time{}))
	require.Nil(t, dateArg(fairshops.Date{}))
	require.Equal(t, "2027-12-31", dateArg(fairshops.MustDate("2027-12-31")))

	var got time.Time
	require.NoError(t, timeCol{&got}.Scan("2026-03-02T09:00:00.123456Z"))
	require.True(t, got.Equal(at.Truncate(time.Microsecond)))
	require.Error(t, timeCol{&got}.Scan("yesterday"))
	require.Error(t, timeCol{&got}.Scan(42))

	var d fairshops.Date
	require.NoError(t, dateCol{&d}.Scan(time.Date(2027, 12, 31, 0, 0, 0, 0, time.FixedZone("x", 5*3600))))
	require.Equal(t, fairshops.MustDate("2027-12-31"), d, "the date as written, not shifted to UTC")
	require.NoError(t, dateCol{&d}.Scan([]byte("2026-01-01")))
	require.Equal(t, fairshops.MustDate("2026-01-01"), d)
	require.Error(t, dateCol{&d}.Scan("2026-02-30"))
}

func TestDialectOfDSN(t *testing.T) {
	tests := []struct {
		dsn  string
		want Dialect
	}{
		{"postgres://u@localhost/db", Postgres},
		{"PostgreSQL://u@localhost/db", Postgres},
		{"host=/tmp/sock user=postgres dbname=x", Postgres},
		{"user=postgres host=db.example", Postgres},
		{"konflikt.db", SQLite},
		{"/var/lib/konflikt/data.db", SQLite},
		{"file:data.db?vfs=unix", SQLite},
		{"./ghost=1.db", SQLite},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			require.Equal(t, tt.want, dialectOfDSN(tt.dsn))
		})
	}
}

func TestParseSQLiteDSN(t *testing.T) {
	tests := []struct {
		name, dsn, path, uri string
		params               url.Values
	}{
		{name: "relative", dsn: "k.db", path: "k.db", uri: "file:k.db", params: url.Values{}},
		{name: "absolute", dsn: "/data/k.db", path: "/data/k.db", uri: "file:/data/k.db", params: url.Values{}},
		{name: "odd characters", dsn: "/data/a?b#c%d.db", path: "/data/a?b#c%d.db", uri: "file:/data/a%3Fb%23c%25d.db", params: url.Values{}},
		{name: "double slash", dsn: "//data/k.db", path: "//data/k.db", uri: "file:////data/k.db", params: url.Values{}},
		{name: "URI", dsn: "file:/data/k%20x.db?vfs=unix-dotfile", path: "/data/k x.db", uri: "file:/data/k x.db", params: url.Values{"vfs": {"unix-dotfile"}}},
		{name: "URI localhost", dsn: "file://localhost/data/k.db", path: "/data/k.db", uri: "file:/data/k.db", params: url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSQLiteDSN(tt.dsn)
			require.NoError(t, err)
			want := sqliteTarget{path: tt.path, uri: tt.uri, params: tt.params}
			if d := cmp.Diff(want, got, cmp.AllowUnexported(sqliteTarget{})); d != "" {
				t.Fatalf("(-want +got):\n%s", d)
			}
		})
	}
	got, err := parseSQLiteDSN("file:/data/k.db?vfs=unix")
	require.NoError(t, err)
	dsn := got.dsn(url.Values{"_txlock": {"immediate"}})
	require.Equal(t, "file:/data/k.db?_txlock=immediate&vfs=unix", dsn)
	require.NotContains(t, got.params, "_txlock", "dsn does not change the target")
}

// FuzzDSN feeds Open's DSN parsing arbitrary text: it never panics, every
// accepted SQLite DSN names a non-empty path whose URI carries no query or
// fragment of its own and reads back as the same path, and every refusal
// is an Invalid error.
func FuzzDSN(f *testing.F) {
	for _, s := range []string{
		"k.db", "/var/lib/k.db", "file:k.db?vfs=unix", "file://localhost/x.db", "file://host/x.db",
		":memory:", "file::memory:", "postgres://u@h/db", "host=/tmp user=x", "a?b#c%d", "file:%zz", "", "file:?",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		if dialectOfDSN(dsn) == Postgres {
			return
		}
		tg, err := parseSQLiteDSN(dsn)
		if err != nil {
			require.Equal(t, fairshops.Invalid, fairshops.KindOf(err))
			return
		}
		require.NotEmpty(t, tg.path)
		rest := strings.TrimPrefix(tg.uri, "file:")
		require.NotContains(t, rest, "?")
		require.NotContains(t, rest, "#")
		back, err := url.PathUnescape(rest)
		require.NoError(t, err)
		if strings.HasPrefix(tg.path, "//") {
			back = strings.TrimPrefix(back, "//") // the empty authority
		}
		require.Equal(t, tg.path, back)
		for k := range tg.params {
			require.False(t, reservedParam(k))
		}
	})
}

// FuzzScanTime reads arbitrary stored text as an instant: no panic, and
// whatever parses is UTC and formats back to an equal instant.
func FuzzScanTime(f *testing.F) {
	for _, s := range []string{"2026-03-02T09:00:00.123456Z", "2026-03-02T10:00:00+01:00", "", "0000-01-01T00:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got time.Time
		if err := (timeCol{&got}).Scan(s); err != nil {
			return
		}
		require.Equal(t, time.UTC, got.Location())
		if got.Year() < 0 || got.Year() > 9999 {
			return
		}
		var again time.Time
		require.NoError(t, timeCol{&again}.Scan(got.Format(time.RFC3339Nano)))
		require.True(t, got.Equal(again))
	})
}
