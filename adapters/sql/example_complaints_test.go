package sqlstore_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// File a complaint through the complaint service on SQLite: the complaint,
// its history and its events are stored in one durable commit, and read
// back whole.
func ExampleDB_Complaints() {
	ctx := context.Background()
	db, closeDB := exampleDB(ctx) // sqlstore.Open on a new SQLite file, as in ExampleOpen
	defer closeDB()

	clock := fairshops.NewManualClock(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	shops, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := shops.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel-Shop", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"),
			Purpose: fairshops.NeededForStandard}}}); err != nil {
		log.Fatal(err)
	}
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: shops, Clock: clock})
	if err != nil {
		log.Fatal(err)
	}
	c, _, err := svc.Submit(ctx, "beispiel", complaint.Intake{
		Facts: precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-01-12"),
			PromisedDeliveryDate: fairshops.MustDate("2026-01-19"), OrderValue: fairshops.MustMoney("49.90", fairshops.EUR),
			ContactedShopOn: fairshops.MustDate("2026-02-02"), DesiredResolution: precheck.WantDelivery,
			Description: "Die Bestellung ist nie angekommen."},
		Contact: complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org"},
	})
	if err != nil {
		log.Fatal(err)
	}

	stored, err := db.Complaints().Get(ctx, c.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("state:", stored.State, "answer due:", stored.AnswerDue)
	for _, e := range stored.History {
		fmt.Println("history:", e.Seq, e.Action)
	}
	fmt.Println("history verifies:", complaint.VerifyHistory(stored.ID, stored.History) == nil)
	events, err := db.Outbox().List(ctx, 0, 10)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range events {
		fmt.Println("outbox:", e.Event.Type)
	}
	// Output:
	// state: forwarded answer due: 2026-03-09
	// history: 1 submitted
	// history: 2 checked
	// history: 3 forwarded
	// history verifies: true
	// outbox: shop.registered
	// outbox: complaint.submitted
	// outbox: complaint.checked
	// outbox: complaint.forwarded
}
