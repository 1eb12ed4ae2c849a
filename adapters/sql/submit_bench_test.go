package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

var benchOpts []Option

// BenchmarkSubmitSQLite files complaints through complaint.Service on a
// SQLite store from 64 goroutines (synchronous=FULL, group commit) and
// reports the group commit's batches: for profiling the write path
// (go test -run '^$' -bench SubmitSQLite -cpuprofile cpu.out).
func BenchmarkSubmitSQLite(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, b.TempDir()+"/bench.db", benchOpts...)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := reg.Register(ctx, fairshops.Shop{ID: "bench-shop", Name: "Bench", Domain: "bench.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2020-01-01"),
			Purpose: fairshops.ExtraTrust}}}); err != nil {
		b.Fatal(err)
	}
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	in := complaint.Intake{
		Facts: precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-01-12"),
			PromisedDeliveryDate: fairshops.MustDate("2026-01-19"), OrderValue: fairshops.MustMoney("49.90", "EUR"),
			ContactedShopOn: fairshops.MustDate("2026-02-02"), DesiredResolution: precheck.WantDelivery,
			Description: "Die Bestellung ist nie angekommen.\nBitte liefern."},
		Contact: complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org"},
	}
	batches0, requests0 := db.w.batches.Load(), db.w.requests.Load()
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := svc.Submit(ctx, "bench-shop", in); err != nil {
				b.Error(err)
				return
			}
		}
	})
	batches, requests := db.w.batches.Load()-batches0, db.w.requests.Load()-requests0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "complaints/s")
	if batches > 0 {
		b.ReportMetric(float64(requests)/float64(batches), "requests/batch")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(batches), "µs/batch")
	}
}
