package sqlstore

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/bench"
)

// TestBenchLoadersAgree: the benchmarks' two bulk loaders write the same
// data. SQLite's (multi-row INSERTs) keeps the tallies by its triggers;
// PostgreSQL's COPY disables the insert trigger and counts the tallies by
// migration 00017's backfill, then builds the dropped indexes again. Both
// must give the dashboard and a word search the same answers, and the
// PostgreSQL table must have every index it had before the load.
func TestBenchLoadersAgree(t *testing.T) {
	t.Parallel()
	cfg := bench.Config{Complaints: 800, Shops: 12, Seed: 14, End: benchEnd, Days: 730}
	lite := openTest(t, sqlitePath(t))
	pg := openTest(t, pgtest.Schema(t))
	indexes := func() []string {
		names, err := queryStrings(context.Background(), pg.read, `SELECT indexname FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename = 'complaints' ORDER BY indexname`)
		require.NoError(t, err)
		return names
	}
	before := indexes()
	benchLoad(t, lite, cfg)
	benchLoad(t, pg, cfg)
	require.Equal(t, before, indexes(), "every index built again")

	ctx := context.Background()
	today := fairshops.DateOf(benchEnd, berlin())
	m := complaint.MonthOf(today)
	sq := complaint.StatsQuery{From: m.AddMonths(-23), To: m.AddMonths(1).AddDays(-1), Today: today, Shops: 12}
	want, err := lite.Complaints().Stats(ctx, sq)
	require.NoError(t, err)
	require.NotEmpty(t, want.States)
	require.NotEmpty(t, want.Compliance)
	require.Len(t, want.Shops, 12)
	got, err := pg.Complaints().Stats(ctx, sq)
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("dashboard (-sqlite +postgres):\n%s", diff)
	}
	for _, q := range []complaint.Query{{Text: "Paket", Limit: 50}, {Overdue: true, Today: today, Limit: 50}} {
		a, err := lite.Complaints().Search(ctx, q)
		require.NoError(t, err)
		b, err := pg.Complaints().Search(ctx, q)
		require.NoError(t, err)
		require.NotEmpty(t, a, q)
		require.Equal(t, ids(a), ids(b), q)
	}
}

func ids(page []complaint.Summary) []string {
	out := make([]string, len(page))
	for i, c := range page {
		out[i] = c.ID
	}
	return out
}
