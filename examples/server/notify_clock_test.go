package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestClockEventsMailed: the server mails the paused clock's events, each
// to its recipient and with a mail of its own (not the generic one): the
// shop's question and the consumer's reply as the complaint service
// writes them, the moderator's question as the case writes it
// (docs/adr-paused-clocks.md).
func TestClockEventsMailed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := memory.New()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	require.NoError(t, err)
	require.NoError(t, ensureDemoShops(ctx, reg))
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg})
	require.NoError(t, err)
	c, tok, err := svc.Submit(ctx, demoShopID, demoIntake(reg.Today()))
	require.NoError(t, err)
	_, err = svc.Ask(ctx, fairshops.AsShop(demoShopID), c.ID, "Welche Farbe hatte der Artikel?")
	require.NoError(t, err)
	_, err = svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Blau.")
	require.NoError(t, err)
	src := &recipientSource{complaints: db.Complaints(), shops: reg, operator: "ops@konflikt.example",
		baseURL: "https://konflikt.example", contacts: shopContacts{demoShopID: {email: "service@demo-shop.example"}}}
	tmpl, err := notify.DefaultTemplates()
	require.NoError(t, err)

	events := map[string]fairshops.Event{}
	for _, ev := range db.Events() {
		if ev.Type == complaint.EventClockPaused || ev.Type == complaint.EventClockResumed {
			events[ev.Type] = ev
		}
	}
	caseEvent := func(typ, to string, d mediation.EventData) fairshops.Event {
		d.Case, d.Complaint, d.Shop = "k_1", c.ID, demoShopID
		ev, err := fairshops.NewEvent(typ, "k_1", demoShopID, time.Now(), d)
		require.NoError(t, err)
		ev.Recipient = to
		return ev
	}
	due, by := fairshops.MustDate("2026-07-14"), fairshops.MustDate("2026-04-24")
	events[mediation.EventQuestion] = caseEvent(mediation.EventQuestion, "shop",
		mediation.EventData{Party: fairshops.RoleShop, Due: due, ResumeBy: by})
	events[mediation.EventClockPaused] = caseEvent(mediation.EventClockPaused, "consumer",
		mediation.EventData{Party: fairshops.RoleShop, Due: due, ResumeBy: by})
	events[mediation.EventQuestionAnswered] = caseEvent(mediation.EventQuestionAnswered, "operator",
		mediation.EventData{Party: fairshops.RoleShop, Due: due})
	events[mediation.EventClockResumed] = caseEvent(mediation.EventClockResumed, "parties",
		mediation.EventData{Due: due, PausedDays: 3, ResumeReason: complaint.ResumeAnswered})

	for typ, roles := range map[string][]string{
		complaint.EventClockPaused:      {notify.RoleConsumer},
		complaint.EventClockResumed:     {notify.RoleShop},
		mediation.EventQuestion:         {notify.RoleShop},
		mediation.EventClockPaused:      {notify.RoleConsumer},
		mediation.EventQuestionAnswered: {notify.RoleOperator},
		mediation.EventClockResumed:     {notify.RoleConsumer, notify.RoleShop},
	} {
		t.Run(typ, func(t *testing.T) {
			ev, ok := events[typ]
			require.True(t, ok, "the event was written")
			rcpts, err := src.Recipients(ctx, ev)
			require.NoError(t, err)
			var got []string
			for _, r := range rcpts {
				got = append(got, r.Role)
				mail, err := tmpl.Render(r.Lang, notify.TemplateData{Event: ev, Data: decode(t, ev), Name: r.Name,
					Role: r.Role, Link: r.Link, Vars: r.Vars})
				require.NoError(t, err)
				require.Contains(t, mail.Subject, c.Reference)
				require.False(t, strings.HasPrefix(mail.Subject, "Neuigkeiten"), "its own mail, not the generic one: %s", mail.Subject)
			}
			require.Equal(t, roles, got)
		})
	}
}

// decode reads an event's payload as the mailer hands it to the templates.
func decode(t *testing.T, ev fairshops.Event) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(ev.Data, &m))
	return m
}
