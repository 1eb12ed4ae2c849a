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

// testErase: Erase rewrites history entries only into tombstones of their
// detail, before and after (with the version check of Update), and the
// history still verifies; any other change of a stored entry is Invalid and
// writes nothing.
func testErase(t *testing.T, h Harness) {
	ctx := context.Background()
	c := active("m_e1", "c_e1", "shop-a", mediation.Settled, mediation.Deadline{})
	c.History.Append(c.ID, fairshops.EditEntries, fairshops.Entry{At: base, Actor: fairshops.Actor{Role: fairshops.RoleOperator,
		Name: "olga"}, Action: "draft_edited", Before: `[{"amount":"64.80"}]`, After: `[{"amount":"60.00","note":"Bitte"}]`})
	require.NoError(t, h.Store.Create(ctx, c, nil))

	bad := c.Clone()
	bad.History[0].After = "rewritten"
	err := h.Store.Erase(ctx, bad, nil)
	require.ErrorIs(t, err, fairshops.ErrInvalid, "only tombstones")
	bad = c.Clone()
	bad.History[0].Action = "rewritten"
	bad.History[0].EraseDetail()
	require.ErrorIs(t, h.Store.Erase(ctx, bad, nil), fairshops.ErrInvalid, "nothing but tombstones")

	e := c.Clone()
	e.History[0].EraseDetail()
	e.History.Append(e.ID, fairshops.EditEntries, fairshops.Entry{At: base.Add(time.Hour),
		Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: mediation.ActionSettlementErased, Detail: "reason retention"})
	require.NoError(t, h.Store.Erase(ctx, e, []fairshops.Event{event(t, mediation.EventSettlementErased, e.ID, e.ShopID)}))
	require.Equal(t, 2, e.Version)
	got, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, "", caseDiff(e, got))
	require.Equal(t, fairshops.Tombstone(`[{"amount":"60.00","note":"Bitte"}]`), got.History[0].After)
	require.NoError(t, mediation.VerifyHistory(c.ID, got.History), "the history verifies after the erasure")
	require.True(t, got.SettlementErased())

	stale := c.Clone() // version 1
	stale.History[0].EraseDetail()
	err = h.Store.Erase(ctx, stale, nil)
	require.Equal(t, fairshops.Conflict, fairshops.KindOf(err), "%v", err)
}
