package mediation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The complaint service erases a complaint's cases with it: configured as
// complaint.Config.Cases, the Eraser replaces the statements by tombstones
// in every case that has ended, and refuses while one still runs.
func ExampleNewEraser() {
	ctx := context.Background()
	token := fairshops.Token("the-consumer's-private-token")
	facts := precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-03-02"),
		OrderValue: fairshops.MustMoney("59.90", fairshops.EUR), ContactedShopOn: fairshops.MustDate("2026-03-20")}
	info := mediation.ComplaintInfo{ID: "c_example", ShopID: "beispiel-shop", Forwarded: true, Open: true,
		ContactedShop: true, ConsumerLang: fairshops.German, Facts: facts,
		Precheck: precheck.Check(facts, fairshops.MustDate("2026-04-01"), precheck.Options{}), TokenHash: token.Hash()}
	clock := fairshops.NewManualClock(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	db := memory.New()
	svc, err := mediation.NewService(mediation.Config{Store: db.Cases(), Complaints: oneComplaint{info},
		Shops: bookedShop{}, Clock: clock, Location: time.UTC})
	if err != nil {
		panic(err)
	}
	consumer := fairshops.AsConsumer(token)
	c, err := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	eraser := mediation.NewEraser(db.Cases(), clock)
	fmt.Println("running:", fairshops.KindOf(eraser.EraseCases(ctx, "c_example", complaint.ErasureRequested)))
	if _, err := svc.Withdraw(ctx, consumer, c.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ended:", eraser.EraseCases(ctx, "c_example", complaint.ErasureRequested))
	c, _ = db.Cases().Get(ctx, c.ID)
	_, erased := c.ErasedAt()
	fmt.Println("erased:", erased, "history verifies:", mediation.VerifyHistory(c.ID, c.History) == nil)
	// Output:
	// running: not_allowed
	// ended: <nil>
	// erased: true history verifies: true
}
