package mediation_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// berlinTime is a wall-clock time in Europe/Berlin.
func berlinTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, fairshops.Berlin())
	require.NoError(t, err)
	return tm
}

// TestSettlementRetention: the second erasure step on a settled case runs
// on the first day after ten years from the end of the year the case was
// settled (Berlin time), once: it removes what was agreed (amounts,
// instalments, parts, notes, the rationales' arguments, the obligations'
// amounts, the claimed amounts, the token hash), keeps what the statistics
// count, records the settlement's digest in one history entry, and the
// history still verifies.
func TestSettlementRetention(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled() // settled on 2026-04-01
	before := f.get(c.ID)
	require.NotNil(t, before.Settlement)
	require.True(t, before.Settlement.Option.Amount.Amount.IsPositive(), "a settlement with an amount to erase")
	require.NotEmpty(t, before.TokenHash)
	digest, err := mediation.SettlementDigest(*before.Settlement)
	require.NoError(t, err)
	// The first step (the complaint's personal data) comes first in a real
	// deployment; the second does not depend on it.
	require.NoError(t, mediation.NewEraser(f.db.Cases(), f.clock).EraseCases(f.ctx, complaintID, complaint.ErasureRetention))

	for _, tc := range []struct {
		now    string
		erased int
	}{
		{"2030-01-01 00:00", 0}, // the complaint's personal data would go here, the settlement stays
		{"2034-12-31 23:59", 0}, // the last day of the eight years
		{"2035-01-01 00:00", 1}, // the first day after
		{"2035-01-01 12:00", 0}, // erased once, also by a second run (another node)
	} {
		f.clock.Set(berlinTime(t, tc.now))
		events := len(f.db.Events())
		rep, err := f.svc.ProcessRetention(f.ctx, complaint.Retention{})
		require.NoError(t, err, tc.now)
		want := mediation.SettlementReport{Erased: tc.erased}
		if tc.erased > 0 {
			want.IDs = []string{c.ID}
			require.Equal(t, []string{mediation.EventSettlementErased}, f.eventTypes()[events:], tc.now)
		} else {
			require.Len(t, f.db.Events(), events, tc.now)
		}
		require.Equal(t, want, rep, tc.now)
	}

	got := f.get(c.ID)
	require.True(t, got.SettlementErased())
	last := got.History[len(got.History)-1]
	require.Equal(t, mediation.ActionSettlementErased, last.Action)
	require.Equal(t, fairshops.Actor{Role: fairshops.RoleSystem}, last.Actor)
	require.Equal(t, "reason retention digest="+digest, last.Detail, "the digest proves an earlier copy")
	require.NoError(t, mediation.VerifyHistory(got.ID, got.History), "the history verifies after both steps")
	require.Len(t, got.History, len(before.History)+2, "one entry per step")
	drafts := 0
	for i, e := range before.History {
		g := got.History[i]
		require.Equal(t, e.Hash, g.Hash, "every entry keeps its hash")
		if e.Before != "" || e.After != "" {
			drafts++
			require.True(t, g.Erased(), "the options of %s are tombstones", e.Action)
			require.Equal(t, fairshops.Tombstone(e.After), g.After, "the tombstone keeps the digest")
		} else {
			require.Equal(t, e, g)
		}
	}
	require.NotZero(t, drafts, "the drafts' entries held the options")

	// What stays: what the statistics count.
	require.Equal(t, mediation.Settled, got.State)
	require.Equal(t, before.SettledOn(), got.SettledOn())
	require.Equal(t, before.Settlement.Acceptances, got.Settlement.Acceptances)
	require.Equal(t, before.Settlement.Option.Kind, got.Settlement.Option.Kind)
	require.Equal(t, before.Settlement.SettledAt, got.Settlement.SettledAt)
	require.Equal(t, before.MissedObligations(), got.MissedObligations())
	require.Len(t, got.Obligations, len(before.Obligations))
	for i, o := range got.Obligations {
		require.Equal(t, before.Obligations[i].State, o.State)
		require.Equal(t, before.Obligations[i].Due, o.Due)
		require.Nil(t, o.Amount)
	}

	// What goes: no amount agreed, offered or claimed, no note, no token.
	options := []mediation.Option{got.Settlement.Option}
	for _, p := range got.Proposals {
		options = append(options, p.Draft.Options...)
		require.Empty(t, p.Draft.Rationale.Args)
	}
	for _, o := range options {
		require.True(t, o.Amount.Amount.IsZero(), "option %s", o.ID)
		require.True(t, o.Percent.IsZero())
		require.Empty(t, o.Parts)
		require.Empty(t, o.Instalments)
		require.Empty(t, o.Rationale.Args)
		require.True(t, o.Note == "" || fairshops.IsTombstone(o.Note))
		for _, d := range o.Duties {
			require.Nil(t, d.Amount)
		}
	}
	require.Nil(t, got.Claim.Amount)
	require.Nil(t, got.Offer.Amount)
	for _, st := range got.Statements {
		if st.Want != nil {
			require.Nil(t, st.Want.Amount)
		}
	}
	require.Empty(t, got.TokenHash)
	settlement, err := json.Marshal(got.Settlement)
	require.NoError(t, err)
	require.NotContains(t, string(settlement), `"`+before.Settlement.Option.Amount.Amount.String()+`"`)
}

// TestSettlementRetentionPolicy: a policy that never erases settlements
// does nothing; a wrong one is refused with its field.
func TestSettlementRetentionPolicy(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	f.clock.Set(berlinTime(t, "2060-01-01 00:00"))
	rep, err := f.svc.ProcessRetention(f.ctx, complaint.Retention{SettlementYears: -1})
	require.NoError(t, err)
	require.Zero(t, rep.Erased)
	require.False(t, f.get(c.ID).SettlementErased())

	_, err = f.svc.ProcessRetention(f.ctx, complaint.Retention{SettlementYears: 31})
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.Equal(t, "settlement_years", ve.Fields[0].Field)

	rep, err = f.svc.ProcessRetention(f.ctx, complaint.Retention{SettlementYears: 1})
	require.NoError(t, err)
	require.Equal(t, 1, rep.Erased)
}

// hookStore runs before once, after its first due query has read its page:
// another node's whole run between this node's read and its write.
type hookStore struct {
	mediation.Store
	before func()
	once   sync.Once
}

func (h *hookStore) DueForSettlementErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*mediation.Case, error) {
	list, err := h.Store.DueForSettlementErasure(ctx, before, after, limit)
	h.once.Do(h.before)
	return list, err
}

// TestSettlementRetentionTwoNodes: two nodes run the day's retention at
// once; node B reads its page, node A erases the settlement, then B writes
// with the stale case: its versioned write fails with a Conflict, it reads
// the case again, finds it erased and leaves it. The settlement is erased
// once, with one event and one history entry, and only A counts it (so only
// A records it in the audit log).
func TestSettlementRetentionTwoNodes(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	f.clock.Set(berlinTime(t, "2035-01-01 00:00"))
	events := len(f.db.Events())
	var repA mediation.SettlementReport
	var errA error
	b, err := mediation.NewService(mediation.Config{Store: &hookStore{Store: f.db.Cases(), before: func() {
		repA, errA = f.svc.ProcessRetention(f.ctx, complaint.Retention{})
	}}, Complaints: f.complaints, Shops: f.shops, Clock: f.clock, Location: time.UTC})
	require.NoError(t, err)

	repB, err := b.ProcessRetention(f.ctx, complaint.Retention{})
	require.NoError(t, err)
	require.NoError(t, errA)
	require.Equal(t, mediation.SettlementReport{Erased: 1, IDs: []string{c.ID}}, repA)
	require.Equal(t, mediation.SettlementReport{}, repB, "the node that lost the race counts nothing")
	require.Equal(t, []string{mediation.EventSettlementErased}, f.eventTypes()[events:])
	got := f.get(c.ID)
	require.NoError(t, mediation.VerifyHistory(got.ID, got.History))
	n := 0
	for _, e := range got.History {
		if e.Action == mediation.ActionSettlementErased {
			n++
		}
	}
	require.Equal(t, 1, n)
}
