package http_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fuzzEndpoint sends body to an endpoint of one handler: whatever the
// input, the answer is never a 5xx, always JSON, and a refusal is
// problem+json.
func fuzzEndpoint(f *testing.F, path string) {
	w := newAPIWorld(f, apiWorldOptions{})
	f.Fuzz(func(t *testing.T, body []byte, lang string) {
		target := path
		if lang != "" {
			target += "?lang=" + url.QueryEscape(lang)
		}
		r := httptest.NewRequest("POST", target, strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		requireJSONAnswer(t, rec)
	})
}

// requireJSONAnswer fails t unless rec is what the JSON API answers any
// input with: never a 5xx, always JSON, a refusal as problem+json.
func requireJSONAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	require.Less(t, rec.Code, 500, rec.Body.String())
	require.True(t, json.Valid(rec.Body.Bytes()), rec.Body.String())
	if rec.Code >= 400 {
		require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	}
}

// FuzzPrecheckEndpoint attacks the JSON decoder of POST /api/v1/precheck.
func FuzzPrecheckEndpoint(f *testing.F) {
	f.Add([]byte(`{`+apiDeliveryFacts+`}`), "en")
	f.Add([]byte(`{"category":"withdrawal","order_date":"2026-10-01","delivery_date":"2026-10-05","order_value":{"amount":49.9,"currency":"EUR"},"withdrawal_declared_on":"2026-10-19","as_of":"2026-11-25"}`), "")
	f.Add([]byte(`{"category":"nope","order_value":{"amount":"-1","currency":"XXX"},"extra":[1,{"a":null}]}`), "de")
	f.Add([]byte(`{"order_value":{"amount":"1e999999","currency":"EUR"}}`), "xx-!!")
	fuzzEndpoint(f, "/api/v1/precheck")
}

// FuzzIntakeEndpoint attacks the JSON decoder of POST
// /api/v1/shops/{shop}/complaints.
func FuzzIntakeEndpoint(f *testing.F) {
	f.Add([]byte(`{`+apiDeliveryFacts+`,`+apiContact+`}`), "")
	f.Add([]byte(`{`+apiDispleasureFacts+`,`+apiContact+`,"lang":"en","order_ref":"A-1"}`), "en")
	f.Add([]byte(`{"category":"delivery","contact":{"email":"nope","phone":12},"description":"<script>x</script>"}`), "de")
	f.Add([]byte("{\"description\":\"\xff\xfe\",\"contact\":[]}"), "")
	fuzzEndpoint(f, "/api/v1/shops/shop-1/complaints")
}
