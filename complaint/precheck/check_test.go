package precheck

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// ruleCase is one check at a boundary: the findings of the rules whose IDs
// start with one of prefixes, as "rule favours args...".
type ruleCase struct {
	name     string
	facts    string // JSON over the test complaint of factsOf
	asOf     string
	state    calendar.State
	prefixes []string
	want     []string
	missing  []string // nil: not checked
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := factsOf(t, tc.facts, tc.asOf)
			r := Check(f, fairshops.MustDate(tc.asOf), Options{State: tc.state})
			got := only(summary(r), tc.prefixes...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nall: %v", diff, summary(r))
			}
			if tc.missing != nil {
				if diff := cmp.Diff(tc.missing, r.MissingFacts); diff != "" {
					t.Errorf("missing_facts (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestWithdrawalRules(t *testing.T) {
	t.Parallel()
	w := []string{"withdrawal.", "refund."}
	runRuleCases(t, []ruleCase{
		{name: "day 14 is in the period",
			facts: `{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-17","goods_returned_on":"2025-06-17"}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-06-17 2025-06-17"}},
		{name: "day 15 is too late",
			facts: `{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-18","informed_about_withdrawal":true}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-06-18 2025-06-17"}},
		{name: "a period ending on a Saturday runs to Monday",
			facts: `{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-05-31","withdrawal_declared_on":"2025-06-16","goods_returned_on":"2025-06-16"}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-06-16 2025-06-16"}},
		{name: "the Tuesday after a Saturday end is too late",
			facts: `{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-05-31","withdrawal_declared_on":"2025-06-17","informed_about_withdrawal":true}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-06-17 2025-06-16"}},
		{name: "a period ending on Christmas Day runs past the holidays and the weekend",
			facts: `{"category":"withdrawal","order_date":"2025-12-01","delivery_date":"2025-12-11","withdrawal_declared_on":"2025-12-29","goods_returned_on":"2025-12-29"}`,
			asOf:  "2025-12-30", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-12-29 2025-12-29"}},
		{name: "the day after the moved end is too late",
			facts: `{"category":"withdrawal","order_date":"2025-12-01","delivery_date":"2025-12-11","withdrawal_declared_on":"2025-12-30","informed_about_withdrawal":true}`,
			asOf:  "2025-12-30", prefixes: w,
			want: []string{"withdrawal.expired shop 2025-12-30 2025-12-29"}},
		{name: "Reformation Day is a holiday in Hamburg",
			facts: `{"category":"withdrawal","order_date":"2025-10-01","delivery_date":"2025-10-17","withdrawal_declared_on":"2025-11-03","goods_returned_on":"2025-11-03"}`,
			asOf:  "2025-11-04", state: calendar.HH, prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-11-03 2025-11-03"}},
		{name: "Reformation Day is no holiday in Bavaria",
			facts: `{"category":"withdrawal","order_date":"2025-10-01","delivery_date":"2025-10-17","withdrawal_declared_on":"2025-11-03","informed_about_withdrawal":true}`,
			asOf:  "2025-11-04", state: calendar.BY, prefixes: w,
			want: []string{"withdrawal.expired shop 2025-11-03 2025-10-31"}},
		{name: "information not given: one day late is doubtful, not expired",
			facts: `{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-18"}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{"withdrawal.expired doubtful 2025-06-18 2025-06-17"}},
		{name: "information not given: after 12 months + 14 days it is expired all the same",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-10","withdrawal_declared_on":"2026-03-25"}`,
			asOf:  "2026-03-26", prefixes: w,
			want: []string{"withdrawal.expired shop 2026-03-25 2025-03-24"}},
		{name: "information not given: on the last day of 12 months + 14 days still doubtful",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-10","withdrawal_declared_on":"2026-03-24"}`,
			asOf:  "2026-03-26", prefixes: w,
			want: []string{"withdrawal.expired doubtful 2026-03-24 2025-03-24"}},
		{name: "not informed: the last day of 12 months + 14 days",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-10","informed_about_withdrawal":false,"withdrawal_declared_on":"2026-03-24","goods_returned_on":"2026-03-24"}`,
			asOf:  "2026-03-25", prefixes: w,
			want: []string{
				"withdrawal.in_period consumer 2026-03-24 2026-03-24",
				"withdrawal.period_extended consumer 2026-03-24",
			}},
		{name: "not informed: one day after 12 months + 14 days",
			facts: `{"category":"withdrawal","order_date":"2025-03-01","delivery_date":"2025-03-10","informed_about_withdrawal":false,"withdrawal_declared_on":"2026-03-25"}`,
			asOf:  "2026-03-25", prefixes: w,
			want: []string{
				"withdrawal.period_extended consumer 2026-03-24",
				"withdrawal.expired shop 2026-03-25 2026-03-24",
			}},
		{name: "not informed: 12 months reach Feb 29 first, then 14 days",
			facts: `{"category":"withdrawal","order_date":"2023-02-01","delivery_date":"2023-02-15","informed_about_withdrawal":false,"withdrawal_declared_on":"2024-02-29","goods_returned_on":"2024-02-29"}`,
			asOf:  "2024-03-01", prefixes: w,
			want: []string{
				"withdrawal.in_period consumer 2024-02-29 2024-02-29",
				"withdrawal.period_extended consumer 2024-02-29",
			}},
		{name: "a withdrawal before the known delivery is in time",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","delivery_date":"2025-06-10","withdrawal_declared_on":"2025-06-05","goods_returned_on":"2025-06-11"}`,
			asOf:  "2025-06-12", prefixes: w,
			want: []string{"withdrawal.in_period consumer 2025-06-05 2025-06-24"}},
		{name: "goods not delivered: the period has not started, the withdrawal is valid",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","withdrawal_declared_on":"2025-06-05"}`,
			asOf:  "2025-08-01", prefixes: w,
			// Revision 2: nothing to withhold, the refund is due 14 days
			// after the withdrawal (§357(1)); 2025-06-19 is Corpus Christi
			// in six states, so the latest end is 2025-06-20.
			want: []string{"withdrawal.not_yet_started consumer", "refund.overdue consumer 2025-06-20 54.80 EUR"}},
		{name: "goods sent back: a missing delivery date is missing, not 'not delivered'",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","withdrawal_declared_on":"2025-06-05","goods_returned_on":"2025-06-06"}`,
			asOf:  "2025-08-01", prefixes: w,
			want: []string{}, missing: []string{"delivery_date"}},
		{name: "a return without a delivery date cannot be judged",
			facts: `{"category":"return","order_date":"2025-06-01","withdrawal_declared_on":"2025-06-10"}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{}, missing: []string{"delivery_date"}},
		{name: "a return without a declaration: the declaration is missing",
			facts: `{"category":"return","order_date":"2025-06-01","delivery_date":"2025-06-03"}`,
			asOf:  "2025-06-20", prefixes: w,
			want: []string{}, missing: []string{"withdrawal_declared_on"}},
		{name: "an exception claimed makes the right doubtful and stops the refund rules",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-10","goods_returned_on":"2025-06-11","withdrawal_exception":"perishable"}`,
			asOf:  "2025-07-30", prefixes: w,
			want: []string{
				"withdrawal.in_period consumer 2025-06-10 2025-06-17",
				"withdrawal.exception_claimed doubtful exception.perishable",
			}},
	})
}

func TestRefundRules(t *testing.T) {
	t.Parallel()
	r := []string{"refund.", "payment."}
	const ret = `"order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01"`
	runRuleCases(t, []ruleCase{
		{name: "day 14 after the withdrawal: not yet overdue",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-02"}`,
			asOf:  "2025-12-15", prefixes: r, want: []string{}},
		{name: "day 15 after the withdrawal: overdue, with the delivery cost",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-02"}`,
			asOf:  "2025-12-16", prefixes: r,
			want: []string{"refund.overdue consumer 2025-12-15 54.80 EUR"}},
		{name: "without a delivery cost the order value",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-02","delivery_cost":null}`,
			asOf:  "2025-12-16", prefixes: r,
			want: []string{"refund.overdue consumer 2025-12-15 49.90 EUR"}},
		{name: "refund period ending on a Saturday runs to Monday",
			facts: `{"category":"return","order_date":"2025-05-20","delivery_date":"2025-05-25","withdrawal_declared_on":"2025-05-31","goods_returned_on":"2025-06-02"}`,
			asOf:  "2025-06-16", prefixes: r, want: []string{}},
		{name: "the Tuesday after: overdue",
			facts: `{"category":"return","order_date":"2025-05-20","delivery_date":"2025-05-25","withdrawal_declared_on":"2025-05-31","goods_returned_on":"2025-06-02"}`,
			asOf:  "2025-06-17", prefixes: r,
			want: []string{"refund.overdue consumer 2025-06-16 54.80 EUR"}},
		{name: "goods not sent back: the shop may withhold",
			facts: `{"category":"return",` + ret + `}`,
			asOf:  "2025-12-16", prefixes: r,
			want: []string{"refund.may_be_withheld shop"}},
		{name: "refund received",
			facts: `{"category":"return",` + ret + `,"goods_returned_on":"2025-12-02","refund_received":true}`,
			asOf:  "2025-12-16", prefixes: r, want: []string{}},
		{name: "an expired withdrawal owes no refund",
			facts: `{"category":"return","order_date":"2025-11-01","delivery_date":"2025-11-03","withdrawal_declared_on":"2025-12-01","goods_returned_on":"2025-12-02"}`,
			asOf:  "2025-12-20", prefixes: r, want: []string{}},
		{name: "payment: the refund is missing after its due date",
			facts: `{"category":"payment",` + ret + `,"goods_returned_on":"2025-12-02"}`,
			asOf:  "2025-12-16", prefixes: r,
			want: []string{
				"refund.overdue consumer 2025-12-15 54.80 EUR",
				"payment.refund_missing consumer 2025-12-15",
			}},
		{name: "payment: not before the due date",
			facts: `{"category":"payment",` + ret + `,"goods_returned_on":"2025-12-02"}`,
			asOf:  "2025-12-15", prefixes: r, want: []string{}},
		// Revision 2: a refund the shop may still withhold is not missing.
		{name: "payment: not missing while the shop may still withhold",
			facts: `{"category":"payment",` + ret + `}`,
			asOf:  "2025-12-16", prefixes: r,
			want: []string{"refund.may_be_withheld shop"}},
		// Revision 2: goods never delivered: no withholding, due 14 days
		// after the withdrawal (§357(1), (4)).
		{name: "withdrawn before delivery: nothing to withhold, due after 14 days",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","withdrawal_declared_on":"2025-06-02"}`,
			asOf:  "2025-06-17", prefixes: r,
			want: []string{"refund.overdue consumer 2025-06-16 54.80 EUR"}},
		{name: "withdrawn before delivery: not on day 14",
			facts: `{"category":"withdrawal","order_date":"2025-06-01","withdrawal_declared_on":"2025-06-02"}`,
			asOf:  "2025-06-16", prefixes: r, want: []string{}},
	})
}

func TestWarrantyRules(t *testing.T) {
	t.Parallel()
	w := []string{"warranty."}
	runRuleCases(t, []ruleCase{
		// Revision 2: limitation, judged on the check date. A defect that
		// showed on the last day (Saturday 2026-02-28) extends limitation to
		// four months after (Sunday 2026-06-28, §193: Monday), §475e(3).
		{name: "leap day + 2 years: a defect on the last day, four months more",
			facts: `{"category":"warranty","order_date":"2024-02-20","delivery_date":"2024-02-29","defect_noticed_on":"2026-02-28"}`,
			asOf:  "2026-03-05", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2026-06-29",
				"warranty.burden_on_consumer doubtful 2025-02-28",
			}},
		{name: "leap day + 2 years: the presumption's year is not moved by §193",
			facts: `{"category":"warranty","order_date":"2024-02-20","delivery_date":"2024-02-29","defect_noticed_on":"2025-02-28"}`,
			asOf:  "2025-03-05", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2026-03-02",
				"warranty.presumed_at_delivery consumer 2025-02-28",
			}},
		{name: "exactly one year: presumed (contract from 2022-01-01)",
			facts: `{"category":"warranty","order_date":"2022-01-01","delivery_date":"2022-01-10","defect_noticed_on":"2023-01-10"}`,
			asOf:  "2023-02-01", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2024-01-10",
				"warranty.presumed_at_delivery consumer 2023-01-10",
			}},
		{name: "one year and a day: the burden is on the consumer",
			facts: `{"category":"warranty","order_date":"2022-01-01","delivery_date":"2022-01-10","defect_noticed_on":"2023-01-11"}`,
			asOf:  "2023-02-01", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2024-01-10",
				"warranty.burden_on_consumer doubtful 2023-01-10",
			}},
		{name: "contract of 2021-12-31: six months, the last day",
			facts: `{"category":"warranty","order_date":"2021-12-31","delivery_date":"2022-01-10","defect_noticed_on":"2022-07-10"}`,
			asOf:  "2022-08-01", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2024-01-10",
				"warranty.presumed_at_delivery consumer 2022-07-10",
			}},
		{name: "contract of 2021-12-31: six months and a day",
			facts: `{"category":"warranty","order_date":"2021-12-31","delivery_date":"2022-01-10","defect_noticed_on":"2022-07-11"}`,
			asOf:  "2022-08-01", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2024-01-10",
				"warranty.burden_on_consumer doubtful 2022-07-10",
			}},
		{name: "no date noticed: the check date within a year settles both",
			facts: `{"category":"not_as_described","order_date":"2025-02-20","delivery_date":"2025-03-01"}`,
			asOf:  "2025-09-01", prefixes: w,
			want: []string{
				"warranty.in_period consumer 2027-03-01",
				"warranty.presumed_at_delivery consumer 2026-03-01",
			},
			missing: []string{"defect_noticed_on"}},
		{name: "no date noticed, check date after a year: the period only",
			facts: `{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01"}`,
			asOf:  "2026-09-01", prefixes: w,
			want: []string{"warranty.in_period consumer 2027-03-01"}, missing: []string{"defect_noticed_on"}},
		// Revision 2: the defect may have shown on the last day, which
		// would extend limitation by four months: doubtful.
		{name: "no date noticed, check date after two years: doubtful",
			facts: `{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01"}`,
			asOf:  "2027-03-02", prefixes: w, want: []string{"warranty.expired doubtful 2027-03-01 2027-07-01"},
			missing: []string{"defect_noticed_on"}},
		{name: "no delivery date: missing; cure first still applies",
			facts: `{"category":"warranty","order_date":"2025-02-20","defect_noticed_on":"2025-03-10","desired_resolution":"refund"}`,
			asOf:  "2025-04-01", prefixes: w,
			want: []string{"warranty.cure_first shop"}, missing: []string{"delivery_date"}},
		{name: "a refund before cure was asked for: cure first",
			facts: `{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01","defect_noticed_on":"2025-03-10","desired_resolution":"price_reduction"}`,
			asOf:  "2025-04-01", prefixes: []string{"warranty.cure"},
			want: []string{"warranty.cure_first shop"}},
		{name: "repair wanted: no cure-first finding",
			facts: `{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01","defect_noticed_on":"2025-03-10","desired_resolution":"repair"}`,
			asOf:  "2025-04-01", prefixes: []string{"warranty.cure"}, want: []string{}},
		{name: "a valid withdrawal: the refund is owed without cure",
			facts: `{"category":"not_as_described","order_date":"2025-02-20","delivery_date":"2025-03-01","defect_noticed_on":"2025-03-02","withdrawal_declared_on":"2025-03-05","desired_resolution":"refund"}`,
			asOf:  "2025-04-01", prefixes: []string{"warranty.cure", "withdrawal."},
			want: []string{"withdrawal.in_period consumer 2025-03-05 2025-03-17"}},
		{name: "cure asked for, 30 days not passed",
			facts: `{"category":"warranty","order_date":"2025-02-15","delivery_date":"2025-02-20","defect_noticed_on":"2025-02-25","cure_requested_on":"2025-03-01"}`,
			asOf:  "2025-03-31", prefixes: []string{"warranty.cure"}, want: []string{}},
		{name: "cure asked for, 30 days passed",
			facts: `{"category":"warranty","order_date":"2025-02-15","delivery_date":"2025-02-20","defect_noticed_on":"2025-02-25","cure_requested_on":"2025-03-01"}`,
			asOf:  "2025-04-01", prefixes: []string{"warranty.cure"},
			want: []string{"warranty.cure_overdue consumer 2025-03-31"}},
		{name: "a deadline on a Saturday runs to Monday",
			facts: `{"category":"warranty","order_date":"2025-02-15","delivery_date":"2025-02-20","defect_noticed_on":"2025-02-25","cure_requested_on":"2025-03-01","additional_deadline_until":"2025-03-15"}`,
			asOf:  "2025-03-17", prefixes: []string{"warranty.cure"}, want: []string{}},
		{name: "the day after the moved deadline",
			facts: `{"category":"warranty","order_date":"2025-02-15","delivery_date":"2025-02-20","defect_noticed_on":"2025-02-25","cure_requested_on":"2025-03-01","additional_deadline_until":"2025-03-15"}`,
			asOf:  "2025-03-18", prefixes: []string{"warranty.cure"},
			want: []string{"warranty.cure_overdue consumer 2025-03-17"}},
		{name: "money back received: no cure overdue",
			facts: `{"category":"warranty","order_date":"2025-02-15","delivery_date":"2025-02-20","defect_noticed_on":"2025-02-25","cure_requested_on":"2025-03-01","refund_received":true}`,
			asOf:  "2025-05-01", prefixes: []string{"warranty.cure"}, want: []string{}},
		{name: "time-barred: no cure rules",
			facts: `{"category":"warranty","order_date":"2020-01-05","delivery_date":"2020-01-10","defect_noticed_on":"2022-02-01","cure_requested_on":"2022-02-02","desired_resolution":"refund"}`,
			asOf:  "2022-06-01", prefixes: w,
			want: []string{"warranty.expired shop 2022-01-10"}},
	})
}

func TestDeliveryRules(t *testing.T) {
	t.Parallel()
	d := []string{"delivery."}
	const order = `"category":"delivery","order_date":"2025-06-02"`
	runRuleCases(t, []ruleCase{
		{name: "no date promised: day 30 after the order is in time",
			facts: `{` + order + `}`, asOf: "2025-07-02", prefixes: d,
			want: []string{}, missing: []string{"promised_delivery_date"}},
		{name: "no date promised: day 31 is late",
			facts: `{` + order + `}`, asOf: "2025-07-03", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-07-02", "delivery.set_deadline neither"}},
		{name: "a promised Saturday moves to Monday",
			facts: `{` + order + `,"promised_delivery_date":"2025-06-14"}`, asOf: "2025-06-16", prefixes: d,
			want: []string{}, missing: []string{}},
		{name: "the Tuesday after a promised Saturday is late",
			facts: `{` + order + `,"promised_delivery_date":"2025-06-14"}`, asOf: "2025-06-17", prefixes: d,
			// Revision 2: no transit risk for a delivery that is merely late.
			want: []string{
				"delivery.overdue consumer 2025-06-16",
				"delivery.set_deadline neither",
			}},
		{name: "a further period still running",
			facts: `{` + order + `,"promised_delivery_date":"2025-06-14","additional_deadline_until":"2025-06-28"}`,
			asOf:  "2025-06-30", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-06-16"}},
		// Revision 2: without the day it was set, a further period ending
		// after the due day may have been set before it: doubtful.
		{name: "the further period passed, set on an unknown day: doubtful",
			facts: `{` + order + `,"promised_delivery_date":"2025-06-14","additional_deadline_until":"2025-06-28"}`,
			asOf:  "2025-07-01", prefixes: d,
			want: []string{
				"delivery.overdue consumer 2025-06-16",
				"delivery.withdraw_possible doubtful 2025-06-30",
			}},
		{name: "the further period passed, set after the due day: withdrawal possible",
			facts: `{` + order + `,"promised_delivery_date":"2025-06-14","additional_deadline_until":"2025-06-28","additional_deadline_set_on":"2025-06-17"}`,
			asOf:  "2025-07-01", prefixes: d,
			want: []string{
				"delivery.overdue consumer 2025-06-16",
				"delivery.withdraw_possible consumer 2025-06-30",
			}},
		{name: "damaged in transit",
			facts: `{` + order + `,"delivery_date":"2025-06-05","damaged_in_transit":true}`, asOf: "2025-06-06", prefixes: d,
			want: []string{"delivery.transit_risk_on_shop consumer"}},
		{name: "a warranty case without a delivery date is no late delivery",
			facts: `{"category":"warranty","order_date":"2025-06-02","defect_noticed_on":"2025-06-10"}`, asOf: "2025-09-01", prefixes: d,
			want: []string{}},
		{name: "a payment complaint naming a promised date",
			facts: `{"category":"payment","order_date":"2025-06-02","promised_delivery_date":"2025-06-10"}`, asOf: "2025-06-20", prefixes: d,
			want: []string{"delivery.overdue consumer 2025-06-10", "delivery.set_deadline neither"}},
		{name: "a payment complaint without one says nothing about delivery",
			facts: `{"category":"payment","order_date":"2025-06-02"}`, asOf: "2025-09-20", prefixes: d,
			want: []string{}},
	})
}

func TestOtherRules(t *testing.T) {
	t.Parallel()
	runRuleCases(t, []ruleCase{
		{name: "not ordered at all",
			facts: `{"category":"not_ordered","contacted_shop_on":"2025-06-03"}`, asOf: "2025-06-10",
			prefixes: []string{"order."}, want: []string{"order.unsolicited consumer"}},
		{name: "ordered, but not that much",
			facts: `{"category":"not_ordered","order_date":"2025-06-01"}`, asOf: "2025-06-10",
			prefixes: []string{"order."}, want: []string{"order.unsolicited doubtful"}},
		{name: "no withdrawal button for an order the day before the duty",
			facts: `{"category":"withdrawal","order_date":"2026-06-18","delivery_date":"2026-06-20","withdrawal_function_missing":true}`, asOf: "2026-06-25",
			prefixes: []string{"withdrawal.button"}, want: []string{}},
		{name: "no withdrawal button for an order on the first day of the duty",
			facts: `{"category":"withdrawal","order_date":"2026-06-19","delivery_date":"2026-06-20","withdrawal_function_missing":true}`, asOf: "2026-06-25",
			prefixes: []string{"withdrawal.button"}, want: []string{"withdrawal.button_missing consumer"}},
		{name: "no withdrawal button, no order date",
			facts: `{"category":"not_ordered","contacted_shop_on":"2026-07-01","withdrawal_function_missing":true}`, asOf: "2026-07-25",
			prefixes: []string{"withdrawal.button"}, want: []string{}, missing: []string{"order_date"}},
		{name: "a shop refusing a 'late' report of a defect",
			facts: `{"category":"warranty","order_date":"2025-06-01","delivery_date":"2025-06-03","defect_noticed_on":"2025-06-20","shop_rejected_late_notice":true}`, asOf: "2025-06-25",
			prefixes: []string{"defence."}, want: []string{"defence.late_notice_invalid consumer"}},
		{name: "data request: the last day of the month",
			facts: `{"category":"data","order_date":"2025-01-10","data_request_on":"2025-01-31"}`, asOf: "2025-02-28",
			prefixes: []string{"data."}, want: []string{"data.request_pending neither 2025-02-28"}},
		{name: "data request: the day after the month",
			facts: `{"category":"data","order_date":"2025-01-10","data_request_on":"2025-01-31"}`, asOf: "2025-03-01",
			prefixes: []string{"data."}, want: []string{"data.request_overdue consumer 2025-02-28"}},
		{name: "data request: a month ending on a Sunday runs to Monday",
			facts: `{"category":"data","order_date":"2025-10-01","data_request_on":"2025-10-31"}`, asOf: "2025-12-01",
			prefixes: []string{"data."}, want: []string{"data.request_pending neither 2025-12-01"}},
		{name: "data request: the Tuesday after",
			facts: `{"category":"data","order_date":"2025-10-01","data_request_on":"2025-10-31"}`, asOf: "2025-12-02",
			prefixes: []string{"data."}, want: []string{"data.request_overdue consumer 2025-12-01"}},
		{name: "data request answered",
			facts: `{"category":"data","order_date":"2025-10-01","data_request_on":"2025-10-31","data_request_answered":true}`, asOf: "2025-12-02",
			prefixes: []string{"data."}, want: []string{}},
		{name: "no contact with the shop",
			facts: `{"category":"data","order_date":"2025-10-01","contacted_shop_on":null}`, asOf: "2025-12-02",
			prefixes: []string{"contact."}, want: []string{"contact.shop_first neither"}},
		{name: "a business buyer: consumer law skipped, data protection stays",
			facts: `{"category":"withdrawal","buyer_is_consumer":false,"order_date":"2025-10-01","delivery_date":"2025-10-03","withdrawal_declared_on":"2025-10-05","data_request_on":"2025-10-05","shop_rejected_late_notice":true}`,
			asOf:  "2025-12-02", prefixes: []string{""},
			want: []string{"scope.not_consumer neither", "data.request_overdue consumer 2025-11-05"}, missing: []string{}},
		{name: "displeasure only",
			facts: `{"category":"other","order_date":"2025-10-01","desired_resolution":"apology"}`, asOf: "2025-12-02",
			prefixes: []string{""}, want: []string{"other.displeasure neither"}},
		{name: "displeasure beside the tip to contact the shop",
			facts: `{"category":"other","order_date":"2025-10-01","contacted_shop_on":null}`, asOf: "2025-12-02",
			prefixes: []string{""}, want: []string{"contact.shop_first neither", "other.displeasure neither"}},
		{name: "other, but money wanted: no displeasure",
			facts: `{"category":"other","order_date":"2025-10-01","desired_resolution":"refund"}`, asOf: "2025-12-02",
			prefixes: []string{""}, want: []string{}},
		{name: "other, apology wanted, but a rule fires: no displeasure",
			facts: `{"category":"other","order_date":"2025-10-01","desired_resolution":"apology","data_request_on":"2025-10-01"}`, asOf: "2025-12-02",
			prefixes: []string{""}, want: []string{"data.request_overdue consumer 2025-11-03"}},
	})
}

func TestVersionedBasis(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, facts, asOf string
		rule              RuleID
		want              string
	}{
		// The presumption: §476 until 2017, §477 (6 months) 2018-2021, §477(1) (1 year) since 2022.
		{"presumption, contract from 2022", `{"category":"warranty","order_date":"2022-01-01","delivery_date":"2022-01-10","defect_noticed_on":"2022-03-01"}`,
			"2022-04-01", WarrantyPresumedAtDelivery, "BGB §477(1)"},
		{"presumption, contract of 2021-12-31", `{"category":"warranty","order_date":"2021-12-31","delivery_date":"2022-01-10","defect_noticed_on":"2022-03-01"}`,
			"2022-04-01", WarrantyPresumedAtDelivery, "BGB §477 a.F."},
		{"presumption, contract of 2018-01-01", `{"category":"warranty","order_date":"2018-01-01","delivery_date":"2018-01-10","defect_noticed_on":"2018-03-01"}`,
			"2018-04-01", WarrantyPresumedAtDelivery, "BGB §477 a.F."},
		{"presumption, contract of 2017-12-31", `{"category":"warranty","order_date":"2017-12-31","delivery_date":"2018-01-10","defect_noticed_on":"2018-03-01"}`,
			"2018-04-01", WarrantyPresumedAtDelivery, "BGB §476 a.F."},
		{"burden, contract of 2021-12-31", `{"category":"warranty","order_date":"2021-12-31","delivery_date":"2022-01-10","defect_noticed_on":"2022-09-01"}`,
			"2022-10-01", WarrantyBurdenOnConsumer, "BGB §477 a.F. a contrario"},
		{"burden, contract of 2017-06-01", `{"category":"warranty","order_date":"2017-06-01","delivery_date":"2017-06-10","defect_noticed_on":"2018-03-01"}`,
			"2018-04-01", WarrantyBurdenOnConsumer, "BGB §476 a.F. a contrario"},
		{"burden, contract from 2022", `{"category":"warranty","order_date":"2022-01-02","delivery_date":"2022-01-10","defect_noticed_on":"2023-09-01"}`,
			"2023-10-01", WarrantyBurdenOnConsumer, "BGB §477(1) a contrario"},
		// No deviation to the consumer's detriment: §475(1) until 2017, §476(1) since 2018.
		{"late notice, contract of 2017-12-31", `{"category":"warranty","order_date":"2017-12-31","delivery_date":"2018-01-03","shop_rejected_late_notice":true}`,
			"2018-02-01", DefenceLateNoticeInvalid, "BGB §475(1) a.F.; HGB §377 binds merchants only"},
		{"late notice, contract of 2021-06-01", `{"category":"warranty","order_date":"2021-06-01","delivery_date":"2021-06-03","shop_rejected_late_notice":true}`,
			"2021-07-01", DefenceLateNoticeInvalid, "BGB §476(1) a.F.; HGB §377 binds merchants only"},
		{"late notice, contract from 2022", `{"category":"warranty","order_date":"2025-06-01","delivery_date":"2025-06-03","shop_rejected_late_notice":true}`,
			"2025-07-01", DefenceLateNoticeInvalid, "BGB §476(1); HGB §377 binds merchants only"},
		{"late notice, no order date", `{"category":"not_ordered","contacted_shop_on":"2021-06-01","shop_rejected_late_notice":true}`,
			"2021-07-01", DefenceLateNoticeInvalid, "BGB §476(1); HGB §377 binds merchants only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Check(factsOf(t, tc.facts, tc.asOf), fairshops.MustDate(tc.asOf), Options{})
			var got []string
			for _, f := range r.Findings {
				if f.Rule == tc.rule {
					got = append(got, f.Basis)
				}
			}
			require.Equal(t, []string{tc.want}, got, summary(r))
		})
	}
}

func TestPresumptionVersionFromDelivery(t *testing.T) {
	t.Parallel()
	// Facts built in Go without an order date (not validated): a delivery
	// before 2022 shows an old contract; a later one leaves it open.
	old := Facts{Category: Warranty, DeliveryDate: fairshops.MustDate("2021-11-01"),
		DefectNoticedOn: fairshops.MustDate("2022-03-01"), ContactedShopOn: fairshops.MustDate("2022-03-02")}
	r := Check(old, fairshops.MustDate("2022-04-01"), Options{})
	require.Equal(t, []string{"warranty.in_period consumer 2023-11-01", "warranty.presumed_at_delivery consumer 2022-05-01"},
		only(summary(r), "warranty."))
	require.Equal(t, "BGB §477 a.F.", r.Findings[len(r.Findings)-1].Basis)

	open := old
	open.DeliveryDate = fairshops.MustDate("2022-01-03")
	r = Check(open, fairshops.MustDate("2022-04-01"), Options{})
	require.Equal(t, []string{"warranty.in_period consumer 2024-01-03"}, only(summary(r), "warranty."))
	require.Equal(t, []string{"order_date"}, r.MissingFacts)
}

func TestCheckDate(t *testing.T) {
	t.Parallel()
	f := factsOf(t, `{"category":"delivery","order_date":"2025-06-02","as_of":"2025-07-03"}`, "")
	t.Run("the facts' as_of stands in for a zero check date", func(t *testing.T) {
		r := Check(f, fairshops.Date{}, Options{})
		require.Equal(t, "2025-07-03", r.AsOf.String())
		require.True(t, r.Fired(DeliveryOverdue))
	})
	t.Run("the check date wins over the facts' as_of", func(t *testing.T) {
		r := Check(f, fairshops.MustDate("2025-06-10"), Options{})
		require.Equal(t, "2025-06-10", r.AsOf.String())
		require.False(t, r.Fired(DeliveryOverdue))
	})
	t.Run("without any check date the dated rules wait and as_of is missing", func(t *testing.T) {
		g := f
		g.AsOf = fairshops.Date{}
		r := Check(g, fairshops.Date{}, Options{})
		require.False(t, r.Fired(DeliveryOverdue))
		require.Equal(t, []string{"as_of", "promised_delivery_date"}, r.MissingFacts)
		require.Equal(t, Doubtful, r.Clarity)
	})
	t.Run("an invalid state counts as national", func(t *testing.T) {
		g := factsOf(t, `{"category":"withdrawal","order_date":"2025-12-01","delivery_date":"2025-12-11","withdrawal_declared_on":"2025-12-29"}`, "2025-12-30")
		r := Check(g, fairshops.MustDate("2025-12-30"), Options{State: calendar.State(200)})
		require.True(t, r.Fired(WithdrawalInPeriod), summary(r))
	})
}

func TestFindingShape(t *testing.T) {
	t.Parallel()
	f := factsOf(t, `{"category":"return","order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01","goods_returned_on":"2025-12-02"}`, "2025-12-16")
	r := Check(f, fairshops.MustDate("2025-12-16"), Options{})
	want := Result{
		Revision: Revision,
		AsOf:     fairshops.MustDate("2025-12-16"),
		Category: Return,
		Clarity:  Clear,
		Findings: []Finding{
			{Rule: WithdrawalInPeriod, Favours: FavoursConsumer, Basis: "BGB §355(1), (2), §356(2) no. 1",
				Message: Message{Key: "rule.withdrawal.in_period", Args: []string{"2025-12-01", "2025-12-09"}},
				Tags:    []string{"withdrawal.in_period", "return"}},
			{Rule: RefundOverdue, Favours: FavoursConsumer, Basis: "BGB §357(1), (2), (4), §193",
				Message: Message{Key: "rule.refund.overdue", Args: []string{"2025-12-15", "54.80 EUR"}},
				Tags:    []string{"refund.overdue", "return"}},
		},
		MissingFacts:       []string{},
		StandardViolations: []string{"must.refund_in_time"},
		Tips:               []Message{},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Fatalf("result (-want +got):\n%s", diff)
	}
	// Appending to one finding's tags or args must not touch another's.
	r.Findings[0].Tags = append(r.Findings[0].Tags, "x")
	r.Findings[0].Message.Args = append(r.Findings[0].Message.Args, "x")
	require.Equal(t, []string{"refund.overdue", "return"}, r.Findings[1].Tags)
	require.Equal(t, []string{"2025-12-15", "54.80 EUR"}, r.Findings[1].Message.Args)

	// JSON: empty lists are [] not null.
	g := factsOf(t, `{"category":"data","order_date":"2025-10-01","data_request_on":"2025-10-31","data_request_answered":true}`, "2025-12-02")
	b, err := json.Marshal(Check(g, fairshops.MustDate("2025-12-02"), Options{}))
	require.NoError(t, err)
	for _, key := range []string{`"findings":[]`, `"missing_facts":[]`, `"standard_violations":[]`, `"tips":[]`} {
		require.True(t, bytes.Contains(b, []byte(key)), "%s in %s", key, b)
	}
}
