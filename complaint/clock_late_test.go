package complaint_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestPausedClockLateTimer: a reply or an answer after ResumeBy, before
// the timer (ProcessDue) ran, resumes the clock on ResumeBy all the same:
// the deadline and the days paused (which the service figures leave out of
// the answer time) never depend on when the timer runs.
func TestPausedClockLateTimer(t *testing.T) {
	for _, tc := range []struct {
		name, day, who string
		due            string
	}{
		{"the consumer replies after the 14 days", "2026-03-21", "consumer", "2026-03-24"},
		{"the shop answers after the 14 days", "2026-03-25", "shop", "2026-03-24"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, "2026-03-03 10:00")
			c, tok := e.submit(t, "fair-shop", intake())
			e.clock.Set(berlin("2026-03-05 10:00"))
			_, err := e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), c.ID, "Welche Farbe hatte der Artikel?")
			require.NoError(t, err)
			e.clock.Set(berlin(tc.day + " 10:00"))
			who := fairshops.AsShop("fair-shop")
			if tc.who == "consumer" {
				who = fairshops.AsConsumer(tok)
			}
			_, err = e.svc.AddMessage(ctx, who, c.ID, "Blau.")
			require.NoError(t, err)
			got, err := e.svc.Get(ctx, fairshops.AsOperator("op"), c.ID)
			require.NoError(t, err)
			require.False(t, got.Clock.Paused())
			require.Equal(t, 14, got.Clock.PausedDays, "paused from 05.03. to 19.03., not to the reply")
			require.Equal(t, tc.due, got.AnswerDue.String(), "the rest (5 days) from 19.03.")
		})
	}
}
