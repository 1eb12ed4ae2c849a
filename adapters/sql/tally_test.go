package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// tallyMigration is the migration that creates the tallies.
const tallyMigration = 17

// TestTalliesBackfill: complaints stored before migration 00017 are
// counted when it runs (rolled back and applied again over stored rows),
// and Stats from the tallies then equals the recount from the rows
// (recountStats: the GROUP BY queries over complaints), also after further
// writes and a delete.
func TestTalliesBackfill(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			states := complaint.States()
			for i := range 24 {
				c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_%02d", i), fmt.Sprintf("shop-%d", i%5))
				c.State = states[i%len(states)]
				c.CreatedAt = c.CreatedAt.AddDate(0, 0, -3*i)
				c.DeadlineMissed = i%4 == 0
				c.AnswerDue = fairshops.DateOf(c.CreatedAt, berlin()).AddDays(7)
				require.NoError(t, store.Create(ctx, c, nil))
			}
			q := complaint.StatsQuery{From: fairshops.MustDate("2025-12-01"), To: fairshops.MustDate("2026-03-31"),
				Today: fairshops.MustDate("2026-02-20"), Shops: 3}
			check := func(what string) { t.Helper(); requireTalliesExact(t, store, q, what) }
			check("written through the store")

			p, err := newProvider(ctx, db.wpool, db.d, db.log)
			require.NoError(t, err)
			_, err = p.DownTo(ctx, tallyMigration-1)
			require.NoError(t, err)
			// Written while no trigger counts: the back-fill must see it.
			_, err = db.wpool.ExecContext(ctx, `UPDATE complaints SET state = 'closed', answered_on = NULL WHERE id = 'c_03'`)
			require.NoError(t, err)
			_, err = p.UpTo(ctx, tallyMigration)
			require.NoError(t, err)
			// The later migrations (columns Stats reads) come back as well;
			// none of them writes the tallies.
			_, err = p.Up(ctx)
			require.NoError(t, err)
			check("back-filled by the migration")

			_, err = db.wpool.ExecContext(ctx, `DELETE FROM complaint_history WHERE complaint_id = 'c_05'`)
			if err == nil { // PostgreSQL holds the history append-only
				_, err = db.wpool.ExecContext(ctx, `DELETE FROM complaints WHERE id = 'c_05'`)
				require.NoError(t, err)
			}
			_, err = db.wpool.ExecContext(ctx, `UPDATE complaints SET shop_id = 'shop-9', category = 'delivery' WHERE id = 'c_06'`)
			require.NoError(t, err)
			check("after a delete and a move to another shop")
		})
	}
}

// requireTalliesExact fails t unless Stats from the tallies equals the
// recount from the rows (recountStats) for q, with at least one shop.
func requireTalliesExact(t *testing.T, store *ComplaintStore, q complaint.StatsQuery, what string) {
	t.Helper()
	ctx := context.Background()
	want, err := store.recountStats(ctx, q)
	require.NoError(t, err)
	got, err := store.Stats(ctx, q)
	require.NoError(t, err)
	require.NotEmpty(t, got.Shops)
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("%s: tallies differ from the rows (-rows +tallies):\n%s", what, d)
	}
}
