package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// domainCase is the complaint side of a case for mediation.Service.
type domainCase struct{ info mediation.ComplaintInfo }

func (c domainCase) Complaint(_ context.Context, id string) (mediation.ComplaintInfo, error) {
	if id != c.info.ID {
		return mediation.ComplaintInfo{}, fairshops.E("test", fairshops.NotFound, id, "", nil)
	}
	return c.info, nil
}

func (domainCase) MarkEscalated(context.Context, string, string) error { return nil }

// moderatedShop has booked Streitmoderation in the mode consumer.
type moderatedShop struct{}

func (moderatedShop) Entitlements(_ context.Context, _ string, on fairshops.Date) (fairshops.Entitlements, error) {
	return fairshops.EntitlementsOf([]fairshops.Booking{{Module: fairshops.Streitmoderation,
		From: fairshops.MustDate("2026-01-01"), MediationMode: fairshops.ConsumerMode}}, on), nil
}

// complaintEvents files a complaint with complaint.Service and lets its
// timers fire (reminder, deadline missed); it returns the events the
// domain wrote and the complaint's answer deadline.
func complaintEvents(t *testing.T) ([]fairshops.Event, fairshops.Date) {
	t.Helper()
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 3, 5, 10, 0, 0, 0, fairshops.Berlin()))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust}}})
	require.NoError(t, err)
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	require.NoError(t, err)
	in, err := complaint.DecodeIntake([]byte(`{"category": "delivery", "order_date": "2026-01-05",
		"promised_delivery_date": "2026-01-12", "order_value": {"amount": "49.90", "currency": "EUR"},
		"contacted_shop_on": "2026-01-20", "desired_resolution": "delivery",
		"description": "Die Bestellung ist nie angekommen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`))
	require.NoError(t, err)
	c, _, err := svc.Submit(ctx, "beispiel", in)
	require.NoError(t, err)
	require.Equal(t, complaint.Forwarded, c.State)
	require.False(t, c.AnswerDue.IsZero())
	for _, day := range []fairshops.Date{c.ReminderOn, c.AnswerDue.AddDays(1)} {
		clock.Set(day.Time().Add(10 * time.Hour))
		_, err := svc.ProcessDue(ctx)
		require.NoError(t, err)
	}
	return db.Events(), c.AnswerDue
}

// proposalEvents runs a case with mediation.Service up to its proposal; it
// returns the events the domain wrote and the day the answers are due.
func proposalEvents(t *testing.T) ([]fairshops.Event, fairshops.Date) {
	t.Helper()
	ctx := context.Background()
	token, err := fairshops.NewToken(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	require.NoError(t, err)
	delivery := fairshops.MustMoney("4.90", fairshops.EUR)
	facts := precheck.Facts{Category: precheck.Withdrawal, OrderDate: fairshops.MustDate("2026-03-02"),
		DeliveryDate: fairshops.MustDate("2026-03-05"), OrderValue: fairshops.MustMoney("59.90", fairshops.EUR),
		DeliveryCost: &delivery, ContactedShopOn: fairshops.MustDate("2026-03-20"),
		WithdrawalDeclaredOn: fairshops.MustDate("2026-03-12"), DesiredResolution: precheck.WantRefund}
	info := mediation.ComplaintInfo{ID: "c_1", ShopID: "beispiel", Forwarded: true, Open: true, ContactedShop: true,
		ConsumerLang: fairshops.German, Facts: facts, TokenHash: token.Hash(),
		Precheck: precheck.Check(facts, fairshops.MustDate("2026-04-01"), precheck.Options{})}
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	svc, err := mediation.NewService(mediation.Config{Store: db.Cases(), Complaints: domainCase{info},
		Shops: moderatedShop{}, Clock: clock, Location: time.UTC})
	require.NoError(t, err)
	consumer := fairshops.Principal{Role: fairshops.RoleConsumer, Token: token}
	shop := fairshops.Principal{Role: fairshops.RoleShop, ShopID: "beispiel"}
	operator := fairshops.Principal{Role: fairshops.RoleOperator, Name: "Olga"}
	c, err := svc.Request(ctx, consumer, mediation.RequestInput{ComplaintID: "c_1"})
	require.NoError(t, err)
	_, err = svc.AcceptRequest(ctx, operator, c.ID)
	require.NoError(t, err)
	_, err = svc.AddStatement(ctx, consumer, c.ID, mediation.StatementInput{Text: "Das Geld kam nicht zurück."})
	require.NoError(t, err)
	_, err = svc.AddStatement(ctx, shop, c.ID, mediation.StatementInput{Text: "Die Ware kam nie an."})
	require.NoError(t, err)
	_, err = svc.GenerateDraft(ctx, operator, c.ID)
	require.NoError(t, err)
	c, err = svc.SendProposal(ctx, operator, c.ID)
	require.NoError(t, err)
	require.Equal(t, mediation.Proposed, c.State)
	return db.Events(), c.Deadline.Due
}

// TestMailsOfDomainEvents renders the mails of the events complaint.Service
// and mediation.Service really write: the shop's answer deadline and the
// proposal's answers deadline appear as dates in the reader's language.
func TestMailsOfDomainEvents(t *testing.T) {
	tmpl := defaultTemplates(t)
	cevs, answerDue := complaintEvents(t)
	mevs, answersDue := proposalEvents(t)
	want := map[string]fairshops.Date{
		complaint.EventForwarded: answerDue, complaint.EventReminder: answerDue,
		complaint.EventDeadlineMissed: answerDue, mediation.EventProposed: answersDue,
	}
	seen := map[string]bool{}
	for _, ev := range append(cevs, mevs...) {
		var data map[string]any
		require.NoError(t, json.Unmarshal(ev.Data, &data))
		due, ok := want[ev.Type]
		if !ok {
			continue
		}
		seen[ev.Type] = true
		for _, lang := range fairshops.Languages() {
			t.Run(fmt.Sprint(ev.Type, "/", lang), func(t *testing.T) {
				r, err := tmpl.Render(lang, notify.TemplateData{Event: ev, Data: data, Role: notify.RoleShop})
				require.NoError(t, err)
				date := fairshops.FormatterFor(lang).Date(due)
				require.Contains(t, flat(r.Text), date)
				require.Contains(t, r.HTML, date)
				for _, part := range []string{r.Subject, r.Text, r.HTML} {
					require.NotContains(t, part, string(mediation.DeadlineAnswers))
					require.NotContains(t, part, due.String())
				}
			})
		}
	}
	for typ := range want {
		require.True(t, seen[typ], "the domain wrote no %s event", typ)
	}
}
