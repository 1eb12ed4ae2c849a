package fairshops_test

import (
	"context"
	"fmt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// OneOf names the allowed values of an enum in an unknown_value problem,
// and the reason lists them.
func ExampleOneOf() {
	var p fairshops.Problems
	p.Add("purpose", fairshops.ReasonUnknownValue, "fun", fairshops.OneOf(fairshops.Purposes()))
	fmt.Println(p.Err("example"))
	// Output: example: invalid input: purpose: unknown value "fun", must be one of extra_trust, needed_for_standard
}

// Changes counts what the registry stored: a cache of views compares it to
// tell that an entry may be stale.
func ExampleRegistry_Changes() {
	ctx := context.Background()
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue()})
	before := reg.Changes()
	s, _ := reg.Register(ctx, fairshops.Shop{ID: "mein-shop", Name: "Mein Shop", Domain: "mein-shop.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}})
	_, _ = reg.Update(ctx, s.ID, s.Version, func(s *fairshops.Shop) error { s.Name = "Unser Shop"; return nil })
	fmt.Println(reg.Changes() - before)
	// Output: 2
}
