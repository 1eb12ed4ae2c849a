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

var hrefShopComplaint = regexp.MustCompile(`<a href="/shop/complaints/([^"#]+)">`)

// TestWebShopInboxSearch: the inbox rows show the customer's name, the
// order reference and the start of the description; the search finds by
// name, order reference and words, and never another shop's complaint.
func TestWebShopInboxSearch(t *testing.T) {
	e := newWebEnv(t)
	a, _ := e.fileAs(t, "demo-shop", "Erika Mustermann", "erika@example.org", "A-10023", "Die Rücksendung kam nie an.")
	b, _ := e.fileAs(t, "demo-shop", "Hans Müller", "hans@example.com", "B-77", "Paket beschädigt.")
	other, _ := e.fileAs(t, "other-shop", "Erika Fremd", "fremd@example.org", "A-10023", "Rücksendung beim anderen Shop.")
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")

	p := shop.get("/shop")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Erika Mustermann", "Bestellnummer: A-10023", "Die Rücksendung kam nie an.", "Hans Müller", `role="search"`)
	p.lacks(t, other, "Erika Fremd")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"Mustermann", []string{a}},
		{"A-10023", []string{a}},
		{"paket", []string{b}},
		{"Rücksendung", []string{a}},
		{"Fremd", nil},
		{other, nil},
	} {
		t.Run(tc.q, func(t *testing.T) {
			p := shop.get("/shop?state=all&q=" + url.QueryEscape(tc.q))
			require.Equal(t, http.StatusOK, p.status)
			var got []string
			for _, m := range hrefShopComplaint.FindAllStringSubmatch(p.body, -1) {
				got = append(got, m[1])
			}
			require.Equal(t, tc.want, got)
			p.contains(t, `name="q" value="`+html.EscapeString(tc.q)+`"`)
		})
	}
}

// TestWebShopAnswerFormFirst: on the shop's complaint page the answer form
// comes before the pre-check.
func TestWebShopAnswerFormFirst(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	p := shop.get("/shop/complaints/" + id)
	require.Equal(t, http.StatusOK, p.status)
	form := strings.Index(p.body, `action="/shop/complaints/`+id+`/messages"`)
	pre := strings.Index(p.body, `id="precheck-title"`)
	require.Positive(t, form)
	require.Positive(t, pre)
	require.Less(t, form, pre, "the answer form before the pre-check")
}

// TestWebShopAssessmentIncluded: a module included in a higher booking
// (demo-shop books Streitmoderation, which includes the complaint
// service) shows as "included", not as a red "not met".
func TestWebShopAssessmentIncluded(t *testing.T) {
	e := newWebEnv(t)
	for lang, label := range map[string]string{"de": "enthalten", "en": "included"} {
		b := e.browser(t, lang)
		b.login(shopLogin, "/shop")
		p := b.get("/shop/assessment")
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, `<span class="badge included">`+label+`</span>`)
		row := p.body[strings.Index(p.body, `<span class="badge included">`):]
		row = row[:strings.Index(row, "</tr>")]
		require.NotContains(t, row, "badge bad", "the included module's row has no red badge")
	}
}
