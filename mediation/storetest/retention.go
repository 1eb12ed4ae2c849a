package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// testDueForSettlementErasure: the settlements' work list holds the
// settled cases settled before the cutoff (the Berlin day: a settlement at
// 23:30 UTC on New Year's Eve is in the next year) whose settlement is not
// erased, ordered by that day and ID, paged by a cursor that still places
// the next page after its case's settlement was erased; an unknown cursor is
// Invalid.
func testDueForSettlementErasure(t *testing.T, h Harness) {
	ctx := context.Background()
	settled := func(id string, state mediation.State, at string) *mediation.Case {
		c := active(id, "c_"+id, "shop-a", state, mediation.Deadline{})
		if at != "" {
			tm, err := time.Parse("2006-01-02 15:04", at)
			require.NoError(t, err)
			c.Settlement = &mediation.Settlement{CaseID: id, ComplaintID: c.ComplaintID, ShopID: c.ShopID,
				ProposalID: "mp_1", ProposalNumber: 1, Option: mediation.Option{ID: "o1", Kind: mediation.KindApology},
				Acceptances: []mediation.Acceptance{{Party: fairshops.RoleConsumer, At: tm}, {Party: fairshops.RoleShop, At: tm}},
				SettledAt:   tm}
		}
		require.NoError(t, h.Store.Create(ctx, c, nil))
		return c
	}
	settled("m_r_failed", mediation.Failed, "")
	settled("m_r_2027", mediation.Settled, "2027-06-01 10:00")
	settled("m_r_b", mediation.Settled, "2026-05-01 10:00")
	settled("m_r_a", mediation.Settled, "2026-05-01 12:00")
	settled("m_r_nye", mediation.Settled, "2026-12-31 23:30") // 2027-01-01 in Berlin
	settled("m_r_2025", mediation.Settled, "2025-12-31 22:00")

	cutoff := d("2027-01-01")
	all, err := h.Store.DueForSettlementErasure(ctx, cutoff, "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_2025", "m_r_a", "m_r_b"}, ids(all),
		"settled before 2027 in Berlin, by the day, then ID; unsettled and later ones are not due")
	for _, c := range all {
		require.True(t, c.DueForSettlementErasure(cutoff))
	}

	page, err := h.Store.DueForSettlementErasure(ctx, cutoff, "", 1)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_2025"}, ids(page))
	// The retention erases what it read (an entry settlement_erased); the
	// cursor still places the next page.
	c := page[0]
	c.History.Append(c.ID, fairshops.EditEntries, fairshops.Entry{At: base, Actor: fairshops.Actor{Role: fairshops.RoleSystem},
		Action: mediation.ActionSettlementErased, Detail: "reason retention"})
	require.NoError(t, h.Store.Update(ctx, c, nil))
	page, err = h.Store.DueForSettlementErasure(ctx, cutoff, "m_r_2025", 1)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_a"}, ids(page))
	page, err = h.Store.DueForSettlementErasure(ctx, cutoff, "m_r_a", 5)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_b"}, ids(page))
	again, err := h.Store.DueForSettlementErasure(ctx, cutoff, "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_a", "m_r_b"}, ids(again), "an erased settlement leaves the list")

	later, err := h.Store.DueForSettlementErasure(ctx, d("2028-01-01"), "", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"m_r_a", "m_r_b", "m_r_nye", "m_r_2027"}, ids(later))

	_, err = h.Store.DueForSettlementErasure(ctx, cutoff, "m_nobody", 10)
	require.ErrorIs(t, err, fairshops.ErrInvalid, "an unknown cursor")
}
