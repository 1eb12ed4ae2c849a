package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// proposedRefund has a consumer's case about demo-shop proposed with one
// option "o1", a refund of 20.00 EUR by 2026-12-09 (the clock stands at
// 2026-11-25): it returns the complaint, its token, the case ID and the
// proposal's ID.
func (e *webEnv) proposedRefund(t *testing.T) (string, fairshops.Token, string, string) {
	t.Helper()
	ctx := context.Background()
	id, tok, cs := e.consumerCase(t, "Das Paket kam nie an.")
	_, err := e.mediation.AcceptRequest(ctx, opPrincipal, cs.ID)
	require.NoError(t, err)
	e.statements(t, cs.ID, tok, "Ich möchte mein Geld zurück.", "Wir erstatten.")
	refund := fairshops.MustMoney("20.00", fairshops.EUR)
	_, err = e.mediation.EditDraft(ctx, opPrincipal, cs.ID, []mediation.Option{{ID: "o1", Kind: mediation.KindRefund,
		Amount: refund, Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: &refund,
			Due: fairshops.MustDate("2026-12-09")}},
		Rationale: mediation.Rationale{Key: "rationale.claim_in_full"}}})
	require.NoError(t, err)
	c, err := e.mediation.SendProposal(ctx, opPrincipal, cs.ID)
	require.NoError(t, err)
	return id, tok, cs.ID, c.Current().ID
}

// settledRefund is proposedRefund with both parties' acceptance.
func (e *webEnv) settledRefund(t *testing.T) (string, fairshops.Token, string) {
	t.Helper()
	ctx := context.Background()
	id, tok, caseID, pid := e.proposedRefund(t)
	_, err := e.mediation.AcceptProposal(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, caseID, pid, "o1")
	require.NoError(t, err)
	_, err = e.mediation.AcceptProposal(ctx, fairshops.AsShop("demo-shop"), caseID, pid, "o1")
	require.NoError(t, err)
	return id, tok, caseID
}

// TestWebObligations: the parties see the settlement's obligation with
// its date and their confirm button; the shop misses it, the operator
// finds the case reopened in the queue with the miss highlighted and closes
// it; the consumer's late "money received" is kept, the miss stays.
func TestWebObligations(t *testing.T) {
	e := newWebEnv(t)
	id, tok, caseID := e.settledRefund(t)
	consumer := e.consumer(t, "de", id, tok)
	page := "/c/" + id
	action := page + "/case/" + caseID + "/confirm"
	consumer.get(page).contains(t, "Was aus der Einigung zu tun ist", "Shop: erstattet 20,00 EUR bis 09.12.2026",
		`name="obligation" value="ob1"`, "Geld erhalten", "<span class=\"label\">offen</span>")

	shop := e.browser(t, "en")
	shop.login(shopLogin, "/shop")
	shop.get("/shop/complaints/"+id).contains(t, "What the settlement requires", "Refund sent")

	p := consumer.submit(page, action, url.Values{"obligation": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, "which obligation")
	p = consumer.submit(page, action, url.Values{"obligation": {"ob9"}})
	require.Equal(t, http.StatusNotFound, p.status)

	// The date (Wed 9 Dec) and the grace (Mon 14 Dec) pass unconfirmed.
	e.clock.Set(time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
	n, err := e.mediation.ProcessDue(context.Background())
	require.NoError(t, err)
	require.Positive(t, n)

	op := e.operator(t, "de")
	op.get("/operator").contains(t, `href="/operator/cases/`+caseID+`"`, "wieder offen: Pflicht versäumt")
	casePage := "/operator/cases/" + caseID
	op.get(casePage).contains(t, "der Fall ist seit 15.12.2026 wieder offen", `<tr id="obligation-ob1" class="overdue">`,
		`<span class="overdue-label">versäumt</span>`, "Pflicht versäumt")

	p = consumer.submit(page, action, url.Values{"obligation": {"ob1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = consumer.get(page)
	p.contains(t, `<span class="overdue-label">versäumt</span>`)
	p.lacks(t, "Geld erhalten")
	shop = e.browser(t, "en") // the session of three weeks ago has expired
	shop.login(shopLogin, "/shop")
	p = shop.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/case/"+caseID+"/confirm", url.Values{"obligation": {"ob1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	shop.get("/shop/complaints/"+id).lacks(t, "Refund sent")

	p = op.submit(casePage, casePage+"/reopened/close", nil)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	op.get(casePage+"?done=op_reopened_closed").contains(t, "nicht mehr als wieder offen markiert")
	op.get("/operator").lacks(t, "wieder offen: Pflicht versäumt")
	p = op.submit(casePage, casePage+"/reopened/close", nil)
	require.Equal(t, http.StatusConflict, p.status)
}

// TestWebObligationNotReceived: the shop confirms the refund as sent; the
// consumer first reads from when it may report that nothing came, then
// reports it; the operator finds the case reopened with the report, and
// records the outcome "not received", which makes it a miss.
func TestWebObligationNotReceived(t *testing.T) {
	e := newWebEnv(t)
	id, tok, caseID := e.settledRefund(t)
	ctx := context.Background()
	_, err := e.mediation.ConfirmObligation(ctx, fairshops.AsShop("demo-shop"), caseID, "ob1")
	require.NoError(t, err)

	consumer := e.consumer(t, "de", id, tok)
	page := "/c/" + id
	report := page + "/case/" + caseID + "/not_received"
	p := consumer.get(page)
	p.contains(t, "als erledigt gemeldet", "Nichts angekommen? Ab dem 28.11.2026 können Sie das hier melden.")
	p.lacks(t, "Geld nicht erhalten")
	p = consumer.submit(page, report, url.Values{"obligation": {"ob1"}})
	require.Equal(t, http.StatusConflict, p.status, "too early")

	e.clock.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	consumer = e.consumer(t, "de", id, tok)
	consumer.get(page).contains(t, "Geld nicht erhalten", `action="`+report+`"`)
	p = consumer.submit(page, report, url.Values{"obligation": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, "which obligation")
	p = consumer.submit(page, report, url.Values{"obligation": {"ob1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = consumer.get(page)
	p.contains(t, "als nicht erhalten gemeldet", "Geld erhalten")
	p.lacks(t, "Geld nicht erhalten")

	op := e.operator(t, "de")
	op.get("/operator").contains(t, `href="/operator/cases/`+caseID+`"`, "wieder offen: als nicht erhalten gemeldet")
	casePage := "/operator/cases/" + caseID
	resolve := casePage + "/obligations/resolve"
	op.get(casePage).contains(t, "der Fall ist seit 28.11.2026 wieder offen", `<tr id="obligation-ob1" class="overdue">`,
		"Am 28.11.2026 als nicht erhalten gemeldet", `action="`+resolve+`"`, "Doch erhalten", "Nicht erhalten: versäumt",
		"als nicht erhalten gemeldet")
	p = op.submit(casePage, resolve, url.Values{"obligation": {"ob1"}, "outcome": {"lost"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p = op.submit(casePage, resolve, url.Values{"obligation": {"ob1"}, "outcome": {"not_received"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = op.get(casePage + "?done=op_obligation_resolved")
	p.contains(t, "Das Ergebnis zur Pflicht ist eingetragen.", `<span class="overdue-label">versäumt</span>`,
		"Ergebnis zur Pflicht eingetragen")
	p.lacks(t, "Doch erhalten")
	p = op.submit(casePage, resolve, url.Values{"obligation": {"ob1"}, "outcome": {"received"}})
	require.Equal(t, http.StatusConflict, p.status, "recorded once")
	op.get("/operator").contains(t, "wieder offen: Pflicht versäumt")
}
