package complaint_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/complaint"
)

// The words a query searches: lower case, punctuation splits, one-letter
// words dropped beside longer ones.
func ExampleQueryWords() {
	fmt.Println(complaint.QueryWords("Hans.Mueller@example.com"))
	fmt.Println(complaint.QueryWords("A-10023 Rücksendung"))
	// Output:
	// [hans mueller example com]
	// [10023 rücksendung]
}

// A canned reply filled in for one complaint: placeholders are replaced as
// plain text; anything else stays as typed.
func ExampleExpandMacro() {
	fmt.Println(complaint.ExpandMacro("Guten Tag {{consumer_name}}, Ihre Beschwerde {{reference}} {{.Unknown}}",
		complaint.MacroValues{ConsumerName: "Erika Muster", Reference: "KS-7KQ4-M2XD"}))
	// Output:
	// Guten Tag Erika Muster, Ihre Beschwerde KS-7KQ4-M2XD {{.Unknown}}
}
