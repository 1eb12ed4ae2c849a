package mediation

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Acceptance is one party's acceptance of the settled option.
type Acceptance struct {
	Party fairshops.Role `json:"party"`
	At    time.Time      `json:"at"`
}

// Settlement is the record of a case both parties settled: the option they
// accepted, who owes what by when (the option's duties), both acceptances
// with their times. The proposal was non-binding; with both acceptances it
// binds both, and both give up further claims in the matter.
type Settlement struct {
	CaseID         string       `json:"case"`
	ComplaintID    string       `json:"complaint"`
	ShopID         string       `json:"shop"`
	ProposalID     string       `json:"proposal"`
	ProposalNumber int          `json:"proposal_number"`
	Option         Option       `json:"option"`
	Acceptances    []Acceptance `json:"acceptances"`
	SettledAt      time.Time    `json:"settled_at"`
}

func (s Settlement) clone() Settlement {
	s.Option = s.Option.clone()
	s.Acceptances = slices.Clone(s.Acceptances)
	return s
}

// Duties returns who owes what by when.
func (s Settlement) Duties() []Duty { return s.Option.clone().Duties }

// Render writes the settlement as plain text in lang, with times in
// Europe/Berlin.
func (s Settlement) Render(lang fairshops.Language) string {
	return s.RenderIn(lang, fairshops.Berlin())
}

// RenderIn writes the settlement as plain text in lang, with times in loc.
func (s Settlement) RenderIn(lang fairshops.Language, loc *time.Location) string {
	var b strings.Builder
	line := func(text string) {
		b.WriteString(text)
		b.WriteByte('\n')
	}
	m := messages()
	line(m.Render(lang, "settlement.title"))
	line(m.Render(lang, "settlement.case", s.CaseID, s.ComplaintID, s.ShopID))
	line(m.Render(lang, "settlement.option", strconv.Itoa(s.ProposalNumber), s.Option.ID, s.Option.Kind.Name(lang)))
	if !s.Option.Amount.IsZero() {
		line(m.Render(lang, "proposal.amount", FormatMoney(s.Option.Amount, lang)))
	}
	b.WriteByte('\n')
	line(m.Render(lang, "settlement.duties"))
	for _, d := range s.Option.Duties {
		line("- " + d.Text(lang))
	}
	if len(s.Option.Instalments) > 0 {
		is := make([]string, len(s.Option.Instalments))
		for i, in := range s.Option.Instalments {
			is[i] = FormatMoney(in.Amount, lang) + " (" + FormatDate(in.Due, lang) + ")"
		}
		line(m.Render(lang, "proposal.instalments", strings.Join(is, "; ")))
	}
	if s.Option.Amount.Amount.IsPositive() {
		line(m.Render(lang, "settlement.paid_note"))
	}
	if s.Option.Note != "" {
		line(m.Render(lang, "proposal.note", s.Option.Note))
	}
	b.WriteByte('\n')
	line(m.Render(lang, "settlement.accepted"))
	for _, a := range s.Acceptances {
		line("- " + m.Render(lang, "settlement.accept", m.Render(lang, "role."+string(a.Party)),
			formatTime(a.At, loc, lang)))
	}
	b.WriteByte('\n')
	line(m.Render(lang, "settlement.binding"))
	line(m.Render(lang, "settlement.waiver"))
	return b.String()
}
