package complaint_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A consumer adds a photo to a complaint: the service finds the type in
// the content, removes the picture's metadata, stores the file and records
// its SHA-256 in the complaint's hash-chained history; the shop sees the
// file once the complaint was forwarded, and anyone may check the stored
// bytes against the history.
func ExampleService_Attach() {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	_, _ = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust}}})
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock,
		Files: db.Files(), MaxFiles: 5})
	if err != nil {
		panic(err)
	}
	in := complaint.Intake{Facts: precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-02-01"),
		PromisedDeliveryDate: fairshops.MustDate("2026-02-08"), OrderValue: fairshops.MustMoney("10.00", "EUR"),
		ContactedShopOn: fairshops.MustDate("2026-02-10"), DesiredResolution: precheck.WantDelivery,
		Description: "Die Ware kam nie an."},
		Contact: complaint.Contact{Name: "Erika Muster", Email: "erika@example.org"}}
	c, tok, err := svc.Submit(ctx, "beispiel", in)
	if err != nil {
		panic(err)
	}
	var pic bytes.Buffer
	_ = png.Encode(&pic, image.NewGray(image.Rect(0, 0, 8, 8)))

	a, err := svc.Attach(ctx, fairshops.AsConsumer(tok), c.ID, complaint.Upload{Name: "C:\\Fotos\\Schaden.png"}, &pic)
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Name, a.Type, a.Owner)
	shopView, _ := svc.Attachments(ctx, fairshops.AsShop("beispiel"), c.ID)
	fmt.Println("the shop sees", len(shopView), "file")
	got, _ := svc.Get(ctx, fairshops.AsConsumer(tok), c.ID)
	fmt.Println(got.History[len(got.History)-1].Action)
	fmt.Println(svc.VerifyAttachments(ctx, fairshops.AsOperator("Olga"), c.ID))
	// Output:
	// Schaden.png image/png consumer
	// the shop sees 1 file
	// attachment_added
	// <nil>
}
