package complaint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The consumer withdraws a complaint and has their personal data erased
// (GDPR Art. 17): the contact and the description become tombstones that
// keep the SHA-256 of what was erased, the history gets an entry "erased"
// and still verifies, and what the statistics count stays.
func ExampleService_Erase() {
	ctx := context.Background()
	svc, _ := setup(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin()))
	in, _ := complaint.DecodeIntake([]byte(`{"category": "delivery", "order_date": "2026-01-05",
		"order_value": {"amount": "49.90", "currency": "EUR"}, "contacted_shop_on": "2026-01-20",
		"description": "Die Bestellung ist nie angekommen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`))
	c, token, err := svc.Submit(ctx, "beispiel", in)
	if err != nil {
		fmt.Println(err)
		return
	}
	consumer := fairshops.AsConsumer(token)
	_, err = svc.Erase(ctx, consumer, c.ID, complaint.ErasureRequested)
	fmt.Println("while open:", fairshops.KindOf(err))
	if _, err := svc.Withdraw(ctx, consumer, c.ID); err != nil {
		fmt.Println(err)
		return
	}
	erased, err := svc.Erase(ctx, consumer, c.ID, complaint.ErasureRequested)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("name is the tombstone:", erased.Contact.Name == fairshops.Tombstone("Erika Mustermann"))
	fmt.Println("category kept:", erased.Facts.Category)
	fmt.Println("last entry:", erased.History[len(erased.History)-1].Action)
	fmt.Println("history verifies:", complaint.VerifyHistory(c.ID, erased.History) == nil)
	// Output:
	// while open: not_allowed
	// name is the tombstone: true
	// category kept: delivery
	// last entry: erased
	// history verifies: true
}

// The retention policy: personal data of a complaint that ended are erased
// on 1 January after three full years from the end of the year it ended
// (BGB §§195, 199(1)); ProcessRetention does it from the server's timers.
func ExampleRetention_ErasureDue() {
	var policy complaint.Retention // the defaults
	for _, ended := range []string{"2026-03-02", "2026-12-31", "2027-01-01"} {
		due, _ := policy.ErasureDue(fairshops.MustDate(ended))
		fmt.Println(ended, "->", due)
	}
	// Output:
	// 2026-03-02 -> 2030-01-01
	// 2026-12-31 -> 2030-01-01
	// 2027-01-01 -> 2031-01-01
}
