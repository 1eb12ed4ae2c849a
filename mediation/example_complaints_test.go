package mediation_test

import (
	"context"
	"fmt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// A server wires the mediation module to the complaint service it runs.
func ExampleComplaintsOf() {
	db := memory.New()
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	store := db.Complaints()
	complaints, err := complaint.NewService(complaint.Config{Store: store, Shops: reg})
	if err != nil {
		fmt.Println(err)
		return
	}
	cases, err := mediation.NewService(mediation.Config{
		Store:      db.Cases(),
		Complaints: mediation.ComplaintsOf(complaints),
		Shops:      reg,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = cases.Get(context.Background(), fairshops.Principal{Role: fairshops.RoleOperator}, "m_unknown")
	fmt.Println(fairshops.KindOf(err))
	// Output: not_found
}
