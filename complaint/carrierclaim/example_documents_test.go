package carrierclaim_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The carrier's claims desk uploads its damage report through its private
// link; the shop finds it on the claim.
func ExampleService_CarrierUpload() {
	ctx := context.Background()
	f := exampleFixture()
	f.withDocuments(panicT{})
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := f.svc.CarrierUpload(ctx, c.ID, tok, "Schadensprotokoll.png", bytes.NewReader(docPNG(panicT{}, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Name, a.Type, a.Owner)
	docs, err := f.svc.Documents(ctx, f.shop, c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(docs), "document on the claim", carrierclaim.IsDocument(docs[0]))
	// Output:
	// Schadensprotokoll.png image/png carrier
	// 1 document on the claim true
}

// The operator's figure: transit complaints with a claim opened in time.
func ExampleService_InTimeFigure() {
	ctx := context.Background()
	f := exampleFixture()
	if _, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input()); err != nil {
		fmt.Println(err)
		return
	}
	fig, err := f.svc.InTimeFigure(ctx, fairshops.AsOperator("olga"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d\n", fig.InTime, fig.Transit)
	// Output:
	// 1 of 1
}
