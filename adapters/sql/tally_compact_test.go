package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestCompactTallies: compaction leaves every figure of the dashboard as
// the rows say (recountStats) while folding the writers' slot rows into
// one row per key in slot -1; writes after it are counted on top, and a
// second run folds them too. On SQLite it does nothing.
func TestCompactTallies(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			states := complaint.States()
			create := func(from, to int) {
				for i := from; i < to; i++ {
					c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_%03d", i), fmt.Sprintf("shop-%d", i%7))
					c.State = states[i%len(states)]
					c.CreatedAt = c.CreatedAt.AddDate(0, 0, -2*i)
					c.DeadlineMissed = i%5 == 0
					c.AnswerDue = fairshops.DateOf(c.CreatedAt, berlin()).AddDays(7)
					require.NoError(t, store.Create(ctx, c, nil))
				}
			}
			q := complaint.StatsQuery{From: fairshops.MustDate("2025-06-01"), To: fairshops.MustDate("2026-03-31"),
				Today: fairshops.MustDate("2026-02-20"), Shops: 5}
			exact := func(what string) { t.Helper(); requireTalliesExact(t, store, q, what) }
			writerRows := func() int {
				n := 0
				for _, tt := range tallyTables {
					var k int
					require.NoError(t, db.read.QueryRow(`SELECT count(*) FROM `+tt.name+` WHERE slot >= 0`).Scan(&k))
					n += k
				}
				return n
			}

			create(0, 60)
			// Spread over slots as concurrent writers would, and a row that
			// counts nothing (a complaint moved away again).
			if db.d.name == Postgres {
				_, err := db.wpool.ExecContext(ctx, `UPDATE complaint_tally_shops SET slot = 5 WHERE shop_id IN ('shop-1', 'shop-2')`)
				require.NoError(t, err)
				_, err = db.wpool.ExecContext(ctx, `INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
					VALUES ('shop-1', 9, 2, 1, 0), ('shop-1', 11, -2, -1, 0), ('shop-gone', 3, 0, 0, 0)`)
				require.NoError(t, err)
			}
			exact("before")
			before := writerRows()
			require.Positive(t, before)

			n, err := db.CompactTallies(ctx)
			require.NoError(t, err)
			exact("compacted")
			if db.d.name != Postgres {
				require.Zero(t, n, "SQLite: nothing to do")
				require.Equal(t, before, writerRows())
				return
			}
			require.Positive(t, n)
			require.Zero(t, writerRows(), "every writer row folded")
			var shops, gone int
			require.NoError(t, db.read.QueryRow(`SELECT count(*), count(*) FILTER (WHERE shop_id = 'shop-gone')
				FROM complaint_tally_shops`).Scan(&shops, &gone))
			require.Equal(t, 7, shops, "one row per shop")
			require.Zero(t, gone, "a row that counts nothing is dropped")

			create(60, 90) // counted in the writers' slots, on top of slot -1
			_, err = db.wpool.ExecContext(ctx, `UPDATE complaints SET state = 'closed', shop_id = 'shop-3' WHERE id = 'c_004'`)
			require.NoError(t, err)
			exact("written after")
			require.Positive(t, writerRows())
			_, err = db.CompactTallies(ctx)
			require.NoError(t, err)
			require.Zero(t, writerRows())
			exact("compacted again")
		})
	}
}

// TestCompactTalliesBesideWriters: compaction runs over and over while
// writers file and change complaints from several connections (several
// slots); no write fails or waits into a deadlock, and the figures are
// exact at the end.
func TestCompactTalliesBesideWriters(t *testing.T) {
	for _, tg := range targets()[1:] {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			const writers, each = 4, 25
			var wg sync.WaitGroup
			done, stop := make(chan struct{}), make(chan struct{})
			compactions := 0
			var cerr error
			go func() {
				defer close(done)
				for {
					if _, err := db.CompactTallies(ctx); err != nil {
						cerr = err
						return
					}
					compactions++
					select {
					case <-stop:
						return
					default:
					}
				}
			}()
			for w := range writers {
				wg.Go(func() {
					for i := range each {
						id := fmt.Sprintf("c_%d_%02d", w, i)
						c := complaintstoretest.SampleComplaint(id, fmt.Sprintf("shop-%d", i%3))
						c.AnswerDue = fairshops.DateOf(c.CreatedAt, berlin()).AddDays(7)
						if err := store.Create(ctx, c, nil); err != nil {
							t.Error(err)
							return
						}
						if i%2 == 0 {
							if _, err := db.wpool.ExecContext(ctx, `UPDATE complaints SET state = 'closed' WHERE id = $1`, id); err != nil {
								t.Error(err)
								return
							}
						}
					}
				})
			}
			wg.Wait()
			close(stop)
			<-done
			require.NoError(t, cerr)
			require.Positive(t, compactions)
			q := complaint.StatsQuery{From: fairshops.MustDate("2020-01-01"), To: fairshops.MustDate("2030-12-31"),
				Today: fairshops.MustDate("2026-02-20"), Shops: 5}
			requireTalliesExact(t, store, q, "after the writers")
			got, err := store.Stats(ctx, q)
			require.NoError(t, err)
			require.Equal(t, writers*each, sumStates(got))
		})
	}
}

func sumStates(st complaint.Stats) int {
	n := 0
	for _, s := range st.States {
		n += s.Count
	}
	return n
}
