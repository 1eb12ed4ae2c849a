package complaint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// Under the revised ADR Directive (Config.ADRDirective) the consumer asks
// for a human review of the automated pre-check; the operator finds it
// among the open reviews and answers within 10 working days. One review
// per pre-check result: a second request is refused.
func ExampleService_RequestReview() {
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 3, 10, 0, 0, 0, fairshops.Berlin())) // a Tuesday
	db := memory.New()
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	_, _ = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust}}})
	svc, _ := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock, ADRDirective: true})
	in, _ := complaint.DecodeIntake([]byte(`{"category": "delivery", "order_date": "2026-01-05",
		"promised_delivery_date": "2026-01-12", "order_value": {"amount": "49.90", "currency": "EUR"},
		"contacted_shop_on": "2026-01-20", "desired_resolution": "delivery",
		"description": "Die Bestellung ist nie angekommen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`))
	c, tok, _ := svc.Submit(ctx, "beispiel", in)

	c, err := svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "Der Liefertermin war fest zugesagt.")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := c.PendingReview()
	fmt.Println("review due", r.Due)
	_, err = svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "")
	fmt.Println("again:", fairshops.KindOf(err))

	operator := fairshops.AsOperator("olga")
	open, _ := svc.Reviews(ctx, operator, 10)
	fmt.Println("open reviews", len(open))
	c, _ = svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed})
	r, _ = c.CurrentReview()
	fmt.Println("answered:", r.Outcome, "by", r.By)
	// Output:
	// review due 2026-03-17
	// again: not_allowed
	// open reviews 1
	// answered: confirmed by olga
}

// ExampleReviewDue: 10 working days of the operator's calendar; Good
// Friday and Easter Monday do not count.
func ExampleReviewDue() {
	fmt.Println(complaint.ReviewDue(fairshops.MustDate("2026-03-30"), calendar.National))
	// Output: 2026-04-15
}
