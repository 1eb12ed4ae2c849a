package precheck_test

import (
	"fmt"
	"strings"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The shop sees, next to each finding, what it means for the shop.
func ExampleShopAdvice() {
	text := precheck.ShopAdvice(precheck.WithdrawalExpired).Render(fairshops.English)
	fmt.Println(strings.SplitN(text, ";", 2)[0])
	// Output:
	// The withdrawal period has run out
}
