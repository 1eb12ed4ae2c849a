// Command intake measures durable complaint intake on SQLite and
// PostgreSQL: complaints per second acknowledged only after their commit is
// durable, through complaint.Service on the SQL adapter, beside the raw
// driver writing the very same rows at the same durability and concurrency.
//
//	go run ./internal/bench/intake [-duration 5s] [-c 64] [-rounds 1] [-pg DSN] [-dir DIR] [-cells sqlite:c,...]
//
// A complaint is one complaint row, three history rows and three outbox
// rows (what Submit stores for a typical delivery complaint); the raw cells
// write exactly these rows, read back from a complaint the service filed,
// under fresh IDs, with database/sql and the values prepared in advance.
// For each database it runs these cells, each for -duration with -c
// concurrent writers (after a short unmeasured warm-up):
//
//	(d)  raw driver, one row per commit: the complaint row alone, one
//	     transaction each (the base of the group-commit target)
//	(a)  raw driver, one transaction per complaint, as hand-written code
//	     does it: BEGIN, one multi-row INSERT per table, COMMIT
//	(a*) PostgreSQL only: raw driver, the statements the store sends
//	     without group commit: the three inserts as one statement
//	     (data-modifying WITH clauses) in a transaction of its own; on
//	     SQLite the store's statements are those of (a)
//	(b)  complaint.Service.Submit on the store without group commit
//	     (SQLite: batches of one; PostgreSQL: the default)
//	(c)  complaint.Service.Submit on the store with group commit
//
// With -rounds N the cells run N times, interleaved, and the figures are
// medians: on a machine shared with other work, cells run back to back see
// about the same load, so the median of the rounds' ratios is steadier
// than a ratio of two single runs. It prints the rate, the p50 and p99
// latency of each cell, and the ratios
// (b)/(a) (target >= 0.8), (b)/(a*) (the library's own cost over the same
// statements: the service's validation, pre-check, hashing and shop
// look-up, the store's encoding) and (c)/(d) (target > 10 on SQLite).
// SQLite runs on a file in -dir (default: a temporary directory) with WAL
// and synchronous=FULL; PostgreSQL on the DSN of -pg or
// FAIRSHOPS_TEST_POSTGRES, each cell in a fresh schema (dropped at the
// end); without one the PostgreSQL cells are skipped with a message.
// Connect over loopback or a unix socket only: the figures are about the
// database, not a network.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/pgschema"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("intake: ")
	var o options
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "measured time per cell")
	flag.IntVar(&o.workers, "c", 64, "concurrent writers")
	flag.IntVar(&o.rounds, "rounds", 1, "run the cells this many times, interleaved, and report medians (for a busy machine)")
	flag.StringVar(&o.pg, "pg", os.Getenv("FAIRSHOPS_TEST_POSTGRES"), "PostgreSQL DSN (default $FAIRSHOPS_TEST_POSTGRES; empty: skip PostgreSQL)")
	flag.StringVar(&o.dir, "dir", "", "directory for the SQLite files (default: a temporary directory)")
	flag.StringVar(&o.cells, "cells", "", "run only these cells, e.g. \"sqlite:c,postgres:a\" (default: all)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(context.Background(), o, os.Stdout); err != nil {
		pprof.StopCPUProfile()
		log.Fatal(err)
	}
}

type options struct {
	duration        time.Duration
	workers, rounds int
	pg, dir, cells  string
}

// wants reports whether the cell key of db is to be run.
func (o options) wants(db, key string) bool {
	if o.cells == "" {
		return true
	}
	return slices.Contains(strings.Split(o.cells, ","), db+":"+strings.Trim(key, "()"))
}

// result is one measured cell in one round.
type result struct {
	db, key, name string
	round         int
	n             int
	elapsed       time.Duration
	p50, p99      time.Duration
	rows          int     // rows each acknowledged operation wrote durably
	perCommit     float64 // group commit: complaints per transaction (one flush each); 0 when not counted
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

// rowRate is rows written durably per second.
func (r result) rowRate() float64 { return r.rate() * float64(r.rows) }

func run(ctx context.Context, o options, out io.Writer) error {
	if o.workers < 1 || o.duration <= 0 || o.rounds < 1 {
		return errors.New("-c, -duration and -rounds must be positive")
	}
	dir := o.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "intake-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	fmt.Fprintf(out, "durable intake: %d concurrent writers, %s per cell, %d round(s); a complaint is 1 complaint row + 3 history rows + 3 outbox rows\n\n",
		o.workers, o.duration, o.rounds)
	fmt.Fprintf(out, "go %s, %d CPUs, load average at start %s\n\n", runtime.Version(), runtime.NumCPU(), loadAverage())
	lat, err := fsyncLatency(dir, 100)
	if err != nil {
		return fmt.Errorf("fsync latency: %w", err)
	}
	fmt.Fprintf(out, "fsync after a 4 KiB write in the SQLite directory: median %s (the ceiling of one commit at a time: %s/s);\n"+
		"group commit pays it once per batch, so (c)/(d) in complaints/s grows with it\n\n", ms(lat), thousands(float64(time.Second)/float64(lat)))
	var results []result
	sq, err := runDB(ctx, o, sqliteTarget{dir: dir})
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	results = append(results, sq...)
	if o.pg == "" {
		fmt.Fprintln(out, "PostgreSQL skipped: set FAIRSHOPS_TEST_POSTGRES or -pg to a DSN (unix socket or loopback)")
	} else {
		pg, err := runDB(ctx, o, &postgresTarget{dsn: o.pg})
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		results = append(results, pg...)
	}
	report(out, results, o.rounds)
	fmt.Fprintf(out, "load average at the end %s\n", loadAverage())
	return nil
}

// report prints each cell's median rate (with the range over the rounds),
// median p50 and p99, and each ratio as the median of the rounds' ratios:
// cells of one round ran back to back, under about the same load.
func report(out io.Writer, results []result, rounds int) {
	type cellKey struct{ db, key string }
	var order []cellKey
	byCell := map[cellKey][]result{}
	for _, r := range results {
		k := cellKey{r.db, r.key}
		if _, ok := byCell[k]; !ok {
			order = append(order, k)
		}
		byCell[k] = append(byCell[k], r)
	}
	median := func(xs []float64) float64 {
		xs = slices.Clone(xs)
		slices.Sort(xs)
		if len(xs)%2 == 1 {
			return xs[len(xs)/2]
		}
		return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	if rounds > 1 {
		fmt.Fprintln(tw, "db\tcell\tcomplaints/s (median)\trange\trows/s (median)\tp50\tp99\t")
	} else {
		fmt.Fprintln(tw, "db\tcell\tcomplaints/s\t\trows/s\tp50\tp99\t")
	}
	for _, k := range order {
		rs := byCell[k]
		var rates, rowRates, p50s, p99s []float64
		for _, r := range rs {
			rates = append(rates, r.rate())
			rowRates = append(rowRates, r.rowRate())
			p50s = append(p50s, float64(r.p50))
			p99s = append(p99s, float64(r.p99))
		}
		rng := ""
		if len(rs) > 1 {
			rng = thousands(slices.Min(rates)) + " - " + thousands(slices.Max(rates))
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t\n", k.db, k.key, rs[0].name, thousands(median(rates)), rng,
			thousands(median(rowRates)), ms(time.Duration(median(p50s))), ms(time.Duration(median(p99s))))
	}
	_ = tw.Flush()
	fmt.Fprintln(out)
	for _, db := range []string{"sqlite", "postgres"} {
		// ratio prints the median over the rounds of num's rate over
		// den's, in complaints per second or, with rows, in rows per
		// second.
		ratio := func(name, num, den, target string, rows bool) {
			rate := result.rate
			if rows {
				rate = result.rowRate
			}
			var rs []float64
			for round := range rounds {
				var n, d float64
				for _, r := range results {
					if r.db == db && r.round == round && r.key == num {
						n = rate(r)
					}
					if r.db == db && r.round == round && r.key == den {
						d = rate(r)
					}
				}
				if n > 0 && d > 0 {
					rs = append(rs, n/d)
				}
			}
			if len(rs) > 0 {
				fmt.Fprintf(out, "%s: %s = %.2f%s\n", db, name, median(rs), target)
			}
		}
		ratio("(b)/(a)", "(b)", "(a)", " (target >= 0.8; same rows, so complaints/s and rows/s agree)", false)
		ratio("(b)/(a*)", "(b)", "(a*)", " (the library's own cost over the same statements)", false)
		target := ""
		if db == "sqlite" {
			target = " (target > 10)"
		}
		ratio("(c)/(d) in rows/s", "(c)", "(d)", target+": rows written durably per second, group commit against one row per commit", true)
		ratio("(c)/(d) in complaints/s", "(c)", "(d)", ": (c) writes 7 rows per complaint, (d) 1", false)
		ratio("(c)/(a)", "(c)", "(a)", ": group commit against one transaction per complaint", false)
		var shared []float64
		for _, r := range results {
			if r.db == db && r.key == "(c)" && r.perCommit > 0 {
				shared = append(shared, r.perCommit)
			}
		}
		if len(shared) > 0 {
			fmt.Fprintf(out, "%s: (c) complaints per commit (one flush to disk each) = %.1f\n", db, median(shared))
		}
	}
}

// fsyncLatency writes 4 KiB to a scratch file in dir and syncs it, n
// times, and returns the median time of one write and sync: what a
// durable commit of one small transaction costs on this disk at least.
func fsyncLatency(dir string, n int) (time.Duration, error) {
	f, err := os.CreateTemp(dir, "fsync-probe")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	page := make([]byte, 4096)
	lat := make([]time.Duration, n)
	for i := range lat {
		t0 := time.Now()
		if _, err := f.WriteAt(page, int64(i%16)*4096); err != nil {
			return 0, err
		}
		if err := f.Sync(); err != nil {
			return 0, err
		}
		lat[i] = time.Since(t0)
	}
	slices.Sort(lat)
	return lat[n/2], f.Close()
}

// loadAverage reads /proc/loadavg where there is one: the figures of a
// busy machine are lower bounds.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + " ms" }

func thousands(f float64) string {
	s := strconv.FormatInt(int64(f+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// target is a database the cells run on; each cell gets a fresh one.
type target interface {
	name() string
	// fresh returns a DSN for an empty database and a function that
	// removes it.
	fresh(ctx context.Context, cell string) (dsn string, drop func(), err error)
	// rawPool opens the raw driver's pool on dsn with the store's
	// durability and pool size.
	rawPool(dsn string) (*sql.DB, error)
	// storeOptions are the options of cell (b) (grouped false) or (c).
	storeOptions(grouped bool) []sqlstore.Option
	dollar() bool
}

type sqliteTarget struct{ dir string }

func (sqliteTarget) name() string { return "sqlite" }

func (t sqliteTarget) fresh(_ context.Context, cell string) (string, func(), error) {
	path := filepath.Join(t.dir, "intake-"+cell+".db")
	return path, func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(path + suffix)
		}
	}, nil
}

// rawPool is what the adapter sets up for its writer: WAL, synchronous
// FULL, BEGIN IMMEDIATE, one connection.
func (sqliteTarget) rawPool(path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	return db, nil
}

func (sqliteTarget) storeOptions(grouped bool) []sqlstore.Option {
	if grouped {
		return nil
	}
	return []sqlstore.Option{sqlstore.WithMaxBatch(1)}
}

func (sqliteTarget) dollar() bool { return false }

type postgresTarget struct {
	dsn   string
	admin *sql.DB
}

func (*postgresTarget) name() string { return "postgres" }

func (t *postgresTarget) fresh(ctx context.Context, cell string) (string, func(), error) {
	if t.admin == nil {
		admin, err := sql.Open("pgx", t.dsn)
		if err != nil {
			return "", nil, err
		}
		t.admin = admin
	}
	dsn, drop, err := pgschema.New(ctx, t.admin, t.dsn, "intake_bench_"+cell+"_")
	if err != nil {
		return "", nil, err
	}
	return dsn, func() {
		if err := drop(); err != nil {
			log.Print(err)
		}
	}, nil
}

// rawPool is the adapter's default PostgreSQL pool: 16 connections.
func (*postgresTarget) rawPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	return db, nil
}

func (*postgresTarget) storeOptions(grouped bool) []sqlstore.Option {
	return []sqlstore.Option{sqlstore.WithGroupCommit(grouped)}
}

func (*postgresTarget) dollar() bool { return true }

// runDB runs the four cells on one database.
func runDB(ctx context.Context, o options, t target) ([]result, error) {
	tpl, err := template(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("prepare rows: %w", err)
	}
	cells := []struct {
		key, name string
		run       func(ctx context.Context, dsn string) (result, error)
	}{
		{"(d)", "raw driver, one row per commit", func(ctx context.Context, dsn string) (result, error) {
			return rawCell(ctx, o, t, dsn, tpl, rawOneRow)
		}},
		{"(a)", "raw driver, one transaction per complaint", func(ctx context.Context, dsn string) (result, error) {
			return rawCell(ctx, o, t, dsn, tpl, rawPerTable)
		}},
		{"(a*)", "raw driver, the store's statements", func(ctx context.Context, dsn string) (result, error) {
			return rawCell(ctx, o, t, dsn, tpl, rawStoreLike)
		}},
		{"(b)", "service, no group commit", func(ctx context.Context, dsn string) (result, error) {
			return serviceCell(ctx, o, dsn, t.storeOptions(false))
		}},
		{"(c)", "service, group commit", func(ctx context.Context, dsn string) (result, error) {
			return serviceCell(ctx, o, dsn, t.storeOptions(true))
		}},
	}
	var out []result
	for round := range o.rounds {
		for _, c := range cells {
			if !o.wants(t.name(), c.key) || (c.key == "(a*)" && !t.dollar()) {
				continue // on SQLite the store's statements are (a)'s
			}
			dsn, drop, err := t.fresh(ctx, strings.NewReplacer("(", "", ")", "", "*", "x").Replace(c.key))
			if err != nil {
				return nil, err
			}
			r, err := c.run(ctx, dsn)
			drop()
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", c.key, c.name, err)
			}
			r.db, r.key, r.name, r.round = t.name(), c.key, c.name, round
			r.rows = tpl.count()
			if c.key == "(d)" {
				r.rows = 1
			}
			log.Printf("round %d: %s %s %s: %s/s", round+1, r.db, r.key, r.name, thousands(r.rate()))
			out = append(out, r)
		}
	}
	return out, nil
}

// measure runs op on workers goroutines for a warm-up of a tenth of d,
// then for d, and returns the count and latencies of the measured ops.
func measure(ctx context.Context, workers int, d time.Duration, op func(ctx context.Context) error) (result, error) {
	var firstErr atomic.Pointer[error]
	phase := func(d time.Duration, record bool) (int, time.Duration, []time.Duration) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		lat := make([][]time.Duration, workers)
		var wg sync.WaitGroup
		start := time.Now()
		end := start.Add(d)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) && ctx.Err() == nil {
					t0 := time.Now()
					if err := op(ctx); err != nil {
						firstErr.CompareAndSwap(nil, &err)
						cancel()
						return
					}
					if record {
						lat[w] = append(lat[w], time.Since(t0))
					}
				}
			}()
		}
		wg.Wait()
		all := slices.Concat(lat...)
		return len(all), time.Since(start), all
	}
	phase(d/10, false)
	n, elapsed, lat := phase(d, true)
	if p := firstErr.Load(); p != nil {
		return result{}, *p
	}
	if n == 0 {
		return result{}, errors.New("no operation finished")
	}
	slices.Sort(lat)
	return result{n: n, elapsed: elapsed, p50: lat[n/2], p99: lat[n*99/100]}, nil
}

// The fixture: one shop with the complaint service booked, a clock that
// runs from 9:00 on a fixed day (so the filing date never changes, and
// creation times grow as they do in production), and a typical delivery
// complaint.
const shopID = "bench-shop"

var day = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// runningClock is the wall clock moved to day.
type runningClock struct{ start time.Time }

func (c runningClock) Now() time.Time { return day.Add(time.Since(c.start)) }

func intake() complaint.Intake {
	eur := fairshops.Currency("EUR")
	return complaint.Intake{
		Facts: precheck.Facts{
			Category:             precheck.Delivery,
			OrderDate:            fairshops.MustDate("2026-01-12"),
			PromisedDeliveryDate: fairshops.MustDate("2026-01-19"),
			OrderValue:           fairshops.MustMoney("49.90", eur),
			ContactedShopOn:      fairshops.MustDate("2026-02-02"),
			DesiredResolution:    precheck.WantDelivery,
			Description: "Die Bestellung ist nie angekommen. Der Shop antwortet seit drei Wochen nicht auf " +
				"meine E-Mails, die Sendungsverfolgung zeigt seit dem 20. Januar keinen neuen Stand.\nBitte liefern.",
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org", Phone: "+49 30 1234567"},
		OrderRef: "A-10023",
		Lang:     fairshops.German,
	}
}

// service opens the store on dsn and returns a complaint service on it,
// with the bench shop registered.
func service(ctx context.Context, dsn string, opts []sqlstore.Option) (*complaint.Service, *sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, nil, err
	}
	clock := runningClock{start: time.Now()}
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	if err == nil {
		_, err = reg.Register(ctx, fairshops.Shop{ID: shopID, Name: "Bench Shop", Domain: "bench.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed},
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2020-01-01"),
				Purpose: fairshops.ExtraTrust}}})
	}
	var svc *complaint.Service
	if err == nil {
		svc, err = complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	}
	if err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	return svc, db, nil
}

func serviceCell(ctx context.Context, o options, dsn string, opts []sqlstore.Option) (result, error) {
	svc, db, err := service(ctx, dsn, opts)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	in := intake()
	before := db.WriteStats()
	r, err := measure(ctx, o.workers, o.duration, func(ctx context.Context) error {
		_, _, err := svc.Submit(ctx, shopID, in)
		return err
	})
	if after := db.WriteStats(); after.Transactions > before.Transactions {
		r.perCommit = float64(after.Writes-before.Writes) / float64(after.Transactions-before.Transactions)
	}
	return r, err
}

// rows is one complaint as the store wrote it, column values as the
// driver returned them, ready to be written again under new IDs.
type rows struct {
	complaint []any   // complaintCols
	history   [][]any // historyCols
	events    [][]any // eventCols
}

const (
	complaintCols = `id, shop_id, lang, state, order_ref, contact_name, contact_email, contact_phone, facts, precheck,
	forwarded_on, answer_due, reminder_on, reminded, deadline_missed, next_due, token_hash, message_count,
	last_message_id, history_count, history_head, version, created_at, updated_at`
	historyCols = `complaint_id, seq, at, actor_role, actor_shop, actor_name, action, detail, prev, hash`
	eventCols   = `id, type, subject, shop_id, recipient, occurred_at, data`
)

// count is the number of rows of one complaint.
func (r rows) count() int { return 1 + len(r.history) + len(r.events) }

// template files one complaint through the service and reads its rows
// back with the raw driver, so that the raw cells write exactly what the
// store writes (same columns, same payload sizes).
func template(ctx context.Context, t target) (rows, error) {
	dsn, drop, err := t.fresh(ctx, "template")
	if err != nil {
		return rows{}, err
	}
	defer drop()
	svc, db, err := service(ctx, dsn, nil)
	if err != nil {
		return rows{}, err
	}
	c, _, err := svc.Submit(ctx, shopID, intake())
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rows{}, err
	}
	raw, err := t.rawPool(dsn)
	if err != nil {
		return rows{}, err
	}
	defer raw.Close()
	q := func(query string) string { return rebind(query, t.dollar()) }
	var r rows
	all, err := scanAll(ctx, raw, q(`SELECT `+complaintCols+` FROM complaints WHERE id = ?`), c.ID)
	if err != nil || len(all) != 1 {
		return rows{}, fmt.Errorf("read complaint row: %d rows, %v", len(all), err)
	}
	r.complaint = all[0]
	if r.history, err = scanAll(ctx, raw, q(`SELECT `+historyCols+` FROM complaint_history WHERE complaint_id = ? ORDER BY seq`), c.ID); err != nil {
		return rows{}, err
	}
	if r.events, err = scanAll(ctx, raw, q(`SELECT `+eventCols+` FROM outbox WHERE subject = ? ORDER BY seq`), c.ID); err != nil {
		return rows{}, err
	}
	if len(r.history) != 3 || len(r.events) != 3 {
		return rows{}, fmt.Errorf("the template complaint has %d history rows and %d events, want 3 and 3", len(r.history), len(r.events))
	}
	return r, nil
}

func scanAll(ctx context.Context, db *sql.DB, query string, args ...any) ([][]any, error) {
	rs, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b) // text, as the store passes it
			}
		}
		out = append(out, vals)
	}
	return out, rs.Err()
}

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL.
func rebind(q string, dollar bool) string {
	if !dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func placeholders(rows, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// rawMode is how a raw cell writes a complaint.
type rawMode int

const (
	rawOneRow    rawMode = iota // (d): the complaint row alone, one transaction each
	rawPerTable                 // (a): BEGIN, one multi-row INSERT per table, COMMIT
	rawStoreLike                // (a*): the store's statements; on PostgreSQL one statement, autocommit
)

// rawCell writes the template's rows under fresh IDs with database/sql.
func rawCell(ctx context.Context, o options, t target, dsn string, tpl rows, mode rawMode) (result, error) {
	// The store creates the schema; the raw driver only writes.
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return result{}, err
	}
	if err := db.Close(); err != nil {
		return result{}, err
	}
	raw, err := t.rawPool(dsn)
	if err != nil {
		return result{}, err
	}
	defer raw.Close()
	insComplaint := `INSERT INTO complaints (` + complaintCols + `) VALUES ` + placeholders(1, len(tpl.complaint))
	insHistory := `INSERT INTO complaint_history (` + historyCols + `) VALUES ` +
		placeholders(len(tpl.history), len(tpl.history[0]))
	insEvents := `INSERT INTO outbox (` + eventCols + `) VALUES ` + placeholders(len(tpl.events), len(tpl.events[0]))
	var statements []string
	autocommit := false
	switch {
	case mode == rawOneRow:
		statements = []string{insComplaint}
	case mode == rawStoreLike && t.dollar():
		// What the store sends without group commit: the three inserts
		// as one statement (data-modifying WITH clauses), in a transaction
		// of its own.
		statements = []string{`WITH s0 AS (` + insComplaint + `), s1 AS (` + insHistory + `) ` + insEvents}
		autocommit = true
	default:
		statements = []string{insComplaint, insHistory, insEvents}
	}
	for i, q := range statements {
		statements[i] = rebind(q, t.dollar())
	}
	return measure(ctx, o.workers, o.duration, func(ctx context.Context) error {
		now := time.Now()
		id := fairshops.NewOrderedID("c", now) // the kind of ID the service gives
		cargs := slices.Clone(tpl.complaint)
		cargs[0] = id
		args := [][]any{cargs}
		if mode != rawOneRow {
			var hargs, eargs []any
			for _, h := range tpl.history {
				h = slices.Clone(h)
				h[0] = id
				hargs = append(hargs, h...)
			}
			for _, e := range tpl.events {
				e = slices.Clone(e)
				e[0], e[2] = fairshops.NewOrderedID("ev", now), id
				eargs = append(eargs, e...)
			}
			args = append(args, hargs, eargs)
			if len(statements) == 1 {
				args = [][]any{slices.Concat(args...)}
			}
		}
		if autocommit {
			_, err := raw.ExecContext(ctx, statements[0], args[0]...)
			return err
		}
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck // a no-op after Commit
		for i, q := range statements {
			if _, err := tx.ExecContext(ctx, q, args[i]...); err != nil {
				return err
			}
		}
		return tx.Commit()
	})
}
