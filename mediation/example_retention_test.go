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

// Ten years after the end of the year a case was settled, the retention's
// second step erases what the settlement agreed and keeps its outcome; the
// case history records the settlement's digest and still verifies.
func ExampleService_ProcessRetention() {
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
	consumer, shop, op := fairshops.AsConsumer(token), fairshops.AsShop("beispiel-shop"), fairshops.AsOperator("olga")
	c, err := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	must := func(k *mediation.Case, e error) *mediation.Case {
		if e != nil && err == nil {
			err = e
		}
		return k
	}
	if c.State == mediation.Requested {
		must(svc.AcceptRequest(ctx, op, c.ID))
	}
	must(svc.AddStatement(ctx, consumer, c.ID, mediation.StatementInput{Text: "Nie angekommen."}))
	must(svc.AddStatement(ctx, shop, c.ID, mediation.StatementInput{Text: "Versendet."}))
	must(svc.GenerateDraft(ctx, op, c.ID))
	c = must(svc.SendProposal(ctx, op, c.ID))
	if err != nil {
		fmt.Println(err)
		return
	}
	option := c.Current().Draft.Options[0].ID
	must(svc.AcceptProposal(ctx, consumer, c.ID, c.Current().ID, option))
	c = must(svc.AcceptProposal(ctx, shop, c.ID, c.Current().ID, option))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.State, "on", c.SettledOn())

	clock.Set(time.Date(2035, 1, 1, 0, 0, 0, 0, fairshops.Berlin()))
	rep, err := svc.ProcessRetention(ctx, complaint.Retention{}) // the defaults: 8 years
	fmt.Println("erased:", rep.Erased, err)
	c, _ = db.Cases().Get(ctx, c.ID)
	fmt.Println(c.State, c.SettlementErased(), c.Settlement.Option.Amount.Amount.IsZero())
	fmt.Println("history verifies:", mediation.VerifyHistory(c.ID, c.History) == nil)
	// Output:
	// settled on 2026-04-01
	// erased: 1 <nil>
	// settled true true
	// history verifies: true
}
