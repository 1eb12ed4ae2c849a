package sqlstore

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata (released migration sums are only added, never changed)")

// TestSchema applies every migration to an empty database of each kind and
// compares the schema it ends with (tables, columns, types, indexes,
// constraints) with testdata/schema_<dialect>.golden. A new migration
// changes the golden file on purpose (refresh with -update); an edit of a
// released one shows up here and in TestReleasedMigrationsUnchanged.
func TestSchema(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			got := describeSchema(t, db)
			golden := filepath.Join("testdata", "schema_"+string(db.d.name)+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run TestSchema -update to create it")
			if d := cmp.Diff(string(want), got); d != "" {
				t.Fatalf("schema differs from %s (-want +got):\n%s", golden, d)
			}
		})
	}
}

func describeSchema(t *testing.T, db *DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	version, err := knownVersion(db.d)
	require.NoError(t, err)
	var applied int64
	require.NoError(t, db.read.QueryRowContext(ctx, "SELECT max(version_id) FROM "+migrationTable).Scan(&applied))
	require.Equal(t, version, applied, "every migration is applied")
	fmt.Fprintf(&b, "schema version %d\n", applied)
	switch db.d.name {
	case SQLite:
		describeSQLite(t, db.read, &b)
	case Postgres:
		describePostgres(t, db.read, &b)
	}
	return b.String()
}

func rowsOf(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	require.NoError(t, rows.Err())
	return out
}

func describeSQLite(t *testing.T, db *sql.DB, b *strings.Builder) {
	for _, tbl := range rowsOf(t, db, `SELECT name, strict FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> ?
		ORDER BY name`, migrationTable) {
		name := tbl[0]
		fmt.Fprintf(b, "\ntable %s strict=%s\n", name, tbl[1])
		for _, c := range rowsOf(t, db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`, name) {
			fmt.Fprintf(b, "  column %s %s notnull=%s default=%s pk=%s\n", c[0], c[1], c[2], c[3], c[4])
		}
		for _, ix := range rowsOf(t, db, `SELECT l.name, l."unique", l.origin, l.partial, coalesce(m.sql, '')
			FROM pragma_index_list(?) l LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name
			ORDER BY l.name`, name) {
			cols := rowsOf(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix[0])
			var names []string
			for _, c := range cols {
				names = append(names, c[0])
			}
			where := ""
			if _, w, ok := strings.Cut(ix[4], " WHERE "); ok {
				where = " where " + w
			}
			fmt.Fprintf(b, "  index %s (%s) unique=%s origin=%s%s\n", ix[0], strings.Join(names, ", "), ix[1], ix[2], where)
		}
		for _, s := range rowsOf(t, db, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, name) {
			for _, line := range strings.Split(s[0], "\n") {
				if strings.Contains(line, "CHECK") {
					fmt.Fprintf(b, "  check %s\n", strings.Join(strings.Fields(line), " "))
				}
			}
		}
		for _, tr := range rowsOf(t, db, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name`, name) {
			fmt.Fprintf(b, "  trigger %s: %s\n", tr[0], strings.Join(strings.Fields(tr[1]), " "))
		}
	}
}

func describePostgres(t *testing.T, db *sql.DB, b *strings.Builder) {
	var schema string
	require.NoError(t, db.QueryRow(`SELECT current_schema()`).Scan(&schema))
	tables := rowsOf(t, db, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> $1 ORDER BY tablename`, migrationTable)
	for _, tbl := range tables {
		name := tbl[0]
		fmt.Fprintf(b, "\ntable %s\n", name)
		for _, c := range rowsOf(t, db, `SELECT column_name, data_type, is_nullable, coalesce(column_default, ''), is_identity,
			coalesce(identity_generation, ''), coalesce(collation_name, '')
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
			ORDER BY ordinal_position`, name) {
			identity := c[4]
			if c[5] != "" {
				identity += "/" + c[5]
			}
			fmt.Fprintf(b, "  column %s %s nullable=%s default=%q identity=%s collation=%q\n", c[0], c[1], c[2], c[3], identity, c[6])
		}
		for _, ix := range rowsOf(t, db, `SELECT indexname, indexdef FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname`, name) {
			fmt.Fprintf(b, "  index %s: %s\n", ix[0], strings.ReplaceAll(ix[1], schema+".", ""))
		}
		for _, con := range rowsOf(t, db, `SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass ORDER BY conname`, name) {
			fmt.Fprintf(b, "  constraint %s %s: %s\n", con[0], con[1], con[2])
		}
		for _, tr := range rowsOf(t, db, `SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
			WHERE tgrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND NOT tgisinternal
			ORDER BY tgname`, name) {
			fmt.Fprintf(b, "  trigger %s: %s\n", tr[0], strings.ReplaceAll(tr[1], schema+".", ""))
		}
	}
}

// TestReleasedMigrationsUnchanged holds every released migration to the
// SHA-256 recorded in testdata/migrations.sum. A new migration is added to
// the file with -update; an existing line is never rewritten, so editing a
// released migration fails here until someone changes the sum by hand,
// which a review will see.
func TestReleasedMigrationsUnchanged(t *testing.T) {
	const sumFile = "testdata/migrations.sum"
	recorded := map[string]string{}
	var order []string
	if f, err := os.Open(sumFile); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			sum, name, ok := strings.Cut(line, "  ")
			require.True(t, ok, "malformed line %q", line)
			recorded[name] = sum
			order = append(order, name)
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
	}
	actual := map[string]string{}
	require.NoError(t, fs.WalkDir(migrationFiles, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(migrationFiles, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		actual[strings.TrimPrefix(path, "migrations/")] = hex.EncodeToString(sum[:])
		return nil
	}))
	for _, name := range order {
		got, ok := actual[name]
		require.True(t, ok, "released migration %s was removed", name)
		require.Equal(t, recorded[name], got, "released migration %s was edited: add a new migration instead", name)
	}
	var added []string
	for name := range actual {
		if _, ok := recorded[name]; !ok {
			added = append(added, name)
		}
	}
	sort.Strings(added)
	if len(added) == 0 {
		return
	}
	if !*update {
		t.Fatalf("migrations not recorded in %s: %v (run go test -run TestReleasedMigrationsUnchanged -update)", sumFile, added)
	}
	f, err := os.OpenFile(sumFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	for _, name := range added {
		_, err := fmt.Fprintf(f, "%s  %s\n", actual[name], name)
		require.NoError(t, err)
	}
	require.NoError(t, f.Close())
}

// TestMigrationsParallel checks that both dialects have the same versions.
func TestMigrationsParallel(t *testing.T) {
	names := func(d *dialect) []string {
		fsys, err := migrations(d)
		require.NoError(t, err)
		entries, err := fs.ReadDir(fsys, ".")
		require.NoError(t, err)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	require.Equal(t, names(sqliteDialect()), names(postgresDialect()))
}

// TestMigrationsDownAndUp rolls every migration back and applies it again:
// the Down sections work, and Up is repeatable on an emptied database.
func TestMigrationsDownAndUp(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			before := describeSchema(t, db)
			p, err := newProvider(ctx, db.wpool, db.d, db.log)
			require.NoError(t, err)
			_, err = p.DownTo(ctx, 0)
			require.NoError(t, err)
			var tables int
			q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('shops', 'outbox')`
			if db.d.name == Postgres {
				q = `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('shops', 'outbox')`
			}
			require.NoError(t, db.read.QueryRowContext(ctx, q).Scan(&tables))
			require.Zero(t, tables, "down removes every table")
			_, err = p.Up(ctx)
			require.NoError(t, err)
			require.Equal(t, before, describeSchema(t, db))
		})
	}
}
