package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/internal/pgschema"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	lat := make([]time.Duration, 100)
	for i := range lat {
		lat[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name string
		lat  []time.Duration
		p    int
		want time.Duration
	}{
		{name: "p50 of 1..100", lat: lat, p: 50, want: 50 * time.Millisecond},
		{name: "p99 of 1..100", lat: lat, p: 99, want: 99 * time.Millisecond},
		{name: "p100 is the largest", lat: lat, p: 100, want: 100 * time.Millisecond},
		{name: "p99 of three", lat: lat[:3], p: 99, want: 3 * time.Millisecond},
		{name: "p50 of one", lat: lat[:1], p: 50, want: time.Millisecond},
		{name: "none", p: 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, stats{lat: tc.lat}.percentile(tc.p))
		})
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	require.Equal(t, 0.0, median(nil))
	require.Equal(t, 2.0, median([]float64{3, 1, 2}))
	require.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
	xs := []float64{3, 1, 2}
	median(xs)
	require.Equal(t, []float64{3, 1, 2}, xs, "the input stays as it was")
}

func TestParseOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		bad  bool
	}{
		{name: "defaults"},
		{name: "one database", args: []string{"-db", "sqlite"}},
		{name: "unknown database", args: []string{"-db", "mysql"}, bad: true},
		{name: "too many workers", args: []string{"-concurrency", "5000"}, bad: true},
		{name: "no workers", args: []string{"-concurrency", "0"}, bad: true},
		{name: "too long", args: []string{"-duration", "2m", "-rounds", "3"}, bad: true},
		{name: "no rounds", args: []string{"-rounds", "0"}, bad: true},
		{name: "negative warm-up", args: []string{"-warmup", "-1s"}, bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseOptions(tc.args)
			if tc.bad {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestDSNs(t *testing.T) {
	t.Parallel()
	require.True(t, isPostgres("postgres://u@h/db"))
	require.True(t, isPostgres("host=/tmp/sock user=postgres"))
	require.False(t, isPostgres("/tmp/bench.db"))
	require.Equal(t, "postgres://u@h/db?search_path=s1", pgschema.WithSearchPath("postgres://u@h/db", "s1"))
	require.Equal(t, "host=/tmp/sock search_path=s1", pgschema.WithSearchPath("host=/tmp/sock", "s1"))
}

func TestErrorsText(t *testing.T) {
	t.Parallel()
	require.Equal(t, "0", errorsText(map[int]int{500: 0}))
	require.Equal(t, "2x0,3x500", errorsText(map[int]int{500: 3, 0: 2}))
}
