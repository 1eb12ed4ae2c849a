package complaint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The shop asks the consumer a question: its answer period pauses with the
// days that were left, and the consumer's reply gives them back, counted
// from the day of the reply (a Saturday end moves to Monday).
func ExampleService_Ask() {
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 3, 10, 0, 0, 0, fairshops.Berlin())) // a Tuesday
	db := memory.New()
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	_, _ = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust}}})
	svc, _ := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	in, _ := complaint.DecodeIntake([]byte(`{"category": "delivery", "order_date": "2026-01-05",
		"promised_delivery_date": "2026-01-12", "order_value": {"amount": "49.90", "currency": "EUR"},
		"contacted_shop_on": "2026-01-20", "desired_resolution": "delivery",
		"description": "Die Bestellung ist nie angekommen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`))
	c, tok, err := svc.Submit(ctx, "beispiel", in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("answer due", c.AnswerDue)

	clock.Set(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin()))
	c, _ = svc.Ask(ctx, fairshops.AsShop("beispiel"), c.ID, "An welche Adresse sollte geliefert werden?")
	fmt.Println("paused on", c.Clock.PausedOn, "with", c.Clock.RestDays, "days left; runs again by", c.Clock.ResumeBy)

	clock.Set(time.Date(2026, 3, 9, 10, 0, 0, 0, fairshops.Berlin()))
	c, _ = svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Musterstraße 1, 10115 Berlin.")
	fmt.Println("answer due", c.AnswerDue, "after", c.Clock.PausedDays, "days paused")
	// Output:
	// answer due 2026-03-10
	// paused on 2026-03-05 with 5 days left; runs again by 2026-03-19
	// answer due 2026-03-16 after 4 days paused
}
