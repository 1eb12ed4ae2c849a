package mediation_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func sampleSettlement() mediation.Settlement {
	in, cfg := engineCases()[0].input() // a valid withdrawal: refund on return
	d := mediation.Propose(in, cfg)
	o := d.Options[0]
	o.Note = "Bitte das beiliegende Rücksendeetikett verwenden."
	return mediation.Settlement{CaseID: "m_example", ComplaintID: "c_example", ShopID: "beispiel-shop",
		ProposalID: "mp_example", ProposalNumber: 1, Option: o,
		Acceptances: []mediation.Acceptance{
			{Party: fairshops.RoleConsumer, At: time.Date(2026, 4, 3, 16, 45, 0, 0, time.UTC)},
			{Party: fairshops.RoleShop, At: time.Date(2026, 4, 7, 8, 5, 0, 0, time.UTC)},
		},
		SettledAt: time.Date(2026, 4, 7, 8, 5, 0, 0, time.UTC)}
}

func TestSettlementRender(t *testing.T) {
	s := sampleSettlement()
	for _, lang := range fairshops.Languages() {
		text := s.RenderIn(lang, time.UTC)
		require.NotContains(t, text, "%!")
		golden(t, "settlement."+string(lang)+".txt", text)
	}
	// The default renders Berlin time (or UTC where the zone database is missing).
	require.Contains(t, s.Render(fairshops.German), "Einigung aus der Streitmoderation")
	installments := s
	installments.Option.Instalments = []mediation.Instalment{{Amount: eur("32.40"), Due: date("2026-04-29")},
		{Amount: eur("32.40"), Due: date("2026-05-29")}}
	require.Contains(t, installments.RenderIn(fairshops.English, time.UTC), "Instalments: 32.40 EUR (29 April 2026); 32.40 EUR (29 May 2026)")
}

func TestNotices(t *testing.T) {
	for _, st := range []mediation.State{mediation.Failed, mediation.Expired, mediation.Withdrawn, mediation.Declined} {
		c := &mediation.Case{State: st, Reason: mediation.ReasonTimeBarred}
		for _, lang := range fairshops.Languages() {
			golden(t, "notice_"+string(st)+"."+string(lang)+".txt", c.Notice(lang))
		}
	}
	for _, st := range []mediation.State{mediation.Requested, mediation.Open, mediation.Proposed} {
		require.Empty(t, (&mediation.Case{State: st}).Notice(fairshops.German), "a running case has no notice")
	}
	require.Contains(t, (&mediation.Case{State: mediation.Settled}).Notice(fairshops.English), "settlement")
}

func TestProposalRender(t *testing.T) {
	in, cfg := engineCases()[4].input()
	p := mediation.Proposal{ID: "mp_example", Number: 2, Draft: mediation.Propose(in, cfg), AnswersDue: date("2026-04-15")}
	for _, lang := range fairshops.Languages() {
		golden(t, "proposal."+string(lang)+".txt", p.Render(lang))
	}
}
