package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestWebShopPage(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name, lang, shop string
		want             []string
		absent           []string
	}{
		{name: "licensed, German", lang: "de", shop: "demo-shop",
			want: []string{"ID-Seite: Demo-Shop", `class="seal ok"`, "Siegel gültig", "Das Zertifikat gilt bis 30.06.2027.",
				"Beschwerdeservice:", "Streitmoderation: Sie können sie nach einer Beschwerde selbst beantragen.",
				"Rückgabe 30 Tage", "Schritt 1: Worum geht es?", `name="category" value="withdrawal"`,
				"Probleme mit Widerruf oder Rückgaberecht", `action="/shops/demo-shop/complaint"`}},
		{name: "licensed, English", lang: "en", shop: "demo-shop",
			want: []string{"ID page: Demo-Shop", "Seal valid", "The certificate is valid until 30 June 2027.",
				"Step 1: What is it about?", "Problems with withdrawal or the right of return"}},
		{name: "not passed", lang: "de", shop: "no-seal",
			want: []string{`class="seal bad"`, "Standard nicht bestanden", "hat den Beschwerdeservice nicht gebucht",
				"keine Leistung des Konfliktservice gebucht"},
			absent: []string{`name="category"`}},
		{name: "suspended", lang: "en", shop: "paused", want: []string{`class="seal bad"`, "Seal suspended"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, tt.lang).get("/shops/" + tt.shop)
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, tt.want...)
			p.lacks(t, tt.absent...)
			// Privacy: never the purpose, points or an assessment.
			p.lacks(t, "needed_for_standard", "extra_trust", "für den Standard nötig", "needed for the standard",
				"Bonuspunkte", "bonus points", "Pflichtkriterien", "MUST")
		})
	}
	require.Equal(t, http.StatusNotFound, e.browser(t, "").get("/shops/nope").status)
}

func TestWebSealExpired(t *testing.T) {
	e := newWebEnv(t)
	e.clock.Set(fairshops.MustDate("2027-07-01").In(fairshops.Berlin()).Add(10 * time.Hour))
	p := e.browser(t, "de").get("/shops/demo-shop")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Siegel abgelaufen", "galt bis 30.06.2027")
	p.lacks(t, "Siegel gültig")
}

func TestWebComplaintFormSteps(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name, category string
		shown, hidden  []string
	}{
		{name: "withdrawal", category: "withdrawal",
			shown:  []string{"withdrawal_declared_on", "informed_about_withdrawal", "withdrawal_exception", "delivery_cost.amount"},
			hidden: []string{"data_request_on", "promised_delivery_date", "defect_noticed_on"}},
		{name: "data", category: "data",
			shown:  []string{"data_request_on", "data_request_answered"},
			hidden: []string{"withdrawal_declared_on", "delivery_date"}},
		{name: "delivery", category: "delivery",
			shown:  []string{"promised_delivery_date", "damaged_in_transit", "additional_deadline_until"},
			hidden: []string{"goods_returned_on", "data_request_on"}},
	}
	b := e.browser(t, "de")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.get("/shops/demo-shop/complaint?category=" + tt.category)
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, `<option value="`+tt.category+`" selected>`, `name="contact.email"`, `name="order_value.amount"`,
				`name="description"`, `name="csrf"`, "/static/complaint.js?v=")
			for _, f := range tt.shown {
				require.Regexp(t, `<div class="fact" data-categories="[^"]*">\n(<div class="field[^"]*">\n(<input type="checkbox" id="[^"]+" name="`+
					regexpQuote(f)+`"|<label for="f-[^"]+">[^<]*(<span[^>]*>[^<]*</span>)?</label>\n(<p[^\n]*\n)*\n?<(input|select)[^>]* (id="[^"]+" )?name="`+regexpQuote(f)+`")`+
					`|<fieldset class="field radios[^"]*" id="f-[^"]+"[^>]*>\n<legend>[^\n]*\n(<p[^\n]*\n)*<div class="choice"><input type="radio" id="[^"]+" name="`+regexpQuote(f)+`")`,
					p.body, "%s shown", f)
			}
			for _, f := range tt.hidden {
				require.Regexp(t, `<div class="fact" data-categories="[^"]*" hidden>\n<div class="field[^"]*">\n(<input type="checkbox" id="[^"]+" name="`+
					regexpQuote(f)+`"|<label for="f-[^"]+">[^<]*</label>\n(<p[^\n]*\n)*\n?<(input|select)[^>]* (id="[^"]+" )?name="`+regexpQuote(f)+`")`,
					p.body, "%s hidden", f)
			}
		})
	}
	t.Run("no category", func(t *testing.T) {
		p := b.get("/shops/demo-shop/complaint")
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, "Bitte wählen Sie, worum es geht.", `aria-describedby="f-category-hint f-category-err"`, `href="#f-category"`)
	})
	t.Run("shop without the complaint service", func(t *testing.T) {
		p := b.get("/shops/no-seal/complaint?category=other")
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/shops/no-seal", p.header.Get("Location"))
	})
}

func regexpQuote(s string) string { return strings.ReplaceAll(s, ".", `\.`) }

// validComplaint is a complete form of a withdrawal complaint, typed the
// German way (dates as 01.10.2026, amounts as 49,90).
func validComplaint() url.Values {
	return url.Values{"category": {"withdrawal"}, "order_date": {"01.10.2026"}, "delivery_date": {"2026-10-05"},
		"withdrawal_declared_on": {"12.10.2026"}, "informed_about_withdrawal": {"true"}, "buyer_is_consumer": {"true"},
		"order_value.amount": {"1.049,90"}, "order_value.currency": {"EUR"}, "delivery_cost.amount": {"4,90"},
		"contacted_shop_on": {"2026-10-13"}, "goods_returned_on": {"2026-10-14"}, "desired_resolution": {"refund"},
		"description":  {"Ich habe widerrufen und die Ware zurückgeschickt, aber kein Geld bekommen."},
		"contact.name": {"Erika Muster"}, "contact.email": {"erika@example.org"}, "order_ref": {"A-4711"},
		// A fact of another category, typed before the category was
		// changed: ignored.
		"data_request_on": {"not a date"}}
}

func TestWebFileComplaint(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	const form = "/shops/demo-shop/complaint?category=withdrawal"
	p := b.submit(form, "/shops/demo-shop/complaint", validComplaint())
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	loc := p.header.Get("Location")
	require.Regexp(t, `^/c/c_[0-9a-z]+/filed$`, loc)
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/c/"), "/filed")
	var consumer string
	for _, ck := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(ck, "ks_consumer=") {
			consumer = ck
		}
	}
	require.Contains(t, consumer, "Path=/c/"+id+";")
	require.Contains(t, consumer, "HttpOnly")
	require.Contains(t, consumer, "SameSite=Lax")

	stored, err := e.complaints.Get(context.Background(), fairshops.AsOperator("test"), id)
	require.NoError(t, err)
	require.Equal(t, "1049.9", stored.Facts.OrderValue.Amount.String())
	require.Equal(t, fairshops.MustDate("2026-10-01"), stored.Facts.OrderDate)
	require.Equal(t, fairshops.MustDate("2026-10-12"), stored.Facts.WithdrawalDeclaredOn)
	require.True(t, stored.Facts.DataRequestOn.IsZero(), "facts of other categories are left out")
	require.Equal(t, "A-4711", stored.OrderRef)
	require.Equal(t, fairshops.German, stored.Lang)

	// The confirmation shows the private link once, with the pre-check.
	p = b.get(loc)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Ihre Beschwerde ist eingegangen", "Ihr privater Link", "nur dieses eine Mal",
		e.srv.URL+"/c/"+id+"?t=", "Erste Prüfung", "Der Widerruf vom 12.10.2026 liegt in der Widerrufsfrist",
		`href="/portal/widerrufsrecht-grundlagen"`)
	link := p.body[strings.Index(p.body, e.srv.URL+"/c/"+id+"?t="):]
	link = link[:strings.IndexByte(link, '<')]
	tok := strings.TrimPrefix(link, e.srv.URL+"/c/"+id+"?t=")
	_, err = e.complaints.Get(context.Background(), fairshops.AsConsumer(fairshops.Token(tok)), id)
	require.NoError(t, err, "the link carries the consumer's token")
	p = b.get(loc)
	require.Equal(t, http.StatusSeeOther, p.status, "shown once")
	require.Equal(t, "/c/"+id, p.header.Get("Location"))
	require.NotContains(t, p.body, tok)

	// The case page works with the cookie.
	p = b.get("/c/" + id)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Ihre Beschwerde", "an den Shop weitergeleitet")
}

func TestWebFileComplaintInvalid(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name, lang string
		change     url.Values
		drop       []string
		errors     map[string]string // field id -> reason
		kept       []string
	}{
		{name: "every error at once, German", lang: "de",
			change: url.Values{"contact.email": {"nope"}, "order_value.amount": {"-3"}, "withdrawal_declared_on": {"30.09.2026"},
				"contact.phone": {"abc"}},
			drop: []string{"contact.name", "order_date"},
			errors: map[string]string{"f-contact-name": "Angabe fehlt", "f-contact-email": "keine gültige E-Mail-Adresse",
				"f-order-value-amount": "", "f-order-date": "Angabe fehlt", "f-contact-phone": ""},
			kept: []string{`value="nope"`, `value="-3"`, `value="abc"`, `value="2026-10-05"`, "kein Geld bekommen."}},
		{name: "English", lang: "en", drop: []string{"contact.email", "order_value.currency"},
			errors: map[string]string{"f-contact-email": "is required", "f-order-value-currency": ""},
			kept:   []string{`value="Erika Muster"`}},
		{name: "unknown category", lang: "en", change: url.Values{"category": {"nope"}},
			errors: map[string]string{"f-category": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t, tt.lang)
			form := validComplaint()
			for k, v := range tt.change {
				form[k] = v
			}
			for _, k := range tt.drop {
				form.Del(k)
			}
			p := b.submit("/shops/demo-shop/complaint?category=withdrawal", "/shops/demo-shop/complaint", form)
			require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
			p.contains(t, `class="errsummary" role="alert"`)
			for id, reason := range tt.errors {
				p.contains(t, `href="#`+id+`"`, `id="`+id+`-err"`, `aria-invalid="true"`)
				require.Regexp(t, `id="`+id+`"[^>]*aria-describedby="[^"]*`+id+`-err"`, p.body)
				if reason != "" {
					require.Regexp(t, `id="`+id+`-err"><span class="visually-hidden">[^<]*</span> `+reason, p.body)
				}
			}
			p.contains(t, tt.kept...)
		})
	}
}

func TestWebFileComplaintCSRF(t *testing.T) {
	e := newWebEnv(t)
	count := func() int {
		list, err := e.complaints.List(context.Background(), fairshops.AsOperator("test"), complaint.Filter{})
		require.NoError(t, err)
		return len(list)
	}
	b := e.browser(t, "de")
	p := b.post("/shops/demo-shop/complaint", validComplaint())
	require.Equal(t, http.StatusForbidden, p.status)
	p.contains(t, "Das Formular ist abgelaufen")
	require.Zero(t, count())

	page := b.get("/shops/demo-shop/complaint?category=withdrawal")
	tok := page.csrf(t)
	p = b.post("/shops/demo-shop/complaint", withCSRF(validComplaint(), tok))
	require.Equal(t, http.StatusSeeOther, p.status)
	p = b.post("/shops/demo-shop/complaint", withCSRF(validComplaint(), tok))
	require.Equal(t, http.StatusForbidden, p.status, "a replayed token is refused")
	require.Equal(t, 1, count())

	// A token of another browser is refused.
	other := e.browser(t, "de")
	p = other.post("/shops/demo-shop/complaint", withCSRF(validComplaint(), b.get("/shops/demo-shop/complaint?category=other").csrf(t)))
	require.Equal(t, http.StatusForbidden, p.status)
}

func TestWebFileComplaintLimits(t *testing.T) {
	e := newWebEnv(t, func(c *kshttp.Config) { c.WriteLimit = kshttp.RateLimit{Rate: rate.Limit(0.001), Burst: 1} })
	b := e.browser(t, "en")
	p := b.submit("/shops/demo-shop/complaint?category=withdrawal", "/shops/demo-shop/complaint", validComplaint())
	require.Equal(t, http.StatusSeeOther, p.status)
	p = b.submit("/shops/demo-shop/complaint?category=withdrawal", "/shops/demo-shop/complaint", validComplaint())
	require.Equal(t, http.StatusTooManyRequests, p.status)
	require.NotEmpty(t, p.header.Get("Retry-After"))
	p.contains(t, "Too many requests")

	big := validComplaint()
	big.Set("description", strings.Repeat("x", 70<<10))
	p = e.browser(t, "en").submit("/shops/demo-shop/complaint?category=withdrawal", "/shops/demo-shop/complaint", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, p.status)
	p.contains(t, "Too much text")
}

func TestWebPortal(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name, lang, path string
		status           int
		want             []string
		absent           []string
	}{
		{name: "search, German", lang: "de", path: "/portal?q=widerruf", status: 200,
			want: []string{"Treffer", "<mark>", `href="/portal/widerrufsrecht-grundlagen"`, `value="widerruf"`}},
		{name: "search, English", lang: "en", path: "/portal?q=withdrawal", status: 200,
			want: []string{"results", "<mark>", "Topic portal"}},
		{name: "list all", lang: "de", path: "/portal", status: 200, want: []string{"Artikel", `rel="next"`}},
		{name: "second page", lang: "de", path: "/portal?page=2", status: 200, want: []string{`rel="prev"`, `href="/portal"`}},
		{name: "category filter", lang: "de", path: "/portal?tag=data", status: 200,
			want: []string{`href="/portal/datenauskunft"`, `<option value="data" selected>`}, absent: []string{`href="/portal/lieferverzug"`}},
		{name: "nothing found", lang: "en", path: "/portal?q=zzzzqqq", status: 200, want: []string{"Nothing found"}},
		{name: "query too long", lang: "en", path: "/portal?q=" + strings.Repeat("a", 600), status: 422,
			want: []string{`href="#f-q"`, `id="f-q-err"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, tt.lang).get(tt.path)
			require.Equal(t, tt.status, p.status, p.body)
			p.contains(t, tt.want...)
			p.lacks(t, tt.absent...)
		})
	}
}

func TestWebPortalArticle(t *testing.T) {
	e := newWebEnv(t)
	p := e.browser(t, "de").get("/portal/widerrufsfrist")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `<article class="article" lang="de">`, "<h1>Die Widerrufsfrist", "<p>", "Rechtsgrundlage", "Zuletzt geprüft",
		"Verwandte Artikel")
	p = e.browser(t, "en").get("/portal/widerrufsfrist")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `<article class="article" lang="en">`, "Legal basis")
	p.lacks(t, "available in German only")
	require.Equal(t, http.StatusNotFound, e.browser(t, "en").get("/portal/no-such-article").status)
	require.Equal(t, http.StatusNotFound, e.browser(t, "en").get("/portal/..%2Fetc").status)
}

// TestComplaintFormDefaults: opened from the ID page with a category, the
// form asks the questions that decide a consumer's rights without an
// answer chosen (issue 13.3: asked, not assumed).
func TestComplaintFormDefaults(t *testing.T) {
	env := newWebEnv(t)
	b := env.browser(t, "de")
	for _, cat := range []string{"withdrawal", "delivery"} {
		pg := b.get("/shops/demo-shop/complaint?category=" + cat)
		require.Equal(t, 200, pg.status)
		require.Contains(t, pg.body, `name="buyer_is_consumer" value="unknown"`, cat)
		require.NotRegexp(t, `name="buyer_is_consumer"[^>]*checked`, pg.body, cat)
	}
	pg := b.get("/shops/demo-shop/complaint?category=withdrawal")
	require.Contains(t, pg.body, `name="informed_about_withdrawal" value="unknown"`)
	require.NotRegexp(t, `name="informed_about_withdrawal"[^>]*checked`, pg.body)
}
