package sqlstore_test

import (
	"context"
	"fmt"
	"log"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// CompactTallies is for a periodic job beside the deadlines (the example
// server runs it with its timers). On PostgreSQL it folds the rows the
// dashboard's counters gathered from concurrent writers into one row per
// key; on SQLite, with its one writer, there is nothing to fold. The
// dashboard's figures are the same before and after.
func ExampleDB_CompactTallies() {
	ctx := context.Background()
	db, closeDB := exampleDB(ctx) // sqlstore.Open on a new SQLite file, as in ExampleOpen
	defer closeDB()
	for _, id := range []string{"c_1", "c_2"} {
		if err := db.Complaints().Create(ctx, complaintstoretest.SampleComplaint(id, "beispiel"), nil); err != nil {
			log.Fatal(err)
		}
	}
	q := complaint.StatsQuery{From: fairshops.MustDate("2026-01-01"), To: fairshops.MustDate("2026-12-31"),
		Today: fairshops.MustDate("2026-01-02"), Shops: 10}
	before, err := db.Complaints().Stats(ctx, q)
	if err != nil {
		log.Fatal(err)
	}
	folded, err := db.CompactTallies(ctx)
	if err != nil {
		log.Fatal(err)
	}
	after, err := db.Complaints().Stats(ctx, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("folded:", folded)
	fmt.Printf("before: %+v\nafter:  %+v\n", before.Shops, after.Shops)
	// Output:
	// folded: 0
	// before: [{ShopID:beispiel Total:2 Open:2 Missed:2}]
	// after:  [{ShopID:beispiel Total:2 Open:2 Missed:2}]
}
