package precheck

import (
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// The boundary tables of rules revision 2 (docs/precheck-rules.md): the day
// before, on and after each end, holidays by state (Reformation Day
// 2025-10-31 is a holiday in BB, HB, HH, MV, NI, SN, ST, SH, TH, not in BY;
// Epiphany 2026-01-06 in BW, BY, ST, not in NI), and old and new law.

func TestRevision2Withdrawal(t *testing.T) {
	t.Parallel()
	w := []string{"withdrawal."}
	// Delivered on Friday 2025-10-17: the 14 days end on 2025-10-31.
	const oct = `"category":"withdrawal","order_date":"2025-10-14","delivery_date":"2025-10-17","goods_returned_on":"2025-11-04","informed_about_withdrawal":true`
	runRuleCases(t, []ruleCase{
		{name: "unknown state: the day before the earliest end",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-10-30"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-10-30 2025-10-31"}},
		{name: "unknown state: on the earliest end",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-10-31"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-10-31 2025-10-31"}},
		{name: "unknown state: after the earliest, on the latest end: doubtful, never 'too late'",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-11-03"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.expired doubtful 2025-11-03 2025-10-31 2025-11-03"}},
		{name: "unknown state: after the latest end",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-11-04"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-11-04 2025-11-03"}},
		{name: "Lower Saxony: Reformation Day moves the end to Monday",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-11-03","consumer_state":"NI"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-11-03 2025-11-03"}},
		{name: "Bavaria: no holiday, the end is Friday",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-11-03","consumer_state":"BY"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-11-03 2025-10-31"}},
		{name: "the shop's state does not decide the consumer's period",
			facts: `{` + oct + `,"withdrawal_declared_on":"2025-11-03","consumer_state":"BY","shop_state":"NI"}`, asOf: "2025-11-05", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-11-03 2025-10-31"}},
		{name: "a local holiday (Assumption Day in parts of Bavaria): doubtful",
			facts: `{"category":"withdrawal","order_date":"2025-07-28","delivery_date":"2025-08-01","withdrawal_declared_on":"2025-08-18","consumer_state":"BY","goods_returned_on":"2025-08-18"}`,
			asOf:  "2025-08-20", prefixes: w,
			want: []string{"withdrawal.expired doubtful 2025-08-18 2025-08-15 2025-08-18"}},
		{name: "Saarland: Assumption Day is a state holiday there",
			facts: `{"category":"withdrawal","order_date":"2025-07-28","delivery_date":"2025-08-01","withdrawal_declared_on":"2025-08-18","consumer_state":"SL","goods_returned_on":"2025-08-18"}`,
			asOf:  "2025-08-20", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-08-18 2025-08-18"}},
	})
}

func TestRevision2InformedLate(t *testing.T) {
	t.Parallel()
	w := []string{"withdrawal."}
	const aug = `"category":"withdrawal","order_date":"2025-08-01","delivery_date":"2025-08-05","informed_about_withdrawal_on":"2025-09-15","goods_returned_on":"2025-10-01"`
	runRuleCases(t, []ruleCase{
		{name: "14 days from the late information: the last day",
			facts: `{` + aug + `,"withdrawal_declared_on":"2025-09-29"}`, asOf: "2025-10-01", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-09-29 2025-09-29", "withdrawal.period_extended consumer 2025-09-15 2025-09-29"}},
		{name: "14 days from the late information: the day after",
			facts: `{` + aug + `,"withdrawal_declared_on":"2025-09-30"}`, asOf: "2025-10-01", prefixes: w,
			want: []string{"withdrawal.period_extended consumer 2025-09-15 2025-09-29", "withdrawal.expired shop 2025-09-30 2025-09-29"}},
		{name: "information after 12 months: the right ended 12 months and 14 days after delivery",
			facts:    `{"category":"withdrawal","order_date":"2024-01-05","delivery_date":"2024-01-10","informed_about_withdrawal_on":"2025-01-20","withdrawal_declared_on":"2025-01-27","goods_returned_on":"2025-01-28"}`,
			asOf:     "2025-02-01",
			prefixes: w,
			want:     []string{"withdrawal.period_extended consumer 2025-01-20 2025-01-24", "withdrawal.expired shop 2025-01-27 2025-01-24"}},
		{name: "information on the delivery day is in time: the ordinary period",
			facts: `{"category":"withdrawal","order_date":"2025-08-01","delivery_date":"2025-08-05","informed_about_withdrawal_on":"2025-08-05","withdrawal_declared_on":"2025-08-20","goods_returned_on":"2025-08-21"}`,
			asOf:  "2025-08-25", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-08-20 2025-08-19"}},
		{name: "never informed: 12 months and 14 days, the last day",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-03","informed_about_withdrawal":false,"withdrawal_declared_on":"2026-03-17","goods_returned_on":"2026-03-18"}`,
			asOf:  "2026-03-20", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2026-03-17 2026-03-17", "withdrawal.period_extended consumer 2026-03-17"}},
		{name: "never informed: the day after",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-03","informed_about_withdrawal":false,"withdrawal_declared_on":"2026-03-18","goods_returned_on":"2026-03-18"}`,
			asOf:  "2026-03-20", prefixes: w,
			want: []string{"withdrawal.period_extended consumer 2026-03-17", "withdrawal.expired shop 2026-03-18 2026-03-17"}},
	})
}

func TestRevision2Refund(t *testing.T) {
	t.Parallel()
	r := []string{"refund.", "payment."}
	// Withdrawn before delivery on 2025-12-23: due 14 days later, on
	// Epiphany 2026-01-06.
	const xmas = `"category":"withdrawal","order_date":"2025-12-20","withdrawal_declared_on":"2025-12-23"`
	const ret = `"order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01"`
	runRuleCases(t, []ruleCase{
		{name: "never delivered: on the earliest end", facts: `{` + xmas + `}`, asOf: "2026-01-06", prefixes: r,
			want: []string{}},
		{name: "never delivered, the shop's state unknown: doubtful the day after",
			facts: `{` + xmas + `}`, asOf: "2026-01-07", prefixes: r,
			want: []string{"refund.overdue doubtful 2026-01-06 2026-01-07 54.80 EUR"}},
		{name: "never delivered, a shop in Lower Saxony: overdue the day after",
			facts: `{` + xmas + `,"shop_state":"NI"}`, asOf: "2026-01-07", prefixes: r,
			want: []string{"refund.overdue consumer 2026-01-06 54.80 EUR"}},
		{name: "never delivered, a shop in Bavaria: Epiphany moves the end",
			facts: `{` + xmas + `,"shop_state":"BY"}`, asOf: "2026-01-07", prefixes: r,
			want: []string{}},
		{name: "never delivered, a shop in Bavaria: the day after its end",
			facts: `{` + xmas + `,"shop_state":"BY"}`, asOf: "2026-01-08", prefixes: r,
			want: []string{"refund.overdue consumer 2026-01-07 54.80 EUR"}},
		{name: "the consumer's state does not decide the shop's period",
			facts: `{` + xmas + `,"shop_state":"BY","consumer_state":"NI"}`, asOf: "2026-01-07", prefixes: r,
			want: []string{}},
		{name: "returned after the 14 days: due on the return, the day of",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-20"}`, asOf: "2025-12-20", prefixes: r,
			want: []string{}},
		{name: "returned after the 14 days: the day after the return",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-20"}`, asOf: "2025-12-21", prefixes: r,
			want: []string{"refund.overdue consumer 2025-12-20 54.80 EUR"}},
		{name: "payment, never delivered: missing, not withheld",
			facts: `{"category":"payment","order_date":"2025-11-03","promised_delivery_date":"2025-11-10","withdrawal_declared_on":"2025-11-12"}`,
			asOf:  "2025-11-27", prefixes: r,
			want: []string{"refund.overdue consumer 2025-11-26 54.80 EUR", "payment.refund_missing consumer 2025-11-26"}},
		{name: "payment, delivered and kept: withheld, never missing",
			facts: `{"category":"payment",` + ret + `}`, asOf: "2026-02-01", prefixes: r,
			want: []string{"refund.may_be_withheld shop"}},
	})
}

func TestRevision2Limitation(t *testing.T) {
	t.Parallel()
	w := []string{"warranty.in_period", "warranty.expired"}
	// New law: delivered Friday 2023-03-10, two years end Monday 2025-03-10.
	const early = `"category":"warranty","order_date":"2023-03-05","delivery_date":"2023-03-10","defect_noticed_on":"2024-06-01"`
	// A defect showing late: four more months from 2025-02-20, to 2025-06-20.
	const late = `"category":"warranty","order_date":"2023-03-05","delivery_date":"2023-03-10","defect_noticed_on":"2025-02-20"`
	// Old law (contract of 2021): no §475e(3).
	const old = `"category":"warranty","order_date":"2021-06-01","delivery_date":"2021-06-04","defect_noticed_on":"2023-05-20"`
	// Two years ending on Reformation Day 2025-10-31.
	const reform = `"category":"warranty","order_date":"2023-10-25","delivery_date":"2023-10-31","defect_noticed_on":"2024-01-10"`
	runRuleCases(t, []ruleCase{
		{name: "two years: the day before the end", facts: `{` + early + `}`, asOf: "2025-03-09", prefixes: w,
			want: []string{"warranty.in_period consumer 2025-03-10"}},
		{name: "two years: on the end", facts: `{` + early + `}`, asOf: "2025-03-10", prefixes: w,
			want: []string{"warranty.in_period consumer 2025-03-10"}},
		{name: "two years: the day after, no claim raised in time", facts: `{` + early + `}`, asOf: "2025-03-11", prefixes: w,
			want: []string{"warranty.expired shop 2025-03-10"}},
		{name: "a complaint to the shop does not stop limitation, but negotiations may: doubtful",
			facts: `{` + early + `,"contacted_shop_on":"2024-06-02"}`, asOf: "2025-03-11", prefixes: w,
			want: []string{"warranty.expired doubtful 2025-03-10 2024-06-02"}},
		{name: "contact after the end: no suspension",
			facts: `{` + early + `,"contacted_shop_on":"2025-03-11"}`, asOf: "2025-03-12", prefixes: w,
			want: []string{"warranty.expired shop 2025-03-10"}},
		{name: "§475e(3): the last day of the four months", facts: `{` + late + `}`, asOf: "2025-06-20", prefixes: w,
			want: []string{"warranty.in_period consumer 2025-06-20"}},
		{name: "§475e(3): the day after", facts: `{` + late + `}`, asOf: "2025-06-21", prefixes: w,
			want: []string{"warranty.expired shop 2025-06-20"}},
		{name: "old law: no four months", facts: `{` + old + `}`, asOf: "2023-06-05", prefixes: w,
			want: []string{"warranty.in_period consumer 2023-06-05"}},
		{name: "old law: the end on a Sunday moves to Monday (§193), the day after is late", facts: `{` + old + `}`, asOf: "2023-06-06", prefixes: w,
			want: []string{"warranty.expired shop 2023-06-05"}},
		{name: "used goods: one year, the last day",
			facts: `{"category":"warranty","order_date":"2024-05-01","delivery_date":"2024-05-06","used_goods_one_year":true,"defect_noticed_on":"2024-12-01"}`,
			asOf:  "2025-05-06", prefixes: w, want: []string{"warranty.in_period consumer 2025-05-06"}},
		{name: "used goods: one year, the day after",
			facts: `{"category":"warranty","order_date":"2024-05-01","delivery_date":"2024-05-06","used_goods_one_year":true,"defect_noticed_on":"2024-12-01"}`,
			asOf:  "2025-05-07", prefixes: w, want: []string{"warranty.expired shop 2025-05-06"}},
		{name: "new goods: the same dates are within two years",
			facts: `{"category":"warranty","order_date":"2024-05-01","delivery_date":"2024-05-06","defect_noticed_on":"2024-12-01"}`,
			asOf:  "2025-05-07", prefixes: w, want: []string{"warranty.in_period consumer 2026-05-06"}},
		{name: "a defect first showing after the period: expired",
			facts: `{"category":"warranty","order_date":"2024-05-01","delivery_date":"2024-05-06","used_goods_one_year":true,"defect_noticed_on":"2025-05-20"}`,
			asOf:  "2025-05-21", prefixes: w, want: []string{"warranty.expired shop 2025-05-06"}},
		{name: "the consumer's state unknown, the end on Reformation Day: on it",
			facts: `{` + reform + `}`, asOf: "2025-10-31", prefixes: w, want: []string{"warranty.in_period consumer 2025-10-31"}},
		{name: "the consumer's state unknown: doubtful the day after",
			facts: `{` + reform + `}`, asOf: "2025-11-01", prefixes: w, want: []string{"warranty.expired doubtful 2025-10-31 2025-11-03"}},
		{name: "Lower Saxony: the end moves to Monday",
			facts: `{` + reform + `,"consumer_state":"NI"}`, asOf: "2025-11-03", prefixes: w, want: []string{"warranty.in_period consumer 2025-11-03"}},
		{name: "Bavaria: expired the day after",
			facts: `{` + reform + `,"consumer_state":"BY"}`, asOf: "2025-11-01", prefixes: w, want: []string{"warranty.expired shop 2025-10-31"}},
	})
}

func TestRevision2Delivery(t *testing.T) {
	t.Parallel()
	d := []string{"delivery."}
	const sep = `"category":"delivery","order_date":"2025-09-01","promised_delivery_date":"2025-09-12"`
	runRuleCases(t, []ruleCase{
		{name: "a further period set before the due day has no effect",
			facts: `{` + sep + `,"additional_deadline_set_on":"2025-09-05","additional_deadline_until":"2025-09-19"}`, asOf: "2025-09-29", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-09-12", "delivery.set_deadline neither 2025-09-19 2025-09-12"}},
		{name: "set on the due day: no effect either",
			facts: `{` + sep + `,"additional_deadline_set_on":"2025-09-12","additional_deadline_until":"2025-09-19"}`, asOf: "2025-09-29", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-09-12", "delivery.set_deadline neither 2025-09-19 2025-09-12"}},
		{name: "set the day after the due day: still running on its last day",
			facts: `{` + sep + `,"additional_deadline_set_on":"2025-09-13","additional_deadline_until":"2025-09-19"}`, asOf: "2025-09-19", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-09-12"}},
		{name: "set the day after the due day: passed the day after its end",
			facts: `{` + sep + `,"additional_deadline_set_on":"2025-09-13","additional_deadline_until":"2025-09-19"}`, asOf: "2025-09-20", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-09-12", "delivery.withdraw_possible consumer 2025-09-19"}},
		{name: "the day it was set unknown, ending on the due day: no effect",
			facts: `{` + sep + `,"additional_deadline_until":"2025-09-12"}`, asOf: "2025-09-29", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-09-12", "delivery.set_deadline neither 2025-09-12 2025-09-12"}},
		{name: "after a valid withdrawal nothing is owed: no delivery findings",
			facts: `{` + sep + `,"withdrawal_declared_on":"2025-09-20"}`, asOf: "2025-10-20", prefixes: d,
			want: []string{}},
		{name: "lost in transit, although tracking says delivered: the shop's risk, and still owed",
			facts: `{` + sep + `,"delivery_date":"2025-09-10","lost_in_transit":true}`, asOf: "2025-09-20", prefixes: d,
			want: []string{"delivery.transit_risk_on_shop consumer", "delivery.overdue consumer 2025-09-12", "delivery.set_deadline neither"}},
		{name: "promised for Reformation Day, the shop's state unknown: on the day",
			facts: `{"category":"delivery","order_date":"2025-10-01","promised_delivery_date":"2025-10-31"}`, asOf: "2025-10-31", prefixes: d,
			want: []string{}},
		{name: "promised for Reformation Day, the shop's state unknown: doubtful the day after",
			facts: `{"category":"delivery","order_date":"2025-10-01","promised_delivery_date":"2025-10-31"}`, asOf: "2025-11-01", prefixes: d,
			want: []string{"delivery.overdue doubtful 2025-10-31 2025-11-03", "delivery.set_deadline neither"}},
		{name: "promised for Reformation Day, a shop in Lower Saxony: not yet",
			facts: `{"category":"delivery","order_date":"2025-10-01","promised_delivery_date":"2025-10-31","shop_state":"NI"}`, asOf: "2025-11-03", prefixes: d,
			want: []string{}},
		{name: "promised for Reformation Day, a shop in Bavaria: late the day after",
			facts: `{"category":"delivery","order_date":"2025-10-01","promised_delivery_date":"2025-10-31","shop_state":"BY"}`, asOf: "2025-11-01", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-10-31", "delivery.set_deadline neither"}},
	})
}

func TestRevision2Data(t *testing.T) {
	t.Parallel()
	dr := []string{"data."}
	const req = `"category":"data","order_date":"2025-11-20","data_request_on":"2025-12-06"`
	runRuleCases(t, []ruleCase{
		{name: "unknown state: on the earliest end", facts: `{` + req + `}`, asOf: "2026-01-06", prefixes: dr,
			want: []string{"data.request_pending neither 2026-01-06"}},
		{name: "unknown state: doubtful the day after", facts: `{` + req + `}`, asOf: "2026-01-07", prefixes: dr,
			want: []string{"data.request_overdue doubtful 2026-01-06 2026-01-07"}},
		{name: "a shop in Bavaria: pending until the day after Epiphany", facts: `{` + req + `,"shop_state":"BY"}`, asOf: "2026-01-07", prefixes: dr,
			want: []string{"data.request_pending neither 2026-01-07"}},
		{name: "a shop in Lower Saxony: overdue", facts: `{` + req + `,"shop_state":"NI"}`, asOf: "2026-01-07", prefixes: dr,
			want: []string{"data.request_overdue consumer 2026-01-06"}},
	})
}

// TestRevision2NoViolationOnDoubt: standard violations only rest on findings
// that are not doubtful; the shop's registered seat (Options.ShopState)
// wins over the facts' shop_state.
func TestRevision2NoViolationOnDoubt(t *testing.T) {
	t.Parallel()
	f := factsOf(t, `{"category":"data","order_date":"2025-11-20","data_request_on":"2025-12-06"}`, "2026-01-07")
	on := fairshops.MustDate("2026-01-07")
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"state unknown: doubtful, no violation", Options{}, []string{}},
		{"a shop in Lower Saxony: a violation", Options{ShopState: 9}, []string{"must.data_protection_requests"}},
		{"a shop in Bavaria: not yet due", Options{ShopState: 2}, []string{}},
	}
	for _, tc := range tests {
		r := Check(f, on, tc.opts)
		if diff := cmp.Diff(tc.want, r.StandardViolations); diff != "" {
			t.Errorf("%s (-want +got):\n%s\n%v", tc.name, diff, summary(r))
		}
	}
	g := f
	g.ShopState = 9 // NI in the facts, BY registered: the registration wins
	require.Empty(t, Check(g, on, Options{ShopState: 2}).StandardViolations)
}

// TestRevision2Basis: VSBG §14(1) no. 2, and the revision in every result.
func TestRevision2Basis(t *testing.T) {
	t.Parallel()
	f := factsOf(t, `{"category":"other","order_date":"2025-11-20","contacted_shop_on":null}`, "2025-12-01")
	r := Check(f, fairshops.MustDate("2025-12-01"), Options{})
	require.Equal(t, Revision, r.Revision)
	require.Equal(t, 2, r.RulesRevision())
	require.Equal(t, "VSBG §14(1) no. 2 (by analogy)", r.Findings[0].Basis)
	require.Equal(t, 2, r.Localize(fairshops.English).RulesRevision)
	require.Equal(t, RevisionOne, Result{}.RulesRevision(), "a stored result without a revision is revision 1")
}
