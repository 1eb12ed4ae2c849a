package mediation_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// oneComplaint is the complaint side of the examples: one forwarded
// complaint about a withdrawal the shop has not refunded.
type oneComplaint struct{ info mediation.ComplaintInfo }

func (c oneComplaint) Complaint(_ context.Context, id string) (mediation.ComplaintInfo, error) {
	if id != c.info.ID {
		return mediation.ComplaintInfo{}, fairshops.E("example", fairshops.NotFound, id, "", nil)
	}
	return c.info, nil
}

func (oneComplaint) MarkEscalated(context.Context, string, string) error { return nil }

// bookedShop has booked Streitmoderation in the mode consumer.
type bookedShop struct{}

func (bookedShop) Entitlements(_ context.Context, _ string, on fairshops.Date) (fairshops.Entitlements, error) {
	return fairshops.EntitlementsOf([]fairshops.Booking{{Module: fairshops.Streitmoderation,
		From: fairshops.MustDate("2026-01-01"), MediationMode: fairshops.ConsumerMode}}, on), nil
}

func exampleService(token fairshops.Token) (*mediation.Service, *fairshops.ManualClock) {
	delivery := fairshops.MustMoney("4.90", fairshops.EUR)
	facts := precheck.Facts{Category: precheck.Withdrawal, OrderDate: fairshops.MustDate("2026-03-02"),
		DeliveryDate: fairshops.MustDate("2026-03-05"), OrderValue: fairshops.MustMoney("59.90", fairshops.EUR),
		DeliveryCost: &delivery, ContactedShopOn: fairshops.MustDate("2026-03-20"),
		WithdrawalDeclaredOn: fairshops.MustDate("2026-03-12"), DesiredResolution: precheck.WantRefund}
	info := mediation.ComplaintInfo{ID: "c_example", ShopID: "beispiel-shop", Forwarded: true, Open: true,
		ContactedShop: true, ConsumerLang: fairshops.German, Facts: facts,
		Precheck:  precheck.Check(facts, fairshops.MustDate("2026-04-01"), precheck.Options{}),
		TokenHash: token.Hash()}
	clock := fairshops.NewManualClock(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	svc, err := mediation.NewService(mediation.Config{Store: memory.New().Cases(), Complaints: oneComplaint{info},
		Shops: bookedShop{}, Clock: clock, Location: time.UTC})
	if err != nil {
		panic(err)
	}
	return svc, clock
}

// A consumer requests a dispute moderation about a complaint; in the mode
// consumer the operator decides on the request.
func ExampleService_Request() {
	ctx := context.Background()
	token := fairshops.Token("the-consumer's-private-token")
	svc, _ := exampleService(token)

	consumer := fairshops.Principal{Role: fairshops.RoleConsumer, Token: token}
	c, err := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.State, c.Deadline.Kind, c.Deadline.Due)
	fmt.Println("fee:", c.Fee.Fee, "reference ADR fee:", c.Fee.ReferenceADR)

	// A second request about the same complaint is refused, with the reason.
	_, err = svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	var refusal *mediation.Refusal
	if errors.As(err, &refusal) {
		fmt.Println(refusal.Texts(fairshops.English)[0])
	}
	// Output:
	// requested decision 2026-04-22
	// fee: 30.00 EUR reference ADR fee: 40.00 EUR
	// A dispute moderation about this complaint is already running or has ended.
}

// The engine drafts a proposal from the complaint's facts and pre-check: a
// valid withdrawal gives a refund of price and delivery once the goods are
// back, due at once then (BGB §357(4)), not 14 days later.
func ExamplePropose() {
	delivery := fairshops.MustMoney("4.90", fairshops.EUR)
	facts := precheck.Facts{Category: precheck.Withdrawal, OrderDate: fairshops.MustDate("2026-03-02"),
		DeliveryDate: fairshops.MustDate("2026-03-05"), OrderValue: fairshops.MustMoney("59.90", fairshops.EUR),
		DeliveryCost: &delivery, WithdrawalDeclaredOn: fairshops.MustDate("2026-03-12")}
	on := fairshops.MustDate("2026-04-01")
	d := mediation.Propose(mediation.ProposalInput{Facts: facts, Precheck: precheck.Check(facts, on, precheck.Options{}), On: on},
		mediation.DefaultEngineConfig())
	o := d.Options[0]
	fmt.Println(d.Side, o.Kind, o.Amount)
	for _, p := range o.Parts {
		fmt.Println(" ", p.Label, p.Amount)
	}
	for _, duty := range o.Duties {
		fmt.Println(" ", duty.Text(fairshops.English))
	}
	fmt.Println(d.Validate() == nil)
	// Output:
	// consumer refund_on_return 64.80 EUR
	//   price 59.90 EUR
	//   delivery 4.90 EUR
	//   Consumer: sends the goods back by 15 April 2026
	//   Shop: refunds 64.80 EUR by 15 April 2026
	// true
}

// Both parties accept the same option of a proposal: the case is settled
// and carries a settlement record.
func ExampleService_AcceptProposal() {
	ctx := context.Background()
	token := fairshops.Token("the-consumer's-private-token")
	svc, _ := exampleService(token)
	consumer := fairshops.Principal{Role: fairshops.RoleConsumer, Token: token}
	shop := fairshops.Principal{Role: fairshops.RoleShop, ShopID: "beispiel-shop"}
	operator := fairshops.Principal{Role: fairshops.RoleOperator, Name: "Olga"}

	c, _ := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	c, _ = svc.AcceptRequest(ctx, operator, c.ID)
	c, _ = svc.AddStatement(ctx, consumer, c.ID, mediation.StatementInput{Text: "Widerrufen am 12.03., Ware liegt bereit."})
	c, _ = svc.AddStatement(ctx, shop, c.ID, mediation.StatementInput{Text: "Wir erstatten nach Eingang der Ware."})
	c, _ = svc.GenerateDraft(ctx, operator, c.ID)
	c, _ = svc.SendProposal(ctx, operator, c.ID)
	p := c.Current()
	c, _ = svc.AcceptProposal(ctx, consumer, c.ID, p.ID, "o1")
	c, err := svc.AcceptProposal(ctx, shop, c.ID, p.ID, "o1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.State, c.Settlement.Option.Kind, c.Settlement.Option.Amount)
	for _, d := range c.Settlement.Duties() {
		fmt.Println(d.Text(fairshops.German))
	}
	fmt.Println(mediation.VerifyHistory(c.ID, c.History) == nil)
	// Output:
	// settled refund_on_return 64.80 EUR
	// Kundin/Kunde: sendet die Ware zurück bis 15.04.2026
	// Shop: erstattet 64,80 EUR bis 15.04.2026
	// true
}

// Fees come from a schedule by dispute value, shown beside what the
// Universalschlichtungsstelle des Bundes would charge the trader.
func ExampleFees_Quote() {
	q, _ := mediation.DefaultFeeConfig().Quote(fairshops.MustMoney("149.00", fairshops.EUR))
	fmt.Println(q.Fee, q.ReferenceADR, q.ConsumerFeeIfAbusive)
	// Output: 50.00 EUR 80.00 EUR 30.00 EUR
}
