package mediation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
)

// The moderator asks the shop a question while the proposal deadline
// runs: the deadline pauses; the shop's answer five days later gives the
// days that were left back, counted from the answer.
func ExampleService_AskParty() {
	ctx := context.Background()
	token := fairshops.Token("the-consumer's-private-token")
	svc, clock := exampleService(token)
	consumer := fairshops.Principal{Role: fairshops.RoleConsumer, Token: token}
	operator := fairshops.AsOperator("olga")
	shop := fairshops.AsShop("beispiel-shop")
	c, _ := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_example"})
	c, _ = svc.AcceptRequest(ctx, operator, c.ID)
	c, _ = svc.AddStatement(ctx, consumer, c.ID, mediation.StatementInput{Text: "Ich habe widerrufen."})
	c, _ = svc.AddStatement(ctx, shop, c.ID, mediation.StatementInput{Text: "Die Ware kam nicht zurück."})
	fmt.Println(c.Deadline.Kind, "due", c.Deadline.Due)

	clock.Set(time.Date(2026, 4, 10, 10, 0, 0, 0, time.UTC))
	c, _ = svc.AskParty(ctx, operator, c.ID, fairshops.RoleShop, "Haben Sie einen Einlieferungsbeleg geprüft?")
	fmt.Println("paused on", c.Clock.PausedOn, "with", c.Clock.RestDays, "days left")

	clock.Set(time.Date(2026, 4, 15, 10, 0, 0, 0, time.UTC))
	c, err := svc.AnswerQuestion(ctx, shop, c.ID, "Ja, er fehlt.")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Deadline.Kind, "due", c.Deadline.Due, "after", c.Clock.PausedDays, "days paused")
	// Output:
	// proposal due 2026-06-30
	// paused on 2026-04-10 with 81 days left
	// proposal due 2026-07-06 after 5 days paused
}

// Under the revised ADR Directive a shop has 20 working days to say whether
// it takes part: Ascension Day and Whit Monday do not count, nor (in
// Bavaria) Corpus Christi.
func ExampleDirectiveReplyBy() {
	fmt.Println(mediation.DirectiveReplyBy(fairshops.MustDate("2026-05-11"), calendar.National))
	fmt.Println(mediation.DirectiveReplyBy(fairshops.MustDate("2026-05-11"), calendar.BY))
	// Output:
	// 2026-06-10
	// 2026-06-11
}
