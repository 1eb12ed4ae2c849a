package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestWebShopNeedsLogin(t *testing.T) {
	e := newWebEnv(t)
	for _, path := range []string{"/shop", "/shop/assessment", "/shop/keys", "/shop/complaints/c_x"} {
		t.Run(path, func(t *testing.T) {
			p := e.browser(t, "de").get(path)
			require.Equal(t, http.StatusSeeOther, p.status)
			require.Equal(t, "/login?next="+url.QueryEscape(path), p.header.Get("Location"))
		})
	}
	t.Run("POST", func(t *testing.T) {
		b := e.browser(t, "de")
		p := b.post("/shop/keys", url.Values{"csrf": {b.get("/login").csrf(t)}, "label": {"x"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/login", p.header.Get("Location"))
	})
	t.Run("the operator is no shop", func(t *testing.T) {
		b := e.browser(t, "de")
		b.login(operatorLogin, "/operator")
		require.Equal(t, http.StatusNotFound, b.get("/shop").status)
	})
}

func TestWebShopInbox(t *testing.T) {
	e := newWebEnv(t)
	own, _ := e.fileComplaint(t, "demo-shop", "Paket fehlt.")
	foreign, _ := e.fileComplaint(t, "other-shop", "Fremde Beschwerde.")
	tests := []struct {
		name, lang string
		want       []string
	}{
		{name: "German", lang: "de", want: []string{"Beschwerden über Demo-Shop", own, "Probleme mit Lieferung",
			"an den Shop weitergeleitet", "02.12.2026", `aria-current="page">offen`}},
		{name: "English", lang: "en", want: []string{"Complaints about Demo-Shop", own, "Problems with delivery", "2 December 2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t, tt.lang)
			b.login(shopLogin, "/shop")
			p := b.get("/shop")
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, tt.want...)
			p.lacks(t, foreign, `class="overdue"`)
		})
	}
	e.clock.Advance(8 * 24 * time.Hour)
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")
	p := b.get("/shop")
	p.contains(t, `<tr class="overdue">`, "Frist verpasst")
	p = b.get("/shop?state=closed")
	p.contains(t, "Keine Beschwerden in dieser Ansicht.")
	p.lacks(t, own)
}

func TestWebShopComplaint(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	foreign, _ := e.fileComplaint(t, "other-shop", "Fremde Beschwerde.")
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")

	p := b.get("/shop/complaints/" + id)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Beschwerde "+id, "Erika Muster", "erika@example.org", "Das Paket kam nie an.", "Erste Prüfung",
		"Ihre Antwort bis", "02.12.2026", "Ihre erste Nachricht gilt als Antwort", `action="/shop/complaints/`+id+`/messages"`)
	p.lacks(t, tok.Reveal(), `/mediation"`) // mode consumer: the shop starts no case

	require.Equal(t, http.StatusNotFound, b.get("/shop/complaints/"+foreign).status, "another shop's complaint")
	p = b.submit("/shop/complaints/"+id, "/shop/complaints/"+foreign+"/messages", url.Values{"body": {"x"}})
	require.Equal(t, http.StatusNotFound, p.status)

	p = b.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/messages", url.Values{"body": {"Wir schicken Ersatz."}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/shop/complaints/"+id+"?done=message#message", p.header.Get("Location"))
	got, err := e.complaints.Get(context.Background(), fairshops.AsShop("demo-shop"), id)
	require.NoError(t, err)
	require.Equal(t, complaint.Answered, got.State)
	b.get("/shop/complaints/"+id).contains(t, "vom Shop beantwortet", "Wir schicken Ersatz.")

	// The consumer sees the answer.
	e.consumer(t, "de", id, tok).get("/c/"+id).contains(t, "Wir schicken Ersatz.", "Shop, ")

	p = b.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/messages", url.Values{"body": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-body-err"`)
	p = b.post("/shop/complaints/"+id+"/messages", url.Values{"body": {"ohne Token"}})
	require.Equal(t, http.StatusForbidden, p.status)
}

func TestWebShopDecidesMediation(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	s, err := e.reg.Shop(ctx, "other-shop")
	require.NoError(t, err)
	_, err = e.reg.AddBooking(ctx, "other-shop", s.Version, fairshops.Booking{Module: fairshops.Streitmoderation,
		From: fairshops.MustDate("2026-11-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ShopDiscretion})
	require.NoError(t, err)

	// The consumer asks; the shop decides.
	id, tok := e.fileComplaint(t, "other-shop", "Paket fehlt.")
	c := e.consumer(t, "de", id, tok)
	e.shopAnswers(t, "other-shop", id)
	require.Equal(t, http.StatusSeeOther, c.submit("/c/"+id, "/c/"+id+"/mediation", nil).status)
	shop := e.browser(t, "de")
	shop.login(otherLogin, "/shop")
	p := shop.get("/shop")
	p.contains(t, "Laufende Streitmoderationen", `href="/shop/complaints/`+id+`#case"`)
	p = shop.get("/shop/complaints/" + id)
	p.contains(t, "Antrag auf Streitmoderation", "Streitmoderation annehmen")
	cs := e.caseOf(t, id)
	p = shop.post("/shop/complaints/"+id+"/case/"+cs.ID+"/accept_request", url.Values{"csrf": {p.csrf(t)}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	got, err := e.mediation.Get(ctx, fairshops.Principal{Role: fairshops.RoleOperator, Name: "op"}, cs.ID)
	require.NoError(t, err)
	require.Equal(t, mediation.Open, got.State)

	// The shop may start a case itself on another complaint.
	id2, _ := e.fileComplaint(t, "other-shop", "Noch ein Paket.")
	p = shop.get("/shop/complaints/" + id2)
	p.contains(t, "Streitmoderation einleiten")
	p = shop.post("/shop/complaints/"+id2+"/mediation", url.Values{"csrf": {p.csrf(t)}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, mediation.Open, e.caseOf(t, id2).State)

	// Another shop cannot act on the case.
	demo := e.browser(t, "de")
	demo.login(shopLogin, "/shop")
	p = demo.post("/shop/complaints/"+id+"/case/"+cs.ID+"/withdraw", url.Values{"csrf": {demo.get("/shop").csrf(t)}})
	require.Equal(t, http.StatusNotFound, p.status)
}

func TestWebShopAssessment(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		lang string
		want []string
	}{
		{"de", []string{"Bewertung von Demo-Shop", "Nicht erfüllt", "Bonuspunkte: 50 von 50 nötigen.", "Pflicht",
			"am Stichtag gebucht; die 50 Punkte zählen", "für den Standard nötig", "Sie können sie nach einer Beschwerde selbst beantragen.",
			"Diese Seite sehen nur Sie"}},
		{"en", []string{"Assessment of Demo-Shop", "Not met", "Bonus points: 50 of the 50 needed.", "needed for the standard"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			b := e.browser(t, tt.lang)
			b.login(shopLogin, "/shop")
			p := b.get("/shop/assessment")
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, tt.want...)
		})
	}
	// The other shop sees its own data only.
	b := e.browser(t, "de")
	b.login(otherLogin, "/shop")
	p := b.get("/shop/assessment")
	p.contains(t, "Anderer Shop", "zusätzliche Vertrauensmaßnahme", "So erreichen Sie die nötigen Punkte")
	p.lacks(t, "Demo-Shop", "für den Standard nötig")
}

func TestWebShopKeys(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")
	p := b.get("/shop/keys")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Sie haben noch keinen API-Schlüssel.", `name="label"`)

	p = b.submit("/shop/keys", "/shop/keys", url.Values{"label": {"Warenwirtschaft"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/shop/keys?done=key_issued", p.header.Get("Location"))
	p = b.get("/shop/keys?done=key_issued")
	p.contains(t, "Der Schlüssel ist erstellt.", "Ihr neuer Schlüssel", "nur dieses eine Mal", "Warenwirtschaft", "aktiv")
	i := strings.Index(p.body, `<p class="secret">`)
	require.Positive(t, i)
	secret := p.body[i+len(`<p class="secret">`):]
	secret = secret[:strings.IndexByte(secret, '<')]
	require.True(t, strings.HasPrefix(secret, "ksk_"))
	id, err := e.accounts.AuthenticateAPIKey(context.Background(), fairshops.Token(secret))
	require.NoError(t, err)
	require.Equal(t, "demo-shop", id.ShopID)

	p = b.get("/shop/keys")
	p.lacks(t, secret, "Ihr neuer Schlüssel")

	keys, err := e.accounts.APIKeys(context.Background(), "demo-shop")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	p = b.submit("/shop/keys", "/shop/keys/"+keys[0].ID+"/revoke", nil)
	require.Equal(t, http.StatusSeeOther, p.status)
	b.get("/shop/keys?done=key_revoked").contains(t, "Der Schlüssel ist gesperrt.", "gesperrt am")
	_, err = e.accounts.AuthenticateAPIKey(context.Background(), fairshops.Token(secret))
	require.Error(t, err)

	p = b.submit("/shop/keys", "/shop/keys", url.Values{"label": {strings.Repeat("x", 101)}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `href="#f-label"`, `id="f-label-err"`)

	// Another shop cannot revoke the key, nor see it.
	other := e.browser(t, "de")
	other.login(otherLogin, "/shop")
	other.get("/shop/keys").lacks(t, keys[0].ID)
}

// TestWebAnswerDueOnlyWhileWaiting: the answer deadline shows while the shop
// owes an answer, and no longer once it answered; the shop sees the
// customer's contact under its own labels.
func TestWebAnswerDueOnlyWhileWaiting(t *testing.T) {
	env := newWebEnv(t)
	id, tok := env.fileComplaint(t, "demo-shop", "Das Paket kam beschädigt an.")
	consumer := env.browser(t, "de")
	consumer.get("/c/" + id + "?t=" + tok.Reveal())
	consumer.get("/c/"+id).contains(t, "Der Shop antwortet bis")

	shop := env.browser(t, "de")
	shop.login(shopLogin, "/shop")
	pg := shop.get("/shop/complaints/" + id)
	pg.contains(t, "Ihre Antwort bis", "Kontakt der Kundin oder des Kunden")
	pg.lacks(t, "Ihr Name", "Ihre E-Mail-Adresse")
	shop.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/messages", url.Values{"body": {"Wir senden Ersatz."}})

	shop.get("/shop/complaints/"+id).lacks(t, "Ihre Antwort bis")
	consumer.get("/c/"+id).lacks(t, "Der Shop antwortet bis")
}

// TestWebFactsShowEveryFact: the consumer and the shop see every fact given,
// not only the ones every category has.
func TestWebFactsShowEveryFact(t *testing.T) {
	env := newWebEnv(t)
	id, tok := env.fileFacts(t, "demo-shop", `"category":"withdrawal","order_date":"2026-10-01","delivery_date":"2026-10-05",`+
		`"order_value":{"amount":"49.90","currency":"EUR"},"withdrawal_declared_on":"2026-10-12","goods_returned_on":"2026-10-14"`)
	consumer := env.browser(t, "de")
	consumer.get("/c/" + id + "?t=" + tok.Reveal())
	consumer.get("/c/"+id).contains(t, "Datum des Widerrufs", "12.10.2026", "14.10.2026")
	shop := env.browser(t, "de")
	shop.login(shopLogin, "/shop")
	shop.get("/shop/complaints/"+id).contains(t, "Datum des Widerrufs", "12.10.2026")
}
