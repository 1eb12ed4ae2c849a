package precheck_test

import (
	"errors"
	"fmt"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// A consumer withdrew on the last day of a period that ended on Christmas
// Day and so ran to the Monday after; the goods went back, the money did not
// come. The check date comes in from outside: Check reads no clock.
func ExampleCheck() {
	facts, err := precheck.DecodeFacts([]byte(`{
		"category": "return",
		"order_date": "2025-12-05", "delivery_date": "2025-12-11",
		"withdrawal_declared_on": "2025-12-29", "goods_returned_on": "2025-12-30",
		"contacted_shop_on": "2026-01-05",
		"order_value": {"amount": "129.00", "currency": "EUR"},
		"delivery_cost": {"amount": "4.90", "currency": "EUR"}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := precheck.Check(facts, fairshops.MustDate("2026-01-20"), precheck.Options{State: calendar.BY})
	fmt.Println("clarity:", r.Clarity)
	for _, f := range r.Findings {
		fmt.Println(f.Rule, f.Favours, f.Message.Args)
	}
	fmt.Println("standard violations:", r.StandardViolations)
	// Output:
	// clarity: clear
	// withdrawal.in_period consumer [2025-12-29 2025-12-29]
	// refund.overdue consumer [2026-01-12 133.90 EUR]
	// standard violations: [must.refund_in_time]
}

// DecodeFacts reports every wrong field at once, each with its JSON path and
// a reason that renders in German and English.
func ExampleDecodeFacts() {
	_, err := precheck.DecodeFacts([]byte(`{
		"category": "delivery",
		"order_date": "2025-06-10", "delivery_date": "2025-06-01",
		"order_value": {"amount": "-5", "currency": "EUR"},
		"description": "<script>alert(1)</script>",
		"colour": "red"
	}`))
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Printf("%s: %s / %s\n", f.Field, f.Reason(fairshops.German), f.Reason(fairshops.English))
		}
	}
	// Output:
	// colour: unbekanntes Feld / unknown field
	// order_value.amount: darf nicht negativ sein / must not be negative
	// delivery_date: darf nicht vor order_date liegen / must not be before order_date
	// description: darf kein HTML enthalten / must not contain HTML
}

// Localize turns a result into the answer of the API in one language: the
// messages and tips as text, the codes as they are.
func ExampleResult_Localize() {
	facts := precheck.Facts{
		Category:   precheck.Delivery,
		OrderDate:  fairshops.MustDate("2025-06-02"),
		OrderValue: fairshops.MustMoney("64.99", fairshops.EUR),
		// promised for Saturday 2025-06-14: due on Monday 2025-06-16 (§193)
		PromisedDeliveryDate: fairshops.MustDate("2025-06-14"),
		ContactedShopOn:      fairshops.MustDate("2025-06-17"),
	}
	r := precheck.Check(facts, fairshops.MustDate("2025-06-20"), precheck.Options{})
	v := r.Localize(fairshops.English)
	fmt.Println(v.Clarity, v.CategoryLabel)
	for _, f := range v.Findings {
		fmt.Printf("%s (%s): %s\n", f.Rule, f.Favours, f.Message)
	}
	fmt.Println("tips:", v.Tips)
	// Output:
	// clear Problems with delivery
	// delivery.overdue (consumer): Delivery was due by 16 June 2025 and, according to the facts, has not arrived yet.
	// delivery.set_deadline (neither): Before withdrawing from the contract, the buyer usually has to give the shop a reasonable final period to deliver.
	// tips: [Give the shop a final deadline in writing with a date, for example "please deliver by …".]
}

// Whose holidays (rules revision 2): a withdrawal period that ends on
// Reformation Day, Friday 2025-10-31, a holiday in Lower Saxony but not in
// Bavaria. Declared on the Monday after, the withdrawal is in time in Lower
// Saxony, late in Bavaria, and open while the consumer's state is unknown;
// the shop's registered seat (Options.ShopState) only counts for the shop's
// own periods.
func ExampleCheck_consumerState() {
	facts, err := precheck.DecodeFacts([]byte(`{
		"category": "withdrawal",
		"order_date": "2025-10-14", "delivery_date": "2025-10-17",
		"withdrawal_declared_on": "2025-11-03", "contacted_shop_on": "2025-11-03",
		"informed_about_withdrawal": true,
		"order_value": {"amount": "89.00", "currency": "EUR"}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, state := range []calendar.State{calendar.NI, calendar.BY, calendar.National} {
		f := facts
		f.ConsumerState = state
		r := precheck.Check(f, fairshops.MustDate("2025-11-05"), precheck.Options{ShopState: calendar.BY})
		fmt.Printf("%s: %s %s (revision %d)\n", state, r.Findings[0].Rule, r.Findings[0].Favours, r.Revision)
	}
	// Output:
	// NI: withdrawal.in_period consumer (revision 2)
	// BY: withdrawal.expired shop (revision 2)
	// DE: withdrawal.expired doubtful (revision 2)
}

// A result stored under revision 1 (no rules_revision) and the answer of
// the current rules for the same facts as of the same day: Diff says what
// a re-check would change, rule by rule, with the dates each finding rests
// on.
func ExampleDiff() {
	facts, err := precheck.DecodeFacts([]byte(`{
		"category": "delivery", "order_date": "2026-11-02", "promised_delivery_date": "2026-11-09",
		"additional_deadline_set_on": "2026-11-04", "additional_deadline_until": "2026-11-16",
		"contacted_shop_on": "2026-11-20", "order_value": {"amount": "49.90", "currency": "EUR"}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	now := precheck.Check(facts, fairshops.MustDate("2026-11-25"), precheck.Options{State: calendar.BY})
	filed := now
	filed.Revision = 0 // revision 1 recorded none
	filed.Findings = []precheck.Finding{{Rule: precheck.DeliveryWithdrawPossible, Favours: precheck.FavoursConsumer,
		Basis: "BGB §323(1)", Message: precheck.Message{Key: "rule.delivery.withdraw_possible", Args: []string{"2026-11-16"}}}}
	ch := precheck.Diff(filed, now)
	fmt.Println(ch.Revisions())
	for _, f := range ch.Findings {
		fmt.Println(f.Change, f.Rule, f.DatesBefore, "->", f.DatesAfter)
	}
	fmt.Println(precheck.Diff(now, now).Empty())
	// Output:
	// rules revision 1 -> 2
	// added delivery.overdue [] -> [2026-11-09]
	// added delivery.set_deadline [] -> [2026-11-16 2026-11-09]
	// removed delivery.withdraw_possible [2026-11-16] -> []
	// true
}

// Each finding names the evidence that would support it; the form lists
// it after the check, for the consumer to attach.
func ExampleEvidenceFor() {
	for _, e := range precheck.EvidenceFor(precheck.RefundOverdue) {
		fmt.Println(e, "-", e.Label(fairshops.English))
	}
	// Output:
	// return_receipt - Return receipt with tracking number
	// withdrawal_copy - Copy of your withdrawal with its date
	// payment_proof - Proof of payment (bank statement, receipt)
}

// A request about personal data needs no order: its order date and value
// may be left out; a complaint about an order needs both.
func ExampleCategory_NeedsOrder() {
	for _, c := range []precheck.Category{precheck.Data, precheck.NotOrdered, precheck.Delivery} {
		f := precheck.Facts{Category: c}
		fmt.Println(c, c.NeedsOrder(), f.Validate(fairshops.Date{}) == nil)
	}
	// Output:
	// data false true
	// not_ordered false true
	// delivery true false
}
