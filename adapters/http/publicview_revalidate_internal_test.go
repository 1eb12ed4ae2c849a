package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestRevalidatedBeforeRouting: a revalidation of a shop's public view
// whose ETag names a fresh cache entry is answered 304 before routing
// (revalidated), with the headers the route's own 304 carries; everything
// else (another ETag, no entry yet, a stale entry, other paths and
// methods, a query, an escaped path) goes the usual way.
func TestRevalidatedBeforeRouting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(ctx, fairshops.Shop{ID: "shop-1", Name: "S", Domain: "s.example", Seal: fairshops.Seal{Status: fairshops.Licensed}})
	require.NoError(t, err)
	h, err := New(Config{Registry: reg, Clock: clock})
	require.NoError(t, err)
	do := func(method, target, inm string) (*httptest.ResponseRecorder, bool) {
		r := httptest.NewRequest(method, target, nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		return rec, h.revalidated(rec, r)
	}
	_, early := do("GET", "/api/v1/shops/shop-1", `"x"`)
	require.False(t, early, "no entry yet")

	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil))
	require.Equal(t, http.StatusOK, first.Code)
	etag := first.Header().Get("ETag")

	fast, early := do("GET", "/api/v1/shops/shop-1", etag)
	require.True(t, early)
	require.Equal(t, http.StatusNotModified, fast.Code)
	require.Empty(t, fast.Body.Bytes())
	// The route's own 304 (a query takes the usual way) carries the same headers.
	slow := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/api/v1/shops/shop-1?lang=de", nil)
	r.Header.Set("If-None-Match", etag)
	h.ServeHTTP(slow, r)
	require.Equal(t, http.StatusNotModified, slow.Code)
	full := httptest.NewRecorder()
	r = httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)
	r.Header.Set("If-None-Match", etag)
	h.ServeHTTP(full, r)
	require.Equal(t, slow.Header(), full.Header(), "ServeHTTP's early 304 has the route's headers")

	for _, tc := range []struct{ method, target, inm string }{
		{"GET", "/api/v1/shops/shop-1", `"other"`},
		{"GET", "/api/v1/shops/shop-1", ""},
		{"HEAD", "/api/v1/shops/shop-1", etag},
		{"GET", "/api/v1/shops/shop-1/private", etag},
		{"GET", "/api/v1/shops/shop-1/", etag},
		{"GET", "/api/v1/shops/", etag},
		{"GET", "/api/v1/shops/shop%2D1", etag},
		{"GET", "/api/v1/shops/shop-1?x=1", etag},
		{"GET", "/shops/shop-1", etag},
	} {
		_, early := do(tc.method, tc.target, tc.inm)
		require.False(t, early, "%s %s %s", tc.method, tc.target, tc.inm)
	}

	// A change through the registry makes the entry stale: the usual way
	// reads the new view.
	s, err := reg.Shop(ctx, "shop-1")
	require.NoError(t, err)
	_, err = reg.Update(ctx, "shop-1", s.Version, func(s *fairshops.Shop) error { s.Name = "T"; return nil })
	require.NoError(t, err)
	_, early = do("GET", "/api/v1/shops/shop-1", etag)
	require.False(t, early, "stale after a change")
	// And after the TTL.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil))
	clock.Advance(2 * time.Second)
	_, early = do("GET", "/api/v1/shops/shop-1", "*")
	require.False(t, early, "stale after the TTL")
}
