package http_test

import (
	"html"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebShopPrecheckAdvice: the shop's complaint page shows, beside each
// finding, the text written for the shop (precheck.ShopAdvice) in the
// page's language, and not the consumer's tips.
func TestWebShopPrecheckAdvice(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Die Lieferung fehlt seit Wochen.")
	got, err := e.complaints.Get(t.Context(), fairshops.AsShop("demo-shop"), id)
	require.NoError(t, err)
	require.NotEmpty(t, got.Precheck.Findings)
	for _, lang := range []fairshops.Language{fairshops.German, fairshops.English} {
		b := e.browser(t, string(lang))
		b.login(shopLogin, "/shop")
		p := b.get("/shop/complaints/" + id)
		require.Equal(t, http.StatusOK, p.status)
		body := html.UnescapeString(p.body)
		for _, f := range got.Precheck.Findings {
			require.Contains(t, body, `data-rule="`+string(f.Rule)+`"`)
			require.Contains(t, body, precheck.ShopAdvice(f.Rule).Render(lang), "%s %s", f.Rule, lang)
		}
		require.Regexp(t, regexp.MustCompile(`class="shop-advice"`), p.body)
		for _, tip := range got.Precheck.Tips {
			require.NotContains(t, body, tip.Render(lang), "no consumer tips for the shop")
		}
	}
}
