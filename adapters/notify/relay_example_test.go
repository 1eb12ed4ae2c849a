package notify_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A relay drains the outbox that a store fills with every change: here the
// memory adapter's (adapters/sql's DB.Outbox works the same), in one round
// with RunOnce; a server runs Run in a goroutine until shutdown.
func ExampleRelay() {
	ctx := context.Background()
	db := memory.New()

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
