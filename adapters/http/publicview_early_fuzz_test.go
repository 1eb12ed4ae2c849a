package http

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// FuzzEarlyViewLikeRoute: whatever the path after /api/v1/shops/ and the
// If-None-Match, an answer given before routing is given only for the
// cached shop's plain path, and is the answer the route gives to the same
// request with a query (status, headers, body).
func FuzzEarlyViewLikeRoute(f *testing.F) {
	// No rate limit: the fuzzer sends far more than a client may.
	e := newView304EnvLimit(f, false, RateLimit{Rate: rate.Inf})
	etag := e.get("/api/v1/shops/shop-1", "").Header().Get("ETag")
	for _, seed := range [][2]string{
		{"shop-1", ""}, {"shop-1", etag}, {"shop-1", "W/" + etag}, {"shop-1", `"a", ` + etag}, {"shop-1", "*"},
		{"shop-1/private", etag}, {"shop-1/", etag}, {"./shop-1", etag}, {"..", "*"}, {"shop-2", "*"}, {"", etag},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, suffix, inm string) {
		mk := func(query string) *http.Request {
			r := httptest.NewRequest("GET", "/", nil)
			r.URL.Path = publicViewPrefix + suffix
			r.URL.RawQuery = query
			if inm != "" {
				r.Header.Set("If-None-Match", inm)
			}
			return r
		}
		early := httptest.NewRecorder()
		answered := e.h.revalidated(early, mk("")) || e.h.servedView(early, mk(""))
		if !answered {
			return
		}
		require.Equal(t, "shop-1", suffix)
		routed := httptest.NewRecorder()
		e.h.ServeHTTP(routed, mk("lang=de"))
		require.Equal(t, routed.Code, early.Code)
		require.Equal(t, routed.Header(), early.Header())
		require.Equal(t, routed.Body.String(), early.Body.String())
	})
}
