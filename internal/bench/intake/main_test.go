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
		"sqlite: (b)/(a) = ", "sqlite: (c)/(d) = ", "PostgreSQL skipped",
	} {
		require.Contains(t, out.String(), want)
	}
	require.NotContains(t, out.String(), "(a*)", "on SQLite the store's statements are (a)'s")
}

func TestWithSearchPath(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://u@localhost/db?sslmode=disable", "postgres://u@localhost/db?search_path=s&sslmode=disable"},
		{"host=/tmp/sock user=postgres", "host=/tmp/sock user=postgres search_path=s"},
	} {
		require.Equal(t, tc.want, withSearchPath(tc.dsn, "s"))
	}
}

func TestRebindAndFormat(t *testing.T) {
	require.Equal(t, "INSERT INTO t VALUES ($1, $2), ($3, $4)", rebind("INSERT INTO t VALUES "+placeholders(2, 2), true))
	require.Equal(t, "(?, ?), (?, ?)", placeholders(2, 2))
	require.Equal(t, "1,234,568", thousands(1234567.6))
	require.Equal(t, "999", thousands(999))
}
