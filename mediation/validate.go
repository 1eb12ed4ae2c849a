package mediation

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Limits are what a proposal's money is checked against: the order's
// currency, the order value (the base of a price reduction), the most an
// option may pay out (order value plus delivery cost), and the first date a
// duty may fall due.
type Limits struct {
	Currency   fairshops.Currency `json:"currency"`
	OrderValue fairshops.Money    `json:"order_value"`
	Max        fairshops.Money    `json:"max"`
	On         fairshops.Date     `json:"on"`
}

// LimitsOf returns the limits a proposal made on the date on must keep for
// a complaint with facts f: the order value and the sum of order value and
// delivery cost, each rounded half-up to the minor unit (facts may carry up
// to four decimals; a proposal pays whole minor units). A delivery cost in
// another currency than the order is not counted.
func LimitsOf(f precheck.Facts, on fairshops.Date) Limits {
	ov := f.OrderValue
	max := ov
	if f.DeliveryCost != nil && f.DeliveryCost.Currency == ov.Currency && !f.DeliveryCost.IsNegative() {
		max, _ = ov.Add(*f.DeliveryCost)
	}
	return Limits{Currency: ov.Currency, OrderValue: ov.Round(), Max: max.Round(), On: on}
}

// Bounds of a proposal.
const (
	MaxOptions     = 5    // options per proposal
	MaxDuties      = 10   // duties per option
	MaxParts       = 10   // parts per option
	MaxInstalments = 24   // instalments per option
	MaxNoteRunes   = 2000 // a moderator's note
	maxIDLen       = 16
	maxKeyLen      = 100
)

// ValidateOptions checks the options of a draft against lim and returns a
// *fairshops.ValidationError listing every wrong field ("options[1].amount",
// "options[0].duties[2].due", ...), or nil. The rules: 1 to MaxOptions
// options with unique IDs; a known kind; every amount in the order's
// currency, not negative, with no more decimals than the currency's minor
// unit, and never above lim.Max; remedies that pay money pay more than zero,
// the others nothing (cancel_order may pay back what was paid); a price
// reduction has a percentage in (0, 100] whose amount is the order value
// times it, rounded; parts and instalments add up exactly to the amount;
// duties name the party that performs their action, fall due on or after
// lim.On, and the money they pay adds up exactly to the amount.
func ValidateOptions(options []Option, lim Limits) error {
	var p fairshops.Problems
	validateOptions(&p, options, lim)
	return p.Err("mediation.ValidateOptions")
}

func validateOptions(p *fairshops.Problems, options []Option, lim Limits) {
	switch {
	case len(options) == 0:
		p.Add("options", fairshops.ReasonRequired)
		return
	case len(options) > MaxOptions:
		p.Add("options", fairshops.ReasonTooMany, MaxOptions)
		return
	}
	seen := map[string]bool{}
	for i, o := range options {
		f := fmt.Sprintf("options[%d]", i)
		switch {
		case o.ID == "":
			p.Add(f+".id", fairshops.ReasonRequired)
		case !validID(o.ID):
			p.Add(f+".id", fairshops.ReasonInvalidFormat, "a-z, 0-9, _ or -, at most 16 characters")
		case seen[o.ID]:
			p.Add(f+".id", fairshops.ReasonDuplicate, o.ID)
		}
		seen[o.ID] = true
		validateOption(p, f, o, lim)
	}
}

func validID(s string) bool {
	if len(s) > maxIDLen {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func validateOption(p *fairshops.Problems, f string, o Option, lim Limits) {
	if !o.Kind.Valid() {
		p.Add(f+".kind", fairshops.ReasonUnknownValue, string(o.Kind), fairshops.OneOf(Kinds()))
	}
	amountOK := checkAmount(p, f+".amount", o.Amount, lim)
	if amountOK {
		switch {
		case o.Kind.pays() && o.Amount.IsZero():
			p.Add(f+".amount", fairshops.ReasonTooSmall, minorUnit(lim.Currency))
		case o.Kind.Valid() && !o.Kind.mayPay() && !o.Amount.IsZero():
			p.Add(f+".amount", fairshops.ReasonNotAllowedHere)
		}
	}
	validatePercent(p, f, o, lim, amountOK)
	if o.ShopPaysReturn && o.Kind != KindRefundOnReturn {
		p.Add(f+".shop_pays_return", fairshops.ReasonNotAllowedHere)
	}
	validateParts(p, f, o, lim, amountOK)
	validateInstalments(p, f, o, lim, amountOK)
	validateDuties(p, f, o, lim, amountOK)
	switch {
	case o.Rationale.Key == "":
		p.Add(f+".rationale.key", fairshops.ReasonRequired)
	case len(o.Rationale.Key) > maxKeyLen:
		p.Add(f+".rationale.key", fairshops.ReasonTooLong, maxKeyLen)
	}
	for j, r := range o.Rationale.Rules {
		if r == "" || len(r) > maxKeyLen {
			p.Add(fmt.Sprintf("%s.rationale.rules[%d]", f, j), fairshops.ReasonInvalidFormat, "a rule ID")
		}
	}
	if len(o.Rationale.Args) > 10 {
		p.Add(f+".rationale.args", fairshops.ReasonTooMany, 10)
	}
	for _, fe := range precheck.TextProblems(o.Note, MaxNoteRunes) {
		p.Add(f+".note", fe.Code, fe.Args...)
	}
}

// checkAmount checks that m is a plain amount in the order's currency, not
// negative, rounded to the minor unit and not above the limit; it reports
// whether m passed.
func checkAmount(p *fairshops.Problems, field string, m fairshops.Money, lim Limits) bool {
	ok := true
	if m.Currency != lim.Currency {
		p.Add(field+".currency", fairshops.ReasonMismatch, string(lim.Currency))
		return false
	}
	if m.IsNegative() {
		p.Add(field, fairshops.ReasonNegative)
		return false
	}
	if !m.Round().Amount.Equal(m.Amount) {
		p.Add(field, fairshops.ReasonInvalidFormat, fmt.Sprintf("at most %d decimals", lim.Currency.Scale()))
		ok = false
	}
	if m.Amount.GreaterThan(lim.Max.Amount) {
		p.Add(field, fairshops.ReasonTooLarge, lim.Max.String())
		ok = false
	}
	return ok
}

func minorUnit(c fairshops.Currency) string {
	return decimal.New(1, -c.Scale()).StringFixed(c.Scale()) + " " + string(c)
}

func hundred() decimal.Decimal { return decimal.NewFromInt(100) }

// reductionAmount returns the amount of a price reduction by percent of the
// order value, rounded half-up to the minor unit.
func reductionAmount(orderValue fairshops.Money, percent decimal.Decimal) fairshops.Money {
	return orderValue.Mul(percent.Div(hundred())).Round()
}

// minPercent is the least percentage of a price reduction, 0.01.
func minPercent() decimal.Decimal { return decimal.New(1, -2) }

// consistentPercent reports whether the percentage, to two decimals, can
// be the share of orderValue that amount, to the minor unit, is: whether
// some exact reduction rounds to both. A reduction by the value with the
// defect (BGB §441(3)) fixes the amount, and its percentage is only shown
// rounded, so the amount need not be the rounded percentage of the price.
func consistentPercent(amount, orderValue fairshops.Money, percent decimal.Decimal) bool {
	half := decimal.New(5, -int32(orderValue.Currency.Scale())-1)
	pctHalf := decimal.New(5, -3)
	lo := orderValue.Amount.Mul(percent.Sub(pctHalf)).Div(hundred())
	if percent.Equal(minPercent()) {
		lo = decimal.Zero // any smaller share shows as the least percentage
	}
	hi := orderValue.Amount.Mul(percent.Add(pctHalf)).Div(hundred())
	return amount.Amount.Sub(half).LessThan(hi) && lo.LessThan(amount.Amount.Add(half))
}

func validatePercent(p *fairshops.Problems, f string, o Option, lim Limits, amountOK bool) {
	field := f + ".percent"
	if o.Kind != KindPriceReduction {
		if !o.Percent.IsZero() {
			p.Add(field, fairshops.ReasonNotAllowedHere)
		}
		return
	}
	switch {
	case !o.Percent.IsPositive():
		p.Add(field, fairshops.ReasonTooSmall, "0.01")
	case o.Percent.GreaterThan(hundred()):
		p.Add(field, fairshops.ReasonTooLarge, "100")
	case !o.Percent.Round(2).Equal(o.Percent):
		p.Add(field, fairshops.ReasonInvalidFormat, "at most 2 decimals")
	case amountOK && lim.OrderValue.Currency == lim.Currency:
		want := reductionAmount(lim.OrderValue, o.Percent)
		if !want.Amount.Equal(o.Amount.Amount) && !consistentPercent(o.Amount, lim.OrderValue, o.Percent) {
			p.Add(f+".amount", fairshops.ReasonMismatch, want.String())
		}
	}
}

func validateParts(p *fairshops.Problems, f string, o Option, lim Limits, amountOK bool) {
	if len(o.Parts) == 0 {
		return
	}
	if len(o.Parts) > MaxParts {
		p.Add(f+".parts", fairshops.ReasonTooMany, MaxParts)
		return
	}
	sum, sumOK := decimal.Zero, amountOK
	for j, pt := range o.Parts {
		pf := fmt.Sprintf("%s.parts[%d]", f, j)
		if !validPartLabel(pt.Label) {
			p.Add(pf+".label", fairshops.ReasonUnknownValue, pt.Label)
		}
		if checkAmount(p, pf+".amount", pt.Amount, lim) {
			sum = sum.Add(pt.Amount.Amount)
		} else {
			sumOK = false
		}
	}
	if sumOK && !sum.Equal(o.Amount.Amount) {
		p.Add(f+".parts", fairshops.ReasonMismatch, "amount")
	}
}

func validPartLabel(l string) bool {
	for _, k := range partLabels() {
		if l == k {
			return true
		}
	}
	return false
}

func validateInstalments(p *fairshops.Problems, f string, o Option, lim Limits, amountOK bool) {
	if len(o.Instalments) == 0 {
		return
	}
	switch {
	case !o.Kind.mayPay():
		p.Add(f+".instalments", fairshops.ReasonNotAllowedHere)
		return
	case len(o.Instalments) == 1:
		p.Add(f+".instalments", fairshops.ReasonTooSmall, 2)
		return
	case len(o.Instalments) > MaxInstalments:
		p.Add(f+".instalments", fairshops.ReasonTooMany, MaxInstalments)
		return
	}
	sum, sumOK := decimal.Zero, amountOK
	var prev fairshops.Date
	for j, in := range o.Instalments {
		jf := fmt.Sprintf("%s.instalments[%d]", f, j)
		if checkAmount(p, jf+".amount", in.Amount, lim) {
			if in.Amount.IsZero() {
				p.Add(jf+".amount", fairshops.ReasonTooSmall, minorUnit(lim.Currency))
			}
			sum = sum.Add(in.Amount.Amount)
		} else {
			sumOK = false
		}
		switch {
		case in.Due.IsZero():
			p.Add(jf+".due", fairshops.ReasonRequired)
		case in.Due.Before(lim.On):
			p.Add(jf+".due", fairshops.ReasonBefore, lim.On.String())
		case !prev.IsZero() && !in.Due.After(prev):
			p.Add(jf+".due", fairshops.ReasonBefore, prev.AddDays(1).String())
		}
		prev = in.Due
	}
	if sumOK && !sum.Equal(o.Amount.Amount) {
		p.Add(f+".instalments", fairshops.ReasonMismatch, "amount")
	}
}

func validateDuties(p *fairshops.Problems, f string, o Option, lim Limits, amountOK bool) {
	switch {
	case len(o.Duties) == 0:
		p.Add(f+".duties", fairshops.ReasonRequired)
		return
	case len(o.Duties) > MaxDuties:
		p.Add(f+".duties", fairshops.ReasonTooMany, MaxDuties)
		return
	}
	paid, paidOK := decimal.Zero, amountOK
	for j, d := range o.Duties {
		df := fmt.Sprintf("%s.duties[%d]", f, j)
		if !d.Action.Valid() {
			p.Add(df+".action", fairshops.ReasonUnknownValue, string(d.Action), fairshops.OneOf(Actions()))
		} else if d.Party != d.Action.party() {
			p.Add(df+".party", fairshops.ReasonMismatch, string(d.Action.party()))
		}
		switch {
		case d.Due.IsZero():
			p.Add(df+".due", fairshops.ReasonRequired)
		case d.Due.Before(lim.On):
			p.Add(df+".due", fairshops.ReasonBefore, lim.On.String())
		}
		moneyAction := d.Action == ActRefund || d.Action == ActIssueVoucher
		switch {
		case moneyAction && d.Amount == nil:
			p.Add(df+".amount", fairshops.ReasonRequired)
			paidOK = false
		case !moneyAction && d.Amount != nil:
			p.Add(df+".amount", fairshops.ReasonNotAllowedHere)
		case moneyAction:
			if checkAmount(p, df+".amount", *d.Amount, lim) {
				if d.Amount.IsZero() {
					p.Add(df+".amount", fairshops.ReasonTooSmall, minorUnit(lim.Currency))
				}
				paid = paid.Add(d.Amount.Amount)
			} else {
				paidOK = false
			}
		}
	}
	if paidOK && !paid.Equal(o.Amount.Amount) {
		p.Add(f+".duties", fairshops.ReasonMismatch, "amount")
	}
}
