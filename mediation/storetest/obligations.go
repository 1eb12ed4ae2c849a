package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// settledWith returns a settled case with one obligation of the shop.
func settledWith(id, complaintID, shopID string, o mediation.Obligation, reopened string) *mediation.Case {
	c := active(id, complaintID, shopID, mediation.Settled, mediation.Deadline{})
	c.Obligations = []mediation.Obligation{o}
	if reopened != "" {
		c.ReopenedOn = d(reopened)
	}
	return c
}

// testObligations: a settled case is due for its obligations (the reminder
// while none went out, else the day after the grace; never once someone
// confirmed), and Filter.Reopened lists only the cases a miss reopened.
func testObligations(t *testing.T, h Harness) {
	ctx := context.Background()
	ob := func(remind string, reminded bool, state mediation.ObligationState) mediation.Obligation {
		return mediation.Obligation{ID: "ob1", Party: fairshops.RoleShop, Action: mediation.ActRefund,
			Amount: ptr(eur("10.00")), Due: d("2026-03-20"), GraceEnd: d("2026-03-25"), RemindOn: d(remind),
			Reminded: reminded, State: state}
	}
	for _, c := range []*mediation.Case{
		settledWith("m_a", "c_a", "shop-a", ob("2026-03-17", false, mediation.ObligationOpen), ""),
		settledWith("m_b", "c_b", "shop-a", ob("2026-03-17", true, mediation.ObligationOpen), ""),
		settledWith("m_c", "c_c", "shop-b", ob("2026-03-17", false, mediation.ObligationSent), ""),
		settledWith("m_d", "c_d", "shop-b", ob("2026-03-17", true, mediation.ObligationMissed), "2026-03-26"),
	} {
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	due, err := h.Store.Due(ctx, d("2026-03-17"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_a"}, ids(due), "the reminder date of an open obligation")
	due, err = h.Store.Due(ctx, d("2026-03-26"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_a", "m_b"}, ids(due), "the day after the grace; confirmed or missed ones never")

	got, err := h.Store.List(ctx, mediation.Filter{Reopened: true})
	require.NoError(t, err)
	require.Equal(t, []string{"m_d"}, ids(got))
	require.Equal(t, d("2026-03-26"), got[0].ReopenedOn)

	// The operator closes the reopening; a miss reopens another case.
	got[0].ReopenedOn = fairshops.Date{}
	require.NoError(t, h.Store.Update(ctx, got[0], nil))
	b, err := h.Store.Get(ctx, "m_b")
	require.NoError(t, err)
	b.Obligations[0].State, b.Obligations[0].MissedOn, b.ReopenedOn = mediation.ObligationMissed, d("2026-03-26"), d("2026-03-26")
	require.NoError(t, h.Store.Update(ctx, b, nil))
	got, err = h.Store.List(ctx, mediation.Filter{Reopened: true, ShopID: "shop-a", States: []mediation.State{mediation.Settled}})
	require.NoError(t, err)
	require.Equal(t, []string{"m_b"}, ids(got))
	require.Equal(t, mediation.ObligationMissed, got[0].Obligations[0].State)
	due, err = h.Store.Due(ctx, d("2026-12-31"), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"m_a"}, ids(due))
}
