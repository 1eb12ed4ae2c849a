package http_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// transitFacts is a parcel that arrived damaged on 2026-11-20 (the
// pre-check finds delivery.transit_risk_on_shop); the web env's clock says
// 2026-11-25.
const transitFacts = `"category":"delivery","order_date":"2026-11-01","delivery_date":"2026-11-20",
	"damaged_in_transit":true,"order_value":{"amount":"49.90","currency":"EUR"},
	"description":"Karton zerdrückt, Vase zerbrochen."`

var carrierLinkPattern = regexp.MustCompile(`(/carrier/[a-z0-9_]+)\?t=([A-Za-z0-9_-]+)`)

// TestCarrierClaimPages walks the claim through the pages: the consumer's
// page says the consumer does not wait and shows nothing of the claim; the
// shop sees the tip, opens the claim (a wrong form first), notifies and
// invites the carrier; the carrier sees the parcel's facts only and
// answers through its link; the operator reads the claim without forms.
func TestCarrierClaimPages(t *testing.T) {
	t.Parallel()
	e := newWebEnv(t)
	id, tok := e.fileFacts(t, "demo-shop", transitFacts)
	plain, plainTok := e.fileComplaint(t, "demo-shop", "Paket kam nie an.")
	consumer := e.consumer(t, "de", id, tok)
	noWait := "Sie müssen darauf nicht warten"

	before := consumer.get("/c/" + id)
	require.Equal(t, http.StatusOK, before.status)
	before.contains(t, noWait)
	before.lacks(t, "Anspruch gegen den Paketdienst", "Sendungsnummer")
	other := e.consumer(t, "de", plain, plainTok).get("/c/" + plain)
	other.lacks(t, noWait)

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	base := "/shop/complaints/" + id
	p := shop.get(base)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Anspruch gegen den Paketdienst", "binnen 7 Tagen nach Ablieferung", "carrier-open-form", "Hermes")
	require.NotContains(t, shop.get("/shop/complaints/"+plain).body, "carrier-open-form", "no claim without a transit finding")

	bad := shop.submit(base, base+"/carrier", url.Values{"carrier": {"DHL"}, "incident": {"hidden_damage"},
		"on": {"2026-11-20"}})
	require.Equal(t, http.StatusUnprocessableEntity, bad.status, bad.body)
	p = shop.submit(base, base+"/carrier", url.Values{"carrier": {"DHL"}, "tracking": {"JJD000390007"},
		"incident": {"hidden_damage"}, "on": {"2026-11-20"}, "amount": {"49.90"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = shop.get(base)
	// Hidden damage found in a parcel delivered on Friday 2026-11-20: notice
	// within 7 days, Friday 2026-11-27; the limitation a year on.
	p.contains(t, "JJD000390007", "27.11.2026", "20.11.2026", "HGB §438(2), (4)", "HGB §439(1), (2)",
		"rechtzeitig vor der Anzeigefrist eröffnet", "carrier-notify-form", "opened")

	require.Equal(t, http.StatusSeeOther, shop.submit(base, base+"/carrier/notify", url.Values{}).status)
	invited := shop.submit(base, base+"/carrier/invite", url.Values{})
	require.Equal(t, http.StatusOK, invited.status, invited.body)
	m := carrierLinkPattern.FindStringSubmatch(html.UnescapeString(invited.body))
	require.NotNil(t, m, "the page shows the carrier's link once")
	require.NotContains(t, shop.get(base).body, m[2], "the link is shown once")

	// The carrier: a browser of its own, no login.
	carrier := e.browser(t, "de")
	require.Equal(t, http.StatusNotFound, carrier.get(m[1]).status, "no cookie, no page")
	require.Equal(t, http.StatusNotFound, carrier.get(m[1]+"?t=wrongwrongwrongwrong").status)
	in := carrier.get(m[1] + "?t=" + m[2])
	require.Equal(t, http.StatusSeeOther, in.status)
	cp := carrier.get(m[1])
	require.Equal(t, http.StatusOK, cp.status)
	cp.contains(t, "JJD000390007", "DHL", "äußerlich nicht erkennbarer Schaden", "49,90 EUR", "20.11.2026")
	cp.lacks(t, "Erika", "erika@example.org", "Vase zerbrochen", e.stored(t, id).Reference)
	markup := carrier.submit(m[1], m[1]+"/answer", url.Values{"kind": {"pay"}, "amount": {"40.00"},
		"reason": {"Kulanz <b>teilweise</b>"}})
	require.Equal(t, http.StatusUnprocessableEntity, markup.status, "markup is refused, not stored")
	answered := carrier.submit(m[1], m[1]+"/answer", url.Values{"kind": {"pay"}, "amount": {"40.00"},
		"reason": {"Kulanz, teilweise & ohne Anerkennung"}})
	require.Equal(t, http.StatusSeeOther, answered.status, answered.body)
	cp = carrier.get(m[1] + "?done=answer")
	cp.contains(t, "Ihre Antwort wurde gespeichert.", "bezahlt", "40,00 EUR", "Kulanz, teilweise &amp; ohne Anerkennung")
	cp.lacks(t, "carrier-answer-form")

	p = shop.get(base)
	p.contains(t, "bezahlt", "40,00 EUR", "Paketdienst: <strong>zahlt</strong>", "notified", "invited", "answered")
	p.lacks(t, "carrier-notify-form", "carrier-answer-form")

	op := e.operator(t, "de").get("/operator/complaints/" + id)
	require.Equal(t, http.StatusOK, op.status)
	op.contains(t, "Anspruch gegen den Paketdienst", "JJD000390007", "bezahlt")
	op.lacks(t, "carrier-open-form", "carrier-answer-form", "binnen 7 Tagen nach Ablieferung")

	after := consumer.get("/c/" + id)
	after.contains(t, noWait)
	after.lacks(t, "JJD000390007", "Paketdienst: ", "40,00 EUR")
	require.Equal(t, stateSection(before.body), stateSection(after.body), "the consumer's deadline and state did not move")
}

// stateSection is the consumer page's state block (stage and answer due).
func stateSection(body string) string {
	i := strings.Index(body, `id="state-title"`)
	j := strings.Index(body[i:], "</dl>")
	return body[i : i+j]
}

var carrierFileLink = regexp.MustCompile(`href="(/carrier/[a-z0-9_]+/files/f_[a-z0-9]+)" download>([^<]*)</a>`)

// TestCarrierFileConsent: the consumer's files are not shared by default;
// the consumer shares one of two photos, the carrier sees and downloads
// that one only (the other is 404), and after the consent is taken back
// the shared one is 404 as well. Nobody but the consumer may switch.
func TestCarrierFileConsent(t *testing.T) {
	t.Parallel()
	e := newWebEnv(t)
	id, tok := e.fileFacts(t, "demo-shop", transitFacts)
	consumer := e.consumer(t, "de", id, tok)
	p := consumer.get("/c/" + id)
	p = consumer.postFiles("/c/"+id+"/files", [][2]string{{"csrf", p.csrf(t)}},
		uploadPart{"Karton.png", smallPNG(t)}, uploadPart{"Quittung.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = consumer.get("/c/" + id)
	p.contains(t, "Dateien für den Paketdienst", "Für den Paketdienst freigeben")
	p.lacks(t, "für den Paketdienst freigegeben")
	links := p.fileLinks(t) // by name, descending: Quittung, Karton
	require.Len(t, links, 2)
	karton := links[1][strings.LastIndex(links[1], "/")+1:]
	quittung := links[0][strings.LastIndex(links[0], "/")+1:]

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	base := "/shop/complaints/" + id
	require.Equal(t, http.StatusSeeOther, shop.submit(base, base+"/carrier", url.Values{"carrier": {"other"},
		"carrier_name": {"Paketblitz"}, "tracking": {"PB-42"}, "incident": {"visible_damage"}, "on": {"2026-11-20"}}).status)
	// The shop cannot share the consumer's file.
	require.Equal(t, http.StatusNotFound, shop.submit(base, "/c/"+id+"/files/"+karton+"/carrier",
		url.Values{"shared": {"true"}}).status)
	m := carrierLinkPattern.FindStringSubmatch(html.UnescapeString(shop.submit(base, base+"/carrier/invite", url.Values{}).body))
	require.NotNil(t, m)
	carrier := e.browser(t, "de")
	require.Equal(t, http.StatusSeeOther, carrier.get(m[1]+"?t="+m[2]).status)
	cp := carrier.get(m[1])
	cp.contains(t, "Keine Dateien freigegeben.", "Paketblitz", "PB-42")
	require.Equal(t, http.StatusNotFound, carrier.get(m[1]+"/files/"+karton).status, "not shared by default")

	share := func(file, shared string) {
		t.Helper()
		r := consumer.submit("/c/"+id, "/c/"+id+"/files/"+file+"/carrier", url.Values{"shared": {shared}})
		require.Equal(t, http.StatusSeeOther, r.status, r.body)
	}
	share(karton, "true")
	consumer.get("/c/"+id).contains(t, "Karton.png <strong>(für den Paketdienst freigegeben)</strong>", "Freigabe zurücknehmen")
	cp = carrier.get(m[1])
	found := carrierFileLink.FindAllStringSubmatch(cp.body, -1)
	require.Len(t, found, 1)
	require.Equal(t, "Karton.png", found[0][2])
	dl := carrier.get(found[0][1])
	require.Equal(t, http.StatusOK, dl.status)
	require.Equal(t, "image/png", dl.header.Get("Content-Type"))
	require.Equal(t, "nosniff", dl.header.Get("X-Content-Type-Options"))
	require.Equal(t, http.StatusNotFound, carrier.get(m[1]+"/files/"+quittung).status, "an unshared file is 404")
	require.Equal(t, http.StatusNotFound, e.browser(t, "de").get(found[0][1]).status, "no cookie, no file")

	share(karton, "false")
	require.Equal(t, http.StatusNotFound, carrier.get(found[0][1]).status, "a consent taken back is 404")
	carrier.get(m[1]).contains(t, "Keine Dateien freigegeben.")
}

// TestCarrierFigure: the dashboard counts the transit complaints and those
// with a claim opened no later than the notice deadline.
func TestCarrierFigure(t *testing.T) {
	t.Parallel()
	e := newWebEnv(t)
	op := e.operator(t, "de")
	op.get("/operator/dashboard").contains(t, "rechtzeitig eröffnetem Anspruch gegen den Paketdienst: <strong>0 von 0</strong> (–)")
	inTime, _ := e.fileFacts(t, "demo-shop", transitFacts)
	late, _ := e.fileFacts(t, "demo-shop", transitFacts)
	e.fileFacts(t, "demo-shop", transitFacts) // no claim
	e.fileComplaint(t, "demo-shop", "Kein Transportschaden.")
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	open := func(id, incident string) {
		t.Helper()
		base := "/shop/complaints/" + id
		r := shop.submit(base, base+"/carrier", url.Values{"carrier": {"GLS"}, "tracking": {"GLS-1"},
			"incident": {incident}, "on": {"2026-11-20"}})
		require.Equal(t, http.StatusSeeOther, r.status, r.body)
	}
	open(inTime, "hidden_damage") // notice due 2026-11-27, opened 2026-11-25
	open(late, "visible_damage")  // notice due at delivery, 2026-11-20
	op.get("/operator/dashboard").contains(t, "<strong>1 von 3</strong> (33,3 %)")
}
