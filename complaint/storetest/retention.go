package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// testDueForErasure: the retention's work list holds the final complaints
// that ended before the cutoff (the Berlin day: an end at 23:30 UTC on New
// Year's Eve is in the next year) and are not erased, ordered by that day
// and ID, paged by a cursor that still places the next page after its
// complaint was erased; an unknown cursor is Invalid.
func testDueForErasure(t *testing.T, h Harness) {
	ctx := context.Background()
	ended := func(id string, state complaint.State, at time.Time) *complaint.Complaint {
		c := SampleComplaint(id, "shop-a")
		if state.Final() {
			c.State = state
			c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: at,
				Actor: fairshops.Actor{Role: fairshops.RoleConsumer}, Action: string(state)})
		}
		require.NoError(t, h.Store.Create(ctx, c, nil))
		return c
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", s)
		require.NoError(t, err)
		return tm
	}
	ended("c_r_open", complaint.Forwarded, time.Time{})
	ended("c_r_2027", complaint.Resolved, utc("2027-06-01 10:00"))
	ended("c_r_b", complaint.Withdrawn, utc("2026-05-01 10:00"))
	ended("c_r_a", complaint.Closed, utc("2026-05-01 12:00"))
	ended("c_r_nye", complaint.Escalated, utc("2026-12-31 23:30")) // 2027-01-01 in Berlin
	ended("c_r_2025", complaint.Resolved, utc("2025-12-31 22:00"))
	erased := ended("c_r_erased", complaint.Resolved, utc("2025-02-01 10:00"))

	e := tombstoned(erased)
	require.NoError(t, h.Store.Erase(ctx, e, nil))

	ids := func(list []*complaint.Complaint) []string {
		out := []string{}
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out
	}
	cutoff := fairshops.MustDate("2027-01-01")
	all, err := h.Store.DueForErasure(ctx, cutoff, "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_2025", "c_r_a", "c_r_b"}, ids(all),
		"ended before 2027 in Berlin, by the day, then ID; open, erased and later ones are not due")
	for _, c := range all {
		require.True(t, c.DueForErasure(cutoff))
		require.NotEmpty(t, c.Messages, "whole complaints")
	}

	page, err := h.Store.DueForErasure(ctx, cutoff, "", 1)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_2025"}, ids(page))
	// The retention erases what it read; the cursor still places the next page.
	require.NoError(t, h.Store.Erase(ctx, tombstoned(page[0]), nil))
	page, err = h.Store.DueForErasure(ctx, cutoff, "c_r_2025", 1)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_a"}, ids(page))
	page, err = h.Store.DueForErasure(ctx, cutoff, "c_r_a", 5)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_b"}, ids(page))
	again, err := h.Store.DueForErasure(ctx, cutoff, "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_a", "c_r_b"}, ids(again), "an erased complaint leaves the list")

	later, err := h.Store.DueForErasure(ctx, fairshops.MustDate("2028-01-01"), "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"c_r_a", "c_r_b", "c_r_nye", "c_r_2027"}, ids(later))

	_, err = h.Store.DueForErasure(ctx, cutoff, "c_nobody", 10)
	require.ErrorIs(t, err, fairshops.ErrInvalid, "an unknown cursor")
}
