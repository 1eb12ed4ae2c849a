package mediation_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestModeratorClockEventRecipients: the moderator's question goes to the
// asked party with the day the deadline runs again without its answer, the
// pause to the other party; the answer to the moderator with the new
// deadline; the resume to both parties, but not when the proposal ended
// the pause (its own event tells).
func TestModeratorClockEventRecipients(t *testing.T) {
	type ev struct{ typ, to, due, resumeBy string }
	for _, tc := range []struct {
		name  string
		steps []string
		want  []ev
	}{
		{"asked and answered", []string{"ask", "answer"}, []ev{
			{mediation.EventQuestion, "shop", "2026-07-14", "2026-04-24"},
			{mediation.EventClockPaused, "consumer", "2026-07-14", "2026-04-24"},
			{mediation.EventClockResumed, "parties", "2026-07-06", ""},
			{mediation.EventQuestionAnswered, "operator", "2026-07-06", ""},
		}},
		{"the proposal ends the pause", []string{"ask", "send"}, []ev{
			{mediation.EventQuestion, "shop", "2026-07-14", "2026-04-24"},
			{mediation.EventClockPaused, "consumer", "2026-07-14", "2026-04-24"},
			{mediation.EventClockResumed, "", "2026-07-02", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fairshops.ConsumerMode)
			c := f.complete()
			mark := len(f.db.Events())
			f.at("2026-04-10")
			for _, s := range tc.steps {
				switch s {
				case "ask":
					f.must(f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleShop, "Wann kam die Ware zurück?"))
				case "answer":
					f.at("2026-04-15")
					f.must(f.svc.AnswerQuestion(f.ctx, f.shop, c.ID, "Am 2. März."))
				case "send":
					f.at("2026-04-12")
					f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
					f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
				}
			}
			var got []ev
			for _, e := range f.db.Events()[mark:] {
				switch e.Type {
				case mediation.EventQuestion, mediation.EventQuestionAnswered, mediation.EventClockPaused, mediation.EventClockResumed:
				default:
					continue
				}
				var d mediation.EventData
				require.NoError(t, json.Unmarshal(e.Data, &d))
				got = append(got, ev{e.Type, e.Recipient, d.Due.String(), d.ResumeBy.String()})
			}
			require.Equal(t, tc.want, got)
		})
	}
}

// TestModeratorClockLateTimer: the asked party's answer after the 14 days,
// before the timer ran, resumes the deadline on the 14th day all the same.
func TestModeratorClockLateTimer(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.complete()
	f.at("2026-04-10")
	f.must(f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleShop, "Wann kam die Ware zurück?"))
	f.at("2026-04-30")
	f.must(f.svc.AnswerQuestion(f.ctx, f.shop, c.ID, "Am 2. März."))
	got := f.get(c.ID)
	require.Equal(t, 14, got.Clock.PausedDays)
	require.Equal(t, "2026-07-14", got.Deadline.Due.String(), "as the timer would have resumed it on 24.04.")
}
