package http_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzCarrierAnswerEndpoint attacks the JSON decoder of POST
// /api/v1/carrier/{claim}/answer, the one write a party without an account
// (the carrier's claims desk, by its link token) can send: never a 5xx,
// always JSON, a refusal as problem+json.
func FuzzCarrierAnswerEndpoint(f *testing.F) {
	f.Add([]byte(`{"kind":"pay","amount":{"amount":"49.90","currency":"EUR"}}`))
	f.Add([]byte(`{"kind":"refuse","reason":"Schlecht verpackt."}`))
	f.Add([]byte(`{"kind":"documents","reason":"<b>Fotos</b>","amount":{"amount":"1e999","currency":"XXX"},"x":1}`))
	f.Add([]byte("{\"kind\":\"\xff\",\"reason\":[1]}"))
	w := newAPIWorld(f, apiWorldOptions{})
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/carrier/"+w.claimB+"/answer", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+w.carrierToken)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		requireJSONAnswer(t, rec)
	})
}
