package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestMediationFlowThroughTheAPI runs a dispute from filing to settlement
// through the API alone, each party with its own credentials.
func TestMediationFlowThroughTheAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	filed := w.must(asAnonymous, "POST", "/api/v1/shops/shop-1/complaints?lang=en",
		`{`+apiDeliveryFacts+`,`+apiContact+`,"lang":"en"}`, 201)
	id, tok := filed["id"].(string), filed["token"].(string)
	w.tokenA, w.complaintA = tok, id // the consumer role now holds this complaint's token

	got := w.must(asShopKey, "POST", "/api/v1/complaints/"+id+"/messages", `{"body":"Wir haben es am 2.10. verschickt."}`, 201)
	require.Equal(t, "answered", got["state"], "the shop's first message is its answer")

	cs := w.must(asConsumer, "POST", "/api/v1/complaints/"+id+"/mediation",
		`{"claim":{"kind":"refund","amount":{"amount":"20.00","currency":"EUR"}}}`, 201)
	caseID := cs["id"].(string)
	require.Equal(t, "requested", cs["state"])
	require.NotContains(t, cs, "token_hash")
	w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/accept", "", 200)
	require.Equal(t, "escalated", w.must(asConsumer, "GET", "/api/v1/complaints/"+id, "", 200)["state"])

	w.must(asConsumer, "POST", "/api/v1/cases/"+caseID+"/statements", `{"text":"Es kam nie etwas an."}`, 201)
	w.must(asShopCookie, "POST", "/api/v1/cases/"+caseID+"/statements",
		`{"text":"Laut DHL zugestellt.","want":{"kind":"voucher","amount":{"amount":"5","currency":"EUR"}}}`, 201)
	drafted := w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/draft", "", 200)
	options, err := json.Marshal(drafted["draft"].(map[string]any)["options"])
	require.NoError(t, err)

	// The operator's edit round-trips the draft's own options.
	edited := w.must(asOperator, "PUT", "/api/v1/cases/"+caseID+"/draft", `{"options":`+string(options)+`}`, 200)
	again, err := json.Marshal(edited["draft"].(map[string]any)["options"])
	require.NoError(t, err)
	require.JSONEq(t, string(options), string(again))
	require.Equal(t, true, edited["draft"].(map[string]any)["edited"])

	sent := w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/send", "", 200)
	require.Equal(t, "proposed", sent["state"])
	proposal := sent["proposals"].([]any)[0].(map[string]any)
	pid := proposal["id"].(string)
	option := proposal["draft"].(map[string]any)["options"].([]any)[0].(map[string]any)["id"].(string)
	accept := `{"option":"` + option + `"}`
	w.must(asShopKey, "POST", "/api/v1/cases/"+caseID+"/proposals/"+pid+"/accept", accept, 200)
	w.must(asShopKey, "POST", "/api/v1/cases/"+caseID+"/proposals/"+pid+"/accept", accept, 409)
	settled := w.must(asConsumer, "POST", "/api/v1/cases/"+caseID+"/proposals/"+pid+"/accept?lang=en", accept, 200)
	require.Equal(t, "settled", settled["state"])
	require.NotNil(t, settled["settlement"])
	require.NotEmpty(t, settled["notice"])
	w.must(asAnonymous, "GET", "/api/v1/cases/"+caseID, "", 404)
	w.must(asOtherShopKey, "GET", "/api/v1/cases/"+caseID, "", 404)
}

// TestRefusalListsEveryReason: a request that may not be made answers 409
// with each reason, in the caller's language.
func TestRefusalListsEveryReason(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/withdraw", "", 200)
	rec := w.call(asShopKey, "POST", "/api/v1/complaints/"+w.complaintA+"/mediation?lang=en", "")
	require.Equal(t, 409, rec.Code)
	var p struct {
		Errors []struct{ Field, Code, Reason string }
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	var codes []string
	for _, e := range p.Errors {
		require.Equal(t, "complaint", e.Field)
		require.NotEmpty(t, e.Reason)
		codes = append(codes, e.Code)
	}
	require.Empty(t, cmp.Diff([]string{"wrong_requester", "complaint_closed"}, codes))
}

// TestEveryFieldAtOnce: a body with several problems reports all of them.
func TestEveryFieldAtOnce(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		who                      apiRole
		fields                   []string
	}{
		{name: "register shop", method: "POST", path: "/api/v1/shops", who: asOperator,
			body:   `{"id":"Bad ID","domain":7,"seal":{"status":"shiny"},"bookings":[{"module":"x","from":"2026-13-01"}],"extra":1,"state":"XX"}`,
			fields: []string{"extra", "domain", "name", "seal.status", "bookings[0].from", "bookings[0].purpose", "bookings[0].module", "state"}},
		{name: "article", method: "PUT", path: "/api/v1/portal/articles/neu", who: asOperator,
			body:   `{"topic":"nope","tags":[1],"version":-1,"reviewed":"gestern","translations":{"fr":{},"de":{"title":""}}}`,
			fields: []string{"tags[0]", "version", "reviewed", "translations.fr", "topic", "translations.de.title", "translations.de.summary"}},
		{name: "statement", method: "POST", path: "/api/v1/cases/{case}/statements", who: asConsumer,
			body: `{"want":{"kind":"gold","amount":{"amount":"-1","currency":"EUR"},"x":1},"y":true}`, fields: []string{"y", "text", "want.x", "want.amount.amount"}},
		{name: "draft options", method: "PUT", path: "/api/v1/cases/{case}/draft", who: asOperator,
			body:   `{"options":[{"id":"o1","kind":"refund","amount":{"amount":"9","currency":"EUR"},"percent":"x","duties":[{"party":"shop","due":"2026-12-01","z":0}],"rationale":{"key":"k","args":[1]}},7]}`,
			fields: []string{"options[0].percent", "options[0].duties[0].z", "options[0].duties[0].action", "options[0].rationale.args[0]", "options[1]"}},
		{name: "login", method: "POST", path: "/api/v1/session", who: asAnonymous, body: `{"login":1,"pass":"x"}`,
			fields: []string{"pass", "login", "password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newAPIWorld(t, apiWorldOptions{ownPortal: true})
			path := strings.ReplaceAll(tt.path, "{case}", w.caseOpen())
			before := w.snapshot()
			rec := w.call(tt.who, tt.method, path, tt.body)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			var p struct {
				Errors []struct{ Field string }
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
			}
			for _, f := range tt.fields {
				require.True(t, slices.Contains(got, f), "want %q in %v", f, got)
			}
			require.Equal(t, before, w.snapshot())
		})
	}
}

// TestSessionCookies: a login sets a secure, HttpOnly, SameSite=Strict
// session cookie; a CSRF token is good once; logout ends the session.
func TestSessionCookies(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	rec := w.serve(httptest.NewRequest("POST", "/api/v1/session",
		strings.NewReader(`{"login":"`+apiShopLogin+`","password":"`+apiPassword+`"}`)), "application/json")
	require.Equal(t, 200, rec.Code)
	var sess struct {
		Login, Role, Shop string
		CSRF              string `json:"csrf_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sess))
	require.Equal(t, "shop", sess.Role)
	require.Equal(t, "shop-1", sess.Shop)
	cookies := map[string]*http.Cookie{}
	for _, c := range rec.Result().Cookies() {
		cookies[c.Name] = c
		require.True(t, c.HttpOnly, c.Name)
		require.True(t, c.Secure, c.Name)
		require.Equal(t, http.SameSiteStrictMode, c.SameSite, c.Name)
	}
	require.Contains(t, cookies, "__Host-ks_session")
	require.Greater(t, cookies["__Host-ks_session"].MaxAge, 0)
	s := apiSession{token: cookies["__Host-ks_session"].Value, csrfCookie: cookies["__Host-ks_csrf"].Value}

	post := func(token string) int {
		r := httptest.NewRequest("POST", "/api/v1/keys", strings.NewReader(`{"label":"Kasse"}`))
		s.addCookies(r)
		r.Header.Set("X-CSRF-Token", token)
		return w.serve(r, "application/json").Code
	}
	require.Equal(t, 201, post(sess.CSRF), "the login's token is good for one call")
	require.Equal(t, 403, post(sess.CSRF), "and only one")
	require.Equal(t, 201, post(w.csrfToken(s)))

	r := httptest.NewRequest("DELETE", "/api/v1/session", nil)
	s.addCookies(r)
	r.Header.Set("X-CSRF-Token", w.csrfToken(s))
	rec = w.serve(r, "")
	require.Equal(t, 204, rec.Code)
	require.Equal(t, -1, rec.Result().Cookies()[0].MaxAge, "the cookie is deleted")
	r = httptest.NewRequest("GET", "/api/v1/session", nil)
	s.addCookies(r)
	require.Equal(t, 401, w.serve(r, "").Code, "the session is over")
}

// TestAPIKeys: a key is shown once, works at once, and stops working when
// revoked.
func TestAPIKeys(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	k := w.must(asShopKey, "POST", "/api/v1/keys", `{"label":"Kasse"}`, 201)
	key := k["key"].(string)
	require.True(t, strings.HasPrefix(key, "ksk_"))
	list := w.must(asShopKey, "GET", "/api/v1/keys", "", 200)
	raw, _ := json.Marshal(list)
	require.NotContains(t, string(raw), key, "a key is shown only when issued")
	require.Len(t, list["items"], 2)

	use := func() int {
		r := httptest.NewRequest("GET", "/api/v1/complaints", nil)
		r.Header.Set("Authorization", "Bearer "+key)
		return w.serve(r, "").Code
	}
	require.Equal(t, 200, use())
	w.must(asOtherShopKey, "DELETE", "/api/v1/keys/"+k["id"].(string), "", 404)
	require.Equal(t, 200, use(), "another shop cannot revoke it")
	w.must(asShopKey, "DELETE", "/api/v1/keys/"+k["id"].(string), "", 204)
	require.Equal(t, 401, use())
}

// TestListsPage: lists come in pages with a cursor to the next one.
func TestListsPage(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	for range 3 {
		w.file(apiShop1, apiDeliveryFacts)
	}
	var seen []string
	after := ""
	for {
		pg := w.must(asShopKey, "GET", "/api/v1/complaints?limit=2&after="+after, "", 200)
		for _, it := range pg["items"].([]any) {
			item := it.(map[string]any)
			require.Equal(t, "shop-1", item["shop"], "a shop lists its own complaints only")
			seen = append(seen, item["id"].(string))
		}
		next, ok := pg["next"].(string)
		if !ok {
			break
		}
		after = next
	}
	require.Len(t, seen, 4)
	require.Len(t, slices.Compact(slices.Sorted(slices.Values(seen))), 4, "no complaint twice")
	require.Len(t, w.must(asOperator, "GET", "/api/v1/shops?limit=1", "", 200)["items"], 1)
	w.must(asOperator, "GET", "/api/v1/complaints?after=c_unknown", "", 422)
}

// TestPrivacy: the public shop view carries no purpose, points or
// assessment; the private view and the assessment do, for the shop itself.
func TestPrivacy(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	for _, who := range []apiRole{asAnonymous, asConsumer, asOtherShopKey, asShopKey, asOperator} {
		rec := w.call(who, "GET", "/api/v1/shops/shop-1", "")
		require.Equal(t, 200, rec.Code)
		for _, secret := range []string{"purpose", "needed_for_standard", "bonus_points", "fulfilled", "criteria"} {
			require.NotContains(t, rec.Body.String(), secret)
		}
	}
	require.Contains(t, w.call(asShopKey, "GET", "/api/v1/shops/shop-1/private", "").Body.String(), `"purpose":"needed_for_standard"`)
	require.Contains(t, w.call(asShopKey, "GET", "/api/v1/shops/shop-1/assessment", "").Body.String(), `"bonus_points":50`)
	rec := w.call(asOtherShopKey, "GET", "/api/v1/shops/shop-1/assessment", "")
	require.Equal(t, 403, rec.Code)
	require.NotContains(t, rec.Body.String(), "bonus")
}
