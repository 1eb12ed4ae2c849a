package http

import (
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/mediation"
)

// Decoders of the mediation endpoints' bodies. They read the shape (keys,
// types, money) and report every problem at once; what the values mean
// (limits, sums, who may do what) is for the mediation service to check.

// apiDecodeWant reads an optional claim or offer {"kind", "amount"}.
func apiDecodeWant(o jsonin.Object, p *fairshops.Problems, key string) *mediation.Want {
	wo, ok := o.Object(p, key, false)
	if !ok {
		return nil
	}
	wo.Only(p, "kind", "amount")
	w := &mediation.Want{Kind: mediation.Kind(wo.Str(p, "kind", false))}
	if wo.Has("amount") {
		if m, ok := wo.Money(p, "amount", true); ok {
			w.Amount = &m
		}
	}
	return w
}

// apiDecodeOptions reads the options of a draft as the operator edits them.
func apiDecodeOptions(o jsonin.Object, p *fairshops.Problems) []mediation.Option {
	objs, maps := apiObjects(o, p, "options", true)
	out := make([]mediation.Option, 0, len(objs))
	for i, oo := range objs {
		oo.Only(p, "id", "kind", "amount", "percent", "shop_pays_return", "parts", "instalments", "duties",
			"rationale", "note", "basis")
		opt := mediation.Option{
			ID:   oo.Str(p, "id", true),
			Kind: mediation.Kind(oo.Str(p, "kind", true)),
			Note: oo.Str(p, "note", false),
		}
		opt.Amount, _ = oo.Money(p, "amount", true)
		opt.Percent = apiDecimal(maps[i], oo, p, "percent")
		opt.ShopPaysReturn, _ = oo.Bool(p, "shop_pays_return")
		opt.Basis = apiStrings(oo, p, "basis", false)
		parts, _ := apiObjects(oo, p, "parts", false)
		for _, po := range parts {
			po.Only(p, "label", "amount")
			part := mediation.Part{Label: po.Str(p, "label", true)}
			part.Amount, _ = po.Money(p, "amount", true)
			opt.Parts = append(opt.Parts, part)
		}
		insts, _ := apiObjects(oo, p, "instalments", false)
		for _, io := range insts {
			io.Only(p, "amount", "due")
			in := mediation.Instalment{Due: io.Date(p, "due", true)}
			in.Amount, _ = io.Money(p, "amount", true)
			opt.Instalments = append(opt.Instalments, in)
		}
		duties, _ := apiObjects(oo, p, "duties", false)
		opt.Duties = []mediation.Duty{}
		for _, do := range duties {
			do.Only(p, "party", "action", "amount", "due")
			d := mediation.Duty{Party: fairshops.Role(do.Str(p, "party", true)),
				Action: mediation.Action(do.Str(p, "action", true)), Due: do.Date(p, "due", true)}
			if do.Has("amount") {
				if m, ok := do.Money(p, "amount", true); ok {
					d.Amount = &m
				}
			}
			opt.Duties = append(opt.Duties, d)
		}
		if ro, ok := oo.Object(p, "rationale", false); ok {
			ro.Only(p, "key", "args", "rules")
			opt.Rationale.Key = ro.Str(p, "key", true)
			opt.Rationale.Args = apiStrings(ro, p, "args", false)
			for _, id := range apiStrings(ro, p, "rules", false) {
				opt.Rationale.Rules = append(opt.Rationale.Rules, precheck.RuleID(id))
			}
		}
		out = append(out, opt)
	}
	return out
}

// apiDecimal reads an optional decimal given as a JSON number or a
// decimal string.
func apiDecimal(raw map[string]any, o jsonin.Object, p *fairshops.Problems, key string) decimal.Decimal {
	var s string
	switch v := raw[key].(type) {
	case nil:
		return decimal.Decimal{}
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		p.Add(o.Field(key), fairshops.ReasonWrongType, "number")
		return decimal.Decimal{}
	}
	if len(s) > 40 {
		p.Add(o.Field(key), fairshops.ReasonTooLong, 40)
		return decimal.Decimal{}
	}
	// A bounded exponent keeps comparisons from growing huge numbers.
	d, err := decimal.NewFromString(s)
	if err != nil || d.Exponent() < -20 || d.Exponent() > 20 {
		p.Add(o.Field(key), fairshops.ReasonInvalidFormat, "decimal number")
		return decimal.Decimal{}
	}
	return d
}

// apiDecodeStatementFacts reads the optional "facts" of a statement: an
// object whose keys and values the mediation service checks against the
// pre-check's facts (so every fact name the pre-check knows is accepted).
func apiDecodeStatementFacts(o jsonin.Object, p *fairshops.Problems) map[string]any {
	v := o.Value("facts")
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.Add(o.Field("facts"), fairshops.ReasonWrongType, "object")
		return nil
	}
	return m
}

// apiDecodeDefences reads the optional "defences" of a statement:
// {"returned_damaged": {"loss": Money}, "not_received_back": true,
// "refund_paid_on": date, "cure_offered_on": date, "defect_minor": true,
// "limitation_invoked": true}.
func apiDecodeDefences(o jsonin.Object, p *fairshops.Problems) *mediation.Defences {
	do, ok := o.Object(p, "defences", false)
	if !ok {
		return nil
	}
	do.Only(p, mediation.DefenceReturnedDamaged, mediation.DefenceNotReceivedBack, mediation.DefenceRefundPaidOn,
		mediation.DefenceCureOfferedOn, mediation.DefenceDefectMinor, mediation.DefenceLimitationInvoked)
	d := &mediation.Defences{
		RefundPaidOn:  do.Date(p, mediation.DefenceRefundPaidOn, false),
		CureOfferedOn: do.Date(p, mediation.DefenceCureOfferedOn, false),
	}
	if ro, ok := do.Object(p, mediation.DefenceReturnedDamaged, false); ok {
		ro.Only(p, "loss")
		if m, ok := ro.Money(p, "loss", true); ok {
			d.ReturnedDamaged = &mediation.ValueLoss{Loss: m}
		}
	}
	d.NotReceivedBack, _ = do.Bool(p, mediation.DefenceNotReceivedBack)
	d.DefectMinor, _ = do.Bool(p, mediation.DefenceDefectMinor)
	d.LimitationInvoked, _ = do.Bool(p, mediation.DefenceLimitationInvoked)
	return d
}
