package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

// spec is openapi.yaml, loaded, validated and routed.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

func loadSpec(t *testing.T) spec {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.yaml")
	require.NoError(t, err)
	require.True(t, doc.IsOpenAPI31OrLater())
	require.NoError(t, doc.Validate(loader.Context))
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return spec{doc: doc, router: router}
}

// exchange is one request through the handler with its answer, checked
// against the spec: the request must (or, when badRequest, must not) match
// it, and the answer must match it with a documented status.
func (s spec) exchange(t *testing.T, w *apiWorld, who apiRole, method, path, body, contentType string,
	change func(*http.Request), req requestCheck) (opID string, status int) {
	t.Helper()
	newRequest := func() *http.Request {
		r := httptest.NewRequest(method, path, bytes.NewReader([]byte(body)))
		ct := contentType
		switch {
		case strings.HasPrefix(body, uploadMarker):
			var rd io.Reader
			rd, ct = uploadRequestBody(t, body)
			r = httptest.NewRequest(method, path, rd)
		case body == "":
			r = httptest.NewRequest(method, path, nil)
		}
		w.authorize(r, who)
		if change != nil {
			change(r)
		}
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return r
	}
	r := newRequest()
	route, params, err := s.router.FindRoute(r)
	require.NoError(t, err, "%s %s is in the spec", method, path)
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	err = openapi3filter.ValidateRequest(context.Background(), in)
	switch req {
	case specRefuses:
		require.Error(t, err, "the spec refuses the request too")
	case specAccepts:
		require.NoError(t, err, "the request matches the spec")
	}
	// Send the same request again (validation read its body; CSRF tokens
	// are spent once, so the credentials are fresh).
	r2 := newRequest()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r2)
	in.Request = r2
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(rec.Body.Bytes())
	require.NoError(t, openapi3filter.ValidateResponse(context.Background(), out),
		"the answer %d matches the spec: %s", rec.Code, rec.Body.String())
	return route.Operation.OperationID, rec.Code
}

// requestCheck says what the spec must say about a request.
type requestCheck int

const (
	specAccepts requestCheck = iota // a well-formed request
	specRefuses                     // malformed: the spec refuses it as the handler does
	specBlind                       // malformed in a way the validator's decoder does not see
)

// coverage records which statuses each operation answered.
type coverage struct {
	mu   sync.Mutex
	seen map[string][]int
}

func (c *coverage) add(op string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Contains(c.seen[op], status) {
		c.seen[op] = append(c.seen[op], status)
	}
}

// TestOpenAPI checks openapi.yaml against the handler: for every endpoint
// of the authorisation matrix it sends the successful request and every
// refused one (other roles, and every bad input), validates requests and
// answers against the spec, and finally requires that every operation of
// the spec was seen with a success and with an error.
func TestOpenAPI(t *testing.T) {
	s := loadSpec(t)
	cov := &coverage{seen: map[string][]int{}}
	extra := extraRows()
	t.Run("exchanges", func(t *testing.T) {
		for i, row := range append(authzRows(), extra...) {
			matrixRow := i < len(authzRows())
			t.Run(row.name, func(t *testing.T) {
				t.Parallel()
				for who := apiRole(0); who < apiNumRoles; who++ {
					want := row.want.of(who, row.method)
					if want <= 0 || who == asCarrier && row.want.carrier == 0 {
						// The carrier's token answers as another consumer's
						// there (TestAuthorisationMatrix checks it): no new shape.
						continue
					}
					w, path, body := setUp(t, row)
					check := specAccepts
					if row.badRequest {
						check = specRefuses
					}
					op, status := s.exchange(t, w, who, row.method, path, body, jsonIf(body), nil, check)
					require.Equal(t, want, status, "as %s", who)
					cov.add(op, status)
				}
				if !matrixRow {
					return
				}
				// One wrong request per status is enough here: TestBadInput
				// sends them all.
				probe, _, _ := setUp(t, row)
				statuses := map[int]bool{}
				for i, bc := range badCases(probe, row, "", "") {
					if statuses[bc.status] {
						continue
					}
					statuses[bc.status] = true
					t.Run(bc.name, func(t *testing.T) {
						w, path, body := setUp(t, row)
						bc := badCases(w, row, path, body)[i]
						check := specAccepts
						switch {
						case bc.name == "trailing data":
							// kin-openapi's body decoder stops after the first value.
							check = specBlind
						case bc.status == 400 || bc.status == 413 || bc.status == 415 || bc.status == 422:
							check = specRefuses
						}
						op, status := s.exchange(t, w, bc.who, row.method, bc.path, bc.body, bc.contentType, bc.change, check)
						require.Equal(t, bc.status, status)
						cov.add(op, status)
					})
				}
			})
		}
	})
	t.Run("coverage", func(t *testing.T) {
		// "exchanges" returned: its parallel subtests have all finished.
		var missing []string
		for path, item := range s.doc.Paths.Map() {
			for method, op := range item.Operations() {
				ok, bad := false, false
				for _, st := range cov.seen[op.OperationID] {
					ok = ok || st < 300
					bad = bad || st >= 400
				}
				if op.OperationID == "healthz" || op.OperationID == "getCaseFileKeys" {
					bad = true // liveness and the published keys read nothing of the request: no error to give
				}
				if !ok || !bad {
					missing = append(missing, fmt.Sprintf("%s %s (%s): seen %v", method, path, op.OperationID, cov.seen[op.OperationID]))
				}
			}
		}
		sort.Strings(missing)
		require.Empty(t, missing, "every operation is seen with a success and an error")
	})
}

// setUp builds a world for a row and expands its path and body.
func setUp(t *testing.T, row authzRow) (*apiWorld, string, string) {
	t.Helper()
	w := newAPIWorld(t, row.options())
	vars := map[string]string{"A": w.complaintA, "B": w.complaintB, "key": w.keyIDShop1, "slug": "lieferverzug", "claimB": w.claimB}
	if row.setup != nil {
		row.setup(w, vars)
	}
	expand := func(s string) string {
		for k, v := range vars {
			s = strings.ReplaceAll(s, "{"+k+"}", v)
		}
		return s
	}
	return w, expand(row.path), expand(row.body)
}

// extraRows are answers the matrix does not produce: conflicts, refusals
// with reasons, unknown objects, and the shapes of less common successes.
func extraRows() []authzRow {
	only := func(who apiRole, status int) expect {
		var e expect
		switch who {
		case asOperator:
			e.operator = status
		case asConsumer:
			e.consumer = status
		case asShopKey:
			e.shop = status
		case asAnonymous:
			e.anon = status
		}
		e.noCSRF = -1
		return e
	}
	return []authzRow{
		{name: "update article", method: "PUT", path: "/api/v1/portal/articles/lieferverzug",
			setup: func(w *apiWorld, v map[string]string) {
				a, err := w.portal.Article(w.ctx, "lieferverzug")
				require.NoError(w.t, err)
				v["stale"] = fmt.Sprint(a.Version + 1)
			},
			body: strings.Replace(articleBody(0), `"version":0`, `"version":{stale}`, 1), want: only(asOperator, 409)},
		{name: "stale booking", method: "POST", path: "/api/v1/shops/shop-1/bookings",
			body: `{"version":7,"module":"themenportal","from":"2025-01-01","purpose":"extra_trust"}`, want: only(asOperator, 409)},
		{name: "unknown shop's complaint", method: "POST", path: "/api/v1/shops/nope/complaints",
			body: "{" + apiDeliveryFacts + "," + apiContact + "}", want: only(asAnonymous, 404)},
		{name: "unknown article", method: "GET", path: "/api/v1/portal/articles/gibt-es-nicht", want: only(asAnonymous, 404)},
		{name: "wrong password", method: "POST", path: "/api/v1/session", body: `{"login":"olga","password":"nope nope nope"}`,
			want: only(asAnonymous, 401)},
		{name: "settle a case", method: "POST", path: "/api/v1/cases/{case}/proposals/{proposal}/accept", body: `{"option":"{option}"}`,
			setup: func(w *apiWorld, v map[string]string) {
				v["case"], v["proposal"], v["option"] = w.caseProposed()
				w.must(asShopKey, "POST", "/api/v1/cases/"+v["case"]+"/proposals/"+v["proposal"]+"/accept", `{"option":"`+v["option"]+`"}`, 200)
			}, want: only(asConsumer, 200)},
		{name: "decline with every reason", method: "POST", path: "/api/v1/complaints/{A}/mediation",
			setup: func(w *apiWorld, v map[string]string) {
				w.must(asConsumer, "POST", "/api/v1/complaints/"+v["A"]+"/withdraw", "", 200)
			},
			want: only(asConsumer, 409)},
		{name: "complaints by state", method: "GET", path: "/api/v1/complaints?state=forwarded&state=answered&limit=1",
			want: only(asOperator, 200)},
		{name: "unknown state", method: "GET", path: "/api/v1/cases?state=nope", want: only(asOperator, 422), badRequest: true},
		{name: "search with filters", method: "GET", path: "/api/v1/portal/articles?q=Paket&tag=delivery&topic=delivery&offset=1&limit=2&lang=en",
			want: only(asAnonymous, 200)},
		{name: "search limit too large", method: "GET", path: "/api/v1/portal/articles?limit=101", want: only(asAnonymous, 422),
			badRequest: true},
		{name: "assessment as of", method: "GET", path: "/api/v1/shops/shop-1/assessment?as_of=2026-01-15&lang=en",
			want: only(asShopKey, 200)},
		{name: "article with a dangling link", method: "PUT", path: "/api/v1/portal/articles/neu",
			body: strings.Replace(articleBody(0), `"tags":["withdrawal"]`, `"tags":["withdrawal"],"related":["gibt-es-nicht"]`, 1),
			want: only(asOperator, 422)},
		{name: "referenced article", method: "DELETE", path: "/api/v1/portal/articles/nachfrist-setzen?version=1",
			want: only(asOperator, 409)},
	}
}

// TestLoginRateLimit: logins go through the stricter per-client limit.
func TestLoginRateLimit(t *testing.T) {
	s := loadSpec(t)
	w := newAPIWorld(t, apiWorldOptions{writeLimit: kshttp.RateLimit{Rate: rate.Limit(0.001), Burst: 3}})
	// newAPIWorld logged in twice; the third login spends the burst.
	body := `{"login":"` + apiOperatorLogin + `","password":"` + apiPassword + `"}`
	_, status := s.exchange(t, w, asAnonymous, "POST", "/api/v1/session", body, "application/json", nil, specAccepts)
	require.Equal(t, 200, status)
	rec := w.call(asAnonymous, "POST", "/api/v1/session", body)
	require.Equal(t, 429, rec.Code)
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
	_, status = s.exchange(t, w, asAnonymous, "POST", "/api/v1/session", body, "application/json", nil, specAccepts)
	require.Equal(t, 429, status, "the answer matches the spec")
}
