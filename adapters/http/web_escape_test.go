package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The two attacks every free-text field is tried with, and how they must
// appear in a page: escaped.
var attacks = []struct{ raw, escaped string }{
	{`<script>alert(1)</script>`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
	{`"><img src=x onerror=alert(1)>`, `&#34;&gt;&lt;img src=x onerror=alert(1)&gt;`},
}

// escaped asserts that the page shows the attack only escaped.
func (p page) escaped(t *testing.T, raw, escaped string) {
	t.Helper()
	require.NotContains(t, p.body, raw)
	require.Contains(t, p.body, escaped)
}

// TestWebEscapesEveryTextField posts both attacks into every free-text
// field that a page shows back, refused (the form comes back with what was
// typed) or stored (the page shows it), and checks they appear escaped.
func TestWebEscapesEveryTextField(t *testing.T) {
	e := newWebEnv(t)
	for _, a := range attacks {
		t.Run(a.raw, func(t *testing.T) {
			t.Run("complaint form", func(t *testing.T) {
				for _, field := range []string{"description", "contact.name", "contact.email", "contact.phone", "order_ref",
					"order_value.amount", "order_value.currency", "order_date", "delivery_cost.amount", "withdrawal_declared_on"} {
					t.Run(field, func(t *testing.T) {
						form := validComplaint()
						form.Set(field, a.raw)
						p := e.browser(t, "de").submit("/shops/demo-shop/complaint?category=withdrawal", "/shops/demo-shop/complaint", form)
						require.Equal(t, http.StatusUnprocessableEntity, p.status, field)
						p.escaped(t, a.raw, a.escaped)
					})
				}
				// A category that is no category is shown back too.
				p := e.browser(t, "de").submit("/shops/demo-shop/complaint?category=other", "/shops/demo-shop/complaint",
					url.Values{"category": {a.raw}})
				require.Equal(t, http.StatusUnprocessableEntity, p.status)
				p.escaped(t, a.raw, a.escaped)
			})
			t.Run("login name", func(t *testing.T) {
				p := e.browser(t, "en").submit("/login", "/login", url.Values{"login": {a.raw}, "password": {"x"}})
				require.Equal(t, http.StatusUnauthorized, p.status)
				p.escaped(t, a.raw, a.escaped)
			})
			t.Run("portal query", func(t *testing.T) {
				p := e.browser(t, "en").get("/portal?q=" + url.QueryEscape(a.raw))
				p.escaped(t, a.raw, a.escaped)
			})
			id, tok := e.fileComplaint(t, "demo-shop", "Paket fehlt.")
			t.Run("consumer message", func(t *testing.T) {
				b := e.consumer(t, "de", id, tok)
				p := b.submit("/c/"+id, "/c/"+id+"/messages", url.Values{"body": {a.raw}})
				require.Equal(t, http.StatusUnprocessableEntity, p.status, "plain text only")
				p.escaped(t, a.raw, a.escaped)
			})
			t.Run("shop message", func(t *testing.T) {
				b := e.browser(t, "de")
				b.login(shopLogin, "/shop")
				p := b.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/messages", url.Values{"body": {a.raw}})
				require.Equal(t, http.StatusUnprocessableEntity, p.status)
				p.escaped(t, a.raw, a.escaped)
			})
			t.Run("API key label, stored", func(t *testing.T) {
				b := e.browser(t, "de")
				b.login(shopLogin, "/shop")
				p := b.submit("/shop/keys", "/shop/keys", url.Values{"label": {a.raw}})
				require.Equal(t, http.StatusSeeOther, p.status)
				b.get("/shop/keys").escaped(t, a.raw, a.escaped)
			})
		})
	}
}

// TestWebEscapesStoredText stores the attacks where the services accept
// them (a message with quotes and ampersands, a statement, shop data) and
// checks every page that shows them.
func TestWebEscapesStoredText(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	const quoted = `Preis "19 € & 5 €", 1 < 2`
	const quotedEscaped = `Preis &#34;19 € &amp; 5 €&#34;, 1 &lt; 2`
	id, tok := e.fileComplaint(t, "demo-shop", quoted)
	b := e.consumer(t, "de", id, tok)
	p := b.submit("/c/"+id, "/c/"+id+"/messages", url.Values{"body": {quoted}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = b.get("/c/" + id)
	p.escaped(t, quoted, quotedEscaped)
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	shop.get("/shop/complaints/"+id).escaped(t, quoted, quotedEscaped)

	// Statements in a case.
	e.shopAnswers(t, "demo-shop", id)
	require.Equal(t, http.StatusSeeOther, b.submit("/c/"+id, "/c/"+id+"/mediation", nil).status)
	cs := e.caseOf(t, id)
	_, err := e.mediation.AcceptRequest(ctx, fairshops.Principal{Role: fairshops.RoleOperator, Name: "op"}, cs.ID)
	require.NoError(t, err)
	p = b.submit("/c/"+id, "/c/"+id+"/case/"+cs.ID+"/statement", url.Values{"text": {quoted}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	shop.get("/shop/complaints/"+id).escaped(t, quoted, quotedEscaped)
	for _, a := range attacks {
		p = b.submit("/c/"+id, "/c/"+id+"/case/"+cs.ID+"/statement", url.Values{"text": {a.raw}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.escaped(t, a.raw, a.escaped)
	}

	// Shop data on the ID page and in the inbox.
	for i, a := range attacks {
		shopID := []string{"evil-one", "evil-two"}[i]
		_, err := e.reg.Register(ctx, fairshops.Shop{ID: shopID, Name: a.raw, Domain: "evil.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed}, Conditions: []string{a.raw},
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"),
				Purpose: fairshops.ExtraTrust}}})
		if err != nil {
			t.Logf("the registry refuses %q: %v", a.raw, err)
			continue
		}
		for _, path := range []string{"/shops/" + shopID, "/shops/" + shopID + "/complaint?category=other"} {
			e.browser(t, "de").get(path).escaped(t, a.raw, a.escaped)
		}
		cid, ctok := e.fileComplaint(t, shopID, "Paket fehlt.")
		e.consumer(t, "de", cid, ctok).get("/c/"+cid).escaped(t, a.raw, a.escaped)
		_, err = e.accounts.CreateShopLogin(ctx, shopID, shopID, testPassword)
		require.NoError(t, err)
		owner := e.browser(t, "de")
		owner.login(shopID, "/shop")
		for _, path := range []string{"/shop", "/shop/assessment"} {
			owner.get(path).escaped(t, a.raw, a.escaped)
		}
	}
}
