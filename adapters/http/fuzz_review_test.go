package http_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzReviewEndpoints attacks the JSON decoders of the human review of the
// pre-check: the consumer's POST /api/v1/complaints/{id}/review {"reason"}
// (outside text from anyone holding a private link) and the operator's
// answer {"outcome", "text"}: never a 5xx, always JSON, a refusal as
// problem+json.
func FuzzReviewEndpoints(f *testing.F) {
	f.Add([]byte(`{"reason":"Bitte prüfen Sie die Frist."}`))
	f.Add([]byte(`{"outcome":"corrected","text":"Die Frist endet später."}`))
	f.Add([]byte(`{"reason":"<b>x</b>","outcome":"maybe","text":[1],"x":1}`))
	f.Add([]byte("{\"reason\":\"\xff\x00\"}"))
	w := newAPIWorld(f, apiWorldOptions{adrDirective: true})
	csrf := w.csrfToken(w.operatorSession)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, operator := range []bool{false, true} {
			path := "/api/v1/complaints/" + w.complaintA + "/review"
			if operator {
				path += "/answer"
			}
			r := httptest.NewRequest("POST", path, strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "application/json")
			if operator {
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
