package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/bench"
)

// The queue and dashboard benchmarks (issue 14, item 4): the data of
// internal/bench (FAIRSHOPS_BENCH_N complaints, FAIRSHOPS_BENCH_SHOPS
// shops) bulk-loaded into SQLite and PostgreSQL, then the first page of
// the queue's searches and the dashboard's Stats, each reporting its p50
// and p95 latency. FAIRSHOPS_BENCH_SQLITE (a file) and
// FAIRSHOPS_BENCH_POSTGRES (a DSN, e.g. with a search_path of its own)
// keep the loaded data between runs: a database that holds complaints is
// used as it is. Run, for the figure:
//
//	FAIRSHOPS_BENCH_N=1000000 FAIRSHOPS_BENCH_SHOPS=10000 \
//	go test ./adapters/sql -run '^$' -bench 'Queue' -benchtime 20x -timeout 60m

// benchEnd is the newest filing of the generated data: "today".
var benchEnd = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// benchColumns are the columns the loaders fill (version included).
const benchColumns = complaintColumns + `, last_message_id, history_head, ` + derivedColumns

// benchRow is a generated complaint as the row the stores would write
// (without messages and history rows: the queries measured read neither).
func benchRow(d *dialect, c *complaint.Complaint) ([]any, error) {
	docs, err := encodeComplaintDocs(c)
	if err != nil {
		return nil, err
	}
	date := func(v fairshops.Date) any { return dateArg(v) }
	ts := d.timeArg
	if d.name == Postgres { // COPY takes typed values
		date = func(v fairshops.Date) any {
			if v.IsZero() {
				return nil
			}
			return v.Time()
		}
		ts = func(t time.Time) any { return t }
	}
	m := complaint.MilestonesOf(c, berlin())
	return []any{c.ID, c.ShopID, string(c.Lang), string(c.State), c.OrderRef, c.Contact.Name, c.Contact.Email,
		c.Contact.Phone, docs.facts, docs.precheck, date(c.ForwardedOn), date(c.AnswerDue), date(c.ReminderOn),
		c.Reminded, c.DeadlineMissed, date(c.NextDue), c.TokenHash, 0, 0, 1, ts(c.CreatedAt), ts(c.UpdatedAt),
		docs.rechecks, nullIfEmpty(c.Reference), c.AssignedTo,
		date(c.Clock.PausedOn), c.Clock.Question, c.Clock.RestDays, date(c.Clock.ResumeBy), c.Clock.Pauses,
		c.Clock.PausedDays, docs.reviews, "", "",
		string(c.Facts.Category), len(c.Precheck.StandardViolations) > 0, c.Displeasure(),
		date(m.Filed), date(m.Answered), date(m.Ended), complaint.Excerpt(c.Facts.Description),
		complaint.SearchText(c)}, nil
}

// benchLoad fills an empty DB with the data of cfg: shops through the
// store, complaints in bulk (SQLite: multi-row INSERTs, 20,000 rows a
// transaction; PostgreSQL: COPY).
func benchLoad(b testing.TB, db *DB, cfg bench.Config) {
	ctx := context.Background()
	start := time.Now()
	const chunk = 500
	for i := 0; i < cfg.Shops; i += chunk {
		err := db.write(ctx, func(ctx context.Context, tx *txn) error {
			for j := i; j < min(i+chunk, cfg.Shops); j++ {
				s := bench.Shop(cfg, j)
				r, err := encodeShop(s)
				if err != nil {
					return err
				}
				if _, err := tx.exec(ctx, `INSERT INTO shops (`+shopColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
					s.ID, s.Name, s.Domain, string(s.Seal.Status), dateArg(s.Seal.ValidUntil),
					r.fulfilled, r.bookings, r.conditions, db.d.timeArg(s.CreatedAt), db.d.timeArg(s.UpdatedAt), s.State,
					s.ComplaintContact.Email, s.ComplaintContact.Phone, s.ComplaintContact.Hours, s.PublicFigures); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var err error
	if db.d.name == Postgres {
		err = benchCopy(ctx, db, cfg)
	} else {
		err = benchInsert(ctx, db, cfg)
	}
	if err != nil {
		b.Fatal(err)
	}
	analyze := "ANALYZE"
	if db.d.name == Postgres {
		analyze = "VACUUM ANALYZE" // the visibility map, for index-only scans
	}
	if _, err := db.wpool.ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: loaded %d complaints over %d shops in %s", db.d.name, cfg.Complaints, cfg.Shops, time.Since(start).Round(time.Second))
}

func benchInsert(ctx context.Context, db *DB, cfg bench.Config) error {
	const perStmt, perTx = 100, 20_000
	cols := len(splitColumns(benchColumns)) // a column added to the stores shows here as a count mismatch
	var rows [][]any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := db.write(ctx, func(ctx context.Context, tx *txn) error {
			for i := 0; i < len(rows); i += perStmt {
				part := rows[i:min(i+perStmt, len(rows))]
				args := make([]any, 0, len(part)*cols)
				for _, r := range part {
					args = append(args, r...)
				}
				if _, err := tx.exec(ctx, `INSERT INTO complaints (`+benchColumns+`) VALUES `+valuesRows(len(part), cols), args...); err != nil {
					return err
				}
			}
			return nil
		})
		rows = rows[:0]
		return err
	}
	err := bench.Complaints(cfg, func(_ int, c *complaint.Complaint) error {
		r, err := benchRow(db.d, c)
		if err != nil {
			return err
		}
		if len(r) != cols {
			return fmt.Errorf("%d values for %d columns", len(r), cols)
		}
		rows = append(rows, r)
		if len(rows) == perTx {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// benchCopy loads the complaints by COPY as a bulk load is done: in one
// transaction, the complaints' indexes are dropped and the tallies' insert
// trigger disabled, the rows copied, the tallies counted by migration
// 00017's own backfill and the indexes built again from their definitions
// (a GIN index built once, and one GROUP BY per tally, are many times
// faster than a million rows fed through them one by one; docs/benchmarks.md,
// fifth pass). The tallies are those the trigger would have written from
// one connection (slot 0). A failure rolls all of it back.
func benchCopy(ctx context.Context, db *DB, cfg bench.Config) error {
	conn, err := db.wpool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	cols := splitColumns(benchColumns)
	return conn.Raw(func(dc any) error {
		tx, err := dc.(*stdlib.Conn).Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback(ctx) }()
		var names, defs []string
		rows, err := tx.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename = 'complaints'
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'complaints'::regclass)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n, d string
			if err := rows.Scan(&n, &d); err != nil {
				rows.Close()
				return err
			}
			names, defs = append(names, n), append(defs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range names {
			if _, err := tx.Exec(ctx, `DROP INDEX `+pgx.Identifier{n}.Sanitize()); err != nil {
				return err
			}
		}
		backfill, err := tallyBackfill()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE complaints DISABLE TRIGGER complaint_tally_insert`); err != nil {
			return err
		}
		next := make(chan []any, 1024)
		errc := make(chan error, 1)
		go func() {
			errc <- bench.Complaints(cfg, func(_ int, c *complaint.Complaint) error {
				r, err := benchRow(db.d, c)
				if err != nil {
					return err
				}
				next <- r
				return nil
			})
			close(next)
		}()
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"complaints"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			r, ok := <-next
			if !ok {
				return nil, nil
			}
			return r, nil
		}))
		for range next { // drain after a failed copy
		}
		if gerr := <-errc; err == nil {
			err = gerr
		}
		if err != nil {
			return err
		}
		for _, q := range backfill {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE complaints ENABLE TRIGGER complaint_tally_insert`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '1GB'`); err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := tx.Exec(ctx, d); err != nil {
				return fmt.Errorf("%s: %w", d, err)
			}
		}
		return tx.Commit(ctx)
	})
}

// tallyBackfill returns the statements with which migration 00017 counts
// the complaints stored before it into the tallies: the one definition of
// a tally's count besides the trigger's.
func tallyBackfill() ([]string, error) {
	b, err := migrationFiles.ReadFile("migrations/postgres/00017_tallies.sql")
	if err != nil {
		return nil, err
	}
	_, rest, ok := strings.Cut(string(b), "-- Complaints stored before.\n")
	body, _, ok2 := strings.Cut(rest, "-- +goose Down")
	if !ok || !ok2 {
		return nil, errors.New("migration 00017: backfill section not found")
	}
	var out []string
	for _, q := range strings.Split(body, ";") {
		if q = strings.TrimSpace(q); q != "" {
			out = append(out, q)
		}
	}
	if len(out) != 5 {
		return nil, fmt.Errorf("migration 00017: %d backfill statements, want 5 (one per tally)", len(out))
	}
	return out, nil
}

func splitColumns(s string) []string {
	out := strings.Split(s, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// reportLatency reports the p50 and p95 of the measured calls.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(bench.Percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(bench.Percentile(lat, 95).Microseconds())/1000, "p95-ms")
}

func BenchmarkQueue(b *testing.B) {
	cfg, err := bench.FromEnv(benchEnd)
	if err != nil {
		b.Fatal(err)
	}
	today := fairshops.DateOf(benchEnd, berlin())
	open := func(b *testing.B, dsn string) *DB {
		db, err := Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = db.Close() })
		return db
	}
	targets := []struct {
		name string
		dsn  func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string {
			if p := os.Getenv("FAIRSHOPS_BENCH_SQLITE"); p != "" {
				return p
			}
			return filepath.Join(b.TempDir(), "bench.db")
		}},
		{"postgres", func(b *testing.B) string {
			if dsn := os.Getenv("FAIRSHOPS_BENCH_POSTGRES"); dsn != "" {
				return dsn
			}
			return pgtest.Schema(b)
		}},
	}
	yes := true
	open5 := []complaint.State{complaint.Submitted, complaint.Checked, complaint.Forwarded, complaint.Answered}
	queries := []struct {
		name string
		q    complaint.Query
	}{
		{"first-page", complaint.Query{States: open5}},
		{"word-common", complaint.Query{Text: "Paket", States: open5}},
		{"word-rare", complaint.Query{Text: "Packstation Zoll"}},
		{"name", complaint.Query{Text: "Erika Müller"}},
		{"order-ref", complaint.Query{Text: fmt.Sprintf("A-%07d", cfg.Complaints/2)}},
		{"shop-name", complaint.Query{Text: "Kaffee-Markt 30"}},
		{"mine", complaint.Query{AssignedTo: "anna", States: open5}},
		{"unassigned-violation", complaint.Query{Unassigned: true, Violation: &yes, States: open5}},
		{"overdue", complaint.Query{Overdue: true, Today: today}},
		{"one-shop", complaint.Query{ShopID: bench.ShopID(3), States: open5}},
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			db := open(b, tg.dsn(b))
			// Not count(*): that would read the whole table, and a run on a
			// cold cache (docs/benchmarks.md) must find it cold.
			var loaded bool
			if err := db.read.QueryRow("SELECT EXISTS (SELECT 1 FROM complaints)").Scan(&loaded); err != nil {
				b.Fatal(err)
			}
			if !loaded {
				benchLoad(b, db, cfg)
			} else {
				b.Logf("%s: reusing the complaints stored", tg.name)
			}
			ctx := context.Background()
			for _, q := range queries {
				b.Run("search-"+q.name, func(b *testing.B) {
					q.q.Limit = 50
					lat := make([]time.Duration, 0, b.N)
					for b.Loop() {
						t0 := time.Now()
						if _, err := db.Complaints().Search(ctx, q.q); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
					}
					reportLatency(b, lat)
				})
			}
			b.Run("dashboard", func(b *testing.B) {
				m := complaint.MonthOf(today)
				sq := complaint.StatsQuery{From: m.AddMonths(-11), To: m.AddMonths(1).AddDays(-1), Today: today, Shops: 10}
				lat := make([]time.Duration, 0, b.N)
				for b.Loop() {
					t0 := time.Now()
					if _, err := db.Complaints().Stats(ctx, sq); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
				}
				reportLatency(b, lat)
			})
		})
	}
}

// nullIfEmpty is NULL for "" (the unique reference column allows many NULLs).
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
