package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestServersAnswerAlike: the bare server and ours answer the same body;
// ours tags it and answers a revalidation with 304.
func TestServersAnswerAlike(t *testing.T) {
	t.Parallel()
	bare, ours, err := servers()
	require.NoError(t, err)
	rb, ro := httptest.NewRecorder(), httptest.NewRecorder()
	bare.ServeHTTP(rb, httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil))
	ours.ServeHTTP(ro, httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil))
	require.Equal(t, 200, rb.Code)
	require.Equal(t, 200, ro.Code)
	require.JSONEq(t, rb.Body.String(), ro.Body.String())
	require.Equal(t, rb.Body.Len(), ro.Body.Len())
	r := httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil)
	r.Header.Set("If-None-Match", ro.Header().Get("ETag"))
	rn := httptest.NewRecorder()
	ours.ServeHTTP(rn, r)
	require.Equal(t, http.StatusNotModified, rn.Code)
}

// TestRun: a tiny run prints every figure (no assertion on speed: that is
// what the command is for).
func TestRun(t *testing.T) {
	var out strings.Builder
	res, err := run(context.Background(), options{duration: 50 * time.Millisecond, workers: 2, rounds: 1}, &out)
	require.NoError(t, err)
	require.Positive(t, res.Bare)
	require.Positive(t, res.Ours)
	require.Positive(t, res.NotModified)
	require.Contains(t, out.String(), "ratio ours/bare")
}

func TestParseOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		bad  bool
	}{
		{args: nil},
		{args: []string{"-c", "0"}, bad: true},
		{args: []string{"-rounds", "21"}, bad: true},
		{args: []string{"-duration", "2m"}, bad: true},
		{args: []string{"-warmup", "-1s"}, bad: true},
		{args: []string{"-nope"}, bad: true},
	} {
		_, err := parseOptions(tc.args)
		require.Equal(t, tc.bad, err != nil, tc.args)
	}
}

// BenchmarkPublicView compares the handlers in process (no network).
func BenchmarkPublicView(b *testing.B) {
	bare, ours, err := servers()
	require.NoError(b, err)
	rec := httptest.NewRecorder()
	ours.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil))
	etag := rec.Header().Get("ETag")
	for _, c := range []struct {
		name string
		h    http.Handler
		inm  string
	}{{"bare", bare, ""}, {"ours", ours, ""}, {"ours304", ours, etag}} {
		b.Run(c.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil)
			if c.inm != "" {
				r.Header.Set("If-None-Match", c.inm)
			}
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}

// BenchmarkPublicViewSideBySide serves the three answers in turns within
// one loop (bare 200, ours 200, ours 304), so that whatever else runs on
// the machine weighs on all three alike, and reports each one's p50 and
// p95 in microseconds and the throughput ratios ours/bare (target >= 0.8)
// and 304/bare (the revalidation far above), of the summed times and of
// the medians (-p50). In process: no network, so
// the figures are the handlers' own cost.
func BenchmarkPublicViewSideBySide(b *testing.B) {
	bare, ours, err := servers()
	require.NoError(b, err)
	rec := httptest.NewRecorder()
	ours.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil))
	etag := rec.Header().Get("ETag")
	plain := httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil)
	revalidate := httptest.NewRequest("GET", "/api/v1/shops/demo-shop", nil)
	revalidate.Header.Set("If-None-Match", etag)
	turns := []struct {
		name string
		h    http.Handler
		r    *http.Request
		want int
	}{{"bare", bare, plain, 200}, {"ours", ours, plain, 200}, {"304", ours, revalidate, 304}}
	lat := make([][]time.Duration, len(turns))
	var sum [3]time.Duration
	for b.Loop() {
		for i, tr := range turns {
			w := httptest.NewRecorder()
			t0 := time.Now()
			tr.h.ServeHTTP(w, tr.r)
			d := time.Since(t0)
			if w.Code != tr.want {
				b.Fatalf("%s: status %d, want %d", tr.name, w.Code, tr.want)
			}
			lat[i] = append(lat[i], d)
			sum[i] += d
		}
	}
	for i, tr := range turns {
		slices.Sort(lat[i])
		b.ReportMetric(float64(percentile(lat[i], 50).Nanoseconds())/1000, tr.name+"-p50-us")
		b.ReportMetric(float64(percentile(lat[i], 95).Nanoseconds())/1000, tr.name+"-p95-us")
	}
	if sum[1] > 0 && sum[2] > 0 {
		b.ReportMetric(float64(sum[0])/float64(sum[1]), "ours/bare")
		b.ReportMetric(float64(sum[0])/float64(sum[2]), "304/bare")
	}
	// The same ratios of the medians: a call descheduled by the loaded
	// machine moves the sums, not the medians.
	if p1, p2 := percentile(lat[1], 50), percentile(lat[2], 50); p1 > 0 && p2 > 0 {
		p0 := percentile(lat[0], 50)
		b.ReportMetric(float64(p0)/float64(p1), "ours/bare-p50")
		b.ReportMetric(float64(p0)/float64(p2), "304/bare-p50")
	}
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}
