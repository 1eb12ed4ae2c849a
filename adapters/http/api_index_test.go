package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

// TestAPIIndex: GET /api/v1 names the API and its version (the
// description's), links to the description, and lists exactly the API
// routes the handler registered, with their query parameters.
func TestAPIIndex(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	rec := w.call(asAnonymous, "GET", "/api/v1?lang=en", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var idx struct {
		Name, Version string
		Description   struct{ Href, Type string }
		Links         []struct {
			Method, Href, Access string
			Query                []string
		}
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &idx))
	require.Equal(t, "Konfliktservice API", idx.Name)
	require.Equal(t, loadSpec(t).doc.Info.Version, idx.Version)
	require.Equal(t, "/api/v1/openapi.yaml", idx.Description.Href)
	require.Equal(t, "application/yaml", idx.Description.Type)
	var want, got []string
	for _, rt := range kshttp.RoutesOf(w.h) {
		if rt.API {
			want = append(want, rt.Method+" "+rt.Pattern+" "+rt.Access+" "+strings.Join(rt.Query, ","))
		}
	}
	for _, l := range idx.Links {
		got = append(got, l.Method+" "+l.Href+" "+l.Access+" "+strings.Join(l.Query, ","))
	}
	require.Equal(t, want, got)
	require.Contains(t, got, "GET /api/v1/complaints shop or operator state,shop,after,limit,reference")
}

// TestAPIIndexPrefix: under Config.Prefix the index's links and the
// Location of a filed complaint carry the prefix; a bad prefix is refused.
func TestAPIIndexPrefix(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	h, err := kshttp.New(kshttp.Config{Registry: w.reg, Complaints: w.complaints, Prefix: "/konflikt"})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1", nil))
	require.Equal(t, 200, rec.Code)
	require.Contains(t, rec.Body.String(), `"href":"/konflikt/api/v1/openapi.yaml"`)
	require.Contains(t, rec.Body.String(), `"href":"/konflikt/api/v1/shops/{shop}/complaints"`)
	require.NotContains(t, rec.Body.String(), `"href":"/api/`)

	rec = httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/shops/shop-1/complaints", strings.NewReader("{"+apiDeliveryFacts+","+apiContact+"}"))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	require.Equal(t, 201, rec.Code, rec.Body.String())
	require.True(t, strings.HasPrefix(rec.Header().Get("Location"), "/konflikt/api/v1/complaints/"), rec.Header().Get("Location"))

	for _, bad := range []string{"konflikt", "/konflikt/", "/a b"} {
		_, err := kshttp.New(kshttp.Config{Registry: w.reg, Prefix: bad})
		require.ErrorContains(t, err, "Prefix", bad)
	}
}

// TestAPIDescriptionServed: the description is served as written, as YAML.
func TestAPIDescriptionServed(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	rec := w.call(asAnonymous, "GET", "/api/v1/openapi.yaml", "")
	require.Equal(t, 200, rec.Code)
	require.Equal(t, "application/yaml", rec.Header().Get("Content-Type"))
	file, err := os.ReadFile("openapi.yaml")
	require.NoError(t, err)
	require.Equal(t, string(file), rec.Body.String())
}

// TestRoutesMatchDescription walks the route table against openapi.yaml:
// every API route (and the health probe) is a documented operation and
// every operation a registered route; each operation takes lang and
// exactly the query parameters its route declares.
func TestRoutesMatchDescription(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t).doc
	w := newAPIWorld(t, apiWorldOptions{})
	documented := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = op
		}
	}
	routed := map[string]bool{}
	var problems []string
	for _, rt := range kshttp.RoutesOf(w.h) {
		if !rt.API && rt.Pattern != "/healthz" && !strings.HasPrefix(rt.Pattern, "/.well-known/") {
			continue
		}
		name := rt.Method + " " + rt.Pattern
		routed[name] = true
		op, ok := documented[name]
		if !ok {
			problems = append(problems, name+": not in openapi.yaml")
			continue
		}
		var query []string
		for _, p := range op.Parameters {
			if p.Value.In == "query" {
				query = append(query, p.Value.Name)
			}
		}
		want := slices.Clone(rt.Query)
		if rt.API {
			want = append(want, "lang")
		}
		sort.Strings(query)
		sort.Strings(want)
		if !slices.Equal(query, want) {
			problems = append(problems, name+": documents query "+strings.Join(query, ",")+", the route reads "+strings.Join(want, ","))
		}
	}
	for name := range documented {
		if !routed[name] {
			problems = append(problems, name+": documented, but no route")
		}
	}
	sort.Strings(problems)
	require.Empty(t, problems)
}

// TestUnknownQueryParameters walks every API route with query parameters
// it does not read: a 400 problem names each of them as a field, before
// any credential is looked at; lang and the declared ones pass the guard.
func TestUnknownQueryParameters(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	n := 0
	for _, rt := range kshttp.RoutesOf(w.h) {
		if !rt.API {
			continue
		}
		n++
		path := placeholder.ReplaceAllString(rt.Pattern, "x")
		rec := w.call(asAnonymous, rt.Method, path+"?lang=en&zzz=1&limt=2", "")
		require.Equal(t, http.StatusBadRequest, rec.Code, "%s: %s", rt.Method+" "+rt.Pattern, rec.Body.String())
		require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
		var p struct {
			Errors []struct{ Field, Code, Reason string }
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
		require.Equal(t, []struct{ Field, Code, Reason string }{
			{"limt", "unknown_field", "unknown field"}, {"zzz", "unknown_field", "unknown field"}}, p.Errors, rt.Pattern)

		// Declared parameters and lang pass the guard (whatever the
		// handler then says about their values or the caller).
		q := "?lang=en"
		for _, k := range rt.Query {
			q += "&" + k + "=1"
		}
		rec = w.call(asAnonymous, rt.Method, path+q, "")
		if rec.Code == http.StatusBadRequest {
			require.NotContains(t, rec.Body.String(), "unknown_field", rt.Pattern)
		}
	}
	require.Greater(t, n, 40, "the walk saw the API")
}

// TestUnknownEnumValueNamesAllowed: an unknown enum value in the API's
// input names the allowed values.
func TestUnknownEnumValueNamesAllowed(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	for _, c := range []struct{ path, body, want string }{
		{"/api/v1/shops/shop-1/bookings?lang=en", `{"version":1,"module":"themenportal","from":"2026-01-01","purpose":"fun"}`,
			`unknown value \"fun\", must be one of extra_trust, needed_for_standard`},
		{"/api/v1/cases?state=nope&lang=en", "", `unknown value \"nope\", must be one of `},
		{"/api/v1/complaints?state=nope&lang=de", "", `unbekannter Wert \"nope\", erlaubt sind `},
		{"/api/v1?lang=xx", "", `unbekannter Wert \"xx\", erlaubt sind de, en`},
	} {
		method := "GET"
		if c.body != "" {
			method = "POST"
		}
		rec := w.call(asOperator, method, c.path, c.body)
		require.Contains(t, []int{400, 422}, rec.Code, c.path)
		require.Contains(t, rec.Body.String(), c.want, c.path)
	}
}
