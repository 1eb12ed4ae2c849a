package http_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	figuretest "github.com/fairshops/konfliktservice/fairshops/figures/storetest"
)

// csrfValue is a page's per-visitor CSRF token, which differs between any
// two requests.
var csrfValue = regexp.MustCompile(`name="csrf" value="[^"]*"`)

// TestFiguresPrivacy: two shops identical except why they booked their
// module (extra trust vs. needed for the standard), with the same
// complaints and cases, have the same figures, and byte-identical public
// figures (API and page), ID pages and public views once the one's ID and
// name are written as the other's: nothing tells the purpose.
func TestFiguresPrivacy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC))
	db := memory.New()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	cs, cases := figuretest.Generate(7, 120)
	twins := map[string]fairshops.Purpose{"twin-x": fairshops.ExtraTrust, "twin-y": fairshops.NeededForStandard}
	for id, purpose := range twins {
		_, err := reg.Register(ctx, fairshops.Shop{ID: id, Name: "Zwilling " + id, Domain: "twin.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed}, PublicFigures: true,
			Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2025-01-01"),
				Purpose: purpose, MediationMode: fairshops.ConsumerMode}}})
		require.NoError(t, err)
		var mine []figuretest.Complaint
		for _, c := range cs {
			c.ID, c.Shop = id+"-"+c.ID, id
			mine = append(mine, c)
		}
		var myCases []figuretest.Case
		for _, k := range cases {
			k.ID, k.Shop = id+"-"+k.ID, id
			myCases = append(myCases, k)
		}
		figuretest.Write(t, figuretest.Harness{Figures: db.Figures(), Complaints: db.Complaints(), Cases: db.Cases()}, mine, myCases)
		require.NoError(t, db.Figures().SetOrders(ctx, id, fairshops.MustDate("2026-02-01"), 4000))
	}
	svc, err := figures.NewService(figures.Config{Store: db.Figures(), Shops: reg})
	require.NoError(t, err)

	q := func(id string) figures.Query { return figures.LastMonths(id, reg.Today(), 12) }
	fx, err := svc.Figures(ctx, fairshops.AsOperator("anna"), q("twin-x"))
	require.NoError(t, err)
	fy, err := svc.Figures(ctx, fairshops.AsOperator("anna"), q("twin-y"))
	require.NoError(t, err)
	fy.ShopID = fx.ShopID
	require.Equal(t, fx, fy, "the figures")
	shown := 0
	for _, m := range fx.Months {
		if m.Complaints != nil && *m.Complaints >= figures.MinPublic {
			shown++
		}
	}
	require.Positive(t, shown, "some month has figures the public sees")

	h, err := kshttp.New(kshttp.Config{Registry: reg, Figures: svc, Clock: clock})
	require.NoError(t, err)
	same := func(s string) string {
		s = strings.ReplaceAll(s, "twin-y", "twin-x")
		return csrfValue.ReplaceAllString(s, `name="csrf" value=""`)
	}
	for _, path := range []string{"/api/v1/shops/%s/figures", "/shops/%s/figures?lang=en", "/shops/%s/figures",
		"/shops/%s", "/api/v1/shops/%s"} {
		rx := get(h, strings.ReplaceAll(path, "%s", "twin-x"), "", nil)
		ry := get(h, strings.ReplaceAll(path, "%s", "twin-y"), "", nil)
		require.Equal(t, 200, rx.Code, path)
		require.Equal(t, 200, ry.Code, path)
		require.Equal(t, same(rx.Body.String()), same(ry.Body.String()), path)
		require.NotContains(t, rx.Body.String(), "purpose")
		require.NotContains(t, rx.Body.String(), "extra_trust")
		if strings.HasPrefix(path, "/shops/%s/figures") {
			require.Contains(t, rx.Body.String(), "<svg", path)
			require.Contains(t, rx.Body.String(), `id="figures-table"`, path)
		}
	}
}
