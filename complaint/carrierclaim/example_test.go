package carrierclaim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The deadlines of hidden damage found in a parcel delivered on Friday,
// 18 December 2026: the notice is due seven days later, on Christmas Day;
// §193 BGB moves its latest end over the holidays and the weekend.
func ExampleDeadlines() {
	ds, err := carrierclaim.Deadlines(carrierclaim.HiddenDamage, fairshops.MustDate("2026-12-18"),
		fairshops.MustDate("2026-12-18"), false)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range ds {
		fmt.Println(d.Kind, "due", d.Due, "latest", d.Latest, "remind", d.RemindOn, d.Basis)
	}
	// Output:
	// notice due 2026-12-25 latest 2026-12-28 remind 2026-12-23 HGB §438(2), (4)
	// limitation due 2027-12-18 latest 2027-12-20 remind 2027-11-18 HGB §439(1), (2)
}

// A shop opens its claim against the carrier for a complaint whose
// pre-check found the transit risk on the shop, invites the carrier's
// claims desk, and the carrier pays through its link.
func ExampleService_Open() {
	ctx := context.Background()
	f := exampleFixture()
	amount := fairshops.MustMoney("89.90", "EUR")
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, carrierclaim.Input{Carrier: "DHL", Tracking: "JJD000390007",
		Incident: carrierclaim.HiddenDamage, On: fairshops.MustDate("2026-03-05"), Amount: &amount})
	if err != nil {
		fmt.Println(err)
		return
	}
	notice, _ := c.Deadline(carrierclaim.Notice)
	fmt.Println(c.State, "notice due", notice.Due, "in time:", c.OpenedInTime)
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := f.svc.CarrierAnswer(ctx, c.ID, tok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay, Amount: &amount})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.State)
	for _, ev := range f.db.Events() {
		if ev.Subject == c.ID {
			fmt.Println(ev.Type)
		}
	}
	// Output:
	// open notice due 2026-03-12 in time: true
	// paid
	// carrier_claim.opened
	// carrier_claim.answered
	// carrier_claim.closed
}

// exampleFixture is newFixture without a testing.T.
func exampleFixture() *fixture {
	t := &panicT{}
	return newFixture(t, time.Date(2026, 3, 6, 10, 0, 0, 0, fairshops.Berlin()))
}
