package mediation_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func refusal(t *testing.T, err error) *mediation.Refusal {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, fairshops.ErrNotAllowed)
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err))
	var r *mediation.Refusal
	require.True(t, errors.As(err, &r), "want a *Refusal, got %v", err)
	return r
}

func TestRequestByMode(t *testing.T) {
	for _, tc := range []struct {
		name      string
		mode      fairshops.MediationMode
		who       string
		state     mediation.State // "" when refused
		escalated bool
	}{
		{"shop_discretion: the shop starts, the case opens", fairshops.ShopDiscretion, "shop", mediation.Open, true},
		{"shop_discretion: the consumer asks, the shop decides", fairshops.ShopDiscretion, "consumer", mediation.Requested, false},
		{"shop_discretion: not the operator", fairshops.ShopDiscretion, "operator", "", false},
		{"consumer: the consumer requests, the operator decides", fairshops.ConsumerMode, "consumer", mediation.Requested, false},
		{"consumer: not the shop", fairshops.ConsumerMode, "shop", "", false},
		{"consumer: not the operator", fairshops.ConsumerMode, "operator", "", false},
		{"operator_after_complaint: the operator opens", fairshops.OperatorAfterComplaint, "operator", mediation.Open, true},
		{"operator_after_complaint: not the consumer", fairshops.OperatorAfterComplaint, "consumer", "", false},
		{"operator_after_complaint: not the shop", fairshops.OperatorAfterComplaint, "shop", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.mode)
			c, err := f.svc.Request(f.ctx, f.principal(tc.who), mediation.RequestInput{ComplaintID: complaintID})
			if tc.state == "" {
				r := refusal(t, err)
				require.Equal(t, []mediation.Reason{mediation.ReasonWrongRequester}, r.Reasons)
				require.Empty(t, f.db.Events(), "a refused request stores nothing")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.state, c.State)
			require.Equal(t, tc.mode, c.Mode)
			require.Equal(t, fairshops.Role(tc.who), c.RequestedBy)
			require.Equal(t, fairshops.RoleShop, c.CostBearer, "the shop pays by default")
			require.Equal(t, 1, c.Version)
			if tc.escalated {
				require.Equal(t, []string{c.ID}, f.complaints.escalated[complaintID])
				require.Equal(t, []string{mediation.EventRequested, mediation.EventOpened}, f.eventTypes())
				require.Equal(t, mediation.DeadlineStatements, c.Deadline.Kind)
				require.Equal(t, date("2026-04-15"), c.Deadline.Due, "14 days from opening")
			} else {
				require.Empty(t, f.complaints.escalated)
				require.Equal(t, []string{mediation.EventRequested}, f.eventTypes())
				require.Equal(t, mediation.DeadlineDecision, c.Deadline.Kind)
				require.Equal(t, date("2026-04-22"), c.Deadline.Due, "3 weeks to decide")
			}
			require.Equal(t, "requested", c.History[0].Action)
			require.NoError(t, mediation.VerifyHistory(c.ID, c.History))
		})
	}
}

// TestRefusalReasons covers every reason a request can be refused for.
func TestRefusalReasons(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mode   fairshops.MediationMode
		who    string
		change func(f *fixture)
		want   []mediation.Reason
	}{
		{"not_booked: no booking at all", fairshops.ConsumerMode, "consumer",
			func(f *fixture) { f.shops.book(shopID) }, []mediation.Reason{mediation.ReasonNotBooked}},
		{"not_booked: Beschwerdeservice only", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			f.shops.book(shopID, fairshops.Booking{Module: fairshops.Beschwerdeservice, From: date("2026-01-01")})
		}, []mediation.Reason{mediation.ReasonNotBooked}},
		{"not_booked: the booking ended the day before", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			b := streitmoderation(fairshops.ConsumerMode)
			b.Until = date("2026-03-31")
			f.shops.book(shopID, b)
		}, []mediation.Reason{mediation.ReasonNotBooked}},
		{"not_forwarded: never forwarded", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			info := f.complaints.get(complaintID)
			info.Forwarded = false
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonNotForwarded}},
		{"not_forwarded: shop never contacted", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			info := f.complaints.get(complaintID)
			info.ContactedShop = false
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonNotForwarded}},
		{"already_settled: complaint resolved", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			info := f.complaints.get(complaintID)
			info.Resolved, info.Open = true, false
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonAlreadySettled}},
		{"already_settled: a case settled it", fairshops.ConsumerMode, "consumer",
			func(f *fixture) { f.settled() }, []mediation.Reason{mediation.ReasonAlreadySettled}},
		{"case_exists: a case runs", fairshops.ConsumerMode, "consumer",
			func(f *fixture) { f.open() }, []mediation.Reason{mediation.ReasonCaseExists}},
		{"case_exists: a case failed", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			c := f.open()
			f.must(f.svc.Leave(f.ctx, f.shop, c.ID))
		}, []mediation.Reason{mediation.ReasonCaseExists}},
		{"complaint_closed", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			info := f.complaints.get(complaintID)
			info.Open = false
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonComplaintClosed}},
		// Revision 2: a request is no longer refused as time_barred on its
		// own (limitation is the shop's defence, BGB §214); see TestTimeBarred.
		{"abusive_cost_declined: the consumer declined the fee before", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			c := f.requested()
			f.must(f.svc.MarkAbusive(f.ctx, f.operator, c.ID))
			f.must(f.svc.DeclineCost(f.ctx, f.consumer, c.ID))
		}, []mediation.Reason{mediation.ReasonAbusiveCostDeclined}},
		{"shop_declined: the shop declined the consumer's request before", fairshops.ShopDiscretion, "consumer", func(f *fixture) {
			c := f.requested()
			f.must(f.svc.DeclineRequest(f.ctx, f.shop, c.ID, ""))
		}, []mediation.Reason{mediation.ReasonShopDeclined}},
		{"out_of_scope: buyer is no consumer", fairshops.ConsumerMode, "consumer", func(f *fixture) {
			info := f.complaints.get(complaintID)
			info.Facts.BuyerIsConsumer = ptr(false)
			info.Precheck = result(precheck.Warranty, precheck.Doubtful, finding(precheck.ScopeNotConsumer))
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonOutOfScope}},
		{"wrong_requester", fairshops.ConsumerMode, "shop", nil, []mediation.Reason{mediation.ReasonWrongRequester}},
		{"every reason at once", fairshops.ShopDiscretion, "operator", func(f *fixture) {
			// Settle a case first, decided by the operator in the mode consumer.
			f.shops.book(shopID, streitmoderation(fairshops.ConsumerMode))
			f.settled()
			f.shops.book(shopID, streitmoderation(fairshops.ShopDiscretion))
			info := f.complaints.get(complaintID)
			info.Forwarded, info.Open = false, false
			info.Facts.BuyerIsConsumer = ptr(false)
			info.Precheck = result(precheck.Warranty, precheck.Clear, finding(precheck.WarrantyExpired))
			f.complaints.set(info)
		}, []mediation.Reason{mediation.ReasonWrongRequester, mediation.ReasonNotForwarded,
			mediation.ReasonAlreadySettled, mediation.ReasonOutOfScope}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.mode)
			if tc.change != nil {
				tc.change(f)
			}
			before := len(f.db.Events())
			_, err := f.svc.Request(f.ctx, f.principal(tc.who), mediation.RequestInput{ComplaintID: complaintID})
			r := refusal(t, err)
			require.Equal(t, tc.want, r.Reasons)
			for _, reason := range r.Reasons {
				require.True(t, r.Has(reason))
			}
			for _, lang := range fairshops.Languages() {
				for _, text := range r.Texts(lang) {
					require.NotContains(t, text, "refusal.", "every reason has a text in %s", lang)
				}
			}
			require.Len(t, f.db.Events(), before, "a refused request stores nothing")
		})
	}
}

func TestRequestAllowedDespiteOldCases(t *testing.T) {
	t.Run("a shop does not invoke the lapse of time", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Warranty, precheck.Clear, finding(precheck.WarrantyExpired))
		f.complaints.set(info)
		c := f.must(f.svc.Request(f.ctx, f.shop, mediation.RequestInput{ComplaintID: complaintID}))
		require.Equal(t, mediation.Open, c.State)
	})
	t.Run("a lapsed withdrawal beside a warranty claim is no bar", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Warranty, precheck.Doubtful, finding(precheck.WithdrawalExpired),
			finding(precheck.WarrantyInPeriod))
		f.complaints.set(info)
		f.requested()
	})
	t.Run("after a decline for a missing booking, a new request may follow", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		f.must(f.svc.DeclineRequest(f.ctx, f.operator, c.ID, mediation.ReasonNotBooked))
		again := f.requested()
		require.NotEqual(t, c.ID, again.ID)
	})
}

func TestRequestAccessAndInput(t *testing.T) {
	t.Run("unknown complaint", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		_, err := f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: "c_nope"})
		require.ErrorIs(t, err, fairshops.ErrNotFound)
	})
	for _, who := range []string{"wrong_consumer", "other_shop"} {
		t.Run(who+" learns nothing", func(t *testing.T) {
			f := newFixture(t, fairshops.ShopDiscretion)
			_, err := f.svc.Request(f.ctx, f.principal(who), mediation.RequestInput{ComplaintID: complaintID})
			require.ErrorIs(t, err, fairshops.ErrNotFound)
		})
	}
	t.Run("system may not request", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		_, err := f.svc.Request(f.ctx, f.system, mediation.RequestInput{ComplaintID: complaintID})
		require.ErrorIs(t, err, fairshops.ErrForbidden)
	})
	t.Run("every wrong field at once", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		_, err := f.svc.Request(f.ctx, f.shop, mediation.RequestInput{ComplaintID: complaintID,
			Claim: &mediation.Want{Kind: "money_back", Amount: ptr(eur("-1"))},
			Offer: &mediation.Want{Kind: mediation.KindVoucher, Amount: ptr(fairshops.MustMoney("5", "USD"))}})
		var ve *fairshops.ValidationError
		require.ErrorAs(t, err, &ve)
		var fields []string
		for _, fe := range ve.Fields {
			fields = append(fields, fe.Field+":"+fe.Code)
		}
		require.Equal(t, []string{"claim.kind:unknown_value", "claim.amount:negative",
			"offer.amount.currency:mismatch", "claim:not_allowed"}, fields)
	})
	t.Run("missing complaint ID", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		_, err := f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{})
		require.ErrorIs(t, err, fairshops.ErrInvalid)
	})
	t.Run("claim above the limit", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		_, err := f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: complaintID,
			Claim: &mediation.Want{Kind: mediation.KindRefund, Amount: ptr(eur("64.81"))}})
		require.ErrorIs(t, err, fairshops.ErrInvalid)
		require.Empty(t, f.db.Events())
	})
	t.Run("the claim sets the dispute value and the fee", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.must(f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: complaintID,
			Claim: &mediation.Want{Kind: mediation.KindPartialRefund, Amount: ptr(eur("20.00"))}}))
		require.Equal(t, "20.00", c.DisputeValue.Amount.StringFixed(2))
		require.Equal(t, "30.00", c.Fee.Fee.Amount.StringFixed(2))
		require.Equal(t, "40.00", c.Fee.ReferenceADR.Amount.StringFixed(2))
		require.Equal(t, mediation.KindPartialRefund, c.Claim.Kind)
		require.Equal(t, []mediation.Indicator{mediation.IndicatorClearForShop, mediation.IndicatorNoRealCase}, c.AbuseIndicators)
	})
	t.Run("an escalation the complaint side refuses stores nothing", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		f.complaints.refuse = fairshops.E("fake", fairshops.NotAllowed, complaintID, "resolved meanwhile", nil)
		_, err := f.svc.Request(f.ctx, f.shop, mediation.RequestInput{ComplaintID: complaintID})
		require.ErrorIs(t, err, fairshops.ErrNotAllowed)
		cases, err := f.db.Cases().ByComplaint(f.ctx, complaintID)
		require.NoError(t, err)
		require.Empty(t, cases)
	})
}

func TestDecisions(t *testing.T) {
	t.Run("shop_discretion: the shop accepts the consumer's request", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		c := f.requested()
		_, err := f.svc.AcceptRequest(f.ctx, f.operator, c.ID)
		require.ErrorIs(t, err, mediation.ErrNotDecider)
		require.ErrorIs(t, err, fairshops.ErrForbidden)
		c = f.must(f.svc.AcceptRequest(f.ctx, f.shop, c.ID))
		require.Equal(t, mediation.Open, c.State)
		require.Equal(t, []string{c.ID}, f.complaints.escalated[complaintID])
	})
	t.Run("shop_discretion: the shop's decline reads shop_declined", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		c := f.requested()
		c = f.must(f.svc.DeclineRequest(f.ctx, f.shop, c.ID, mediation.ReasonOutOfScope))
		require.Equal(t, mediation.ReasonShopDeclined, c.Reason)
		require.Contains(t, c.Notice(fairshops.German), "Der Shop hat die Streitmoderation abgelehnt.")
	})
	t.Run("shop_discretion: no abuse marking, the shop decides", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		c := f.requested()
		_, err := f.svc.MarkAbusive(f.ctx, f.operator, c.ID)
		require.ErrorIs(t, err, fairshops.ErrNotAllowed)
	})
	t.Run("operator declines with an unknown reason", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		for _, r := range []mediation.Reason{"", "because", mediation.ReasonWrongRequester, mediation.ReasonShopDeclined} {
			_, err := f.svc.DeclineRequest(f.ctx, f.operator, c.ID, r)
			require.ErrorIs(t, err, fairshops.ErrInvalid, "reason %q", r)
		}
		require.Equal(t, mediation.Requested, f.get(c.ID).State)
	})
	t.Run("accepting checks the booking again", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		f.shops.book(shopID)
		_, err := f.svc.AcceptRequest(f.ctx, f.operator, c.ID)
		require.Equal(t, []mediation.Reason{mediation.ReasonNotBooked}, refusal(t, err).Reasons)
		require.Equal(t, mediation.Requested, f.get(c.ID).State)
		c = f.must(f.svc.DeclineRequest(f.ctx, f.operator, c.ID, mediation.ReasonNotBooked))
		require.Equal(t, mediation.Declined, c.State)
		require.Equal(t, mediation.ReasonNotBooked, c.Reason)
	})
	t.Run("the operator opens and withdraws in operator_after_complaint", func(t *testing.T) {
		f := newFixture(t, fairshops.OperatorAfterComplaint)
		c := f.must(f.svc.Request(f.ctx, f.operator, mediation.RequestInput{ComplaintID: complaintID}))
		_, err := f.svc.Withdraw(f.ctx, f.consumer, c.ID)
		require.ErrorIs(t, err, mediation.ErrNotRequester)
		_, err = f.svc.Leave(f.ctx, f.operator, c.ID)
		require.ErrorIs(t, err, fairshops.ErrForbidden)
		c = f.must(f.svc.Withdraw(f.ctx, f.operator, c.ID))
		require.Equal(t, mediation.Withdrawn, c.State)
	})
	t.Run("the requester withdraws, it does not leave", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.open()
		_, err := f.svc.Leave(f.ctx, f.consumer, c.ID)
		require.ErrorIs(t, err, mediation.ErrRequester)
	})
}

func TestCost(t *testing.T) {
	t.Run("marked abusive, the consumer accepts the fee", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		c = f.must(f.svc.MarkAbusive(f.ctx, f.operator, c.ID))
		require.Equal(t, mediation.AwaitingCostAcceptance, c.State)
		require.Equal(t, mediation.DeadlineCost, c.Deadline.Kind)
		require.Equal(t, date("2026-04-15"), c.Deadline.Due)
		evs := f.db.Events()
		require.Equal(t, mediation.EventCostRequested, evs[len(evs)-1].Type)
		require.JSONEq(t, `{"amount":"30","currency":"EUR"}`, string(mustJSON(t, evs[len(evs)-1], "fee")))
		c = f.must(f.svc.AcceptCost(f.ctx, f.consumer, c.ID))
		require.Equal(t, mediation.Open, c.State)
		require.Equal(t, fairshops.RoleConsumer, c.CostBearer)
		require.Equal(t, []string{c.ID}, f.complaints.escalated[complaintID])
	})
	t.Run("marked abusive, the consumer declines", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		f.must(f.svc.MarkAbusive(f.ctx, f.operator, c.ID))
		c = f.must(f.svc.DeclineCost(f.ctx, f.consumer, c.ID))
		require.Equal(t, mediation.Declined, c.State)
		require.Equal(t, mediation.ReasonAbusiveCostDeclined, c.Reason)
		require.Equal(t, fairshops.RoleShop, c.CostBearer)
		require.Empty(t, f.complaints.escalated)
	})
	t.Run("no indicator, no abuse", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Warranty, precheck.Doubtful, finding(precheck.WarrantyInPeriod),
			finding(precheck.WarrantyBurdenOnConsumer))
		f.complaints.set(info)
		c := f.requested()
		require.Empty(t, c.AbuseIndicators)
		_, err := f.svc.MarkAbusive(f.ctx, f.operator, c.ID)
		require.ErrorIs(t, err, mediation.ErrNotAbusive)
	})
	t.Run("displeasure only is an indicator", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Other, precheck.Displeasure, finding(precheck.OtherDispleasure))
		f.complaints.set(info)
		c := f.requested()
		require.Equal(t, []mediation.Indicator{mediation.IndicatorDispleasure, mediation.IndicatorNoRealCase}, c.AbuseIndicators)
		for _, i := range c.AbuseIndicators {
			require.NotContains(t, i.Text(fairshops.English), "indicator.")
		}
	})
	t.Run("an answer after the cost deadline is refused", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.requested()
		f.must(f.svc.MarkAbusive(f.ctx, f.operator, c.ID))
		f.at("2026-04-16")
		_, err := f.svc.AcceptCost(f.ctx, f.consumer, c.ID)
		require.ErrorIs(t, err, mediation.ErrDeadlinePassed)
		_, err = f.svc.DeclineCost(f.ctx, f.consumer, c.ID)
		require.ErrorIs(t, err, mediation.ErrDeadlinePassed)
		require.Equal(t, mediation.AwaitingCostAcceptance, f.get(c.ID).State)
	})
}
