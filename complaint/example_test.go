package complaint_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// setup returns a complaint Service on a memory store with one shop,
// "beispiel", that booked the complaint service, and its DB.
func setup(now time.Time) (*complaint.Service, *memory.DB) {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(now)
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	if err != nil {
		panic(err)
	}
	_, err = reg.Register(ctx, fairshops.Shop{
		ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust,
		}},
	})
	if err != nil {
		panic(err)
	}
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	if err != nil {
		panic(err)
	}
	return svc, db
}

// A consumer files a complaint: the body of POST
// /api/v1/shops/{shop}/complaints is decoded, checked, pre-checked and
// forwarded to the shop, whose answer period starts at once. The private
// token is handed out once; with it the consumer reads the complaint later.
func ExampleService_Submit() {
	ctx := context.Background()
	svc, db := setup(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin())) // a Thursday
	in, err := complaint.DecodeIntake([]byte(`{
		"category": "delivery",
		"order_date": "2026-01-05",
		"promised_delivery_date": "2026-01-12",
		"order_value": {"amount": "49.90", "currency": "EUR"},
		"contacted_shop_on": "2026-01-20",
		"desired_resolution": "delivery",
		"description": "Die Bestellung ist nie angekommen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"},
		"order_ref": "A-10023"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, token, err := svc.Submit(ctx, "beispiel", in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("state:", c.State)
	fmt.Println("the shop answers by:", c.AnswerDue, "reminder on:", c.ReminderOn)

	mine, err := svc.Get(ctx, fairshops.AsConsumer(token), c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range mine.History {
		fmt.Println(e.Seq, e.Actor.Role, e.Action, e.Detail)
	}
	fmt.Println("history verified:", complaint.VerifyHistory(mine.ID, mine.History) == nil)
	for _, ev := range db.Events() {
		if strings.HasPrefix(ev.Type, "complaint.") {
			fmt.Println("event:", ev.Type, "for", ev.Recipient)
		}
	}
	_, err = svc.Get(ctx, fairshops.AsConsumer("a-guessed-token"), c.ID)
	fmt.Println("with another token:", fairshops.KindOf(err))
	// Output:
	// state: forwarded
	// the shop answers by: 2026-03-12 reminder on: 2026-03-10
	// 1 consumer submitted category delivery
	// 2 system checked clarity clear
	// 3 system forwarded answer due 2026-03-12
	// history verified: true
	// event: complaint.submitted for consumer
	// event: complaint.checked for operator
	// event: complaint.forwarded for shop
	// with another token: not_found
}

// The consumer (or the shop, or the operator) reads the pre-check made when
// the complaint was filed, in their language: which rules fired, whom they
// favour, and what the check could not tell for lack of facts.
func ExampleService_Get() {
	ctx := context.Background()
	svc, _ := setup(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin()))
	in, err := complaint.DecodeIntake([]byte(`{
		"category": "withdrawal",
		"order_date": "2026-02-02",
		"delivery_date": "2026-02-04",
		"order_value": {"amount": "89.90", "currency": "EUR"},
		"contacted_shop_on": "2026-02-20",
		"withdrawal_declared_on": "2026-02-10",
		"goods_returned_on": "2026-02-12",
		"desired_resolution": "refund",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"},
		"lang": "de"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, token, err := svc.Submit(ctx, "beispiel", in)
	if err != nil {
		fmt.Println(err)
		return
	}
	mine, err := svc.Get(ctx, fairshops.AsConsumer(token), c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	view := mine.Precheck.Localize(mine.Lang)
	fmt.Println(view.CategoryLabel)
	fmt.Println("as of", view.AsOf, "clarity:", view.Clarity)
	for _, f := range view.Findings {
		fmt.Println("-", f.Rule, "favours", f.Favours)
	}
	fmt.Println("standard violations:", view.StandardViolations)
	// Output:
	// Probleme mit Widerruf oder Rückgaberecht
	// as of 2026-03-05 clarity: clear
	// - withdrawal.in_period favours consumer
	// - refund.overdue favours consumer
	// standard violations: [must.refund_in_time]
}
