package sqlstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

// BenchmarkCreateShopParallel measures durable intake: concurrent writers,
// each storing a shop with one event and waiting for the commit. On SQLite
// "one-per-commit" (a batch of one) is the baseline that group commit must
// beat: with synchronous=FULL it pays one WAL fsync per write.
func BenchmarkCreateShopParallel(b *testing.B) {
	configs := []struct {
		name string
		open func(b *testing.B) *sqlstore.DB
	}{
		{"sqlite-full-one-per-commit", func(b *testing.B) *sqlstore.DB { return sqltest.SQLite(b, sqlstore.WithMaxBatch(1)) }},
		{"sqlite-full-group-commit", func(b *testing.B) *sqlstore.DB { return sqltest.SQLite(b) }},
		{"sqlite-normal-group-commit", func(b *testing.B) *sqlstore.DB {
			return sqltest.SQLite(b, sqlstore.WithSynchronous(sqlstore.SyncNormal))
		}},
		{"postgres", func(b *testing.B) *sqlstore.DB { return sqltest.Postgres(b) }},
		{"postgres-group-commit", func(b *testing.B) *sqlstore.DB { return sqltest.Postgres(b, sqlstore.WithGroupCommit(true)) }},
	}
	for _, c := range configs {
		b.Run(c.name, func(b *testing.B) {
			db := c.open(b)
			ctx := context.Background()
			var n atomic.Int64
			b.SetParallelism(8) // 8 x GOMAXPROCS writers
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := fmt.Sprintf("s%09d", n.Add(1))
					s := storetest.SampleShop(id)
					ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, id, id, s.CreatedAt, nil)
					if err != nil {
						b.Fatal(err)
					}
					if err := db.Shops().Create(ctx, s, []fairshops.Event{ev}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "shops/s")
		})
	}
}
