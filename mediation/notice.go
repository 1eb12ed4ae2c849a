package mediation

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// ADRBody is the recognised consumer dispute resolution body the notice
// names when a case ends without a settlement (VSBG §§29 ff.). It comes
// from configuration because the body that runs the federal universal
// arbitration board may change; Min and Max are the dispute values it
// hears.
type ADRBody struct {
	Name     string
	Operator string // who runs it
	Address  string
	Web      string
	Min, Max fairshops.Money
}

// DefaultADRBody returns the Universalschlichtungsstelle des Bundes, run by
// the Zentrum für Schlichtung e.V. in Kehl, for disputes of 10 to 50,000 EUR.
func DefaultADRBody() ADRBody {
	return ADRBody{
		Name:     "Universalschlichtungsstelle des Bundes",
		Operator: "Zentrum für Schlichtung e.V.",
		Address:  "Straßburger Straße 8, 77694 Kehl am Rhein",
		Web:      "www.universalschlichtungsstelle.de",
		Min:      fairshops.NewMoney(decimal.NewFromInt(10), "EUR"),
		Max:      fairshops.NewMoney(decimal.NewFromInt(50000), "EUR"),
	}
}

// Validate reports every missing or inconsistent member.
func (b ADRBody) Validate() error {
	var p fairshops.Problems
	if strings.TrimSpace(b.Name) == "" {
		p.Add("name", fairshops.ReasonRequired)
	}
	if strings.TrimSpace(b.Address) == "" {
		p.Add("address", fairshops.ReasonRequired)
	}
	if b.Min.IsNegative() {
		p.Add("min", fairshops.ReasonNegative)
	}
	if c, err := b.Max.Cmp(b.Min); err != nil {
		p.Add("max", fairshops.ReasonCurrency, string(b.Max.Currency))
	} else if c <= 0 {
		p.Add("max", fairshops.ReasonTooSmall, b.Min.String())
	}
	return p.Err("mediation.ADRBody")
}

// LimitationEnd returns the last day of the limitation period of the claim
// the facts describe, without any suspension (which the moderation may
// bring, BGB §203), and whether the facts allow one:
//
//   - a defect: two years from delivery (BGB §438(1) no. 3, (2)); for
//     contracts from 2022-01-01 not before four months after the defect
//     first showed within that period (§475e(3));
//   - a refund after a withdrawal: three years from the end of the year the
//     refund fell due (§§195, 199(1)), due 14 days after the withdrawal.
//
// The last day moves to the next working day in state (§193); with the
// consumer's state unknown, National gives the earliest end of all states,
// the safe day to tell. Facts that allow none give false.
func LimitationEnd(f precheck.Facts, state calendar.State) (fairshops.Date, bool) {
	defect := !f.DefectNoticedOn.IsZero() || f.Category == precheck.Warranty || f.Category == precheck.NotAsDescribed
	switch {
	case defect && !f.DeliveryDate.IsZero():
		end := calendar.End(f.DeliveryDate, calendar.Years(2), state)
		if end.IsZero() {
			return fairshops.Date{}, false
		}
		reform := fairshops.NewDate(2022, time.January, 1)
		contract := f.OrderDate
		if contract.IsZero() {
			contract = f.DeliveryDate
		}
		if n := f.DefectNoticedOn; !n.IsZero() && !n.After(end) && !contract.Before(reform) {
			if late := calendar.End(n, calendar.Months(4), state); late.After(end) {
				end = late
			}
		}
		return end, true
	case !f.WithdrawalDeclaredOn.IsZero() && !f.RefundReceived:
		due := f.WithdrawalDeclaredOn.AddDays(14)
		y, _, _ := due.Parts()
		end := calendar.MoveToWorkingDay(fairshops.NewDate(y+3, time.December, 31), state)
		return end, !end.IsZero()
	}
	return fairshops.Date{}, false
}

// notice is Case.Notice with the ADR body and the holidays given.
func (c *Case) notice(lang fairshops.Language, adr ADRBody, state calendar.State) string {
	var b strings.Builder
	switch c.State {
	case Settled:
		if c.Settlement != nil {
			return c.Settlement.Render(lang)
		}
		b.WriteString(messages().Render(lang, "notice.settled"))
		b.WriteByte('\n')
		return b.String()
	case Failed, Expired, Withdrawn:
		b.WriteString(messages().Render(lang, "notice."+string(c.State)))
	case Declined:
		b.WriteString(messages().Render(lang, "notice.declined", c.Reason.Text(lang)))
	default:
		return ""
	}
	b.WriteString("\n\n")
	b.WriteString(messages().Render(lang, "notice.ways"))
	b.WriteByte('\n')
	line := func(s string) {
		b.WriteString("- ")
		b.WriteString(s)
		b.WriteByte('\n')
	}
	line(messages().Render(lang, "notice.way_adr_body", adr.Name, adr.Operator, adr.Address, adr.Web,
		formatNumber(adr.Min.Amount.String(), lang)+" "+string(adr.Min.Currency),
		formatNumber(adr.Max.Amount.String(), lang)+" "+string(adr.Max.Currency)))
	line(messages().Render(lang, "notice.way_court"))
	line(messages().Render(lang, "notice.way_advice"))
	line(messages().Render(lang, "notice.way_ecc"))
	b.WriteByte('\n')
	b.WriteString(messages().Render(lang, "notice.limitation"))
	facts := c.Facts
	if c.Merged != nil && c.Merged.Rechecked {
		facts = c.Merged.Facts
	}
	if end, ok := LimitationEnd(facts, state); ok {
		b.WriteByte(' ')
		b.WriteString(messages().Render(lang, "notice.limitation_end", FormatDate(end, lang)))
	}
	b.WriteByte('\n')
	return b.String()
}

// Notice returns the text that tells the consumer how the case ended; with
// the service's ADR body (Config.ADR) and holidays (Config.State), see
// Case.Notice.
func (s *Service) Notice(c *Case, lang fairshops.Language) string {
	return c.notice(lang, s.adr, s.state)
}
