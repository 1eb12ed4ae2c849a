package http_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/mediation"
)

// TestMediationWaitsForTheShopAPI: a consumer who asks for dispute
// moderation while the shop may still answer gets 409 not_allowed with the
// reason shop_may_answer, whose text names the last day; after the shop's
// answer, or once that day has passed, the same request opens a case.
func TestMediationWaitsForTheShopAPI(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(w *apiWorld)
		want    int
	}{
		{"too early", func(*apiWorld) {}, 409},
		{"the shop answered", func(w *apiWorld) { w.shopAnswers(w.complaintA) }, 201},
		{"the answer period passed", func(w *apiWorld) { w.clock.Advance(20 * 24 * time.Hour) }, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newAPIWorld(t, apiWorldOptions{})
			tt.prepare(w)
			rec := w.call(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/mediation?lang=en", "")
			require.Equal(t, tt.want, rec.Code, rec.Body.String())
			if tt.want != 409 {
				return
			}
			var p struct {
				Type   string
				Errors []struct{ Field, Code, Reason string }
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			require.Equal(t, "https://konfliktservice.example/problems/not_allowed", p.Type)
			require.Len(t, p.Errors, 1)
			require.Equal(t, string(mediation.ReasonShopMayAnswer), p.Errors[0].Code)
			c, err := w.complaints.Get(w.ctx, w.consumerPrincipal(), w.complaintA)
			require.NoError(t, err)
			require.Contains(t, p.Errors[0].Reason, "until "+mediation.FormatDate(c.AnswerDue, "en"))
		})
	}
}
