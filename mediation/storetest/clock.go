package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// testPausedClock: the moderator's questions and paused deadline survive
// Create, Update and Get, and a paused case is due on the day its clock
// runs again, not on its deadline.
func testPausedClock(t *testing.T, h Harness) {
	ctx := context.Background()
	c := active("m_clock", "c_clock", "shop-a", mediation.Statements,
		mediation.Deadline{Kind: mediation.DeadlineProposal, Due: d("2026-06-20"), RemindOn: d("2026-06-17")})
	c.Questions = []mediation.Question{
		{ID: "q_1", To: fairshops.RoleShop, Text: "Wann ging die Ware zurück?", At: base, Paused: true},
		{ID: "q_2", To: fairshops.RoleConsumer, Text: "Foto?", At: base.Add(time.Hour), Answer: "Anbei.",
			AnsweredAt: base.Add(2 * time.Hour)},
	}
	c.Directive = true
	c.Clock = complaint.Clock{PausedOn: d("2026-03-20"), Question: "q_1", RestDays: 80, ResumeBy: d("2026-04-03"), Pauses: 1}
	require.NoError(t, h.Store.Create(ctx, c, nil))
	got, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	if diff := caseDiff(c, got); diff != "" {
		t.Fatalf("paused case differs (-want +got):\n%s", diff)
	}
	require.Equal(t, d("2026-04-03"), got.NextDue())
	due, err := h.Store.Due(ctx, d("2026-04-02"), 10)
	require.NoError(t, err)
	require.Empty(t, due)
	due, err = h.Store.Due(ctx, d("2026-04-03"), 10)
	require.NoError(t, err)
	require.Len(t, due, 1)

	got.Clock = complaint.Clock{Pauses: 1, PausedDays: 5}
	got.Questions[0].Answer, got.Questions[0].AnsweredAt = "Am 2.3.", base.Add(3*time.Hour)
	require.NoError(t, h.Store.Update(ctx, got, nil))
	again, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	if diff := caseDiff(got, again); diff != "" {
		t.Fatalf("resumed case differs (-want +got):\n%s", diff)
	}
}
