package http_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The route table's tests walk the routes the handler registered, so a
// route that nobody lists here is checked all the same: its access rule
// must be at least as strict as its area demands (checkRoutes), its guard
// must refuse whoever the rule keeps out, and an unsafe route must refuse
// a call without a CSRF token (probeRoute). Each check returns what it
// found wrong, so that the tests of the tests below can run it on routes
// that are deliberately unguarded.

// who is a set of callers.
type who uint8

const (
	anonymous   who = 1 << iota
	aConsumer       // the consumer of a complaint, with its token
	aShop           // a shop, logged in
	theOperator     // the operator, logged in
	everyone    = anonymous | aConsumer | aShop | theOperator
)

func (w who) String() string {
	var names []string
	for i, n := range []string{"anonymous", "consumer", "shop", "operator"} {
		if w&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, "|")
}

// admits is who each access rule lets through ("own shop or operator":
// of the shops, only the one named in the path).
var admits = map[string]who{
	"ops": everyone, "anyone": everyone, "consumer": aConsumer, "party": aConsumer | aShop | theOperator,
	"shop or operator": aShop | theOperator, "own shop or operator": aShop | theOperator,
	"shop": aShop, "operator": theOperator, "session": aShop | theOperator,
}

// areaRule is the most that the routes of an area may admit. A rule is
// "METHOD /path" for one route, or "/path/..." for a path and everything
// under it with any method; "unsafe" as the method stands for every method
// but GET.
type areaRule struct {
	route string
	most  who
}

// accessPolicy is what the checker expects, first match wins: the public
// writes by design, then each caller's area, then writes need a
// credential, and what is left are public reads.
var accessPolicy = []areaRule{
	{"POST /api/v1/shops/{shop}/complaints", everyone}, // filing a complaint
	{"POST /api/v1/session", everyone},                 // logging in
	{"POST /api/v1/precheck", everyone},                // stateless
	{"POST /api/v1/assessments", everyone},             // stateless
	{"POST /shops/{shop}/complaint", everyone},         // filing a complaint
	{"POST /login", everyone},
	{"POST /logout", everyone},
	{"GET /c/{id}/filed", everyone},          // the filing's flash cookie holds the token
	{"POST /api/v1/access/resend", everyone}, // "send me my link again": the same answer for everyone
	{"POST /access/resend", everyone},
	{"POST /access/open", everyone},            // the overview's mailed token is the credential
	{"POST /carrier/{claim}/answer", everyone}, // the carrier link's cookie is the credential (web_carrier.go)
	{"POST /carrier/{claim}/files", everyone},  // the same cookie: the carrier uploads its documents (web_carrier_docs.go)
	// The links of invitation and reset mails: the token in the body or
	// path is the credential; asking for a reset link is open by design.
	{"POST /api/v1/invitations/accept", everyone},
	{"POST /api/v1/password-resets", everyone},
	{"POST /api/v1/password-resets/confirm", everyone},
	{"POST /invite/{token}", everyone},
	{"POST /reset", everyone},
	{"POST /reset/{token}", everyone},
	{"/api/v1/invitations/...", theOperator},
	{"/api/v1/accounts/...", theOperator},
	{"/account/...", aShop | theOperator},
	{"/api/v1/account", aShop | theOperator},
	{"/api/v1/session/password", aShop | theOperator},
	{"/api/v1/sessions", aShop | theOperator},
	{"/operator/...", theOperator},
	{"/shop/...", aShop},
	{"/c/...", aConsumer},
	{"/api/v1/keys/...", aShop},
	{"/api/v1/complaints/...", aConsumer | aShop | theOperator},
	{"/api/v1/cases/...", aConsumer | aShop | theOperator},
	{"GET /api/v1/shops", theOperator},
	{"/api/v1/shops/{shop}/private", aShop | theOperator},
	{"/api/v1/shops/{shop}/assessment", aShop | theOperator},
	{"/api/v1/shops/{shop}/orders/...", aShop | theOperator},        // a shop reports its own order counts
	{"/api/v1/shops/{shop}/notifications/...", aShop | theOperator}, // the shop's own settings (api_shop_notify.go)
	{"unsafe /api/v1/shops/...", theOperator},
	{"unsafe /api/v1/portal/...", theOperator},
	{"unsafe /...", aConsumer | aShop | theOperator},
	{"/...", everyone},
}

// matches reports whether the rule covers the route.
func (a areaRule) matches(rt kshttp.RouteInfo) bool {
	method, path, ok := strings.Cut(a.route, " ")
	if !ok {
		method, path = "", a.route
	}
	switch {
	case method == "unsafe" && (rt.Method == http.MethodGet || rt.Method == http.MethodHead):
		return false
	case method != "" && method != "unsafe" && method != rt.Method:
		return false
	}
	if under, ok := strings.CutSuffix(path, "/..."); ok {
		return rt.Pattern == under || strings.HasPrefix(rt.Pattern, under+"/")
	}
	return rt.Pattern == path
}

// checkRoutes reports every route without an access rule and every route
// whose rule admits someone its area does not.
func checkRoutes(routes []kshttp.RouteInfo) []string {
	var problems []string
	for _, rt := range routes {
		name := rt.Method + " " + rt.Pattern
		got, ok := admits[rt.Access]
		if !ok {
			problems = append(problems, name+": no access rule ("+rt.Access+")")
			continue
		}
		for _, a := range accessPolicy {
			if a.matches(rt) {
				if extra := got &^ a.most; extra != 0 {
					problems = append(problems, fmt.Sprintf("%s: access %q admits %s, more than its area allows (%s)",
						name, rt.Access, extra, a.most))
				}
				break
			}
		}
	}
	return problems
}

// answer is what a probe request got.
type answer struct {
	status      int
	location    string
	contentType string
}

// caller sends a request as one of the callers (never two at once); csrf
// says whether an unsafe request carries a valid CSRF token where the
// caller's credential is a cookie.
type callFunc func(as who, method, path string, csrf bool) answer

// fillPath makes a path of a route's pattern: {id} is the probing
// complaint, {shop} a shop other than the probing shop's, the rest made up.
func fillPath(pattern, complaintID string) string {
	var b strings.Builder
	for rest := pattern; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest, '}')
		switch rest[i+1 : j] {
		case "$":
		case "id":
			b.WriteString(complaintID)
		case "shop":
			b.WriteString("other-shop")
		default:
			b.WriteString("x")
		}
		rest = rest[j+1:]
	}
	return b.String()
}

// probeRoute sends the route a request from every caller its rule keeps
// out and checks the refusal its guard must answer; it returns what was
// wrong.
func probeRoute(rt kshttp.RouteInfo, complaintID string, call callFunc) []string {
	var problems []string
	name := rt.Method + " " + rt.Pattern
	path := fillPath(rt.Pattern, complaintID)
	refused := everyone &^ admits[rt.Access]
	if rt.Access == "own shop or operator" {
		refused |= aShop // the path names another shop
	}
	for _, as := range []who{anonymous, aConsumer, aShop, theOperator} {
		if refused&as == 0 {
			continue
		}
		status, location := refusal(rt, as, path)
		got := call(as, rt.Method, path, true)
		switch {
		case got.status != status:
			problems = append(problems, fmt.Sprintf("%s as %s: status %d, want %d", name, as, got.status, status))
		case location != "" && got.location != location:
			problems = append(problems, fmt.Sprintf("%s as %s: sent to %q, want %q", name, as, got.location, location))
		case rt.API && got.contentType != "application/problem+json":
			problems = append(problems, fmt.Sprintf("%s as %s: %s, want a problem", name, as, got.contentType))
		}
	}
	return problems
}

// probeCSRF sends an unsafe route a request without a CSRF token from a
// caller whose credential is a cookie, and reports whether it was not
// refused (403). A web form is checked before anything else, so the
// caller is anonymous; an API call with a cookie is the operator's.
func probeCSRF(rt kshttp.RouteInfo, complaintID string, call callFunc) []string {
	unsafe := rt.Method != http.MethodGet && rt.Method != http.MethodHead
	if !unsafe || rt.Access == "ops" || rt.API && rt.Access == "anyone" {
		// The API's public calls read no cookie, so there is nothing a
		// forged request could borrow.
		return nil
	}
	as := anonymous
	if rt.API {
		as = theOperator
	}
	got := call(as, rt.Method, fillPath(rt.Pattern, complaintID), false)
	if got.status != http.StatusForbidden {
		return []string{fmt.Sprintf("%s %s as %s without a CSRF token: status %d, want 403", rt.Method, rt.Pattern,
			as, got.status)}
	}
	return nil
}

// refusal is the answer a guard gives a caller its rule keeps out, and
// for a redirect where to.
func refusal(rt kshttp.RouteInfo, as who, path string) (int, string) {
	if rt.API {
		switch {
		case as == anonymous && rt.Access == "party":
			return http.StatusNotFound, ""
		case as == anonymous || rt.Access == "session":
			return http.StatusUnauthorized, ""
		}
		return http.StatusForbidden, ""
	}
	if rt.Access == "consumer" || as&(aShop|theOperator) != 0 {
		// Nobody can tell a complaint or an area of another role exists.
		return http.StatusNotFound, ""
	}
	if rt.Method == http.MethodGet {
		return http.StatusSeeOther, "/login?next=" + url.QueryEscape(path)
	}
	return http.StatusSeeOther, "/login"
}

func TestRouteTable(t *testing.T) {
	e := newWebEnv(t)
	routes := kshttp.RoutesOf(e.h)
	require.NotEmpty(t, routes)
	require.Empty(t, checkRoutes(routes))
}

// TestRouteTableCheck is the test of checkRoutes: a route without an
// access rule, and routes whose rule is weaker than their area demands,
// are reported; the routes as registered are not.
func TestRouteTableCheck(t *testing.T) {
	bad := []kshttp.RouteInfo{
		{Method: "GET", Pattern: "/operator/secrets", Access: "no rule"},
		{Method: "POST", Pattern: "/operator/shops/{shop}/seal", Access: "shop or operator"},
		{Method: "GET", Pattern: "/shop/keys", Access: "anyone"},
		{Method: "DELETE", Pattern: "/api/v1/keys/{id}", Access: "party", API: true},
		{Method: "POST", Pattern: "/api/v1/new-thing", Access: "anyone", API: true},
	}
	problems := checkRoutes(bad)
	require.Len(t, problems, len(bad), strings.Join(problems, "\n"))
	for i, p := range problems {
		require.True(t, strings.HasPrefix(p, bad[i].Method+" "+bad[i].Pattern+": "), p)
	}
	require.Empty(t, checkRoutes([]kshttp.RouteInfo{
		{Method: "GET", Pattern: "/operator/secrets", Access: "operator"},
		{Method: "POST", Pattern: "/api/v1/new-thing", Access: "shop", API: true},
	}))
}

// TestRouteGuards sends every registered route a request from each caller
// its access rule keeps out and checks the refusals.
func TestRouteGuards(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	call := e.caller(t, id, tok)
	var problems []string
	for _, rt := range kshttp.RoutesOf(e.h) {
		problems = append(problems, probeRoute(rt, id, call)...)
	}
	require.Empty(t, problems, strings.Join(problems, "\n"))
}

// TestRouteCSRF sends every registered unsafe route (every form of the web
// UI, every API call that reads a cookie) a request without a CSRF token
// and checks that it is refused.
func TestRouteCSRF(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	call := e.caller(t, id, tok)
	var problems []string
	forms := 0
	for _, rt := range kshttp.RoutesOf(e.h) {
		if !rt.API && rt.Method == http.MethodPost {
			forms++
		}
		problems = append(problems, probeCSRF(rt, id, call)...)
	}
	require.Empty(t, problems, strings.Join(problems, "\n"))
	require.GreaterOrEqual(t, forms, 35, "the forms of the web UI were probed")
}

// TestRouteGuardsProbe is the test of probeRoute and probeCSRF: routes
// that answer everyone (a handler without its guard) are reported for
// every caller their rule keeps out, and for a missing CSRF check.
func TestRouteGuardsProbe(t *testing.T) {
	open := func(who, string, string, bool) answer {
		return answer{status: http.StatusOK, contentType: "text/html; charset=utf-8"}
	}
	tests := []struct {
		route kshttp.RouteInfo
		want  []string
	}{
		{kshttp.RouteInfo{Method: "GET", Pattern: "/operator/leak", Access: "operator"}, []string{
			"GET /operator/leak as anonymous: status 200, want 303",
			"GET /operator/leak as consumer: status 200, want 303",
			"GET /operator/leak as shop: status 200, want 404"}},
		{kshttp.RouteInfo{Method: "POST", Pattern: "/c/{id}/leak", Access: "consumer"}, []string{
			"POST /c/{id}/leak as anonymous: status 200, want 404",
			"POST /c/{id}/leak as shop: status 200, want 404",
			"POST /c/{id}/leak as operator: status 200, want 404",
			"POST /c/{id}/leak as anonymous without a CSRF token: status 200, want 403"}},
		{kshttp.RouteInfo{Method: "DELETE", Pattern: "/api/v1/keys/{id}", Access: "shop", API: true}, []string{
			"DELETE /api/v1/keys/{id} as anonymous: status 200, want 401",
			"DELETE /api/v1/keys/{id} as consumer: status 200, want 403",
			"DELETE /api/v1/keys/{id} as operator: status 200, want 403",
			"DELETE /api/v1/keys/{id} as operator without a CSRF token: status 200, want 403"}},
		{kshttp.RouteInfo{Method: "GET", Pattern: "/portal", Access: "anyone"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.route.Method+" "+tt.route.Pattern, func(t *testing.T) {
			require.Equal(t, tt.want, append(probeRoute(tt.route, "c_1", open), probeCSRF(tt.route, "c_1", open)...))
		})
	}
	// A guard that refuses with the right status but a wrong kind of
	// answer is reported too.
	plain := func(who, string, string, bool) answer {
		return answer{status: http.StatusUnauthorized, contentType: "text/plain"}
	}
	require.Contains(t, probeRoute(kshttp.RouteInfo{Method: "GET", Pattern: "/api/v1/cases", Access: "session", API: true},
		"c_1", plain), "GET /api/v1/cases as anonymous: text/plain, want a problem")
}

// caller returns the probes' way to call e: a browser for each caller
// (the consumer of complaint id with its cookie, or its token on the API;
// demo-shop and the operator logged in), with the CSRF token of a page or
// of GET /api/v1/session.
func (e *webEnv) caller(t *testing.T, id string, tok fairshops.Token) callFunc {
	anon := e.browser(t, "de")
	consumer := e.consumer(t, "de", id, tok)
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	op := e.operator(t, "de")
	return func(as who, method, path string, csrf bool) answer {
		t.Helper()
		b := map[who]*browser{anonymous: anon, aConsumer: consumer, aShop: shop, theOperator: op}[as]
		api := strings.HasPrefix(path, "/api/")
		var body io.Reader
		header := http.Header{}
		if api && as == aConsumer {
			header.Set("Authorization", "Bearer "+tok.Reveal())
		}
		unsafe := method != http.MethodGet && method != http.MethodHead
		switch {
		case unsafe && !api:
			form := url.Values{}
			if csrf {
				page := "/login" // a form for anyone not logged in
				if as == aShop || as == theOperator {
					page = "/" // the logout form
				}
				form.Set("csrf", b.get(page).csrf(t))
			}
			body = strings.NewReader(form.Encode())
			header.Set("Content-Type", "application/x-www-form-urlencoded")
		case unsafe && csrf && (as == aShop || as == theOperator):
			header.Set("X-CSRF-Token", b.apiCSRF())
		}
		req, err := http.NewRequest(method, e.srv.URL+path, body)
		require.NoError(t, err)
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := b.c.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return answer{status: resp.StatusCode, location: resp.Header.Get("Location"),
			contentType: resp.Header.Get("Content-Type")}
	}
}

// apiCSRF asks GET /api/v1/session for a CSRF token of the browser's
// session.
func (b *browser) apiCSRF() string {
	b.t.Helper()
	resp, err := b.c.Get(b.env.srv.URL + "/api/v1/session")
	require.NoError(b.t, err)
	defer resp.Body.Close()
	require.Equal(b.t, http.StatusOK, resp.StatusCode)
	var v struct {
		CSRF string `json:"csrf_token"`
	}
	require.NoError(b.t, json.NewDecoder(resp.Body).Decode(&v))
	require.NotEmpty(b.t, v.CSRF)
	return v.CSRF
}
