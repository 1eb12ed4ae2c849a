package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// send is call with full control: the content type and extra changes of
// the request (headers, cookies) after the role's credentials are added.
func (w *apiWorld) send(who apiRole, method, path, body, contentType string, change func(*http.Request)) *httptest.ResponseRecorder {
	w.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	if strings.HasPrefix(body, uploadMarker) {
		rd, contentType = uploadRequestBody(w.t, body)
	}
	r := httptest.NewRequest(method, path, rd)
	w.authorize(r, who)
	if change != nil {
		change(r)
	}
	return w.serve(r, contentType)
}

// successRole is a role for which the row succeeds.
func successRole(row authzRow) apiRole {
	for _, who := range []apiRole{asOperator, asShopKey, asConsumer, asAnonymous, asShopCookie, asCarrier} {
		if s := row.want.of(who, row.method); s < 300 {
			return who
		}
	}
	panic("no role succeeds on " + row.name)
}

// public reports whether the row answers everyone alike (it reads no
// credentials).
func public(row authzRow) bool {
	e := row.want
	return e.anon == e.consumer && e.anon == e.shop && e.anon == e.operator && e.anon == e.otherShop && e.anon < 300
}

// badCase is one wrong request derived from an endpoint's good one.
type badCase struct {
	name        string
	who         apiRole
	path, body  string
	contentType string
	change      func(*http.Request)
	status      int
	field       string // a field the problem must name; "-" for none
	code        string
}

// withUnknownField adds "zzz" to a JSON object body.
func withUnknownField(body string) string {
	if body == "" {
		return `{"zzz":1}`
	}
	return `{"zzz":1,` + strings.TrimPrefix(body, "{")
}

func withQuery(path, q string) string {
	if strings.Contains(path, "?") {
		return path + "&" + q
	}
	return path + "?" + q
}

// badCases derives the wrong requests of a row: an invalid language tag for
// every endpoint; for endpoints with a body the wrong content type,
// malformed JSON, JSON that is no object, a body over the limit and an
// unknown field; for endpoints that read credentials a wrong API key, a
// malformed Authorization header, a stale session, another complaint's
// token and none at all; for unsafe calls by cookie a replayed and a
// foreign CSRF token.
func badCases(w *apiWorld, row authzRow, path, body string) []badCase {
	who := successRole(row)
	var out []badCase
	if row.path != "/healthz" && !strings.HasPrefix(row.path, "/.well-known/") {
		out = append(out, badCase{name: "invalid language tag", who: who, path: withQuery(path, "lang=xx-!!"), body: body,
			contentType: jsonIf(body), status: 400, field: "lang", code: "unknown_value"})
	}
	if strings.HasPrefix(row.body, uploadMarker) {
		out = append(out, uploadBadCases(who, path, body)...)
	} else if row.method == "POST" || row.method == "PUT" {
		valid := body
		if valid == "" {
			valid = "{}"
		}
		out = append(out,
			badCase{name: "wrong content type", who: who, path: path, body: valid, contentType: "text/plain",
				status: 415, field: "Content-Type"},
			badCase{name: "form content type", who: who, path: path, body: "a=b", contentType: "application/x-www-form-urlencoded",
				status: 415, field: "Content-Type"},
			badCase{name: "malformed JSON", who: who, path: path, body: `{"body": "x",`, contentType: "application/json",
				status: 422, code: "syntax"},
			badCase{name: "trailing data", who: who, path: path, body: valid + ` {}`, contentType: "application/json",
				status: 422, code: "syntax"},
			badCase{name: "not an object", who: who, path: path, body: `["x"]`, contentType: "application/json",
				status: 422, code: "wrong_type"},
			badCase{name: "body too large", who: who, path: path,
				body: `{"x":"` + strings.Repeat("a", apiMaxBody) + `"}`, contentType: "application/json", status: 413},
			badCase{name: "unknown field", who: who, path: path, body: withUnknownField(body), contentType: "application/json",
				status: 422, field: "zzz", code: "unknown_field"},
		)
	}
	if public(row) {
		return out
	}
	anon := row.want.of(asAnonymous, row.method)
	out = append(out,
		badCase{name: "no credentials", who: asAnonymous, path: path, body: body, contentType: jsonIf(body), status: anon},
		badCase{name: "wrong API key", who: asAnonymous, path: path, body: body, contentType: jsonIf(body), status: 401,
			change: func(r *http.Request) { r.Header.Set("Authorization", "Bearer ksk_"+strings.Repeat("x", 52)) }},
		badCase{name: "malformed Authorization header", who: asAnonymous, path: path, body: body, contentType: jsonIf(body),
			status: 401, change: func(r *http.Request) { r.Header.Set("Authorization", "Basic b2xnYTpwYXNzd29yZA==") }},
		badCase{name: "stale session cookie", who: asAnonymous, path: path, body: body, contentType: jsonIf(body), status: 401,
			change: func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "__Host-ks_session", Value: "stale"}) }},
		badCase{name: "another complaint's token", who: asOtherConsumer, path: path, body: body, contentType: jsonIf(body),
			status: row.want.otherConsumer},
	)
	if row.method == "GET" {
		return out
	}
	cookieRole := asOperator
	if row.want.operator >= 300 {
		cookieRole = asShopCookie
	}
	sess := w.operatorSession
	if cookieRole == asShopCookie {
		sess = w.shopSession
	}
	out = append(out,
		badCase{name: "replayed CSRF token", who: asAnonymous, path: path, body: body, contentType: jsonIf(body), status: 403,
			change: func(r *http.Request) {
				tok := w.csrfToken(sess)
				spend := httptest.NewRequest("POST", "/api/v1/complaints/c_none/resolve", nil)
				sess.addCookies(spend)
				spend.Header.Set("X-CSRF-Token", tok)
				require.Equal(w.t, 404, w.serve(spend, "").Code, "the first use of a token passes the check")
				sess.addCookies(r)
				r.Header.Set("X-CSRF-Token", tok)
			}},
		badCase{name: "CSRF token of another browser", who: asAnonymous, path: path, body: body, contentType: jsonIf(body),
			status: 403, change: func(r *http.Request) {
				other := w.shopSession
				if cookieRole == asShopCookie {
					other = w.operatorSession
				}
				r.Header.Set("X-CSRF-Token", w.csrfToken(other))
				sess.addCookies(r)
			}},
	)
	return out
}

func jsonIf(body string) string {
	if body == "" {
		return ""
	}
	if strings.HasPrefix(body, uploadMarker) {
		return "multipart/form-data" // the boundary is set where the body is built
	}
	return "application/json"
}

// TestBadInput sends every wrong request of every endpoint: each gets its
// 4xx as problem+json, names the field where one is at fault, and stores
// nothing.
func TestBadInput(t *testing.T) {
	for _, row := range authzRows() {
		probe := newAPIWorld(t, row.options())
		vars := map[string]string{"A": probe.complaintA, "B": probe.complaintB, "key": probe.keyIDShop1, "slug": "lieferverzug"}
		if row.setup != nil {
			row.setup(probe, vars)
		}
		for i, bc := range badCases(probe, row, "", "") {
			t.Run(row.name+"/"+bc.name, func(t *testing.T) {
				t.Parallel()
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
				bc := badCases(w, row, expand(row.path), expand(row.body))[i]
				before := w.snapshot()
				rec := w.send(bc.who, row.method, bc.path, bc.body, bc.contentType, bc.change)
				require.Equal(t, bc.status, rec.Code, rec.Body.String())
				if bc.status < 400 {
					return // a public endpoint ignores credentials
				}
				require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
				var p struct {
					Status int `json:"status"`
					Errors []struct {
						Field, Code, Reason string
					} `json:"errors"`
				}
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
				require.Equal(t, bc.status, p.Status)
				if bc.field != "" || bc.code != "" {
					require.NotEmpty(t, p.Errors)
					found := false
					for _, e := range p.Errors {
						require.NotEmpty(t, e.Reason, "every field error says why")
						if (bc.field == "" || e.Field == bc.field) && (bc.code == "" || e.Code == bc.code) {
							found = true
						}
					}
					require.True(t, found, "want field %q code %q in %s", bc.field, bc.code, rec.Body.String())
				}
				require.Equal(t, before, w.snapshot(), "nothing is stored")
			})
		}
	}
}
