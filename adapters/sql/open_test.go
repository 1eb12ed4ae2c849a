package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(data)
}

// requireKind checks the error's kind and its sentinel.
func requireKind(t *testing.T, err error, kind fairshops.Kind, sentinel error) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, kind, fairshops.KindOf(err), "kind of %v", err)
	if sentinel != nil {
		require.ErrorIs(t, err, sentinel)
	}
}

// TestOpenRefusesWithoutWriting offers Open files it must refuse and checks
// the typed error and that the file is byte for byte as it was.
func TestOpenRefusesWithoutWriting(t *testing.T) {
	tests := []struct {
		name     string
		prepare  func(t *testing.T, path string)
		kind     fairshops.Kind
		sentinel error
	}{
		{
			name: "text file",
			prepare: func(t *testing.T, path string) {
				require.NoError(t, os.WriteFile(path, []byte("Dies ist keine Datenbank, sondern ein Einkaufszettel.\n"), 0o644))
			},
			kind: fairshops.Internal, sentinel: sqlstore.ErrCorrupt,
		},
		{
			name: "damaged header",
			prepare: func(t *testing.T, path string) {
				data := make([]byte, 8192)
				copy(data, "SQLite format 3\x00")
				for i := 16; i < len(data); i++ {
					data[i] = 0xa5
				}
				require.NoError(t, os.WriteFile(path, data, 0o644))
			},
			kind: fairshops.Internal, sentinel: sqlstore.ErrCorrupt,
		},
		{
			name: "another application's database",
			prepare: func(t *testing.T, path string) {
				raw, err := sql.Open("sqlite", path)
				require.NoError(t, err)
				defer raw.Close()
				_, err = raw.Exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, total TEXT); INSERT INTO orders (total) VALUES ('9.99')`)
				require.NoError(t, err)
			},
			kind: fairshops.Conflict, sentinel: sqlstore.ErrForeign,
		},
		{
			name: "schema newer than the program",
			prepare: func(t *testing.T, path string) {
				db, err := sqlstore.Open(context.Background(), path)
				require.NoError(t, err)
				require.NoError(t, db.Shops().Create(context.Background(), storetest.SampleShop("kept"), nil))
				require.NoError(t, db.Close())
				raw, err := sql.Open("sqlite", path)
				require.NoError(t, err)
				defer raw.Close()
				_, err = raw.Exec(`INSERT INTO konfliktservice_migrations (version_id, is_applied)
					SELECT max(version_id) + 1, 1 FROM konfliktservice_migrations`)
				require.NoError(t, err)
			},
			kind: fairshops.Conflict, sentinel: sqlstore.ErrSchemaTooNew,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "k.db")
			tt.prepare(t, path)
			before := fileSum(t, path)
			db, err := sqlstore.Open(context.Background(), path)
			if err == nil {
				_ = db.Close()
			}
			requireKind(t, err, tt.kind, tt.sentinel)
			require.Equal(t, before, fileSum(t, path), "the file must be left as it was")
		})
	}
}

func TestOpenPostgresNewerSchema(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	require.NoError(t, err)
	require.NoError(t, db.Shops().Create(ctx, storetest.SampleShop("kept"), nil))
	require.NoError(t, db.Close())

	raw, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer raw.Close()
	_, err = raw.Exec(`INSERT INTO konfliktservice_migrations (version_id, is_applied)
		SELECT max(version_id) + 1, true FROM konfliktservice_migrations`)
	require.NoError(t, err)
	state := func() string {
		var n int
		var shops string
		require.NoError(t, raw.QueryRow(`SELECT count(*) FROM konfliktservice_migrations`).Scan(&n))
		require.NoError(t, raw.QueryRow(`SELECT string_agg(id || ':' || version, ',') FROM shops`).Scan(&shops))
		return fmt.Sprintf("%s/%d", shops, n)
	}
	before := state()

	_, err = sqlstore.Open(ctx, dsn)
	requireKind(t, err, fairshops.Conflict, sqlstore.ErrSchemaTooNew)
	require.Equal(t, before, state(), "nothing written")
}

func TestOpenInvalid(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		dsn    string
		opts   []sqlstore.Option
		fields []string // the wrong options, when the error lists them
	}{
		{name: "empty", dsn: ""},
		{name: "memory", dsn: ":memory:"},
		{name: "memory URI", dsn: "file::memory:"},
		{name: "shared cache", dsn: "file:" + dir + "/a.db?cache=shared"},
		{name: "pragma in URI", dsn: "file:" + dir + "/a.db?_pragma=synchronous(OFF)"},
		{name: "read-only URI", dsn: "file:" + dir + "/a.db?mode=ro"},
		{name: "remote file URI", dsn: "file://server/share/a.db"},
		{name: "directory", dsn: dir},
		{
			name: "bad options", dsn: filepath.Join(dir, "b.db"),
			opts: []sqlstore.Option{
				sqlstore.WithSynchronous("OFF"), sqlstore.WithReaders(0), sqlstore.WithMaxBatch(0),
				sqlstore.WithPostgresPool(sqlstore.Pool{MaxOpen: 2, MaxIdle: 3}), sqlstore.WithLogger(nil),
			},
			fields: []string{"synchronous", "readers", "pool.max_idle", "max_batch", "logger"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlstore.Open(context.Background(), tt.dsn, tt.opts...)
			if err == nil {
				_ = db.Close()
			}
			requireKind(t, err, fairshops.Invalid, nil)
			if tt.fields != nil {
				var ve *fairshops.ValidationError
				require.True(t, errors.As(err, &ve), "a *ValidationError listing every wrong option")
				var got []string
				for _, f := range ve.Fields {
					got = append(got, f.Field)
				}
				if d := cmp.Diff(tt.fields, got); d != "" {
					t.Fatalf("fields (-want +got):\n%s", d)
				}
			}
		})
	}
	_, err := os.Stat(filepath.Join(dir, "b.db"))
	require.ErrorIs(t, err, os.ErrNotExist, "bad options create no file")
}

func TestOpenPostgresUnreachable(t *testing.T) {
	_, err := sqlstore.Open(context.Background(), "host="+t.TempDir()+" user=nobody dbname=nothing sslmode=disable connect_timeout=5")
	requireKind(t, err, fairshops.Internal, nil)
}

// TestReopen keeps data across Close and Open and migrates nothing twice.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, db.Shops().Create(ctx, storetest.SampleShop("kept"), nil))
	require.NoError(t, db.Close())
	db, err = sqlstore.Open(ctx, "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	s, err := db.Shops().Get(ctx, "kept")
	require.NoError(t, err)
	require.Equal(t, 1, s.Version)
	require.Equal(t, sqlstore.SQLite, db.Dialect())
}

// TestNew runs the adapter on pools the caller opened.
func TestNew(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		pool, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "own.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
		require.NoError(t, err)
		defer pool.Close()
		db, err := sqlstore.New(ctx, pool, sqlstore.SQLite)
		require.NoError(t, err)
		require.NoError(t, db.Shops().Create(ctx, storetest.SampleShop("own"), nil))
		require.NoError(t, db.Close())
		require.NoError(t, pool.PingContext(ctx), "Close leaves the caller's pool open")
	})
	t.Run("postgres", func(t *testing.T) {
		pool, err := sql.Open("pgx", sqltest.PostgresDSN(t))
		require.NoError(t, err)
		defer pool.Close()
		db, err := sqlstore.New(ctx, pool, sqlstore.Postgres)
		require.NoError(t, err)
		require.NoError(t, db.Shops().Create(ctx, storetest.SampleShop("own"), nil))
		require.NoError(t, db.Close())
		require.NoError(t, pool.PingContext(ctx))
	})
	t.Run("unknown dialect", func(t *testing.T) {
		pool, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "x.db"))
		require.NoError(t, err)
		defer pool.Close()
		_, err = sqlstore.New(ctx, pool, "mysql")
		requireKind(t, err, fairshops.Invalid, nil)
		_, err = sqlstore.New(ctx, nil, sqlstore.SQLite)
		requireKind(t, err, fairshops.Invalid, nil)
	})
}

// TestDuplicateEventID: an event ID is unique in the outbox; a clash is a
// Conflict and undoes the whole unit of work.
func TestDuplicateEventID(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			db := tg.Open(t)
			ctx := context.Background()
			ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, "s1", "s1", storetest.SampleShop("s1").CreatedAt, nil)
			require.NoError(t, err)
			err = db.Shops().Create(ctx, storetest.SampleShop("s1"), []fairshops.Event{ev, ev})
			requireKind(t, err, fairshops.Conflict, nil)
			_, err = db.Shops().Get(ctx, "s1")
			requireKind(t, err, fairshops.NotFound, nil)
			require.Empty(t, sqltest.Events(t, db))
		})
	}
}
