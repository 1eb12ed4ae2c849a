package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// TestWebFigures: a shop sees its figures (charts and table), reports an
// order count (a wrong one comes back with 422 and nothing stored), and
// opts in to public figures: the ID page links them at once (the view
// cache sees the change), anyone may read them on the page and the API;
// after opting out both answer 404 again. The operator sees any shop's.
func TestWebFigures(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.browser(t, "en")
	b.login(shopLogin, "/shop")
	b.get("/shop").contains(t, `<a href="/shop/figures">`)
	p := b.get("/shop/figures")
	require.Equal(t, http.StatusOK, p.status, p.body)
	p.contains(t, "<svg", `id="fig-answer-title"`, `id="fig-deadline-title"`, `id="figures-table"`,
		`action="/shop/figures/orders"`, `action="/shop/figures/public"`, `<option value="2026-11">Nov 2026</option>`)

	orders := func() (int, bool) {
		m, err := e.db.Figures().Figures(ctx, figures.LastMonths("demo-shop", e.reg.Today(), 1))
		require.NoError(t, err)
		return m[0].Orders, m[0].OrdersReported
	}
	for _, tt := range []struct {
		name, month, orders string
		status              int
	}{
		{"negative", "2026-11", "-3", http.StatusUnprocessableEntity},
		{"not a number", "2026-11", "viele", http.StatusUnprocessableEntity},
		{"future month", "2027-01", "10", http.StatusUnprocessableEntity},
		{"bad month", "11/2026", "10", http.StatusUnprocessableEntity},
		{"stored", "2026-11", "2500", http.StatusSeeOther},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := b.submit("/shop/figures", "/shop/figures/orders", url.Values{"month": {tt.month}, "orders": {tt.orders}})
			require.Equal(t, tt.status, r.status, r.body)
			n, ok := orders()
			if tt.status != http.StatusSeeOther {
				r.contains(t, "Please give a whole number")
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Equal(t, 2500, n)
		})
	}
	// The shop's own API answer (by session) has everything, orders too.
	var own map[string]any
	api := b.get("/api/v1/shops/demo-shop/figures")
	require.Equal(t, http.StatusOK, api.status, api.body)
	require.NoError(t, json.Unmarshal([]byte(api.body), &own))
	require.Equal(t, false, own["public"])
	require.Contains(t, api.body, `"orders":2500`)

	anon := e.browser(t, "en")
	require.Equal(t, http.StatusNotFound, anon.get("/shops/demo-shop/figures").status)
	require.Equal(t, http.StatusNotFound, anon.get("/api/v1/shops/demo-shop/figures").status)
	anon.get("/shops/demo-shop").lacks(t, `href="/shops/demo-shop/figures"`)

	r := b.submit("/shop/figures", "/shop/figures/public", url.Values{"public": {"on"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	s, err := e.reg.Shop(ctx, "demo-shop")
	require.NoError(t, err)
	require.True(t, s.PublicFigures)
	anon.get("/shops/demo-shop").contains(t, `href="/shops/demo-shop/figures"`)
	anon.get("/shops/demo-shop/figures").contains(t, "<svg", `id="figures-table"`, "fewer than 5 complaints")
	pub := anon.get("/api/v1/shops/demo-shop/figures")
	require.Equal(t, http.StatusOK, pub.status, pub.body)
	require.Contains(t, pub.body, `"public":true`)
	require.NotContains(t, pub.body, `"orders":2500`)

	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	op.get("/operator/shops/demo-shop").contains(t, `href="/operator/shops/demo-shop/figures"`)
	op.get("/operator/shops/demo-shop/figures").contains(t, "Servicekennzahlen von Demo-Shop", "2.500")

	r = b.submit("/shop/figures", "/shop/figures/public", url.Values{})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, http.StatusNotFound, anon.get("/api/v1/shops/demo-shop/figures").status)
	anon.get("/shops/demo-shop").lacks(t, `href="/shops/demo-shop/figures"`)
}
