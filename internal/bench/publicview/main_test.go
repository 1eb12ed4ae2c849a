package main

import (
	"context"
	"net/http"
	"net/http/httptest"
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
