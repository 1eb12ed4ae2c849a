package notify_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/fairshops/konfliktservice/adapters/notify"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A relay drains the outbox that the SQL adapter fills with every change:
// here one round with RunOnce; a server runs Run in a goroutine until
// shutdown.
func ExampleRelay() {
	dir, err := os.MkdirTemp("", "relay")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "konflikt.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	shop := &fairshops.Shop{ID: "beispiel", Name: "Beispiel-Shop", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, CreatedAt: now, UpdatedAt: now}
	ev, err := fairshops.NewEvent(fairshops.EventShopRegistered, shop.ID, shop.ID, now, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Shops().Create(ctx, shop, []fairshops.Event{ev}); err != nil {
		log.Fatal(err)
	}

	relay, err := notify.NewRelay(notify.RelayConfig{
		Source: db.Outbox(),
		Notifier: notify.NotifierFunc(func(ctx context.Context, ev fairshops.Event) error {
			fmt.Println("notify", ev.Type, ev.Subject)
			return nil // an error would be retried later, with backoff
		}),
		Clock: fairshops.NewManualClock(now),
	})
	if err != nil {
		log.Fatal(err)
	}
	delivered, err := relay.RunOnce(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("delivered", delivered)
	// Output:
	// notify shop.registered beispiel
	// delivered 1
}
