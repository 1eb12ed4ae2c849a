package complaint_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Each kind of record has its period, counted in whole years from the end
// of the year it ended: the complaint's personal data 3 years (BGB §§195,
// 199), a mediation's settlement 10 (AO §147(3)). The cutoff is what the
// stores' due queries read on a given day.
func ExampleRetention_SettlementDue() {
	var policy complaint.Retention // the defaults
	ended := fairshops.MustDate("2026-12-31")
	personal, _ := policy.ErasureDue(ended)
	settlement, _ := policy.SettlementDue(ended)
	fmt.Println("personal data:", personal)
	fmt.Println("settlement:", settlement)

	cutoff, _ := policy.SettlementCutoff(fairshops.MustDate("2035-01-01"))
	fmt.Println("settled before", cutoff, "are due on 2035-01-01")

	_, ok := complaint.Retention{SettlementYears: -1}.SettlementDue(ended)
	fmt.Println("never:", !ok)
	// Output:
	// personal data: 2030-01-01
	// settlement: 2035-01-01
	// settled before 2027-01-01 are due on 2035-01-01
	// never: true
}
