package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// testReviews: the reviews of a complaint (pending, overdue, answered)
// survive Create, Update and Get; Reviews lists the complaints with a
// pending review by its deadline, then ID, up to the limit, and an
// answered review leaves the list.
func testReviews(t *testing.T, h Harness) {
	ctx := context.Background()
	pending := func(id, due string, extra ...complaint.Review) *complaint.Complaint {
		c := SampleComplaint(id, "shop-a")
		c.Reviews = append(extra, complaint.Review{Precheck: len(extra), RequestedAt: base.Add(time.Hour),
			Reason: "Bitte prüfen Sie das\nnoch einmal.", Due: fairshops.MustDate(due)})
		require.NoError(t, h.Store.Create(ctx, c, nil))
		return c
	}
	answered := complaint.Review{RequestedAt: base, Due: fairshops.MustDate("2026-03-10"), Overdue: true,
		AnsweredAt: base.Add(48 * time.Hour), By: "Olga Operator", Outcome: complaint.ReviewCorrected, Answer: "Die Frist endet später."}
	a := pending("c_rev_a", "2026-03-20")
	b := pending("c_rev_b", "2026-03-12", answered)
	c := pending("c_rev_c", "2026-03-12")
	none := SampleComplaint("c_rev_none", "shop-a")
	require.NoError(t, h.Store.Create(ctx, none, nil))

	got, err := h.Store.Get(ctx, b.ID)
	require.NoError(t, err)
	if d := diff(b, got); d != "" {
		t.Fatalf("complaint with reviews differs (-want +got):\n%s", d)
	}

	list, err := h.Store.Reviews(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, []string{b.ID, c.ID, a.ID}, ids(list))
	if d := diff(b, list[0]); d != "" {
		t.Fatalf("listed complaint differs (-want +got):\n%s", d)
	}
	list, err = h.Store.Reviews(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, []string{b.ID, c.ID}, ids(list))

	// The answer takes b off the list; the round trip keeps it.
	r := b.Reviews[1]
	r.AnsweredAt, r.By, r.Outcome = base.Add(72*time.Hour), "Olga Operator", complaint.ReviewConfirmed
	b.Reviews[1] = r
	require.NoError(t, h.Store.Update(ctx, b, nil))
	got, err = h.Store.Get(ctx, b.ID)
	require.NoError(t, err)
	if d := diff(b, got); d != "" {
		t.Fatalf("answered review differs (-want +got):\n%s", d)
	}
	list, err = h.Store.Reviews(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, []string{c.ID, a.ID}, ids(list))

	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	_, err = h.Store.Reviews(ctx2, 0)
	require.Error(t, err)
}
