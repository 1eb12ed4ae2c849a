package mediation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The shop confirms the refund as sent; three days later nothing has come,
// and the consumer says so: the obligation is disputed and the case
// reopened for the operator, who speaks to both sides and records that the
// money did not arrive: the refund counts as missed.
func ExampleService_ReportNotReceived() {
	ctx := context.Background()
	token := fairshops.Token("the-consumer's-private-token")
	svc, clock := exampleService(token)
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
	c, _ = svc.AcceptProposal(ctx, shop, c.ID, p.ID, "o1")
	refund := c.Obligations[len(c.Obligations)-1] // the shop's
	c, _ = svc.ConfirmObligation(ctx, shop, c.ID, refund.ID)

	clock.Advance(24 * time.Hour)
	_, err := svc.ReportNotReceived(ctx, consumer, c.ID, refund.ID)
	fmt.Println("the next day:", fairshops.KindOf(err))

	clock.Advance(mediation.NotReceivedAfterDays * 24 * time.Hour)
	c, err = svc.ReportNotReceived(ctx, consumer, c.ID, refund.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Obligations[len(c.Obligations)-1].State, "reopened on", c.ReopenedOn)

	c, err = svc.ResolveObligation(ctx, operator, c.ID, refund.ID, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Obligations[len(c.Obligations)-1].State, "missed obligations:", c.MissedObligations())
	// Output:
	// the next day: not_allowed
	// disputed reopened on 2026-04-05
	// missed missed obligations: 1
}
