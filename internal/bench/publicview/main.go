// Command publicview measures the shop's public view over HTTP, side by
// side in one run: GET /api/v1/shops/{shop} of the Konfliktservice handler
// (adapters/http: security headers, rate-limit bookkeeping off, the route's
// guard, the view cache with its ETag) against a bare net/http handler that
// JSON-encodes a struct of the same size (the very same view, as a plain
// struct) on every request, and the Konfliktservice's answer to a
// revalidation (If-None-Match: 304 without a body).
//
//	go run ./internal/bench/publicview [-duration 2s] [-c 16] [-rounds 3]
//
// The three servers listen on loopback (httptest servers in this process,
// so they share the cores with the load generator alike). They are loaded
// in turns, bare, ours, 304, for -rounds rounds (turns spread whatever else
// runs on the machine over all three); each turn is a short unmeasured
// warm-up and -duration of -c workers, each sending GETs over a kept-alive
// connection one after the other. Only the expected status counts (200,
// 200, 304). It prints the median requests per second of each over the
// rounds and the ratios ours/bare (target >= 0.8) and 304/bare. The shop
// lives in the memory store: the cache answers from memory anyway, and a
// read from the store happens at most once per second (the TTL).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("publicview: ")
	o, err := parseOptions(os.Args[1:])
	if err != nil {
		log.Fatal(err)
	}
	if _, err := run(context.Background(), o, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// options are the command's flags.
type options struct {
	duration, warmup time.Duration
	workers, rounds  int
}

func parseOptions(args []string) (options, error) {
	fl := flag.NewFlagSet("publicview", flag.ContinueOnError)
	o := options{}
	fl.DurationVar(&o.duration, "duration", 2*time.Second, "measured load per server and round")
	fl.DurationVar(&o.warmup, "warmup", 200*time.Millisecond, "unmeasured load before each turn")
	fl.IntVar(&o.workers, "c", 16, "concurrent workers")
	fl.IntVar(&o.rounds, "rounds", 3, "rounds of turns")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.duration <= 0 || o.duration > time.Minute:
		return o, fmt.Errorf("-duration must be in (0, 1m]")
	case o.workers < 1 || o.workers > 1024:
		return o, fmt.Errorf("-c must be in [1, 1024]")
	case o.rounds < 1 || o.rounds > 20:
		return o, fmt.Errorf("-rounds must be in [1, 20]")
	case o.warmup < 0:
		return o, fmt.Errorf("-warmup must not be negative")
	}
	return o, nil
}

// result is what run measured: requests per second of each server (the
// medians over the rounds) and the ratios.
type result struct {
	Bare, Ours, NotModified float64
	Ratio, Ratio304         float64
}

// servers builds the three targets; the shop has the size of a typical
// sealed shop (three modules, two conditions).
func servers() (bare, ours http.Handler, err error) {
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue()})
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	_, err = reg.Register(ctx, fairshops.Shop{ID: "demo-shop", Name: "Demo-Shop GmbH", Domain: "demo-shop.example",
		Seal:       fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2099-12-31")},
		Conditions: []string{"Versand nur innerhalb Deutschlands", "Rücksendungen mit Etikett"},
		Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2020-01-01"),
			Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode}}})
	if err != nil {
		return nil, nil, err
	}
	h, err := kshttp.New(kshttp.Config{Registry: reg, Limit: kshttp.RateLimit{Rate: rate.Inf}, WriteLimit: kshttp.RateLimit{Rate: rate.Inf}})
	if err != nil {
		return nil, nil, err
	}
	v, err := reg.View(ctx, "demo-shop")
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/shops/{shop}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("shop") != v.ID {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(v)
	})
	return mux, h, nil
}

// run measures and prints the figures.
func run(ctx context.Context, o options, out io.Writer) (result, error) {
	bare, ours, err := servers()
	if err != nil {
		return result{}, err
	}
	sb, so := httptest.NewServer(bare), httptest.NewServer(ours)
	defer sb.Close()
	defer so.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.workers, MaxConnsPerHost: o.workers}}
	defer client.CloseIdleConnections()

	// The ETag a revalidating visitor holds, and the bodies must match in size.
	rb, err := fetch(ctx, client, sb.URL, "")
	if err != nil {
		return result{}, err
	}
	ro, err := fetch(ctx, client, so.URL, "")
	if err != nil {
		return result{}, err
	}
	etag := ro.etag
	if etag == "" || len(rb.body) != len(ro.body) {
		return result{}, fmt.Errorf("the bodies differ (bare %d bytes, ours %d) or no ETag %q", len(rb.body), len(ro.body), etag)
	}
	fmt.Fprintf(out, "body: %d bytes; %d workers, %s per turn, %d rounds\n", len(ro.body), o.workers, o.duration, o.rounds)

	var bares, ourss, nms, ratios, ratios304 []float64
	for round := 0; round < o.rounds; round++ {
		b := load(ctx, client, sb.URL, "", http.StatusOK, o)
		u := load(ctx, client, so.URL, "", http.StatusOK, o)
		n := load(ctx, client, so.URL, etag, http.StatusNotModified, o)
		fmt.Fprintf(out, "round %d: bare %.0f/s  ours %.0f/s  304 %.0f/s\n", round+1, b, u, n)
		bares, ourss, nms = append(bares, b), append(ourss, u), append(nms, n)
		if b > 0 {
			ratios, ratios304 = append(ratios, u/b), append(ratios304, n/b)
		}
	}
	res := result{Bare: median(bares), Ours: median(ourss), NotModified: median(nms), Ratio: median(ratios), Ratio304: median(ratios304)}
	fmt.Fprintf(out, "median: bare %.0f/s  ours %.0f/s  304 %.0f/s\n", res.Bare, res.Ours, res.NotModified)
	fmt.Fprintf(out, "ratio ours/bare %.2f (target >= 0.8)  304/bare %.2f\n", res.Ratio, res.Ratio304)
	return res, nil
}

// answer is one response's ETag and body.
type answer struct {
	status int
	etag   string
	body   []byte
}

func fetch(ctx context.Context, c *http.Client, base, ifNoneMatch string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/shops/demo-shop", nil)
	if err != nil {
		return answer{}, err
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, etag: resp.Header.Get("ETag"), body: body}, err
}

// load runs the workers for the warm-up and then for the measured
// duration, and returns the rate of answers with the wanted status.
func load(ctx context.Context, c *http.Client, base, ifNoneMatch string, want int, o options) float64 {
	var counting atomic.Bool
	var ok atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range o.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, err := fetch(ctx, c, base, ifNoneMatch)
				if err == nil && a.status == want && counting.Load() {
					ok.Add(1)
				}
			}
		}()
	}
	time.Sleep(o.warmup)
	counting.Store(true)
	start := time.Now()
	time.Sleep(o.duration)
	counting.Store(false)
	n, elapsed := ok.Load(), time.Since(start)
	close(stop)
	wg.Wait()
	return float64(n) / elapsed.Seconds()
}

// median of xs (0 for none), leaving xs as it was.
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
