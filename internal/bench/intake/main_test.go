package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunSQLite runs every SQLite cell briefly, so the benchmark keeps
// working as the stores change: the output names each cell and the ratios.
func TestRunSQLite(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), options{duration: 100 * time.Millisecond, workers: 4, rounds: 2, dir: t.TempDir()}, &out)
	require.NoError(t, err)
	for _, want := range []string{
		"(d) raw driver, one row per commit", "(a) raw driver, one transaction per complaint",
		"(b) service, no group commit", "(c) service, group commit",
		"sqlite: (b)/(a) = ", "sqlite: (c)/(d) in rows/s = ", "sqlite: (c) complaints per commit", "fsync after a 4 KiB write", "sqlite: (c)/(d) in complaints/s = ", "rows/s", "PostgreSQL skipped",
	} {
		require.Contains(t, out.String(), want)
	}
	require.NotContains(t, out.String(), "(a*)", "on SQLite the store's statements are (a)'s")
}

func TestRebindAndFormat(t *testing.T) {
	require.Equal(t, "INSERT INTO t VALUES ($1, $2), ($3, $4)", rebind("INSERT INTO t VALUES "+placeholders(2, 2), true))
	require.Equal(t, "(?, ?), (?, ?)", placeholders(2, 2))
	require.Equal(t, "1,234,568", thousands(1234567.6))
	require.Equal(t, "999", thousands(999))
}

// TestReportRatios checks the arithmetic of the report on made-up
// results: medians over rounds, and the group-commit ratio in both units.
func TestReportRatios(t *testing.T) {
	cell := func(key string, round, n, rows int) result {
		return result{db: "sqlite", key: key, name: key, round: round, n: n, elapsed: time.Second, rows: rows,
			p50: time.Millisecond, p99: 2 * time.Millisecond}
	}
	results := []result{
		cell("(d)", 0, 1000, 1), cell("(a)", 0, 500, 7), cell("(b)", 0, 450, 7), cell("(c)", 0, 3000, 7),
		cell("(d)", 1, 2000, 1), cell("(a)", 1, 1000, 7), cell("(b)", 1, 800, 7), cell("(c)", 1, 4000, 7),
		cell("(d)", 2, 1000, 1), cell("(a)", 2, 600, 7), cell("(b)", 2, 600, 7), cell("(c)", 2, 2500, 7),
	}
	results[3].perCommit, results[7].perCommit, results[11].perCommit = 20, 30, 25
	var out bytes.Buffer
	report(&out, results, 3)
	for _, want := range []string{
		"sqlite: (b)/(a) = 0.90 ",                         // median of 0.9, 0.8, 1.0
		"sqlite: (c)/(d) in rows/s = 17.50 (target > 10)", // median of 21, 14, 17.5
		"sqlite: (c)/(d) in complaints/s = 2.50:",         // median of 3, 2, 2.5
		"sqlite: (c) complaints per commit (one flush to disk each) = 25.0",
		"sqlite: (c)/(a) = 4.17:", // median of 6, 4, 4.17
	} {
		require.Contains(t, out.String(), want)
	}
	require.Regexp(t, `\(c\) \(c\)\s+3,000\s+2,500 - 4,000\s+21,000\s+1\.00 ms\s+2\.00 ms`, out.String(), "rate, range, rows/s, latencies")
}
