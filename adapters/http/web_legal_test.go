package http_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebLegalLinks: the footer of every page links the configured legal
// pages, leaves out the ones not configured, and the complaint form's
// privacy notice says what is stored, why, who sees it, for how long and
// where to ask for access and erasure.
func TestWebLegalLinks(t *testing.T) {
	legal := kshttp.LegalLinks{Imprint: "https://fairshops.example/impressum", Privacy: "/datenschutz",
		Accessibility: "https://fairshops.example/barrierefreiheit?x=1&y=2"}
	e := newWebEnv(t, func(c *kshttp.Config) { c.Legal = legal })
	bare := newWebEnv(t)
	for _, tc := range []struct {
		name, path, lang string
		env              *webEnv
		want, lack       []string
	}{
		{"landing de", "/", "de", e, []string{`<a href="https://fairshops.example/impressum" id="footer-imprint">Impressum</a>`,
			`<a href="/datenschutz" id="footer-privacy">Datenschutzerklärung</a>`,
			`<a href="https://fairshops.example/barrierefreiheit?x=1&amp;y=2" id="footer-accessibility">Erklärung zur Barrierefreiheit</a>`}, nil},
		{"portal en", "/portal", "en", e, []string{`id="footer-imprint">Imprint</a>`, `id="footer-privacy">Privacy policy</a>`,
			`id="footer-accessibility">Accessibility statement</a>`}, nil},
		{"404 page", "/no/such/page", "en", e, []string{`id="footer-imprint"`}, nil},
		{"form en", "/shops/demo-shop/complaint?category=other", "en", e, []string{`id="privacy-notice"`, "What we store:",
			"Who sees it: the shop, once your complaint has been forwarded", "§§ 195, 199 BGB",
			`<a href="/datenschutz">How to ask: see the privacy policy.</a>`}, nil},
		{"form de", "/shops/demo-shop/complaint?category=other", "de", e, []string{"Was wir speichern:", "Wie lange:", "Löschung"}, nil},
		{"unconfigured", "/shops/demo-shop/complaint?category=other", "en", bare, []string{"What we store:"},
			[]string{"footer-imprint", "footer-privacy", "footer-accessibility", "How to ask"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.env.browser(t, tc.lang).get(tc.path)
			require.Contains(t, []int{http.StatusOK, http.StatusNotFound}, p.status)
			p.contains(t, tc.want...)
			p.lacks(t, tc.lack...)
		})
	}
}

// TestLegalLinksRefused: New refuses a legal link that is not an http(s)
// URL or a local path, and names the field.
func TestLegalLinksRefused(t *testing.T) {
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue()})
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		legal kshttp.LegalLinks
		field string
	}{
		{"javascript", kshttp.LegalLinks{Imprint: "javascript:alert(1)"}, "Legal.Imprint"},
		{"protocol relative", kshttp.LegalLinks{Privacy: "//evil.example/x"}, "Legal.Privacy"},
		{"no host", kshttp.LegalLinks{Accessibility: "https:///x"}, "Legal.Accessibility"},
		{"user info", kshttp.LegalLinks{Imprint: "https://a:b@host.example/"}, "Legal.Imprint"},
		{"space", kshttp.LegalLinks{Privacy: "/daten schutz"}, "Legal.Privacy"},
		{"relative", kshttp.LegalLinks{Privacy: "datenschutz"}, "Legal.Privacy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := kshttp.New(kshttp.Config{Registry: reg, Legal: tc.legal})
			var ve *fairshops.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tc.field, ve.Fields[0].Field)
		})
	}
	_, err = kshttp.New(kshttp.Config{Registry: reg, Legal: kshttp.LegalLinks{Imprint: "http://localhost:8080/imprint", Privacy: "/p"}})
	require.NoError(t, err)
}
