package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// testPausedClock: the clock of a complaint (paused, with its question,
// rest and counts) and the question mark of a message survive Create,
// Update and Get; a clock that runs again round-trips as well.
func testPausedClock(t *testing.T, h Harness) {
	ctx := context.Background()
	c := SampleComplaint("c_clock", "shop-a")
	c.Messages[1].Question = true
	c.Clock = complaint.Clock{PausedOn: fairshops.MustDate("2026-03-05"), Question: "m_2", RestDays: 4,
		ResumeBy: fairshops.MustDate("2026-03-19"), Pauses: 1}
	require.NoError(t, h.Store.Create(ctx, c, nil))
	got, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	if d := diff(c, got); d != "" {
		t.Fatalf("paused complaint differs (-want +got):\n%s", d)
	}

	got.Clock = complaint.Clock{Pauses: 2, PausedDays: 9}
	got.Messages = append(got.Messages, complaint.Message{ID: "m_3", Author: fairshops.RoleShop, Body: "Noch eine Frage?",
		At: base.Add(2 * time.Hour), Question: true})
	require.NoError(t, h.Store.Update(ctx, got, nil))
	again, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	if d := diff(got, again); d != "" {
		t.Fatalf("resumed complaint differs (-want +got):\n%s", d)
	}
	require.False(t, again.Clock.Paused())
	require.True(t, again.Messages[2].Question)
	require.False(t, again.Messages[0].Question)
}

// testPausedStats: Stats counts the complaints with paused clocks and
// their paused days by the month of their deadline, apart from the
// deadlines; a complaint never paused is not counted.
func testPausedStats(t *testing.T, h Harness) {
	ctx := context.Background()
	mk := func(id, due string, k complaint.Clock) {
		c := SampleComplaint(id, "shop-a")
		c.AnswerDue, c.Clock = fairshops.MustDate(due), k
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	mk("c_p1", "2026-02-10", complaint.Clock{Pauses: 1, PausedDays: 3})
	mk("c_p2", "2026-02-20", complaint.Clock{Pauses: 2, PausedDays: 14})
	mk("c_p3", "2026-03-24", complaint.Clock{PausedOn: fairshops.MustDate("2026-03-05"), RestDays: 5,
		ResumeBy: fairshops.MustDate("2026-03-19"), Pauses: 1}) // paused now: no ended days yet
	mk("c_p4", "2026-03-10", complaint.Clock{})                         // never paused
	mk("c_p5", "2026-05-10", complaint.Clock{Pauses: 1, PausedDays: 2}) // after To
	got, err := h.Store.Stats(ctx, complaint.StatsQuery{From: fairshops.MustDate("2026-01-01"),
		To: fairshops.MustDate("2026-03-31"), Today: fairshops.MustDate("2026-03-12")})
	require.NoError(t, err)
	want := []complaint.MonthPaused{
		{Month: fairshops.MustDate("2026-02-01"), Complaints: 2, Days: 17},
		{Month: fairshops.MustDate("2026-03-01"), Complaints: 1, Days: 0},
	}
	if d := cmp.Diff(want, got.Paused, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("paused figures differ (-want +got):\n%s", d)
	}
}
