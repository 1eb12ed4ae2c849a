package complaint_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

var operator = fairshops.Principal{Role: fairshops.RoleOperator, Name: "Olga"}

// earlyDeadline is a delivery complaint whose further period was set
// before the delivery was due: revision 1 let the consumer withdraw once it
// had passed (delivery.withdraw_possible); revision 2 says such a period has
// no effect (delivery.set_deadline, BGH VII ZR 148/10).
func earlyDeadline() complaint.Intake {
	in := intake()
	in.Facts.AdditionalDeadlineSetOn = fairshops.MustDate("2025-11-05")
	in.Facts.AdditionalDeadlineUntil = fairshops.MustDate("2025-11-17")
	return in
}

// asRevisionOne rewrites the stored pre-check of the complaint into what
// revision 1 answered (fn turns the revision 2 result into it), as if it had
// been filed before revision 2; it returns the stored complaint.
func (e *env) asRevisionOne(t *testing.T, id string, fn func(r *precheck.Result)) *complaint.Complaint {
	t.Helper()
	ctx := context.Background()
	c, err := e.store.Get(ctx, id)
	require.NoError(t, err)
	c.Precheck.Revision = 0
	if fn != nil {
		fn(&c.Precheck)
	}
	require.NoError(t, e.store.Update(ctx, c, nil))
	return c
}

// revisionOneWithdraw is revision 1's answer to earlyDeadline: the further
// period until 2025-11-17 has passed, the consumer may withdraw.
func revisionOneWithdraw(r *precheck.Result) {
	for i, f := range r.Findings {
		if f.Rule == precheck.DeliverySetDeadline {
			r.Findings[i] = precheck.Finding{Rule: precheck.DeliveryWithdrawPossible, Favours: precheck.FavoursConsumer,
				Basis:   "BGB §323(1)",
				Message: precheck.Message{Key: "rule.delivery.withdraw_possible", Args: []string{"2025-11-17"}},
				Tags:    []string{string(precheck.DeliveryWithdrawPossible), "delivery"}}
		}
	}
	r.Clarity = precheck.Clear
}

func TestRecheckOpenShowsOnlyChangedAnswers(t *testing.T) {
	e := newEnv(t, "2025-11-24 10:00")
	ctx := context.Background()
	changed, _ := e.submit(t, "fair-shop", earlyDeadline())
	require.Equal(t, precheck.Revision, changed.Precheck.Revision)
	require.True(t, slices.ContainsFunc(changed.Precheck.Findings, func(f precheck.Finding) bool {
		return f.Rule == precheck.DeliverySetDeadline
	}), "revision 2 answers delivery.set_deadline: %+v", changed.Precheck.Findings)
	stored := e.asRevisionOne(t, changed.ID, revisionOneWithdraw)
	same, _ := e.submit(t, "fair-shop", intake())
	e.asRevisionOne(t, same.ID, nil)   // revision 1 answered it as revision 2 does
	e.submit(t, "fair-shop", intake()) // filed under revision 2
	closed, _ := e.submit(t, "fair-shop", earlyDeadline())
	e.asRevisionOne(t, closed.ID, revisionOneWithdraw)
	_, err := e.svc.Resolve(ctx, operator, closed.ID)
	require.NoError(t, err)

	// A year later: the re-check still asks as of the filing day.
	e.clock.Advance(365 * 24 * time.Hour)
	list, next, err := e.svc.RecheckOpen(ctx, operator, "", 0)
	require.NoError(t, err)
	require.Empty(t, next)
	require.Len(t, list, 1, "only the open complaint whose answer changes")
	r := list[0]
	require.Equal(t, changed.ID, r.Complaint)
	require.Equal(t, stored.Version, r.Version)
	require.Equal(t, precheck.RevisionOne, r.Before.RulesRevision())
	require.Equal(t, precheck.Revision, r.After.Revision)
	require.Equal(t, stored.Precheck.AsOf, r.After.AsOf, "the check date of the filed result, not today")
	require.Equal(t, precheck.Clear, r.Changes.ClarityBefore)
	var rules []string
	for _, f := range r.Changes.Findings {
		rules = append(rules, f.Change+" "+string(f.Rule))
	}
	require.Equal(t, []string{"added delivery.set_deadline", "removed delivery.withdraw_possible"}, rules)
	require.Equal(t, []string{"2025-11-17"}, r.Changes.Findings[1].DatesBefore)

	one, err := e.svc.Recheck(ctx, operator, changed.ID)
	require.NoError(t, err)
	require.Equal(t, r, one)
	none, err := e.svc.Recheck(ctx, operator, same.ID)
	require.NoError(t, err)
	require.True(t, none.Changes.Empty())

	// Paging: a page of one, then the rest.
	page, next, err := e.svc.RecheckOpen(ctx, operator, "", 1)
	require.NoError(t, err)
	require.Len(t, page, 1)
	require.Equal(t, changed.ID, next)
	page, next, err = e.svc.RecheckOpen(ctx, operator, next, 1)
	require.NoError(t, err)
	require.Empty(t, page)
	require.Empty(t, next)
	_, _, err = e.svc.RecheckOpen(ctx, operator, "c_nosuch", 1)
	kindIs(t, err, fairshops.Invalid)
}

func TestApplyRecheck(t *testing.T) {
	for _, notify := range []bool{false, true} {
		t.Run(map[bool]string{false: "silent", true: "tell the parties"}[notify], func(t *testing.T) {
			e := newEnv(t, "2025-11-24 10:00")
			ctx := context.Background()
			c, tok := e.submit(t, "fair-shop", earlyDeadline())
			stored := e.asRevisionOne(t, c.ID, revisionOneWithdraw)
			filed := stored.Precheck

			kindIs(t, func() error {
				_, err := e.svc.ApplyRecheck(ctx, operator, c.ID, stored.Version-1, notify)
				return err
			}(), fairshops.Conflict)
			mark := e.mark()
			got, err := e.svc.ApplyRecheck(ctx, operator, c.ID, stored.Version, notify)
			require.NoError(t, err)
			require.Equal(t, stored.Version+1, got.Version)
			require.Empty(t, got.TokenHash)
			require.Equal(t, filed, got.Precheck, "the filed result stays as the consumer saw it")
			require.Len(t, got.Rechecks, 1)
			rec := got.Rechecks[0]
			require.Equal(t, "Olga", rec.By)
			require.Equal(t, notify, rec.Notified)
			require.Equal(t, precheck.Revision, rec.Result.Revision)
			require.Equal(t, rec.Result, got.CurrentPrecheck())
			last := got.History[len(got.History)-1]
			require.Equal(t, "rechecked", last.Action)
			require.Equal(t, fairshops.Actor{Role: fairshops.RoleOperator, Name: "Olga"}, last.Actor)
			require.Equal(t, "rules revision 1 -> 2: findings +delivery.set_deadline -delivery.withdraw_possible", last.Detail)
			require.NoError(t, complaint.VerifyHistory(got.ID, got.History))

			events := e.db.Events()[mark:]
			if !notify {
				require.Empty(t, events, "no event: the parties are not told (webhooks get every event)")
			} else {
				require.Len(t, events, 1)
				require.Equal(t, complaint.EventRechecked, events[0].Type)
				require.Equal(t, "parties", events[0].Recipient)
				data := e.last(t, complaint.EventRechecked)
				require.Equal(t, 1, data.FromRevision)
				require.Equal(t, 2, data.ToRevision)
				require.Equal(t, c.ID, data.Complaint)
			}

			// Recorded: nothing left to re-check, and the parties see the record.
			list, _, err := e.svc.RecheckOpen(ctx, operator, "", 0)
			require.NoError(t, err)
			require.Empty(t, list)
			_, err = e.svc.ApplyRecheck(ctx, operator, c.ID, got.Version, notify)
			kindIs(t, err, fairshops.NotAllowed)
			mine, err := e.svc.Get(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, c.ID)
			require.NoError(t, err)
			require.Len(t, mine.Rechecks, 1)
		})
	}
}

func TestApplyRecheckBeforeForwarding(t *testing.T) {
	e := newEnv(t, "2025-11-24 10:00", func(cfg *complaint.Config) { cfg.ManualForward = true })
	ctx := context.Background()
	c, _ := e.submit(t, "fair-shop", earlyDeadline())
	stored := e.asRevisionOne(t, c.ID, revisionOneWithdraw)
	mark := e.mark()
	_, err := e.svc.ApplyRecheck(ctx, operator, c.ID, stored.Version, true)
	require.NoError(t, err)
	events := e.db.Events()[mark:]
	require.Len(t, events, 1)
	require.Equal(t, "consumer", events[0].Recipient, "the shop sees the complaint only once it is forwarded")
}

func TestRecheckRefused(t *testing.T) {
	e := newEnv(t, "2025-11-24 10:00")
	ctx := context.Background()
	c, tok := e.submit(t, "fair-shop", earlyDeadline())
	stored := e.asRevisionOne(t, c.ID, revisionOneWithdraw)
	for name, p := range map[string]fairshops.Principal{
		"consumer": {Role: fairshops.RoleConsumer, Token: tok},
		"shop":     {Role: fairshops.RoleShop, ShopID: "fair-shop"},
		"system":   {Role: fairshops.RoleSystem},
		"nobody":   {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.svc.Recheck(ctx, p, c.ID)
			kindIs(t, err, fairshops.Forbidden)
			_, _, err = e.svc.RecheckOpen(ctx, p, "", 0)
			kindIs(t, err, fairshops.Forbidden)
			_, err = e.svc.ApplyRecheck(ctx, p, c.ID, stored.Version, true)
			kindIs(t, err, fairshops.Forbidden)
		})
	}
	_, err := e.svc.Recheck(ctx, operator, "c_nosuch")
	kindIs(t, err, fairshops.NotFound)
	_, err = e.svc.ApplyRecheck(ctx, operator, "c_nosuch", 1, false)
	kindIs(t, err, fairshops.NotFound)
	// A final complaint keeps its answer: nothing to record.
	resolved, err := e.svc.Resolve(ctx, operator, c.ID)
	require.NoError(t, err)
	_, err = e.svc.ApplyRecheck(ctx, operator, c.ID, resolved.Version, false)
	kindIs(t, err, fairshops.NotAllowed)
	after, err := e.store.Get(ctx, c.ID)
	require.NoError(t, err)
	require.Empty(t, after.Rechecks)
}

// TestRecheckChangedBasis: revision 1 cited VSBG §14(1) no. 1 for a
// complaint the consumer had not raised with the shop first; revision 2
// cites no. 2. The same answer on another ground is a change worth
// recording, and the summary names it.
func TestRecheckChangedBasis(t *testing.T) {
	e := newEnv(t, "2025-11-24 10:00")
	ctx := context.Background()
	in := intake()
	in.Facts.ContactedShopOn = fairshops.Date{}
	c, _ := e.submit(t, "fair-shop", in)
	e.asRevisionOne(t, c.ID, func(r *precheck.Result) {
		for i, f := range r.Findings {
			if f.Rule == precheck.ContactShopFirst {
				r.Findings[i].Basis = "VSBG §14(1) no. 1 (by analogy)"
			}
		}
	})
	r, err := e.svc.Recheck(ctx, operator, c.ID)
	require.NoError(t, err)
	require.Len(t, r.Changes.Findings, 1)
	fc := r.Changes.Findings[0]
	require.Equal(t, precheck.ContactShopFirst, fc.Rule)
	require.Equal(t, precheck.FindingChanged, fc.Change)
	require.Equal(t, "VSBG §14(1) no. 1 (by analogy)", fc.Before.Basis)
	require.Equal(t, "VSBG §14(1) no. 2 (by analogy)", fc.After.Basis)
	require.False(t, fc.FavoursChanged())
	require.Equal(t, r.Changes.ClarityBefore, r.Changes.ClarityAfter)
	require.Equal(t, "findings ~contact.shop_first", r.Changes.Summary())
}
