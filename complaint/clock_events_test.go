package complaint_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestPausedClockRecipients: the consumer hears of a pausing question once
// (clock_paused; the message's event is mailed to nobody), a question that
// pauses nothing as a message; the shop hears that its clock runs again
// after the consumer's reply, and not when its own answer ended the pause.
func TestPausedClockRecipients(t *testing.T) {
	type ev struct{ typ, to string }
	for _, tc := range []struct {
		name  string
		steps []string
		want  []ev
	}{
		{"question and reply", []string{"ask", "consumer"}, []ev{
			{complaint.EventMessageAdded, ""}, {complaint.EventClockPaused, "consumer"},
			{complaint.EventMessageAdded, "shop"}, {complaint.EventClockResumed, "shop"}}},
		{"the shop answers while paused", []string{"ask", "shop"}, []ev{
			{complaint.EventMessageAdded, ""}, {complaint.EventClockPaused, "consumer"},
			{complaint.EventMessageAdded, "consumer"}, {complaint.EventClockResumed, ""}, {complaint.EventAnswered, "consumer"}}},
		{"a question while paused is a message", []string{"ask", "ask"}, []ev{
			{complaint.EventMessageAdded, ""}, {complaint.EventClockPaused, "consumer"},
			{complaint.EventMessageAdded, "consumer"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, "2026-03-03 10:00")
			c, tok := e.submit(t, "fair-shop", intake())
			mark := e.mark()
			e.clock.Set(berlin("2026-03-05 10:00"))
			for _, s := range tc.steps {
				var err error
				switch s {
				case "ask":
					_, err = e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), c.ID, "Welche Farbe?")
				case "consumer":
					_, err = e.svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Blau.")
				case "shop":
					_, err = e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Wir liefern neu.")
				}
				require.NoError(t, err, s)
			}
			var got []ev
			for _, x := range e.db.Events()[mark:] {
				got = append(got, ev{x.Type, x.Recipient})
			}
			require.Equal(t, tc.want, got)
		})
	}
}
