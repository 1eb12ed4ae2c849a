package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// get sends a GET with optional If-None-Match.
func get(h http.Handler, path, ifNoneMatch string, change func(*http.Request)) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	if ifNoneMatch != "" {
		r.Header.Set("If-None-Match", ifNoneMatch)
	}
	if change != nil {
		change(r)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// TestPublicViewETag: the public view carries an ETag and Cache-Control, a
// revalidation with it is a 304 without a body, and a booking, seal or
// name change on this node is seen by the very next request.
func TestPublicViewETag(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	first := get(w.h, "/api/v1/shops/shop-1", "", nil)
	require.Equal(t, 200, first.Code)
	etag := first.Header().Get("ETag")
	require.Regexp(t, `^"[A-Za-z0-9_-]{24}"$`, etag)
	require.Equal(t, "public, no-cache", first.Header().Get("Cache-Control"))
	require.Equal(t, "application/json; charset=utf-8", first.Header().Get("Content-Type"))

	again := get(w.h, "/api/v1/shops/shop-1", etag, nil)
	require.Equal(t, http.StatusNotModified, again.Code)
	require.Empty(t, again.Body.String())
	require.Equal(t, etag, again.Header().Get("ETag"))
	require.Equal(t, http.StatusNotModified, get(w.h, "/api/v1/shops/shop-1", `"x", W/`+etag, nil).Code)
	require.Equal(t, http.StatusNotModified, get(w.h, "/api/v1/shops/shop-1", `*`, nil).Code)
	require.Equal(t, 200, get(w.h, "/api/v1/shops/shop-1", `"other"`, nil).Code)

	// Three changes, each seen at once (the clock stands still, so no TTL
	// runs out in between).
	s, err := w.reg.Shop(w.ctx, apiShop1)
	require.NoError(t, err)
	_, err = w.reg.Update(w.ctx, apiShop1, s.Version, func(s *fairshops.Shop) error { s.Bookings = nil; return nil })
	require.NoError(t, err)
	unbooked := get(w.h, "/api/v1/shops/shop-1", etag, nil)
	require.Equal(t, 200, unbooked.Code, "dropping the bookings makes the view new")
	require.Contains(t, unbooked.Body.String(), `"modules":[]`)
	w.must(asOperator, "POST", "/api/v1/shops/shop-1/bookings",
		`{"version":`+strconv.Itoa(s.Version+1)+`,"module":"themenportal","from":"2026-01-01","purpose":"extra_trust"}`, 200)
	booked := get(w.h, "/api/v1/shops/shop-1", unbooked.Header().Get("ETag"), nil)
	require.Equal(t, 200, booked.Code, "a booking made through the API makes the view new")
	require.Contains(t, booked.Body.String(), `"modules":["themenportal"]`)
	require.NotEqual(t, etag, booked.Header().Get("ETag"))

	for _, change := range []func(*fairshops.Shop) error{
		func(s *fairshops.Shop) error { s.Seal.Status = fairshops.Suspended; return nil },
		func(s *fairshops.Shop) error { s.Name = "Neuer Name"; return nil },
	} {
		before := get(w.h, "/api/v1/shops/shop-1", "", nil)
		s, err := w.reg.Shop(w.ctx, apiShop1)
		require.NoError(t, err)
		_, err = w.reg.Update(w.ctx, apiShop1, s.Version, change)
		require.NoError(t, err)
		after := get(w.h, "/api/v1/shops/shop-1", before.Header().Get("ETag"), nil)
		require.Equal(t, 200, after.Code)
		require.NotEqual(t, before.Body.String(), after.Body.String())
	}
	require.Contains(t, get(w.h, "/api/v1/shops/shop-1", "", nil).Body.String(), `"name":"Neuer Name"`)
	require.Contains(t, get(w.h, "/api/v1/shops/shop-1", "", nil).Body.String(), `"status":"suspended"`)
	require.Equal(t, 404, get(w.h, "/api/v1/shops/nope", "", nil).Code)
}

// TestPublicViewAcrossNodes: two nodes share one store. A change made by
// the other node shows on this one once the entry's TTL ran out (1 s), never
// later; the day is part of the key, so a booking that starts tomorrow
// shows tomorrow.
func TestPublicViewAcrossNodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	db := memory.New()
	node := func() (*fairshops.Registry, http.Handler) {
		reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
		require.NoError(t, err)
		h, err := kshttp.New(kshttp.Config{Registry: reg, Clock: clock})
		require.NoError(t, err)
		return reg, h
	}
	regA, hA := node()
	regB, _ := node()
	_, err := regA.Register(ctx, fairshops.Shop{ID: "shop-s", Name: "S", Domain: "s.example", Seal: fairshops.Seal{Status: fairshops.Licensed}})
	require.NoError(t, err)
	before := get(hA, "/api/v1/shops/shop-s", "", nil)
	require.Equal(t, 200, before.Code)

	s, err := regB.Shop(ctx, "shop-s")
	require.NoError(t, err)
	_, err = regB.AddBooking(ctx, "shop-s", s.Version, fairshops.Booking{Module: fairshops.Themenportal,
		From: fairshops.MustDate("2026-11-26"), Purpose: fairshops.ExtraTrust})
	require.NoError(t, err)

	clock.Advance(999 * time.Millisecond)
	require.Equal(t, before.Body.String(), get(hA, "/api/v1/shops/shop-s", "", nil).Body.String(), "within the TTL node A may still serve its entry")
	clock.Advance(time.Millisecond)
	require.Equal(t, 304, get(hA, "/api/v1/shops/shop-s", before.Header().Get("ETag"), nil).Code,
		"the booking starts tomorrow: today's view is the same")
	clock.Advance(24 * time.Hour)
	tomorrow := get(hA, "/api/v1/shops/shop-s", before.Header().Get("ETag"), nil)
	require.Equal(t, 200, tomorrow.Code)
	require.Contains(t, tomorrow.Body.String(), `"themenportal"`)

	// And a change the other node makes today is seen after the TTL.
	s, err = regB.Shop(ctx, "shop-s")
	require.NoError(t, err)
	_, err = regB.Update(ctx, "shop-s", s.Version, func(s *fairshops.Shop) error { s.Name = "T"; return nil })
	require.NoError(t, err)
	clock.Advance(time.Second)
	require.Contains(t, get(hA, "/api/v1/shops/shop-s", "", nil).Body.String(), `"name":"T"`)
}

// TestPublicViewPrivacy: two shops that differ only in their bookings'
// purposes have the same public view and the same ETag, on the API and on
// the ID page: neither the body nor the tag tells the purpose.
func TestPublicViewPrivacy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	serve := func(purpose fairshops.Purpose) http.Handler {
		reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
		require.NoError(t, err)
		_, err = reg.Register(ctx, fairshops.Shop{ID: "shop-s", Name: "S", Domain: "s.example", Seal: fairshops.Seal{Status: fairshops.Licensed},
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: purpose}}})
		require.NoError(t, err)
		h, err := kshttp.New(kshttp.Config{Registry: reg, Clock: clock})
		require.NoError(t, err)
		return h
	}
	a, b := serve(fairshops.ExtraTrust), serve(fairshops.NeededForStandard)
	for _, path := range []string{"/api/v1/shops/shop-s", "/shops/shop-s?lang=en"} {
		ra, rb := get(a, path, "", nil), get(b, path, "", nil)
		require.Equal(t, 200, ra.Code)
		require.NotEmpty(t, ra.Header().Get("ETag"))
		require.Equal(t, ra.Header().Get("ETag"), rb.Header().Get("ETag"), path)
		if strings.HasPrefix(path, "/api/") {
			require.Equal(t, ra.Body.String(), rb.Body.String())
			require.NotContains(t, ra.Body.String(), "purpose")
		}
	}
}

// TestShopPageETag: the ID page of a visitor who is not logged in has a weak
// ETag that differs by language and a 304 for it, with Vary; a logged-in
// caller's page is neither tagged nor stored.
func TestShopPageETag(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	de := get(w.h, "/shops/shop-1", "", func(r *http.Request) { r.Header.Set("Accept-Language", "de") })
	en := get(w.h, "/shops/shop-1", "", func(r *http.Request) { r.Header.Set("Accept-Language", "en") })
	require.Equal(t, 200, de.Code)
	require.True(t, strings.HasPrefix(de.Header().Get("ETag"), `W/"`), de.Header().Get("ETag"))
	require.NotEqual(t, de.Header().Get("ETag"), en.Header().Get("ETag"), "the tag varies by language")
	require.Contains(t, de.Header().Get("Vary"), "Accept-Language")
	require.Contains(t, de.Header().Get("Vary"), "Cookie")

	nm := get(w.h, "/shops/shop-1", de.Header().Get("ETag"), func(r *http.Request) { r.Header.Set("Accept-Language", "de") })
	require.Equal(t, http.StatusNotModified, nm.Code)
	require.Empty(t, nm.Body.String())
	require.Contains(t, nm.Header().Get("Vary"), "Accept-Language")
	require.Equal(t, 200, get(w.h, "/shops/shop-1", de.Header().Get("ETag"), func(r *http.Request) { r.Header.Set("Accept-Language", "en") }).Code)

	// A change of the shop changes the page's tag.
	s, err := w.reg.Shop(w.ctx, apiShop1)
	require.NoError(t, err)
	_, err = w.reg.Update(w.ctx, apiShop1, s.Version, func(s *fairshops.Shop) error { s.Name = "Anders"; return nil })
	require.NoError(t, err)
	changed := get(w.h, "/shops/shop-1", de.Header().Get("ETag"), func(r *http.Request) { r.Header.Set("Accept-Language", "de") })
	require.Equal(t, 200, changed.Code)
	require.Contains(t, changed.Body.String(), "Anders")

	r := httptest.NewRequest("GET", "/shops/shop-1", nil)
	w.authorize(r, asOperator)
	r.Header.Set("If-None-Match", de.Header().Get("ETag"))
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	require.Equal(t, 200, rec.Code)
	require.Empty(t, rec.Header().Get("ETag"))
	require.Equal(t, "private, no-store", rec.Header().Get("Cache-Control"))
}
