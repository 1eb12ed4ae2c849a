package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// view304Env is a handler with one registered shop and its manual clock.
type view304Env struct {
	h   *Handler
	reg *fairshops.Registry
}

func newView304Env(t testing.TB, insecure bool) view304Env {
	t.Helper()
	return newView304EnvLimit(t, insecure, RateLimit{})
}

// newView304EnvLimit is newView304Env with the rate limit given (the
// default when zero).
func newView304EnvLimit(t testing.TB, insecure bool, limit RateLimit) view304Env {
	t.Helper()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(context.Background(), fairshops.Shop{ID: "shop-1", Name: "S", Domain: "s.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2099-12-31")}})
	require.NoError(t, err)
	h, err := New(Config{Registry: reg, Clock: clock, InsecureCookies: insecure, Limit: limit})
	require.NoError(t, err)
	return view304Env{h: h, reg: reg}
}

// get serves GET target with If-None-Match inm (none when empty).
func (e view304Env) get(target, inm string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	if inm != "" {
		r.Header.Set("If-None-Match", inm)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, r)
	return rec
}

// TestPublicView304Headers: a 304 of the public view, early (before
// routing) or from the route (a query takes that way), carries exactly
// ETag, Cache-Control and, over TLS, Strict-Transport-Security, no body;
// the headers RFC 9110 §15.4.5 asks of a 304 (Content-Location, Date is
// the server's, ETag, Vary, and the cache directives Cache-Control and
// Expires) have the 200's values.
func TestPublicView304Headers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		insecure bool
		want     []string
	}{
		{"tls", false, []string{"Cache-Control", "Etag", "Strict-Transport-Security"}},
		{"plain", true, []string{"Cache-Control", "Etag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newView304Env(t, tc.insecure)
			ok := e.get("/api/v1/shops/shop-1", "")
			require.Equal(t, http.StatusOK, ok.Code)
			require.Equal(t, "nosniff", ok.Header().Get("X-Content-Type-Options"), "the 200 keeps every security header")
			require.NotEmpty(t, ok.Header().Get("Content-Security-Policy"))
			etag := ok.Header().Get("ETag")
			require.NotEmpty(t, etag)
			for _, target := range []string{"/api/v1/shops/shop-1", "/api/v1/shops/shop-1?lang=en"} {
				nm := e.get(target, etag)
				require.Equal(t, http.StatusNotModified, nm.Code, target)
				require.Empty(t, nm.Body.Bytes(), target)
				keys := make([]string, 0, len(nm.Header()))
				for k := range nm.Header() {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				require.Equal(t, tc.want, keys, target)
				for _, k := range []string{"ETag", "Cache-Control", "Vary", "Content-Location", "Expires"} {
					require.Equal(t, ok.Header().Values(k), nm.Header().Values(k), "%s %s", target, k)
				}
				require.Equal(t, "public, no-cache", nm.Header().Get("Cache-Control"))
			}
		})
	}
}

// TestPublicView304WireHeaders: over a real connection the early 304 has no
// body and no Content-Type or Content-Length, and the server adds Date.
func TestPublicView304WireHeaders(t *testing.T) {
	t.Parallel()
	e := newView304Env(t, false)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/shops/shop-1")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	etag := resp.Header.Get("ETag")
	req, err := http.NewRequest("GET", srv.URL+"/api/v1/shops/shop-1", nil)
	require.NoError(t, err)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusNotModified, resp.StatusCode)
	require.Equal(t, etag, resp.Header.Get("ETag"))
	require.NotEmpty(t, resp.Header.Get("Date"))
	require.Empty(t, resp.Header.Get("Content-Type"))
	require.Empty(t, resp.Header.Get("Content-Length"))
	require.Empty(t, resp.Header.Get("Content-Security-Policy"))
}

// TestPublicViewChangeChangesETag: a booking, the seal, the name change the
// view and so its ETag; the old ETag then gets the full answer.
func TestPublicViewChangeChangesETag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(s *fairshops.Shop)
	}{
		{"booking", func(s *fairshops.Shop) {
			s.Bookings = append(s.Bookings, fairshops.Booking{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
				Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode})
		}},
		{"seal", func(s *fairshops.Shop) { s.Seal.Status = fairshops.Suspended }},
		{"name", func(s *fairshops.Shop) { s.Name = "S2" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newView304Env(t, false)
			before := e.get("/api/v1/shops/shop-1", "")
			require.Equal(t, http.StatusOK, before.Code)
			old := before.Header().Get("ETag")
			require.Equal(t, http.StatusNotModified, e.get("/api/v1/shops/shop-1", old).Code)

			ctx := context.Background()
			s, err := e.reg.Shop(ctx, "shop-1")
			require.NoError(t, err)
			_, err = e.reg.Update(ctx, "shop-1", s.Version, func(s *fairshops.Shop) error { tc.change(s); return nil })
			require.NoError(t, err)

			after := e.get("/api/v1/shops/shop-1", old)
			require.Equal(t, http.StatusOK, after.Code, "the old ETag gets the new view")
			require.NotEqual(t, old, after.Header().Get("ETag"))
			require.NotEqual(t, before.Body.String(), after.Body.String())
			require.Equal(t, http.StatusNotModified, e.get("/api/v1/shops/shop-1", after.Header().Get("ETag")).Code)
		})
	}
}

// TestPublicViewIfNoneMatchForms: If-None-Match as RFC 9110 §13.1.2 has it
// (weak comparison for GET, a list, "*"), the same early and by the route.
func TestPublicViewIfNoneMatchForms(t *testing.T) {
	t.Parallel()
	e := newView304Env(t, false)
	etag := e.get("/api/v1/shops/shop-1", "").Header().Get("ETag")
	for _, tc := range []struct {
		inm  string
		want int
	}{
		{etag, http.StatusNotModified},
		{"W/" + etag, http.StatusNotModified},
		{`"a", ` + etag, http.StatusNotModified},
		{`"a",` + etag + `,"b"`, http.StatusNotModified},
		{`W/"a", W/` + etag, http.StatusNotModified},
		{"*", http.StatusNotModified},
		{`"a", "b"`, http.StatusOK},
		{`W/"x"`, http.StatusOK},
		{etag[1 : len(etag)-1], http.StatusOK}, // unquoted: no entity tag
		{`"` + etag + `"`, http.StatusOK},
	} {
		for _, target := range []string{"/api/v1/shops/shop-1", "/api/v1/shops/shop-1?lang=de"} {
			rec := e.get(target, tc.inm)
			require.Equal(t, tc.want, rec.Code, "%s If-None-Match: %s", target, tc.inm)
			if tc.want == http.StatusOK {
				require.Equal(t, etag, rec.Header().Get("ETag"))
				require.NotEmpty(t, rec.Body.Bytes())
			}
		}
	}
}

// TestFastPathOnlyForPublicRoute: the early 304 is on only while the route
// table registers GET /api/v1/shops/{shop} for anyone; other routes under
// the path (private ones) and the ID page never take it.
func TestFastPathOnlyForPublicRoute(t *testing.T) {
	t.Parallel()
	e := newView304Env(t, false)
	require.True(t, e.h.fastView)
	require.True(t, fastViewAllowed(e.h.table))
	etag := e.get("/api/v1/shops/shop-1", "").Header().Get("ETag")

	// The route table with the view's route under another rule, or with
	// query parameters, or without it: the early answer is off.
	for _, a := range []access{ops, party, shopOrOperator, ownShopOrOperator} {
		table := slices.Clone(e.h.table)
		for i := range table {
			if table[i].String() == fastViewRoute {
				table[i].access = a
			}
		}
		require.False(t, fastViewAllowed(table), a.String())
	}
	table := slices.Clone(e.h.table)
	for i := range table {
		if table[i].String() == fastViewRoute {
			table[i].params = []string{"x"}
		}
	}
	require.False(t, fastViewAllowed(table))
	require.False(t, fastViewAllowed(slices.DeleteFunc(slices.Clone(e.h.table), func(rt route) bool { return rt.String() == fastViewRoute })))

	r := httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)
	r.Header.Set("If-None-Match", etag)
	require.True(t, e.h.revalidated(httptest.NewRecorder(), r))
	require.True(t, e.h.servedView(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)))
	e.h.fastView = false
	require.False(t, e.h.revalidated(httptest.NewRecorder(), r), "off: the usual way")
	require.False(t, e.h.servedView(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)))
	require.Equal(t, http.StatusNotModified, e.get("/api/v1/shops/shop-1", etag).Code, "the route answers")
	e.h.fastView = true

	// Private routes under the same path with the view's ETag: refused as
	// without it, with every security header.
	for _, target := range []string{"/api/v1/shops/shop-1/private", "/api/v1/shops/shop-1/assessment", "/api/v1/shops/shop-1/figures"} {
		with, without := e.get(target, etag), e.get(target, "")
		require.NotEqual(t, http.StatusNotModified, with.Code, target)
		require.Equal(t, without.Code, with.Code, target)
		require.Equal(t, "nosniff", with.Header().Get("X-Content-Type-Options"), target)
		require.Equal(t, "no-store", with.Header().Get("Cache-Control"), target)
	}
	// The ID page has its own (weak) ETag: the API's is no match.
	page := e.get("/shops/shop-1", etag)
	require.Equal(t, http.StatusOK, page.Code)
	require.NotEqual(t, etag, page.Header().Get("ETag"))
}

// TestRateLimitBefore304: a flood of revalidations is limited like any
// other request (429 with the security headers), before the cache answers.
func TestRateLimitBefore304(t *testing.T) {
	t.Parallel()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(context.Background(), fairshops.Shop{ID: "shop-1", Name: "S", Domain: "s.example", Seal: fairshops.Seal{Status: fairshops.Licensed}})
	require.NoError(t, err)
	h, err := New(Config{Registry: reg, Clock: clock, Limit: RateLimit{Rate: 1, Burst: 2}})
	require.NoError(t, err)
	e := view304Env{h: h, reg: reg}
	etag := e.get("/api/v1/shops/shop-1", "").Header().Get("ETag")
	require.Equal(t, http.StatusNotModified, e.get("/api/v1/shops/shop-1", etag).Code)
	limited := e.get("/api/v1/shops/shop-1", etag)
	require.Equal(t, http.StatusTooManyRequests, limited.Code)
	require.Equal(t, "nosniff", limited.Header().Get("X-Content-Type-Options"))
	require.Equal(t, "no-store", limited.Header().Get("Cache-Control"))
}

// TestServedViewLikeRoute: the 200 answered from the cache before routing
// (servedView) has the route's status, headers and body, every security
// header included.
func TestServedViewLikeRoute(t *testing.T) {
	t.Parallel()
	e := newView304Env(t, false)
	cold := e.get("/api/v1/shops/shop-1", "") // through the route: fills the cache
	r := httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)
	early := httptest.NewRecorder()
	require.True(t, e.h.servedView(early, r))
	routed := e.get("/api/v1/shops/shop-1?lang=de", "")
	for _, rec := range []*httptest.ResponseRecorder{early, routed} {
		require.Equal(t, http.StatusOK, rec.Code)
		require.Equal(t, cold.Header(), rec.Header())
		require.Equal(t, cold.Body.String(), rec.Body.String())
	}
	for _, kv := range securityHeaderValues {
		require.Equal(t, kv.value, early.Header()[kv.key], kv.key)
	}
	require.Equal(t, hstsValue, early.Header()["Strict-Transport-Security"])
}

// TestEarlyViewSetsPattern: the answers before routing leave the route's
// pattern on the request as routing does (the server's access log and
// metrics label requests by it).
func TestEarlyViewSetsPattern(t *testing.T) {
	t.Parallel()
	e := newView304Env(t, false)
	routed := httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, routed) // cold: through the route
	require.Equal(t, "GET /api/v1/shops/{shop}", routed.Pattern)
	for _, inm := range []string{"", rec.Header().Get("ETag")} {
		r := httptest.NewRequest("GET", "/api/v1/shops/shop-1", nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		e.h.ServeHTTP(httptest.NewRecorder(), r)
		require.Equal(t, routed.Pattern, r.Pattern, inm)
	}
}
