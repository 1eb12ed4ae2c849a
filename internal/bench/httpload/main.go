package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fairshops/konfliktservice/internal/pgschema"
)

// Bounds of a run: loopback load is cheap to start and easy to overdo.
const (
	maxWorkers  = 1024
	maxDuration = 5 * time.Minute
)

// envPostgres is where the PostgreSQL DSN comes from when -pg is empty.
const envPostgres = "FAIRSHOPS_TEST_POSTGRES"

type options struct {
	dbs         []string
	duration    time.Duration
	warmup      time.Duration
	concurrency int
	rounds      int
	pg          string
	dir         string
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("httpload: ")
	if len(os.Args) == 3 && os.Args[1] == "-serve-bare" {
		if err := serveBare(os.Args[2]); err != nil {
			log.Fatal(err)
		}
		return
	}
	o, err := parseOptions(os.Args[1:])
	if err != nil {
		log.Fatal(err)
	}
	if err := runAll(context.Background(), o, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func parseOptions(args []string) (options, error) {
	fl := flag.NewFlagSet("httpload", flag.ContinueOnError)
	dbs := fl.String("db", "sqlite,postgres", "databases to measure: sqlite, postgres or both (comma-separated)")
	o := options{}
	fl.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per server and round")
	fl.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each measurement")
	fl.IntVar(&o.concurrency, "concurrency", 64, "concurrent workers, each one request after the other")
	fl.IntVar(&o.rounds, "rounds", 3, "rounds, each loading the full server and then the bare one")
	fl.StringVar(&o.pg, "pg", "", "PostgreSQL DSN (default $"+envPostgres+"); each server gets a fresh schema")
	fl.StringVar(&o.dir, "dir", "", "directory for the SQLite files and the server binary (default: a temporary one)")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	o.dbs = strings.Split(*dbs, ",")
	for _, d := range o.dbs {
		if d != "sqlite" && d != "postgres" {
			return o, fmt.Errorf("-db: unknown database %q", d)
		}
	}
	if o.concurrency < 1 || o.concurrency > maxWorkers {
		return o, fmt.Errorf("-concurrency: between 1 and %d", maxWorkers)
	}
	if o.rounds < 1 || time.Duration(o.rounds)*(o.duration+o.warmup) > maxDuration {
		return o, fmt.Errorf("-rounds: at least 1, and rounds x (duration + warmup) up to %v", maxDuration)
	}
	if o.duration <= 0 || o.warmup < 0 {
		return o, fmt.Errorf("-duration: positive; -warmup: not negative")
	}
	if o.pg == "" {
		o.pg = strings.TrimSpace(os.Getenv(envPostgres))
	}
	return o, nil
}

// target is one server under test and what was measured on it.
type target struct {
	name  string // "full" or "bare"
	child *child
	drop  func()
	rates []float64 // filings per second, per round
	lat   []time.Duration
	ok    int
	fails map[int]int
	cpu   time.Duration // CPU time in the measured windows
	idle  int64         // VmRSS after start-up
	peak  int64         // highest VmRSS sample under load
	hwm   int64         // VmHWM after the last round
}

func runAll(ctx context.Context, o options, out io.Writer) error {
	dir := o.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "httpload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	serverBin := filepath.Join(dir, "konfliktservice-server")
	build := exec.CommandContext(ctx, "go", "build", "-o", serverBin, "github.com/fairshops/konfliktservice/examples/server")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build examples/server: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "httpload: %s, %d cores, %d workers, %d rounds of %v measured after %v warm-up per server, "+
		"POST /api/v1/shops/demo-shop/complaints on 127.0.0.1\n\n",
		runtime.Version(), runtime.NumCPU(), o.concurrency, o.rounds, o.duration, o.warmup)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "database\tserver\tfilings/s\tp50\tp99\terrors\tCPU/filing\tidle RSS\tloaded RSS\tVmHWM\t")
	var ratios []string
	for _, db := range o.dbs {
		if db == "postgres" && o.pg == "" {
			fmt.Fprintf(out, "postgres: skipped: set -pg or %s to a DSN\n\n", envPostgres)
			continue
		}
		full, bare, err := measureDB(ctx, o, db, dir, serverBin, self)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		for _, t := range []*target{full, bare} {
			slices.Sort(t.lat)
			s := stats{lat: t.lat}
			perFiling := time.Duration(0)
			if t.ok > 0 {
				perFiling = t.cpu / time.Duration(t.ok)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%v\t%v\t%s\t%v\t%s\t%s\t%s\t\n", db, t.name, median(t.rates),
				s.percentile(50).Round(10*time.Microsecond), s.percentile(99).Round(10*time.Microsecond),
				errorsText(t.fails), perFiling.Round(time.Microsecond), mib(t.idle), mib(t.peak), mib(t.hwm))
		}
		var per []float64
		var each []string
		for i := range full.rates {
			per = append(per, full.rates[i]/bare.rates[i])
			each = append(each, fmt.Sprintf("%.2f", per[i]))
		}
		ratios = append(ratios, fmt.Sprintf("%s: full/bare = %.2f (median of the rounds: %s; target >= 0.5)",
			db, median(per), strings.Join(each, ", ")))
	}
	tw.Flush()
	fmt.Fprintln(out)
	for _, r := range ratios {
		fmt.Fprintln(out, r)
	}
	return nil
}

// measureDB starts both servers on fresh databases, reads their idle
// memory, and loads them in turns, full then bare, for o.rounds rounds:
// taking turns spreads the load of whatever else runs on the machine
// over both alike.
func measureDB(ctx context.Context, o options, db, dir, serverBin, self string) (full, bare *target, err error) {
	full, bare = &target{name: "full", fails: map[int]int{}}, &target{name: "bare", fails: map[int]int{}}
	defer func() {
		for _, t := range []*target{full, bare} {
			if t.child != nil {
				if serr := t.child.stop(); serr != nil && err == nil {
					err = fmt.Errorf("%s server: %w", t.name, serr)
				}
			}
			if t.drop != nil {
				t.drop()
			}
		}
	}()
	for _, t := range []*target{full, bare} {
		dsn, drop, err := freshDatabase(ctx, db, o, dir, t.name)
		if err != nil {
			return nil, nil, err
		}
		t.drop = drop
		if t.name == "full" {
			t.child, err = startChild(ctx, "/healthz", serverBin, "-addr", "127.0.0.1:0", "-db", dsn,
				"-rate-limit", "off", "-write-limit", "off", "-log-level", "warn", "-timer-interval", "1h")
		} else {
			t.child, err = startChild(ctx, "", self, "-serve-bare", dsn)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	time.Sleep(time.Second) // let start-up garbage go before the idle reading
	for _, t := range []*target{full, bare} {
		if t.idle, _, err = t.child.memory(); err != nil {
			return nil, nil, err
		}
	}
	for range o.rounds {
		for _, t := range []*target{full, bare} {
			if err := loadOnce(ctx, o, t); err != nil {
				return nil, nil, fmt.Errorf("%s server: %w", t.name, err)
			}
		}
	}
	for _, t := range []*target{full, bare} {
		_, t.hwm, _ = t.child.memory()
	}
	return full, bare, nil
}

// loadOnce loads one server for a warm-up and a measurement and adds
// what it saw to t.
func loadOnce(ctx context.Context, o options, t *target) error {
	// The CPU time is read when the warm-up ends and after the load.
	type reading struct {
		cpu time.Duration
		err error
	}
	cpu0 := make(chan reading, 1)
	time.AfterFunc(o.warmup, func() {
		c, err := t.child.cpu()
		cpu0 <- reading{c, err}
	})
	var memErr error
	s := fire(ctx, "http://"+t.child.addr+"/api/v1/shops/demo-shop/complaints", o.concurrency, o.warmup, o.duration,
		func() {
			rss, _, err := t.child.memory()
			if err != nil {
				memErr = err
			}
			t.peak = max(t.peak, rss)
		})
	cpu1, err := t.child.cpu()
	if err != nil {
		return err
	}
	start := <-cpu0
	if start.err != nil {
		return start.err
	}
	t.cpu += cpu1 - start.cpu
	t.rates = append(t.rates, s.rate())
	t.lat = append(t.lat, s.lat...)
	t.ok += s.ok
	for st, n := range s.statuses {
		t.fails[st] += n
	}
	return memErr
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// freshDatabase returns the DSN of an empty database for one server and a
// function that removes it.
func freshDatabase(ctx context.Context, db string, o options, dir, server string) (string, func(), error) {
	if db == "sqlite" {
		path := filepath.Join(dir, server+".db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(path + suffix)
		}
		return path, func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				_ = os.Remove(path + suffix)
			}
		}, nil
	}
	admin, err := sql.Open("pgx", o.pg)
	if err != nil {
		return "", nil, err
	}
	dsn, drop, err := pgschema.New(ctx, admin, o.pg, "httpload_"+server+"_")
	if err != nil {
		_ = admin.Close()
		return "", nil, err
	}
	return dsn, func() {
		if err := drop(); err != nil {
			log.Print(err)
		}
		_ = admin.Close()
	}, nil
}

func errorsText(fails map[int]int) string {
	var parts []string
	for st, n := range fails {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%dx%d", n, st))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
