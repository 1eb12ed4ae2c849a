package mediation

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// This file holds what revision 2 of the rules page adds to the engine:
// options from contested facts, the plea of limitation, refund due dates
// after a withdrawal, and the legal basis of every option.

// side reads whom the findings favour. A warranty.expired the shop did not
// invoke does not count for the shop: limitation is a defence the shop
// must raise (BGB §214(1)); without it the claim is judged on its merits,
// which the pre-check leaves open.
func (e *engine) side() Side {
	r := e.in.Precheck
	if e.in.Defences.LimitationInvoked || !e.has(precheck.WarrantyExpired) {
		return SideOf(r)
	}
	r = clonePrecheck(r)
	for i := range r.Findings {
		if r.Findings[i].Rule == precheck.WarrantyExpired && r.Findings[i].Favours == precheck.FavoursShop {
			r.Findings[i].Favours = precheck.FavoursDoubtful
		}
	}
	return SideOf(r)
}

// timeBarred reports whether the claim is time-barred for the proposal: a
// warranty.expired that is not doubtful, and the shop invoked limitation.
func (e *engine) timeBarred() bool {
	f, ok := finding(e.in.Precheck, precheck.WarrantyExpired)
	return ok && f.Favours == precheck.FavoursShop && e.in.Defences.LimitationInvoked
}

// limitation proposes that the claim is not upheld because it is
// time-barred: what the engine proposes when the findings favour the shop
// (the shop's own offer, else a goodwill voucher, else not_upheld), citing
// the plea of limitation.
func (e *engine) limitation() []Option {
	opts := e.forShop()
	for i := range opts {
		if opts[i].Kind == KindNotUpheld {
			opts[i].Rationale.Key = "rationale.time_barred"
		}
		opts[i].Basis = []string{"BGB §214(1)", "BGB §438(1) no. 3", "BGB §438(2)", "BGB §475e(3)"}
	}
	return opts
}

// neverDelivered reports a withdrawal before delivery: nothing goes back.
func (e *engine) neverDelivered() bool {
	return e.in.Facts.DeliveryDate.IsZero() && e.has(precheck.WithdrawalNotYetStarted)
}

// refundDue is the due day of a refund after a withdrawal: the later of
// 14 days after the withdrawal (BGB §357(1); the declaration date stands in
// for its receipt) and from, the day the goods are due back or the
// proposal's own duty date.
func (e *engine) refundDue(from fairshops.Date) fairshops.Date {
	w := e.in.Facts.WithdrawalDeclaredOn
	if w.IsZero() {
		return from
	}
	legal := calendar.End(w, calendar.Days(e.cfg.RefundDays), e.cfg.State)
	if !legal.IsZero() && legal.After(from) {
		return legal
	}
	return from
}

// reductionByValue returns the percentage of BGB §441(3) when the value
// with the defect is known: 100 x (1 - value with defect / value without),
// the price standing in for the value without the defect.
func (e *engine) reductionByValue() (decimal.Decimal, bool) {
	v := e.in.ValueWithDefect
	if v == nil || v.Currency != e.cur || v.IsNegative() || !e.order.Amount.IsPositive() ||
		!v.Amount.LessThan(e.order.Amount) {
		return decimal.Decimal{}, false
	}
	ratio := v.Amount.DivRound(e.order.Amount, 6)
	return decimal.NewFromInt(1).Sub(ratio).Mul(hundred()).Round(2), true
}

// valueLoss turns the refund after a withdrawal into the options the
// shop's claim of a loss in value (Wertersatz, BGB §357a(1)) leaves: none
// when the consumer was not properly informed of the right of withdrawal
// (then the full refund stands, and says why); the refund less the loss
// when the consumer admits it; else the full refund, the refund less the
// loss, and the midpoint between them.
func (e *engine) valueLoss(full Option) []Option {
	claimed := e.in.Defences.ReturnedDamaged
	if claimed == nil || full.Kind != KindRefund {
		return []Option{full}
	}
	loss := e.capped(claimed.Loss)
	if !e.in.Facts.Informed() {
		full.Rationale.Key = "rationale.refund_no_value_loss"
		full.Rationale.Args = []string{loss.String()}
		return []Option{full}
	}
	if a := e.in.Admitted.ReturnedDamaged; a != nil && !a.Loss.Amount.LessThan(claimed.Loss.Amount) {
		return []Option{e.lessLoss(full, loss, "refund_less_value_loss_admitted")}
	}
	full.Rationale.Key = "rationale.refund_value_loss_contested"
	full.Rationale.Args = []string{loss.String()}
	less := e.lessLoss(full, loss, "refund_less_value_loss")
	opts := []Option{full, less}
	if mid, parts, odd := Midpoint(full.Amount, less.Amount, e.cfg.RemainderTo); mid.Amount.IsPositive() &&
		mid.Amount.LessThan(full.Amount.Amount) && mid.Amount.GreaterThan(less.Amount.Amount) {
		o := e.withAmount(full, KindPartialRefund, mid, parts)
		key := "value_loss_midpoint"
		if odd {
			key = "value_loss_midpoint_odd_" + string(e.cfg.RemainderTo)
		}
		o.Rationale = rationale(key, full.Rationale.Rules, full.Amount.String(), less.Amount.String())
		o.Basis = []string{"BGB §357a(1)", "BGB §779"}
		opts = append(opts, o)
	}
	return opts
}

// lessLoss is the refund less the loss in value.
func (e *engine) lessLoss(full Option, loss fairshops.Money, key string) Option {
	rest, err := full.Amount.Sub(loss)
	if err != nil || rest.IsNegative() {
		rest = e.zero()
	}
	o := e.withAmount(full, KindPartialRefund, rest, []Part{{Label: PartLessValueLoss, Amount: rest}})
	if rest.IsZero() {
		o = Option{Kind: KindNotUpheld, Amount: e.zero(),
			Duties: []Duty{{Party: fairshops.RoleConsumer, Action: ActWithdrawClaim, Due: e.dutyDue()}}}
	}
	o.Rationale = rationale(key, full.Rationale.Rules, loss.String())
	o.Basis = []string{"BGB §355(3)", "BGB §357(1)", "BGB §357a(1)"}
	return o
}

// withAmount copies o with another kind, amount and parts; its refund duty
// pays the new amount.
func (e *engine) withAmount(o Option, k Kind, amount fairshops.Money, parts []Part) Option {
	c := o.clone()
	c.Kind, c.Amount, c.Parts = k, amount, parts
	c.Basis = nil
	for i := range c.Duties {
		if c.Duties[i].Action == ActRefund {
			c.Duties[i].Amount = money(amount)
		}
	}
	return c
}

// contestedShown reports whether the options follow from contested facts.
func (e *engine) contestedShown(opts []Option) bool {
	return len(e.in.Contested) > 0 && len(opts) > 1
}

// basis returns the legal references an option rests on, by the remedy
// route its rationale names; a route without a fixed list cites the bases
// of the pre-check rules it rests on.
func (e *engine) basis(o Option) []string {
	withdrawal := []string{"BGB §355(1)", "BGB §357(1)", "BGB §357(2)"}
	byKey := map[string][]string{
		"unsolicited":                      {"BGB §241a"},
		"data_answer":                      {"DSGVO Art. 12(3)", "DSGVO Art. 15"},
		"refund_due":                       withdrawal,
		"refund_not_delivered":             withdrawal,
		"withdrawal_refund_on_return":      append(slices.Clone(withdrawal), "BGB §357(4)", "BGB §357(5)"),
		"refund_no_value_loss":             append(slices.Clone(withdrawal), "BGB §357a(1)"),
		"refund_value_loss_contested":      append(slices.Clone(withdrawal), "BGB §357a(1)"),
		"transit_replacement":              {"BGB §446", "BGB §475(2)", "BGB §439(1)"},
		"transit_refund":                   {"BGB §446", "BGB §475(2)", "BGB §323(1)", "BGB §346(1)", "BGB §475(6)"},
		"delivery_deliver":                 {"BGB §433(1)", "BGB §286"},
		"delivery_cancel":                  {"BGB §323(1)", "BGB §346(1)"},
		"warranty_replacement":             {"BGB §437 no. 1", "BGB §439(1)", "BGB §439(2)", "BGB §475(5)"},
		"warranty_repair":                  {"BGB §437 no. 1", "BGB §439(1)", "BGB §439(2)", "BGB §475(5)"},
		"warranty_refund":                  {"BGB §437 no. 2", "BGB §323(1)", "BGB §475d(1)", "BGB §346(1)", "BGB §475(6)"},
		"warranty_refund_minor_contested":  {"BGB §437 no. 2", "BGB §323(1)", "BGB §323(5)", "BGB §346(1)", "BGB §475(6)"},
		"warranty_reduction":               {"BGB §437 no. 2", "BGB §441(1)", "BGB §441(3)"},
		"warranty_reduction_proposal":      {"BGB §437 no. 2", "BGB §441(1)", "BGB §441(3)"},
		"warranty_reduction_value":         {"BGB §437 no. 2", "BGB §441(1)", "BGB §441(3)"},
		"warranty_cure_offered":            {"BGB §439(1)", "BGB §323(1)", "BGB §475(5)"},
		"compromise":                       {"BGB §779"},
		"compromise_odd_consumer":          {"BGB §779"},
		"compromise_odd_shop":              {"BGB §779"},
		"offer_covers_claim":               {"BGB §779"},
		"goodwill_voucher":                 {},
		"displeasure":                      {},
		"non_monetary":                     {},
		"refund_less_value_loss_admitted":  {"BGB §357(1)", "BGB §357a(1)"},
		"refund_less_value_loss":           {"BGB §357(1)", "BGB §357a(1)"},
		"value_loss_midpoint":              {"BGB §357a(1)", "BGB §779"},
		"time_barred":                      {"BGB §214(1)", "BGB §438(1) no. 3"},
		"value_loss_midpoint_odd_consumer": {"BGB §357a(1)", "BGB §779"},
		"value_loss_midpoint_odd_shop":     {"BGB §357a(1)", "BGB §779"},
	}
	key := o.Rationale.Key
	if len(key) > len("rationale.") {
		key = key[len("rationale."):]
	}
	if b, ok := byKey[key]; ok && b != nil {
		out := slices.Clone(b)
		if key == "warranty_replacement" || key == "warranty_repair" || key == "warranty_refund" {
			if e.has(precheck.WarrantyPresumedAtDelivery) {
				out = append(out, "BGB §477(1)")
			}
		}
		if out == nil {
			out = []string{}
		}
		return out
	}
	out := []string{}
	for _, id := range o.Rationale.Rules {
		if f, ok := finding(e.in.Precheck, id); ok && f.Basis != "" && !slices.Contains(out, f.Basis) {
			out = append(out, f.Basis)
		}
	}
	return out
}

// timeBarredDecline checks a decline as time_barred: the shop declining
// with it invokes limitation (BGB §214(1)), and the operator may give it
// when the shop did; either way only on a warranty.expired of the case's
// pre-check that is not doubtful (VSBG §14(1) no. 3 a).
func (s *step) timeBarredDecline(r Reason) error {
	if r != ReasonTimeBarred {
		return nil
	}
	pc := s.c.Precheck
	if s.c.Merged != nil && s.c.Merged.Rechecked {
		pc = s.c.Merged.Precheck
	}
	if f, ok := finding(pc, precheck.WarrantyExpired); ok && f.Favours == precheck.FavoursShop {
		return nil
	}
	var p fairshops.Problems
	p.Add("reason", fairshops.ReasonNotAllowedHere, string(r))
	return p.Err("mediation.DeclineRequest")
}

// cureOfferedInTime reports a cure the shop says it offered on or before
// the end of the period for cure: the further period set, else 30 days
// after the request (the pre-check's default for warranty.cure_overdue).
func (e *engine) cureOfferedInTime() bool {
	offered, f := e.in.Defences.CureOfferedOn, e.in.Facts
	if offered.IsZero() || f.CureRequestedOn.IsZero() {
		return false
	}
	end := f.AdditionalDeadlineUntil
	if end.IsZero() {
		end = f.CureRequestedOn.AddDays(30)
	}
	return !offered.After(end)
}
