package complaint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func ExampleParseReference() {
	for _, typed := range []string{"ks-7kq4-m2xf", "7KQ4 M2XF", "KS-7KQ4-M2FX", "KS-7KQ4-MOXF"} {
		ref, err := complaint.ParseReference(typed)
		fmt.Printf("%-14q %s %v\n", typed, ref, err)
	}
	// Output:
	// "ks-7kq4-m2xf" KS-7KQ4-M2XF <nil>
	// "7KQ4 M2XF"    KS-7KQ4-M2XF <nil>
	// "KS-7KQ4-M2FX"  complaint.ParseReference: invalid input: reference: does not match check character
	// "KS-7KQ4-MOXF"  complaint.ParseReference: invalid input: reference: invalid format, expected KS-7KQ4-M2XF
}

// printMailer prints what an access mail would carry (a real one is
// adapters/notify.LinkMailer).
type printMailer struct{}

func (printMailer) MailLinks(_ context.Context, m complaint.AccessMail) error {
	fmt.Printf("%s mail to %s: %d link(s), overview: %v\n", m.Kind, m.To.Email, len(m.Links), m.Overview != "")
	return nil
}

func ExampleService_ResendLinks() {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin()))
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	_, _ = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust}}})
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock,
		Links: printMailer{}, Overviews: db.Overviews()})
	if err != nil {
		fmt.Println(err)
		return
	}
	in, _ := complaint.DecodeIntake([]byte(`{"category": "delivery", "order_date": "2026-01-05",
		"order_value": {"amount": "49.90", "currency": "EUR"}, "contacted_shop_on": "2026-01-20",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`))
	c, old, err := svc.Submit(ctx, "beispiel", in) // mails the confirmation with the link
	if err != nil {
		fmt.Println(err)
		return
	}
	// Whether or not the address is known, the answer is nil.
	fmt.Println(svc.ResendLinks(ctx, "Erika@Example.org", ""))
	fmt.Println(svc.ResendLinks(ctx, "nobody@example.org", ""))
	_, err = svc.Get(ctx, fairshops.AsConsumer(old), c.ID)
	fmt.Println("old link:", fairshops.KindOf(err))
	// Output:
	// filed mail to erika@example.org: 1 link(s), overview: false
	// resend mail to erika@example.org: 1 link(s), overview: true
	// <nil>
	// <nil>
	// old link: not_found
}
