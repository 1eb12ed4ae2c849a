package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// stats is what one measured load run saw.
type stats struct {
	elapsed  time.Duration
	ok       int         // 201 answers
	statuses map[int]int // every other status; 0 for transport errors
	lat      []time.Duration
}

func (s stats) rate() float64 { return float64(s.ok) / s.elapsed.Seconds() }

// percentile returns the p-th percentile (0 < p <= 100) of the latencies
// of the successful requests, by the nearest-rank method.
func (s stats) percentile(p int) time.Duration {
	if len(s.lat) == 0 {
		return 0
	}
	i := (len(s.lat)*p + 99) / 100
	return s.lat[max(i, 1)-1]
}

// body builds the filing of worker w's n-th request: a late delivery with
// an order reference of its own, about 600 bytes of JSON.
func body(orderDate string, w, n int) []byte {
	return fmt.Appendf(nil, `{"category":"delivery","order_date":%q,"order_value":{"amount":"49.90","currency":"EUR"},`+
		`"desired_resolution":"delivery","order_ref":"LOAD-%d-%d","lang":"de",`+
		`"description":"Ich habe vor zwei Wochen eine Kaffeemühle bestellt. Sie sollte letzte Woche ankommen, ist aber `+
		`bis heute nicht da. Auf meine Nachfrage per E-Mail kam keine Antwort, die Sendungsverfolgung zeigt seit Tagen `+
		`denselben Stand. Ich bitte um Lieferung oder Erstattung.",`+
		`"contact":{"name":"Erika Mustermann","email":"erika.mustermann@example.org"}}`, orderDate, w, n)
}

// fire sends filings to url from workers goroutines, each one request
// after the other, until warmup plus measure has passed; only the requests
// that start after the warm-up are measured. sample is called every
// 100 ms of the measured part (to read the server's memory).
func fire(ctx context.Context, url string, workers int, warmup, measure time.Duration, sample func()) stats {
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: workers, MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers,
			IdleConnTimeout: time.Minute, DisableCompression: true,
		},
	}
	defer client.CloseIdleConnections()
	orderDate := time.Now().AddDate(0, 0, -14).Format(time.DateOnly)
	start := time.Now()
	from, until := start.Add(warmup), start.Add(warmup+measure)
	ctx, cancel := context.WithDeadline(ctx, until.Add(30*time.Second))
	defer cancel()

	type local struct {
		ok       int
		statuses map[int]int
		lat      []time.Duration
	}
	results := make([]local, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			res := local{statuses: map[int]int{}}
			for n := 0; ; n++ {
				t0 := time.Now()
				if !t0.Before(until) || ctx.Err() != nil {
					break
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body(orderDate, w, n)))
				if err != nil {
					res.statuses[0]++
					break
				}
				req.Header.Set("Content-Type", "application/json")
				status := 0
				if resp, err := client.Do(req); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				if t0.Before(from) {
					continue
				}
				if status == http.StatusCreated {
					res.ok++
					res.lat = append(res.lat, time.Since(t0))
				} else {
					res.statuses[status]++
				}
			}
			results[w] = res
		})
	}
	if sample != nil {
		wg.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for now := range t.C {
				if !now.Before(until) {
					return
				}
				if !now.Before(from) {
					sample()
				}
			}
		})
	}
	wg.Wait()
	// Requests that started before the end may finish after it; the rate
	// counts them over the time they actually took.
	out := stats{elapsed: time.Since(from), statuses: map[int]int{}}
	for _, r := range results {
		out.ok += r.ok
		out.lat = append(out.lat, r.lat...)
		for s, n := range r.statuses {
			out.statuses[s] += n
		}
	}
	slices.Sort(out.lat)
	return out
}
