package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The operator console: access, every page in German and English, every
// form with and without a valid CSRF token, and escaping of every user
// text the console shows.

// operator returns a browser logged in as the operator.
func (e *webEnv) operator(t *testing.T, lang string) *browser {
	t.Helper()
	b := e.browser(t, lang)
	b.login(operatorLogin, "/operator")
	return b
}

// consumerCase files a complaint about demo-shop (Streitmoderation, mode
// consumer) and has the consumer request dispute moderation; it returns the
// complaint, its token and the case.
func (e *webEnv) consumerCase(t *testing.T, description string) (string, fairshops.Token, *mediation.Case) {
	t.Helper()
	id, tok := e.fileComplaint(t, "demo-shop", description)
	e.shopAnswers(t, "demo-shop", id)
	cs, err := e.mediation.Request(context.Background(), fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok},
		mediation.RequestInput{ComplaintID: id})
	require.NoError(t, err)
	return id, tok, cs
}

// statements has both parties state, so that the file is complete.
func (e *webEnv) statements(t *testing.T, caseID string, tok fairshops.Token, consumerText, shopText string) {
	t.Helper()
	ctx := context.Background()
	_, err := e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, caseID,
		mediation.StatementInput{Text: consumerText})
	require.NoError(t, err)
	_, err = e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleShop, ShopID: "demo-shop"}, caseID,
		mediation.StatementInput{Text: shopText})
	require.NoError(t, err)
}

// operatorPages are the console's pages with a text each must show in
// German and English. Placeholders: {c} a complaint, {m} a case.
var operatorPages = []struct {
	path   string
	de, en []string
}{
	{"/operator", []string{"Eingang: Beschwerden und Streitfälle", "Streitfälle"}, []string{"Inbox: complaints and disputes", "Disputes"}},
	{"/operator?state=all&shop=demo-shop&cstate=all", []string{"Beschwerden"}, []string{"Complaints"}},
	{"/operator/complaints/{c}", []string{"Beschwerde {c}", "Vorprüfung", "Verlauf", "Nachricht des Konfliktservice"},
		[]string{"Complaint {c}", "Pre-check", "History", "Message from the conflict service"}},
	{"/operator/cases/{m}", []string{"Streitfall {m}", "Gebühr der Streitmoderation", "Universalschlichtungsstelle"},
		[]string{"Dispute {m}", "Fee of the dispute moderation", "Universalschlichtungsstelle"}},
	{"/operator/articles", []string{"Artikel des Themenportals", "Neuen Artikel anlegen"}, []string{"Articles of the topic portal", "Create a new article"}},
	{"/operator/articles/_new", []string{"Neuer Artikel", "Text (Markdown)", "Vorschau zeigen"}, []string{"New article", "Text (Markdown)", "Show preview"}},
	{"/operator/articles/widerrufsrecht-grundlagen", []string{"Artikel widerrufsrecht-grundlagen bearbeiten", "Artikel löschen"},
		[]string{"Edit article widerrufsrecht-grundlagen", "Delete the article"}},
	{"/operator/shops", []string{"Shop anlegen", "Demo-Shop"}, []string{"Register a shop", "Demo-Shop"}},
	{"/operator/shops/demo-shop", []string{"Buchungen", "nötig für den Standard", "Bewertung", "Fehlende Pflichtkriterien"},
		[]string{"Bookings", "needed for the standard", "Assessment", "MUST criteria missing"}},
	{"/operator/catalogue", []string{"Aktiver Katalog", "must.payment_buyer_protection", "/api/v1/catalogue"},
		[]string{"Active catalogue", "must.payment_buyer_protection", "/api/v1/catalogue"}},
	{"/operator/outbox", []string{"Ereignisse, die nicht zugestellt werden konnten", "ev_dead", "Erneut zustellen"},
		[]string{"Events that could not be delivered", "ev_dead", "Deliver again"}},
	{"/operator/dashboard", []string{"Beschwerden nach Kategorie und Monat", "Einhaltung der Antwortfrist", "/operator/dashboard/categories.svg"},
		[]string{"Complaints by category and month", "Answer deadline compliance", "/operator/dashboard/compliance.svg"}},
}

func fill(s, complaintID, caseID string) string {
	return strings.NewReplacer("{c}", complaintID, "{m}", caseID).Replace(s)
}

func TestWebOperatorPages(t *testing.T) {
	e := newWebEnv(t)
	cid, _, cs := e.consumerCase(t, "Das Paket kam nie an.")
	for _, lang := range []string{"de", "en"} {
		b := e.operator(t, lang)
		for _, pg := range operatorPages {
			path := fill(pg.path, cid, cs.ID)
			t.Run(lang+" "+path, func(t *testing.T) {
				p := b.get(path)
				require.Equal(t, http.StatusOK, p.status, p.body)
				p.contains(t, `<html lang="`+lang+`">`, "/static/operator.css?v=", `name="csrf"`, `aria-label="`)
				want := pg.de
				if lang == "en" {
					want = pg.en
				}
				for _, s := range want {
					p.contains(t, fill(s, cid, cs.ID))
				}
				require.Equal(t, "no-store", p.header.Get("Cache-Control"))
				require.NotContains(t, p.body, ">op.", "a raw message key")
			})
		}
	}
}

func TestWebOperatorAccess(t *testing.T) {
	e := newWebEnv(t)
	cid, _, cs := e.consumerCase(t, "Das Paket kam nie an.")
	anon := e.browser(t, "de")
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	paths := []string{"/operator/dashboard/categories.svg"}
	for _, pg := range operatorPages {
		paths = append(paths, fill(pg.path, cid, cs.ID))
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			p := anon.get(path)
			require.Equal(t, http.StatusSeeOther, p.status)
			require.Equal(t, "/login?next="+url.QueryEscape(path), p.header.Get("Location"))
			p = shop.get(path)
			require.Equal(t, http.StatusNotFound, p.status, "a shop cannot tell the console exists")
			p.lacks(t, "Konsole</a>")
		})
	}
	// After logging in, the operator lands where they wanted to go.
	b := e.browser(t, "de")
	p := b.get("/operator/shops")
	require.Equal(t, "/login?next=%2Foperator%2Fshops", p.header.Get("Location"))
	form := url.Values{"login": {operatorLogin}, "password": {testPassword}, "next": {"/operator/shops"}}
	p = b.post("/login", withCSRF(form, b.get("/login?next=%2Foperator%2Fshops").csrf(t)))
	require.Equal(t, "/operator/shops", p.header.Get("Location"))
}

// operatorForms are the console's forms: where each is, where it posts, and
// a valid input.
func operatorForms(cid, caseID string) []struct {
	name, from, action string
	form               url.Values
} {
	return []struct {
		name, from, action string
		form               url.Values
	}{
		{"message", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/messages", url.Values{"body": {"Hallo"}}},
		{"resolve", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/resolve", url.Values{}},
		{"forward", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/forward", url.Values{}},
		{"close", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/close", url.Values{}},
		{"confirm", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/confirm", url.Values{}},
		{"request case", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/mediation", url.Values{}},
		{"accept", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/accept", url.Values{}},
		{"decline", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/decline", url.Values{"reason": {"out_of_scope"}}},
		{"abusive", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/abusive", url.Values{}},
		{"generate", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/generate", url.Values{}},
		{"edit draft", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/draft", url.Values{}},
		{"send", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/send", url.Values{}},
		{"withdraw case", "/operator/cases/" + caseID, "/operator/cases/" + caseID + "/withdraw", url.Values{}},
		{"create article", "/operator/articles/_new", "/operator/articles/_new", url.Values{"slug": {"x"}}},
		{"save article", "/operator/articles/widerrufsrecht-grundlagen", "/operator/articles/widerrufsrecht-grundlagen", url.Values{}},
		{"delete article", "/operator/articles/widerrufsrecht-grundlagen", "/operator/articles/widerrufsrecht-grundlagen/delete", url.Values{}},
		{"register shop", "/operator/shops", "/operator/shops", url.Values{"name": {"X"}}},
		{"add booking", "/operator/shops/demo-shop", "/operator/shops/demo-shop/bookings", url.Values{}},
		{"fulfilled", "/operator/shops/demo-shop", "/operator/shops/demo-shop/fulfilled", url.Values{}},
		{"seal", "/operator/shops/demo-shop", "/operator/shops/demo-shop/seal", url.Values{}},
		{"requeue", "/operator/outbox", "/operator/outbox/" + deadEventID + "/requeue", url.Values{}},
		{"record re-check", "/operator/complaints/" + cid, "/operator/complaints/" + cid + "/recheck", url.Values{"version": {"1"}}},
	}
}

// TestWebOperatorCSRF checks every form of the console: refused without a
// token, with a foreign or a replayed one (403, nothing changed); anyone
// not logged in is sent to /login, a shop gets 404.
func TestWebOperatorCSRF(t *testing.T) {
	e := newWebEnv(t)
	cid, _, cs := e.consumerCase(t, "Das Paket kam nie an.")
	op := e.operator(t, "de")
	other := e.operator(t, "de") // another session of the operator
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	anon := e.browser(t, "de")
	for _, f := range operatorForms(cid, cs.ID) {
		t.Run(f.name, func(t *testing.T) {
			before := e.snapshot(t, cid, cs.ID)
			p := op.post(f.action, f.form)
			require.Equal(t, http.StatusForbidden, p.status, "no token")
			p.contains(t, "Das Formular ist abgelaufen")

			p = op.post(f.action, withCSRF(f.form, "not-a-token"))
			require.Equal(t, http.StatusForbidden, p.status, "a made-up token")

			p = op.post(f.action, withCSRF(f.form, other.get(f.from).csrf(t)))
			require.Equal(t, http.StatusForbidden, p.status, "another session's token")
			require.Equal(t, before, e.snapshot(t, cid, cs.ID), "a refused post changes nothing")

			tok := op.get(f.from).csrf(t)
			first := op.post(f.action, withCSRF(f.form, tok))
			first.lacks(t, "Das Formular ist abgelaufen")
			p = op.post(f.action, withCSRF(f.form, tok))
			require.Equal(t, http.StatusForbidden, p.status, "a replayed token")
			p.contains(t, "Das Formular ist abgelaufen")

			p = anon.post(f.action, withCSRF(f.form, anon.get("/login").csrf(t)))
			require.Equal(t, http.StatusSeeOther, p.status)
			require.Equal(t, "/login", p.header.Get("Location"))

			p = shop.post(f.action, withCSRF(f.form, shop.get("/").csrf(t)))
			require.Equal(t, http.StatusNotFound, p.status)
		})
	}
}

// snapshot is the versions of what the forms change, to see that a refused
// post changed nothing.
func (e *webEnv) snapshot(t *testing.T, complaintID, caseID string) [3]int {
	t.Helper()
	ctx := context.Background()
	c, err := e.complaints.Get(ctx, fairshops.AsOperator("t"), complaintID)
	require.NoError(t, err)
	cs, err := e.mediation.Get(ctx, fairshops.Principal{Role: fairshops.RoleOperator, Name: "t"}, caseID)
	require.NoError(t, err)
	s, err := e.reg.Shop(ctx, "demo-shop")
	require.NoError(t, err)
	return [3]int{c.Version, cs.Version, s.Version}
}

var hrefComplaint = regexp.MustCompile(`href="/operator/complaints/([^"]+)"`)

// TestWebOperatorQueue checks the order (filing order, oldest first), the
// filters and the cursor paging.
func TestWebOperatorQueue(t *testing.T) {
	e := newWebEnv(t)
	first, _ := e.fileComplaint(t, "demo-shop", "erste")
	e.clock.Advance(72 * time.Hour)
	second, _ := e.fileComplaint(t, "other-shop", "zweite")
	e.clock.Advance(6 * 24 * time.Hour) // the first complaint's deadline has passed, the second's not
	third, thirdToken := e.fileComplaint(t, "demo-shop", "dritte")
	ctx := context.Background()
	_, err := e.complaints.Withdraw(ctx, fairshops.AsConsumer(thirdToken), third)
	require.NoError(t, err)

	b := e.operator(t, "de")
	p := b.get("/operator")
	require.Equal(t, http.StatusOK, p.status)
	require.Equal(t, []string{first, second}, complaintLinks(p), "open complaints, oldest first")
	p.contains(t, `<tr class="overdue">`, "überfällig")

	p = b.get("/operator?state=all")
	require.Equal(t, []string{first, second, third}, complaintLinks(p), "also the final ones")
	p = b.get("/operator?state=withdrawn")
	require.Equal(t, []string{third}, complaintLinks(p))
	p = b.get("/operator?state=all&shop=other-shop")
	require.Equal(t, []string{second}, complaintLinks(p))
	require.Equal(t, http.StatusNotFound, b.get("/operator?state=bogus").status)

	// Paging: 50 per page.
	for i := range 55 {
		e.fileComplaint(t, "other-shop", "Beschwerde "+string(rune('a'+i%26)))
	}
	p = b.get("/operator")
	links := complaintLinks(p)
	require.Len(t, links, 50)
	p.contains(t, `href="/operator?after=`+links[49]+`" rel="next"`)
	p.lacks(t, `rel="first"`)
	p = b.get("/operator?after=" + links[49])
	require.Len(t, complaintLinks(p), 7)
	p.contains(t, `href="/operator" rel="first"`)
	p.lacks(t, `rel="next"`)
	require.Equal(t, http.StatusUnprocessableEntity, b.get("/operator?after=c_unknown").status, "an unknown cursor")
}

func complaintLinks(p page) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range hrefComplaint.FindAllStringSubmatch(p.body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}
