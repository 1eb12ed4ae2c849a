package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebShopSearch: the public search finds shops by name, domain or ID,
// forgiving spelling; an exact ID goes straight to the ID page; the old
// ?id= form still redirects; results show public data only, escaped.
func TestWebShopSearch(t *testing.T) {
	e := newWebEnv(t)
	_, err := e.reg.Register(context.Background(), fairshops.Shop{ID: "xss-shop", Name: `<script>alert(1)</script> Laden`,
		Domain: "xss.example", Seal: fairshops.Seal{Status: fairshops.NotPassed}})
	require.NoError(t, err)
	tests := []struct {
		name, q, lang string
		status        int
		location      string
		want, lack    []string
	}{
		{"name with a space", "demo shop", "de", http.StatusOK, "",
			[]string{`<a href="/shops/demo-shop">Demo-Shop</a>`, "Siegel gültig"}, []string{"other-shop", "needed_for_standard"}},
		{"typo", "Demo Shpo", "en", http.StatusOK, "", []string{`<a href="/shops/demo-shop">Demo-Shop</a>`}, nil},
		{"domain", "other.example", "en", http.StatusOK, "", []string{`<a href="/shops/other-shop">Anderer Shop</a>`}, nil},
		{"exact ID", " Demo-Shop ", "en", http.StatusSeeOther, "/shops/demo-shop", nil, nil},
		{"nothing found", "zzzzzz", "en", http.StatusOK, "", []string{`id="shop-results-none"`, "No shop found."}, nil},
		{"escaped", "laden", "en", http.StatusOK, "", []string{"&lt;script&gt;alert(1)&lt;/script&gt; Laden", "no valid seal"},
			[]string{"<script>alert(1)</script>"}},
		{"escaped query", `"><b>x`, "en", http.StatusOK, "", []string{`value="&#34;&gt;&lt;b&gt;x"`}, []string{`"><b>x`}},
		{"empty", " ", "en", http.StatusSeeOther, "/", nil, nil},
		{"only punctuation", "--", "en", http.StatusUnprocessableEntity, "", []string{`href="#f-q"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, tt.lang).get("/shops?q=" + url.QueryEscape(tt.q))
			require.Equal(t, tt.status, p.status, p.body)
			if tt.location != "" {
				require.Equal(t, tt.location, p.header.Get("Location"))
			}
			p.contains(t, tt.want...)
			p.lacks(t, tt.lack...)
		})
	}
	p := e.browser(t, "en").get("/")
	p.contains(t, `<input type="search" id="shop" name="q"`, "The shop&#39;s name, web address or ID")
}

// TestWebShopContact: the ID page shows the shop's contact for complaints,
// escaped, and leaves the section out for a shop without one.
func TestWebShopContact(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	s, err := e.reg.Shop(ctx, "demo-shop")
	require.NoError(t, err)
	_, err = e.reg.Update(ctx, "demo-shop", s.Version, func(s *fairshops.Shop) error {
		s.ComplaintContact = fairshops.ComplaintContact{Email: "beschwerde@demo.example", Phone: "+49 30 1234567",
			Hours: "Mo–Fr 9–17 Uhr <b>"}
		return nil
	})
	require.NoError(t, err)
	p := e.browser(t, "de").get("/shops/demo-shop")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `<h2 id="contact-title">Den Shop wegen einer Beschwerde erreichen</h2>`,
		`<a href="mailto:beschwerde@demo.example">beschwerde@demo.example</a>`, "&#43;49 30 1234567", "Mo–Fr 9–17 Uhr &lt;b&gt;")
	p.lacks(t, "Mo–Fr 9–17 Uhr <b>")
	e.browser(t, "de").get("/shops/other-shop").lacks(t, `id="contact-title"`)
}
