package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Open a SQLite file (created and migrated on first use), store a shop with
// its event, and let a relay claim the event from the outbox.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "konflikt")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// A PostgreSQL DSN ("postgres://..." or "host=... dbname=...") works the same way.
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "konflikt.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	shop := &fairshops.Shop{
		ID: "beispiel", Name: "Beispiel-Shop", Domain: "beispiel.example",
		Seal:      fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2027-12-31")},
		CreatedAt: now, UpdatedAt: now,
	}
	ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, shop.ID, shop.ID, shop.CreatedAt, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Shops().Create(ctx, shop, []fairshops.Event{ev}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("stored at version", shop.Version)

	claimed, err := db.Outbox().Claim(ctx, "relay-1", 10, time.Minute, now)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range claimed {
		fmt.Println("claimed", e.Event.Type, "for", e.Event.Subject, "attempt", e.Attempts)
		if err := db.Outbox().MarkDelivered(ctx, e.Event.ID, "relay-1", now); err != nil {
			log.Fatal(err)
		}
	}
	// Output:
	// stored at version 1
	// claimed shop.registered for beispiel attempt 1
}

// exampleDB opens a store on a new SQLite file in a temporary directory;
// close removes both.
func exampleDB(ctx context.Context) (db *sqlstore.DB, close func()) {
	dir, err := os.MkdirTemp("", "konflikt")
	if err != nil {
		log.Fatal(err)
	}
	db, err = sqlstore.Open(ctx, filepath.Join(dir, "konflikt.db"))
	if err != nil {
		log.Fatal(err)
	}
	return db, func() {
		_ = db.Close()
		_ = os.RemoveAll(dir)
	}
}

// claimedEvent stores a shop with its shop.registered event at now and
// lets relay-1 claim the event.
func claimedEvent(ctx context.Context, db *sqlstore.DB, now time.Time) fairshops.Event {
	ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, "beispiel", "beispiel", now, nil)
	if err != nil {
		log.Fatal(err)
	}
	shop := &fairshops.Shop{ID: "beispiel", Name: "Beispiel-Shop", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, CreatedAt: now, UpdatedAt: now}
	if err := db.Shops().Create(ctx, shop, []fairshops.Event{ev}); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Outbox().Claim(ctx, "relay-1", 10, time.Minute, now); err != nil {
		log.Fatal(err)
	}
	return ev
}

// WriteStats tells how many units of work shared a transaction (and so one
// flush to disk) in the group commit: here ten shops stored at once.
func ExampleDB_WriteStats() {
	ctx := context.Background()
	db, closeDB := exampleDB(ctx)
	defer closeDB()

	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	errs := make(chan error, 10)
	for i := range 10 {
		go func() {
			errs <- db.Shops().Create(ctx, &fairshops.Shop{
				ID: fmt.Sprintf("shop-%d", i), Name: "Shop", Domain: "shop.example",
				Seal: fairshops.Seal{Status: fairshops.Licensed}, CreatedAt: now, UpdatedAt: now,
			}, nil)
		}()
	}
	for range 10 {
		if err := <-errs; err != nil {
			log.Fatal(err)
		}
	}
	st := db.WriteStats()
	fmt.Println("writes:", st.Writes)
	fmt.Println("at most one transaction per write:", st.Transactions >= 1 && st.Transactions <= st.Writes)
	// Output:
	// writes: 10
	// at most one transaction per write: true
}

// A relay gave an event up (the receiver answered 410); after the operator
// fixed the receiver, Requeue hands the event to the relays again.
func ExampleOutbox_Requeue() {
	ctx := context.Background()
	db, closeDB := exampleDB(ctx)
	defer closeDB()
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	ev := claimedEvent(ctx, db, now)
	if err := db.Outbox().MarkDead(ctx, ev.ID, "relay-1", errors.New("webhook answered 410"), now); err != nil {
		log.Fatal(err)
	}

	if err := db.Outbox().Requeue(ctx, ev.ID, now.Add(time.Hour)); err != nil {
		log.Fatal(err)
	}
	again, err := db.Outbox().Claim(ctx, "relay-1", 10, time.Minute, now.Add(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("claimed again:", len(again), "attempt", again[0].Attempts, "last error:", again[0].LastError)
	// Output:
	// claimed again: 1 attempt 1 last error: webhook answered 410
}

// Delivered events older than the cut-off are deleted in short batches;
// pending and dead ones stay.
func ExampleOutbox_Prune() {
	ctx := context.Background()
	db, closeDB := exampleDB(ctx)
	defer closeDB()
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	ev := claimedEvent(ctx, db, now)
	if err := db.Outbox().MarkDelivered(ctx, ev.ID, "relay-1", now); err != nil {
		log.Fatal(err)
	}

	// Keep delivered events for 30 days.
	for _, day := range []int{29, 31} {
		cutoff := now.AddDate(0, 0, day).AddDate(0, 0, -30)
		n, err := db.Outbox().Prune(ctx, cutoff, 1000)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("day %d: pruned %d\n", day, n)
	}
	// Output:
	// day 29: pruned 0
	// day 31: pruned 1
}
