package crosswalk_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/complaint/crosswalk"
	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// A complaint about a refund that is overdue after a return, in the terms
// of each network; and a Stripe dispute in ours.
func Example() {
	tab := crosswalk.Default()
	for _, n := range crosswalk.Networks() {
		codes, _ := tab.Reasons(n, precheck.Return, "refund.overdue")
		fmt.Println(n, codes)
	}
	fmt.Println(tab.Categories(crosswalk.Stripe, "product_not_received"))
	_, why := tab.Reasons(crosswalk.Stripe, precheck.Data)
	fmt.Println(why)
	// Output:
	// stripe [credit_not_processed]
	// paypal [CREDIT_NOT_PROCESSED]
	// ebay [CREDIT_NOT_PROCESSED]
	// amazon [no_refund_for_returned_item]
	// [delivery]
	// A request under GDPR Art. 15-21 is no payment dispute; no network has a reason for it.
}
