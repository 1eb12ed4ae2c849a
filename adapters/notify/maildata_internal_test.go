package notify

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestEventDue(t *testing.T) {
	due := fairshops.MustDate("2026-03-10")
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	tests := []struct {
		name string
		typ  string
		data any
		want fairshops.Date
	}{
		{"complaint: the shop's answer deadline", complaint.EventForwarded,
			complaint.EventData{Complaint: "c_1", State: complaint.Forwarded, AnswerDue: due}, due},
		{"complaint: none running", complaint.EventAnswered, complaint.EventData{Complaint: "c_1", State: complaint.Answered}, fairshops.Date{}},
		{"complaint: a key of another domain is not read", complaint.EventReminder, raw(`{"complaint":"c_1","due":"2026-03-10","deadline":"2026-03-10"}`), fairshops.Date{}},
		{"mediation: the running deadline's day, not its kind", mediation.EventProposed,
			mediation.EventData{Case: "k_1", State: mediation.Proposed, Deadline: mediation.DeadlineAnswers, Due: due}, due},
		{"mediation: a kind without a day", mediation.EventExpired,
			mediation.EventData{Case: "k_1", State: mediation.Expired, Deadline: mediation.DeadlineAnswers}, fairshops.Date{}},
		{"mediation: an obligation's day", mediation.EventObligationReminder,
			mediation.EventData{Case: "k_1", State: mediation.Settled, Obligation: "o_1", Party: fairshops.RoleShop, Due: due}, due},
		{"mediation: answer_due is a complaint's key", mediation.EventReminder, raw(`{"case":"k_1","answer_due":"2026-03-10"}`), fairshops.Date{}},
		{"carrier claim: the reminder's day", carrierclaim.EventReminder,
			carrierclaim.EventData{Claim: "cc_1", Deadline: carrierclaim.Notice, Due: due.String()}, due},
		{"carrier claim: no day", carrierclaim.EventOpened, carrierclaim.EventData{Claim: "cc_1"}, fairshops.Date{}},
		{"carrier claim: not a day", carrierclaim.EventReminder, raw(`{"claim":"cc_1","due":"soon"}`), fairshops.Date{}},
		{"a payload that does not decode", complaint.EventForwarded, raw(`{"answer_due":"10.03.2026"}`), fairshops.Date{}},
		{"not an object", mediation.EventProposed, raw(`"2026-03-10"`), fairshops.Date{}},
		{"another domain", fairshops.EventShopRegistered, raw(`{"due":"2026-03-10","answer_due":"2026-03-10"}`), fairshops.Date{}},
		{"no payload", complaint.EventForwarded, nil, fairshops.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := fairshops.NewEvent(tt.typ, "c_1", "s_1", at, tt.data)
			require.NoError(t, err)
			require.Equal(t, tt.want, eventDue(ev))
		})
	}
}
