package http_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzObligationEndpoints attacks the calls on a disputed obligation of a
// settlement: the consumer's report "not received" and confirmation (no
// input expected; a body is outside text) and the operator's outcome
// {"outcome"}: never a 5xx, always JSON, a refusal as problem+json.
func FuzzObligationEndpoints(f *testing.F) {
	f.Add([]byte(`{"outcome":"not_received"}`))
	f.Add([]byte(`{"outcome":"received"}`))
	f.Add([]byte(`{"outcome":"maybe","x":[1]}`))
	f.Add([]byte(`{"outcome":null}`))
	f.Add([]byte(""))
	f.Add([]byte("{\"outcome\":\"\xff\x00\"}"))
	w := newAPIWorld(f, apiWorldOptions{})
	id, oid := w.caseDisputed()
	csrf := w.csrfToken(w.operatorSession)
	base := "/api/v1/cases/" + id + "/obligations/" + oid
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, call := range []struct {
			path     string
			operator bool
		}{{base + "/resolve", true}, {base + "/not-received", false}, {base + "/confirm", false}} {
			r := httptest.NewRequest("POST", call.path, strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "application/json")
			if call.operator {
				r.Header.Set("X-CSRF-Token", csrf)
				w.operatorSession.addCookies(r)
			} else {
				r.Header.Set("Authorization", "Bearer "+w.tokenA)
			}
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, r)
			requireJSONAnswer(t, rec)
		}
	})
}
