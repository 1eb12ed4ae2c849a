package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"golang.org/x/time/rate"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(context.Background(), fairshops.Shop{
		ID: "demo-shop", Name: "Demo-Shop", Domain: "demo.example", Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
			Purpose: fairshops.NeededForStandard, MediationMode: fairshops.ConsumerMode}},
	})
	require.NoError(t, err)
	db := memory.New()
	complaints, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	require.NoError(t, err)
	pt, err := portal.NewService(context.Background(), portal.Config{Store: memory.New().Articles(), SeedIfEmpty: true})
	require.NoError(t, err)
	h, err := kshttp.New(kshttp.Config{Registry: reg, Complaints: complaints, Portal: pt, MaxBody: 4096,
		Limit: kshttp.RateLimit{Rate: rate.Inf}, WriteLimit: kshttp.RateLimit{Rate: rate.Inf}, Clock: clock})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestEndpoints(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		header      map[string]string
		status      int
		wantType    string
		contains    []string
		absent      []string
	}{
		{name: "healthz", method: "GET", path: "/healthz", status: 200, contains: []string{`"ok"`}},
		{name: "catalogue", method: "GET", path: "/api/v1/catalogue", status: 200,
			contains: []string{`"bonus_threshold":50`, `"module_points":"highest"`, `"bonus.beschwerdeservice"`}},
		{name: "assessment de", method: "POST", path: "/api/v1/assessments", contentType: "application/json",
			body:   `{"as_of":"2026-11-25","fulfilled":["must.hotline_hours"],"bookings":[{"module":"beschwerdeservice","from":"2026-01-01","purpose":"extra_trust"}]}`,
			status: 200, contains: []string{`"bonus_points":40`, `"shortfall":10`, `"ways_to_close":[["bonus.streitmoderation"]`, `"why":"am Stichtag gebucht; die 40 Punkte zählen"`}},
		{name: "assessment en by header", method: "POST", path: "/api/v1/assessments", contentType: "application/json",
			header: map[string]string{"Accept-Language": "en-GB,en;q=0.8"}, body: `{"as_of":"2026-11-25"}`,
			status: 200, contains: []string{`"lang":"en"`, `"summary":"Not met`}},
		{name: "assessment en by param", method: "POST", path: "/api/v1/assessments?lang=en", contentType: "application/json; charset=utf-8",
			body: `{}`, status: 200, contains: []string{`"as_of":"2026-11-25"`, `"lang":"en"`}},
		{name: "assessment with every error", method: "POST", path: "/api/v1/assessments?lang=en", contentType: "application/json",
			body:   `{"fulfilled":["x"],"bookings":[{"module":"themenportal","from":"2026-02-01","until":"2026-01-01"}],"extra":1}`,
			status: 422, wantType: "application/problem+json",
			contains: []string{`"field":"extra"`, `"field":"fulfilled[0]"`, `"field":"bookings[0].until"`, `"reason":"must not be before from"`}},
		{name: "assessment malformed JSON", method: "POST", path: "/api/v1/assessments", contentType: "application/json",
			body: `{"fulfilled":`, status: 422, wantType: "application/problem+json", contains: []string{`"code":"syntax"`}},
		{name: "assessment wrong content type", method: "POST", path: "/api/v1/assessments", contentType: "text/plain",
			body: `{}`, status: 415, wantType: "application/problem+json", contains: []string{`"field":"Content-Type"`}},
		{name: "assessment body too large", method: "POST", path: "/api/v1/assessments", contentType: "application/json",
			body: `{"name":"` + strings.Repeat("x", 5000) + `"}`, status: 413, wantType: "application/problem+json"},
		{name: "assessment bad lang", method: "POST", path: "/api/v1/assessments?lang=xx-!!", contentType: "application/json",
			body: `{}`, status: 400, wantType: "application/problem+json", contains: []string{`"field":"lang"`}},
		{name: "assessment wrong method", method: "GET", path: "/api/v1/assessments", status: 405, wantType: "application/problem+json"},
		{name: "public shop view", method: "GET", path: "/api/v1/shops/demo-shop", status: 200,
			contains: []string{`"mediation_mode":"consumer"`, `"accepts_complaints":true`},
			absent:   []string{"purpose", "needed_for_standard", "points"}},
		{name: "unknown shop", method: "GET", path: "/api/v1/shops/nope", status: 404, wantType: "application/problem+json",
			contains: []string{`"title":"Nicht gefunden"`}},
		{name: "precheck", method: "POST", path: "/api/v1/precheck?lang=en", contentType: "application/json",
			body:   `{"category":"withdrawal","order_date":"2026-10-01","delivery_date":"2026-10-05","order_value":{"amount":"49.90","currency":"EUR"},"withdrawal_declared_on":"2026-10-19","contacted_shop_on":"2026-10-20","as_of":"2026-11-25"}`,
			status: 200, contains: []string{`"rule":"withdrawal.in_period"`, `"articles":[{"slug":`, `"clarity":`}},
		{name: "precheck, revision 2: the consumer's state unknown, the end on a holiday in some states", method: "POST", path: "/api/v1/precheck?lang=en", contentType: "application/json",
			body:   `{"category":"withdrawal","order_date":"2025-10-14","delivery_date":"2025-10-17","order_value":{"amount":"89","currency":"EUR"},"withdrawal_declared_on":"2025-11-03","contacted_shop_on":"2025-11-03","as_of":"2025-11-05"}`,
			status: 200, contains: []string{`"rules_revision":2`, `"rule":"withdrawal.expired","favours":"doubtful"`, `"clarity":"doubtful"`}},
		{name: "precheck, revision 2: in Lower Saxony Reformation Day moves the end", method: "POST", path: "/api/v1/precheck?lang=en", contentType: "application/json",
			body:   `{"category":"withdrawal","order_date":"2025-10-14","delivery_date":"2025-10-17","order_value":{"amount":"89","currency":"EUR"},"withdrawal_declared_on":"2025-11-03","contacted_shop_on":"2025-11-03","consumer_state":"NI","as_of":"2025-11-05"}`,
			status: 200, contains: []string{`"rule":"withdrawal.in_period","favours":"consumer"`}},
		{name: "precheck, revision 2: an unknown state", method: "POST", path: "/api/v1/precheck", contentType: "application/json",
			body:   `{"category":"other","order_date":"2025-10-14","order_value":{"amount":"89","currency":"EUR"},"consumer_state":"XX","shop_state":7}`,
			status: 422, wantType: "application/problem+json", contains: []string{`"field":"consumer_state"`, `"field":"shop_state"`}},
		{name: "precheck invalid", method: "POST", path: "/api/v1/precheck", contentType: "application/json",
			body:   `{"category":"nope","order_value":{"amount":"-1","currency":"XXX"}}`,
			status: 422, wantType: "application/problem+json", contains: []string{`"field":"category"`, `"field":"order_value.amount"`}},
		{name: "file complaint", method: "POST", path: "/api/v1/shops/demo-shop/complaints", contentType: "application/json",
			body:   `{"category":"delivery","order_date":"2026-10-01","order_value":{"amount":"20","currency":"EUR"},"description":"Paket kam nie an.","contact":{"name":"Erika Muster","email":"erika@example.org"}}`,
			status: 201, contains: []string{`"token":"`, `"link":"/c/c_`, `"state":"forwarded"`}},
		{name: "file complaint, every error", method: "POST", path: "/api/v1/shops/demo-shop/complaints", contentType: "application/json",
			body: `{"category":"delivery","contact":{"email":"nope"}}`, status: 422, wantType: "application/problem+json",
			contains: []string{`"field":"contact.name"`, `"field":"contact.email"`, `"field":"order_date"`}},
		{name: "file complaint, unknown shop", method: "POST", path: "/api/v1/shops/nope/complaints", contentType: "application/json",
			body:   `{"category":"other","order_date":"2026-10-01","order_value":{"amount":"20","currency":"EUR"},"contact":{"name":"E","email":"e@example.org"}}`,
			status: 404, wantType: "application/problem+json"},
		{name: "complaint without credentials", method: "GET", path: "/api/v1/complaints/c_x", status: 404, wantType: "application/problem+json"},
		{name: "complaint with a wrong token", method: "GET", path: "/api/v1/complaints/c_x", header: map[string]string{"Authorization": "Bearer nope"},
			status: 404, wantType: "application/problem+json"},
		{name: "complaint with a malformed header", method: "GET", path: "/api/v1/complaints/c_x", header: map[string]string{"Authorization": "Basic x"},
			status: 401, wantType: "application/problem+json"},
		{name: "unknown endpoint", method: "GET", path: "/api/v1/nothing", status: 404, wantType: "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var body json.RawMessage
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			require.Equal(t, tt.status, resp.StatusCode, string(body))
			if tt.wantType != "" {
				require.Equal(t, tt.wantType, resp.Header.Get("Content-Type"))
			}
			require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			for _, c := range tt.contains {
				require.Contains(t, string(body), c)
			}
			for _, a := range tt.absent {
				require.NotContains(t, string(body), a)
			}
		})
	}
}

func TestComplaintRoundTrip(t *testing.T) {
	srv := newServer(t)
	body := `{"category":"delivery","order_date":"2026-10-01","order_value":{"amount":"20","currency":"EUR"},` +
		`"description":"<b>kam nie</b> an","contact":{"name":"Erika Muster","email":"erika@example.org"}}`
	resp, err := srv.Client().Post(srv.URL+"/api/v1/shops/demo-shop/complaints", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	var problem struct {
		Errors []struct{ Field, Code string }
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&problem))
	resp.Body.Close()
	require.Equal(t, 422, resp.StatusCode, "HTML in the free text is refused")
	require.Equal(t, "description", problem.Errors[0].Field)

	body = strings.Replace(body, "<b>kam nie</b> an", "kam nie an", 1)
	resp, err = srv.Client().Post(srv.URL+"/api/v1/shops/demo-shop/complaints", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	var created struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&created))
	resp.Body.Close()
	require.Equal(t, 201, resp.StatusCode)
	require.Equal(t, "/api/v1/complaints/"+created.ID, resp.Header.Get("Location"))

	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/complaints/"+created.ID+"?lang=en", nil)
	req.Header.Set("Authorization", "Bearer "+created.Token)
	resp, err = srv.Client().Do(req)
	require.NoError(t, err)
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode, string(raw))
	require.Contains(t, string(raw), `"lang":"en"`)
	require.NotContains(t, string(raw), created.Token, "the token is shown once, at filing")
	require.NotContains(t, string(raw), "token_hash")

	req, _ = http.NewRequest("GET", srv.URL+"/api/v1/complaints/"+created.ID, nil)
	req.Header.Set("Authorization", "Bearer "+created.Token+"x")
	resp, err = srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 404, resp.StatusCode, "another token sees nothing")
}
