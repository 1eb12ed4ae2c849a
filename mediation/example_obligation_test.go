package mediation_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// A refund the proposal of Monday 2 November set for the 16th: settled on
// Saturday the 7th, the period runs from the settlement and its end, a
// Saturday, moves to Monday (§193 BGB).
func ExampleDeriveObligations() {
	s := mediation.Settlement{Option: mediation.Option{ID: "o1", Kind: mediation.KindRefund,
		Amount: fairshops.MustMoney("64.80", fairshops.EUR),
		Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund,
			Amount: ptr(fairshops.MustMoney("64.80", fairshops.EUR)), Due: fairshops.MustDate("2026-11-16")}}}}
	for _, o := range mediation.DeriveObligations(s, fairshops.MustDate("2026-11-02"), fairshops.MustDate("2026-11-07"),
		mediation.DefaultObligationRules()) {
		fmt.Println(o.ID, o.Party, o.Action, o.Amount, "due", o.Due, "remind", o.RemindOn, "grace to", o.GraceEnd)
	}
	// Output:
	// ob1 shop refund 64.80 EUR due 2026-11-23 remind 2026-11-20 grace to 2026-11-26
}

// The shop's record: obligations kept, missed and open per month of their
// date.
func ExampleCountObligations() {
	cases := []*mediation.Case{{ShopID: "shop-1", Obligations: []mediation.Obligation{
		{Party: fairshops.RoleShop, Due: fairshops.MustDate("2026-11-23"), State: mediation.ObligationDone},
		{Party: fairshops.RoleShop, Due: fairshops.MustDate("2026-12-01"), State: mediation.ObligationMissed,
			MissedOn: fairshops.MustDate("2026-12-05")},
	}}}
	for _, f := range mediation.CountObligations(cases, fairshops.Date{}, fairshops.Date{}) {
		fmt.Println(f.ShopID, f.Month, "kept", f.Kept, "missed", f.Missed, "open", f.Open)
	}
	// Output:
	// shop-1 2026-11 kept 1 missed 0 open 0
	// shop-1 2026-12 kept 0 missed 1 open 0
}

// An instalment of a refund, in English.
func ExampleObligation_Text() {
	o := mediation.Obligation{Party: fairshops.RoleShop, Action: mediation.ActRefund, Instalment: 1,
		Amount: ptr(fairshops.MustMoney("32.40", fairshops.EUR)), Due: fairshops.MustDate("2026-11-23")}
	fmt.Println(o.Text(fairshops.English))
	// Output:
	// Shop: refunds 32.40 EUR by 23 November 2026 (instalment 1)
}
