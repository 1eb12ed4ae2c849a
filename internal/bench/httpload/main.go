package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
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
	fl.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per server")
	fl.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before it")
	fl.IntVar(&o.concurrency, "concurrency", 64, "concurrent workers, each one request after the other")
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
	if o.duration <= 0 || o.duration > maxDuration || o.warmup < 0 || o.warmup > maxDuration {
		return o, fmt.Errorf("-duration and -warmup: up to %v", maxDuration)
	}
	if o.pg == "" {
		o.pg = strings.TrimSpace(os.Getenv(envPostgres))
	}
	return o, nil
}

// result is one server's figures.
type result struct {
	db, server  string
	load        stats
	cpu         time.Duration
	idle, peak  int64 // VmRSS idle, highest VmRSS sample under load
	hwm         int64 // VmHWM after the load
	sampleError error
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
	fmt.Fprintf(out, "httpload: %s, %d cores, %d workers, %v measured after %v warm-up, POST /api/v1/shops/demo-shop/complaints on 127.0.0.1\n\n",
		runtime.Version(), runtime.NumCPU(), o.concurrency, o.duration, o.warmup)

	var results []result
	for _, db := range o.dbs {
		if db == "postgres" && o.pg == "" {
			fmt.Fprintf(out, "postgres: skipped: set -pg or %s to a DSN\n\n", envPostgres)
			continue
		}
		for _, server := range []string{"full", "bare"} {
			dsn, drop, err := freshDatabase(ctx, db, o, dir, server)
			if err != nil {
				return err
			}
			var r result
			if server == "full" {
				r, err = measure(ctx, o, db, server, "/healthz", serverBin, "-addr", "127.0.0.1:0", "-db", dsn,
					"-rate-limit", "off", "-write-limit", "off", "-log-level", "warn", "-timer-interval", "1h")
			} else {
				r, err = measure(ctx, o, db, server, "", self, "-serve-bare", dsn)
			}
			drop()
			if err != nil {
				return fmt.Errorf("%s %s: %w", db, server, err)
			}
			results = append(results, r)
		}
	}
	report(out, results)
	return nil
}

// measure starts one server, reads its idle memory, loads it and stops it.
func measure(ctx context.Context, o options, db, server, health, bin string, args ...string) (result, error) {
	c, err := startChild(ctx, health, bin, args...)
	if err != nil {
		return result{}, err
	}
	r := result{db: db, server: server}
	time.Sleep(time.Second) // let start-up garbage go before the idle reading
	if r.idle, _, err = c.memory(); err != nil {
		c.kill()
		return r, err
	}
	// The CPU time is read when the warm-up ends and after the load.
	cpu0 := make(chan time.Duration, 1)
	time.AfterFunc(o.warmup, func() {
		t, err := c.cpu()
		if err != nil {
			r.sampleError = err
		}
		cpu0 <- t
	})
	r.load = fire(ctx, "http://"+c.addr+"/api/v1/shops/demo-shop/complaints", o.concurrency, o.warmup, o.duration,
		func() {
			rss, _, err := c.memory()
			if err != nil {
				r.sampleError = err
			}
			r.peak = max(r.peak, rss)
		})
	cpu1, err := c.cpu()
	if err != nil {
		c.kill()
		return r, err
	}
	r.cpu = cpu1 - <-cpu0
	_, r.hwm, _ = c.memory()
	if err := c.stop(); err != nil {
		return r, err
	}
	return r, r.sampleError
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
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "httpload_" + server + "_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	return withSearchPath(o.pg, schema), func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			log.Printf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close()
	}, nil
}

// withSearchPath returns dsn with its search_path set to schema.
func withSearchPath(dsn, schema string) string {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

func report(out io.Writer, results []result) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "database\tserver\tfilings/s\tp50\tp99\terrors\tCPU/filing\tidle RSS\tloaded RSS\tVmHWM\t")
	for _, r := range results {
		perFiling := time.Duration(0)
		if r.load.ok > 0 {
			perFiling = r.cpu / time.Duration(r.load.ok)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%v\t%v\t%s\t%v\t%s\t%s\t%s\t\n", r.db, r.server, r.load.rate(),
			r.load.percentile(50).Round(10*time.Microsecond), r.load.percentile(99).Round(10*time.Microsecond),
			errorsText(r.load), perFiling.Round(time.Microsecond), mib(r.idle), mib(r.peak), mib(r.hwm))
	}
	tw.Flush()
	fmt.Fprintln(out)
	for i := 0; i+1 < len(results); i++ {
		full, bare := results[i], results[i+1]
		if full.db != bare.db || full.server != "full" || bare.server != "bare" || bare.load.rate() == 0 {
			continue
		}
		fmt.Fprintf(out, "%s: full/bare = %.2f (target >= 0.5)\n", full.db, full.load.rate()/bare.load.rate())
	}
}

func errorsText(s stats) string {
	if s.errors() == 0 {
		return "0"
	}
	var parts []string
	for st, n := range s.statuses {
		parts = append(parts, fmt.Sprintf("%dx%d", n, st))
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
