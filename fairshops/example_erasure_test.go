package fairshops_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
)

// A tombstone replaces an erased text and keeps its SHA-256, so that a
// copy made before the erasure can still be matched.
func ExampleTombstone() {
	t := fairshops.Tombstone("Erika Mustermann")
	fmt.Println(t)
	fmt.Println(fairshops.IsTombstone(t), fairshops.Tombstone(t) == t)
	// Output:
	// erased sha256:dc3fe7d962a7d94af458e52e7b7e50491d10727a32d5ee11d30c30b5a82d7ea2
	// true true
}
