package mediation

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// EngineConfig tunes the proposal engine. DefaultEngineConfig returns the
// defaults; zero day counts and a zero ReductionPercent fall back to them,
// while a zero GoodwillShare means "no goodwill gesture".
type EngineConfig struct {
	// GoodwillShare is the share of the order value proposed as a goodwill
	// voucher when the findings favour the shop (default 0.10).
	GoodwillShare decimal.Decimal
	// ReductionPercent is the price reduction proposed after a failed cure
	// when the consumer named no amount (default 20); a placeholder for the
	// §441(3) BGB ratio, which needs values the complaint does not have.
	ReductionPercent decimal.Decimal
	// DutyDays is the time a party gets for a duty, counted from the
	// proposal date with calendar.End (default 14).
	DutyDays int
	// RefundDays is the time the shop gets to refund after the goods are
	// due back (default 14, BGB §357(1)).
	RefundDays int
	// State is the federal state whose holidays move due dates (§193 BGB).
	State calendar.State
	// RemainderTo is the party that gets the odd minor unit when a disputed
	// difference is split in half (default Consumer).
	RemainderTo fairshops.Role
}

// DefaultEngineConfig returns the engine defaults: 10 % goodwill, 20 %
// reduction, 14 days for duties and refunds, national holidays, odd cents to
// the consumer.
func DefaultEngineConfig() EngineConfig {
	return EngineConfig{GoodwillShare: decimal.New(10, -2), ReductionPercent: decimal.NewFromInt(20),
		DutyDays: 14, RefundDays: 14, RemainderTo: fairshops.RoleConsumer}
}

func (c EngineConfig) withDefaults() EngineConfig {
	d := DefaultEngineConfig()
	if c.DutyDays <= 0 {
		c.DutyDays = d.DutyDays
	}
	if c.RefundDays <= 0 {
		c.RefundDays = d.RefundDays
	}
	if !c.ReductionPercent.IsPositive() || c.ReductionPercent.GreaterThan(hundred()) {
		c.ReductionPercent = d.ReductionPercent
	}
	if c.GoodwillShare.IsNegative() || c.GoodwillShare.GreaterThan(decimal.NewFromInt(1)) {
		c.GoodwillShare = decimal.Zero
	}
	if c.RemainderTo != fairshops.RoleShop {
		c.RemainderTo = fairshops.RoleConsumer
	}
	return c
}

// ProposalInput is what the engine reads: the complaint's facts and
// pre-check, the consumer's claim, the shop's offer and the date the
// proposal is made (due dates count from it).
type ProposalInput struct {
	Facts    precheck.Facts
	Precheck precheck.Result
	Claim    Want
	Offer    Want
	On       fairshops.Date
	// Contested names the contested facts and defences (CaseFacts); the
	// options follow from them.
	Contested []string
	// Defences are the shop's defences, Admitted what the consumer admits.
	Defences, Admitted Defences
	// ValueWithDefect is the value of the goods with the defect at the time
	// of the contract, as the moderator or a statement sets it: the price
	// reduction then follows BGB §441(3) instead of the default percentage.
	ValueWithDefect *fairshops.Money
}

// Propose drafts a proposal: pure and deterministic, the same input gives
// the same draft. It reads whom the findings favour (SideOf) and proposes,
// as domain/mediation.md says:
//
//   - consumer: the legal remedy in full. Unsolicited goods: no payment,
//     the order is void. A data request overdue: answer it by a date and
//     apologise. A valid withdrawal: refund of price plus standard outbound
//     delivery on return (at once when the goods are back). Transit damage:
//     replacement or full refund. A defect in the presumption year: repair
//     or replacement, the consumer's choice first (§439 BGB); after a failed
//     cure, price reduction or refund. Delivery overdue: delivery by a date,
//     or cancellation and refund once a further period passed.
//   - shop: the claim is not upheld, with the shop's own offer or a goodwill
//     voucher of GoodwillShare of the order value (none when it is zero).
//   - doubtful: a partial refund at the midpoint between the claim and the
//     offer; the difference is split with Money.Split and the odd minor unit
//     goes to RemainderTo, as the option's parts show.
//
// No option pays more than the order value plus delivery cost; amounts are
// rounded half-up to the currency's minor unit. The draft passes
// ValidateOptions whenever the order value is a valid amount.
func Propose(in ProposalInput, cfg EngineConfig) Draft {
	e := newEngine(in, cfg.withDefaults())
	side := e.side()
	var opts []Option
	switch {
	case in.Precheck.Clarity == precheck.Displeasure || e.only(precheck.OtherDispleasure):
		opts = e.displeasure()
	case e.timeBarred():
		side = SideShop
		opts = e.limitation()
	case side == SideConsumer:
		opts = e.forConsumer()
	case side == SideShop:
		opts = e.forShop()
	default:
		opts = e.compromise()
	}
	summary := "summary." + string(side)
	if e.contestedShown(opts) {
		summary = "summary.contested"
	}
	for i := range opts {
		opts[i].ID = "o" + string(rune('1'+i))
		if opts[i].Basis == nil {
			opts[i].Basis = e.basis(opts[i])
		}
	}
	return Draft{
		Side:      side,
		Options:   opts,
		Rationale: Rationale{Key: summary, Rules: e.sided()},
		Limits:    e.lim,
		On:        in.On,
	}
}

// SideOf reads whom the findings favour: the consumer when some favour the
// consumer and none the shop and none is doubtful, the shop in the mirror
// case, doubtful otherwise. Two shop findings only shape the consumer's
// remedy and do not count against the consumer: refund.may_be_withheld
// beside a valid withdrawal (the refund follows the return) and
// warranty.cure_first beside warranty.in_period (cure comes first). A
// withdrawal.period_extended beside withdrawal.expired does not count for
// the consumer: the extended period lapsed as well.
func SideOf(r precheck.Result) Side {
	withdrawalValid := hasRule(r, precheck.WithdrawalInPeriod) || hasRule(r, precheck.WithdrawalNotYetStarted)
	consumer, shop, doubtful := 0, 0, 0
	for _, f := range r.Findings {
		switch f.Favours {
		case precheck.FavoursConsumer:
			if f.Rule == precheck.WithdrawalPeriodExtended && hasRule(r, precheck.WithdrawalExpired) {
				continue
			}
			consumer++
		case precheck.FavoursShop:
			if f.Rule == precheck.RefundMayBeWithheld && withdrawalValid ||
				f.Rule == precheck.WarrantyCureFirst && hasRule(r, precheck.WarrantyInPeriod) {
				continue
			}
			shop++
		case precheck.FavoursDoubtful:
			doubtful++
		}
	}
	switch {
	case doubtful == 0 && shop == 0 && consumer > 0:
		return SideConsumer
	case doubtful == 0 && consumer == 0 && shop > 0:
		return SideShop
	}
	return SideDoubtful
}

type engine struct {
	in    ProposalInput
	cfg   EngineConfig
	lim   Limits
	cur   fairshops.Currency
	order fairshops.Money
}

func newEngine(in ProposalInput, cfg EngineConfig) *engine {
	lim := LimitsOf(in.Facts, in.On)
	return &engine{in: in, cfg: cfg, lim: lim, cur: lim.Currency, order: lim.OrderValue}
}

func (e *engine) has(id precheck.RuleID) bool { return hasRule(e.in.Precheck, id) }

// only reports whether id is the only finding besides contact.shop_first.
func (e *engine) only(id precheck.RuleID) bool {
	found := false
	for _, f := range e.in.Precheck.Findings {
		switch f.Rule {
		case id:
			found = true
		case precheck.ContactShopFirst:
		default:
			return false
		}
	}
	return found
}

// fired returns those of ids that fired, in the order of the findings.
func (e *engine) fired(ids ...precheck.RuleID) []precheck.RuleID {
	var out []precheck.RuleID
	for _, f := range e.in.Precheck.Findings {
		if slices.Contains(ids, f.Rule) && !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}

// sided returns every fired rule that favours a side or is doubtful.
func (e *engine) sided() []precheck.RuleID {
	var out []precheck.RuleID
	for _, f := range e.in.Precheck.Findings {
		if f.Favours != precheck.FavoursNeither && !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}

// due returns the end of a period of n days from the proposal date.
func (e *engine) due(from fairshops.Date, n int) fairshops.Date {
	if d := calendar.End(from, calendar.Days(n), e.cfg.State); !d.IsZero() {
		return d
	}
	return from.AddDays(n)
}

func (e *engine) dutyDue() fairshops.Date { return e.due(e.in.On, e.cfg.DutyDays) }

func (e *engine) zero() fairshops.Money { return fairshops.Zero(e.cur) }

// capped rounds m and caps it to the limit; another currency or a negative
// amount counts as zero.
func (e *engine) capped(m fairshops.Money) fairshops.Money {
	if m.Currency != e.cur || m.IsNegative() {
		return e.zero()
	}
	m = m.Round()
	if m.Amount.GreaterThan(e.lim.Max.Amount) {
		return e.lim.Max
	}
	return m
}

func (e *engine) delivery() fairshops.Money {
	if d := e.lim.Max; d.Currency == e.order.Currency {
		rest, err := d.Sub(e.order)
		if err == nil && rest.Amount.IsPositive() {
			return rest
		}
	}
	return e.zero()
}

// fullParts splits the full refund into the price and the delivery cost.
func (e *engine) fullParts() []Part {
	parts := []Part{{Label: PartPrice, Amount: e.order}}
	if d := e.delivery(); !d.IsZero() {
		parts = append(parts, Part{Label: PartDelivery, Amount: d})
	}
	return parts
}

func money(m fairshops.Money) *fairshops.Money { return &m }

func rationale(key string, rules []precheck.RuleID, args ...string) Rationale {
	return Rationale{Key: "rationale." + key, Args: args, Rules: rules}
}

// desired reports whether the consumer's claim asks for one of kinds.
func (e *engine) desired(kinds ...Kind) bool {
	return slices.Contains(kinds, e.in.Claim.Kind) ||
		slices.Contains(kinds, kindOfResolution(e.in.Facts.DesiredResolution))
}

// kindOfResolution maps a complaint's desired resolution to a remedy.
func kindOfResolution(r precheck.Resolution) Kind {
	switch r {
	case precheck.WantRefund:
		return KindRefund
	case precheck.WantReplacement:
		return KindReplacement
	case precheck.WantRepair:
		return KindRepair
	case precheck.WantPriceReduction:
		return KindPriceReduction
	case precheck.WantDelivery:
		return KindDeliver
	case precheck.WantCancelOrder:
		return KindCancelOrder
	case precheck.WantApology:
		return KindApology
	}
	return ""
}

// firstIf moves the option at index i to the front when cond holds.
func firstIf(cond bool, opts []Option, i int) []Option {
	if cond && i > 0 && i < len(opts) {
		o := opts[i]
		opts = append(opts[:i], opts[i+1:]...)
		opts = append([]Option{o}, opts...)
	}
	return opts
}

func (e *engine) forConsumer() []Option {
	switch {
	case e.has(precheck.OrderUnsolicited):
		return []Option{e.unsolicited()}
	case e.has(precheck.DataRequestOverdue):
		return []Option{e.dataAnswer(e.fired(precheck.DataRequestOverdue))}
	case e.has(precheck.WithdrawalInPeriod) || e.has(precheck.WithdrawalNotYetStarted) ||
		e.has(precheck.RefundOverdue) || e.has(precheck.PaymentRefundMissing):
		return e.valueLoss(e.withdrawalRefund())
	case e.has(precheck.DeliveryTransitRiskOnShop) && e.in.Facts.DamagedInTransit:
		return e.transitDamage()
	case e.has(precheck.DeliveryWithdrawPossible) || e.has(precheck.DeliveryOverdue) ||
		e.has(precheck.DeliveryTransitRiskOnShop):
		return e.lateDelivery()
	case e.has(precheck.WarrantyInPeriod):
		return e.warranty()
	}
	return e.claimInFull()
}

func (e *engine) unsolicited() Option {
	d := e.dutyDue()
	return Option{Kind: KindCancelOrder, Amount: e.zero(),
		Duties: []Duty{
			{Party: fairshops.RoleShop, Action: ActWaivePayment, Due: d},
			{Party: fairshops.RoleShop, Action: ActCollectGoods, Due: d},
		},
		Rationale: rationale("unsolicited", e.fired(precheck.OrderUnsolicited))}
}

func (e *engine) dataAnswer(rules []precheck.RuleID) Option {
	d := e.dutyDue()
	return Option{Kind: KindApology, Amount: e.zero(),
		Duties: []Duty{
			{Party: fairshops.RoleShop, Action: ActAnswerDataRequest, Due: d},
			{Party: fairshops.RoleShop, Action: ActApologise, Due: d},
		},
		Rationale: rationale("data_answer", rules)}
}

func (e *engine) withdrawalRefund() Option {
	rules := e.fired(precheck.WithdrawalInPeriod, precheck.WithdrawalNotYetStarted, precheck.WithdrawalPeriodExtended,
		precheck.WithdrawalButtonMissing, precheck.RefundOverdue, precheck.RefundMayBeWithheld,
		precheck.PaymentRefundMissing)
	full := e.lim.Max
	returned := !e.in.Facts.GoodsReturnedOn.IsZero() || e.has(precheck.RefundOverdue) ||
		e.has(precheck.PaymentRefundMissing) && !e.has(precheck.RefundMayBeWithheld)
	if returned || e.in.Defences.ReturnedDamaged != nil {
		return Option{Kind: KindRefund, Amount: full, Parts: e.fullParts(),
			Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActRefund, Amount: money(full), Due: e.refundDue(e.dutyDue())}},
			Rationale: rationale("refund_due", rules)}
	}
	if e.neverDelivered() {
		// Nothing to send back: a plain refund, no withholding (§357(4)).
		return Option{Kind: KindRefund, Amount: full, Parts: e.fullParts(),
			Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActRefund, Amount: money(full), Due: e.refundDue(e.dutyDue())}},
			Rationale: rationale("refund_not_delivered", rules)}
	}
	back := e.dutyDue()
	o := Option{Kind: KindRefundOnReturn, Amount: full, Parts: e.fullParts(),
		// Without the withdrawal information the consumer was hardly told
		// about the return costs either (BGB §357(5)); the moderator may edit.
		ShopPaysReturn: !e.in.Facts.Informed(),
		Rationale:      rationale("withdrawal_refund_on_return", rules)}
	o.Duties = e.returnDuties(o.ShopPaysReturn, back, full)
	// Once the goods are back or their dispatch is proven the refund is due
	// at once, unless the 14 days from the withdrawal run longer (§357(1),(4)).
	o.Duties[len(o.Duties)-1].Due = e.refundDue(back)
	return o
}

func (e *engine) returnDuties(shopPays bool, back fairshops.Date, amount fairshops.Money) []Duty {
	var ds []Duty
	if shopPays {
		ds = append(ds, Duty{Party: fairshops.RoleShop, Action: ActPayReturnShipping, Due: back})
	}
	return append(ds,
		Duty{Party: fairshops.RoleConsumer, Action: ActReturnGoods, Due: back},
		Duty{Party: fairshops.RoleShop, Action: ActRefund, Amount: money(amount), Due: e.due(back, e.cfg.RefundDays)})
}

func (e *engine) replacement(rules []precheck.RuleID, key string) Option {
	d := e.dutyDue()
	return Option{Kind: KindReplacement, Amount: e.zero(),
		Duties: []Duty{
			{Party: fairshops.RoleConsumer, Action: ActProvideGoods, Due: d},
			{Party: fairshops.RoleShop, Action: ActReplace, Due: e.due(d, e.cfg.DutyDays)},
		},
		Rationale: rationale(key, rules)}
}

func (e *engine) repair(rules []precheck.RuleID) Option {
	d := e.dutyDue()
	return Option{Kind: KindRepair, Amount: e.zero(),
		Duties: []Duty{
			{Party: fairshops.RoleConsumer, Action: ActProvideGoods, Due: d},
			{Party: fairshops.RoleShop, Action: ActRepair, Due: e.due(d, e.cfg.DutyDays)},
		},
		Rationale: rationale("warranty_repair", rules)}
}

// refundOnReturnAtShopCost is the full refund after a defect or transit
// damage: the seller bears the transport (BGB §439(2), §346).
func (e *engine) refundOnReturnAtShopCost(rules []precheck.RuleID, key string) Option {
	full := e.lim.Max
	o := Option{Kind: KindRefundOnReturn, Amount: full, Parts: e.fullParts(), ShopPaysReturn: true,
		Rationale: rationale(key, rules)}
	o.Duties = e.returnDuties(true, e.dutyDue(), full)
	return o
}

func (e *engine) transitDamage() []Option {
	rules := e.fired(precheck.DeliveryTransitRiskOnShop, precheck.DefenceLateNoticeInvalid)
	opts := []Option{e.replacement(rules, "transit_replacement"), e.refundOnReturnAtShopCost(rules, "transit_refund")}
	return firstIf(e.desired(KindRefund, KindRefundOnReturn, KindCancelOrder), opts, 1)
}

func (e *engine) cancelAndRefund(rules []precheck.RuleID) Option {
	d := e.dutyDue()
	full := e.lim.Max
	return Option{Kind: KindCancelOrder, Amount: full, Parts: e.fullParts(),
		Duties: []Duty{
			{Party: fairshops.RoleShop, Action: ActCancelOrder, Due: d},
			{Party: fairshops.RoleShop, Action: ActRefund, Amount: money(full), Due: d},
		},
		Rationale: rationale("delivery_cancel", rules)}
}

func (e *engine) lateDelivery() []Option {
	rules := e.fired(precheck.DeliveryOverdue, precheck.DeliveryWithdrawPossible, precheck.DeliverySetDeadline,
		precheck.DeliveryTransitRiskOnShop)
	deliver := Option{Kind: KindDeliver, Amount: e.zero(),
		Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActDeliver, Due: e.dutyDue()}},
		Rationale: rationale("delivery_deliver", rules)}
	wantsOut := e.desired(KindCancelOrder, KindRefund)
	if e.has(precheck.DeliveryWithdrawPossible) {
		opts := []Option{e.cancelAndRefund(rules), deliver}
		return firstIf(e.desired(KindDeliver), opts, 1)
	}
	if wantsOut {
		// No further period has passed yet: delivery is the legal remedy;
		// cancelling is offered as the consumer asked for it.
		return []Option{deliver, e.cancelAndRefund(rules)}
	}
	return []Option{deliver}
}

func (e *engine) warranty() []Option {
	if e.has(precheck.WarrantyCureOverdue) {
		rules := e.fired(precheck.WarrantyInPeriod, precheck.WarrantyPresumedAtDelivery, precheck.WarrantyCureOverdue,
			precheck.DefenceLateNoticeInvalid)
		opts := []Option{e.refundOnReturnAtShopCost(rules, "warranty_refund")}
		if e.in.Admitted.DefectMinor {
			// No rescission for a minor defect (§323(5) sentence 2).
			opts = nil
		} else if e.in.Defences.DefectMinor {
			opts[0].Rationale.Key = "rationale.warranty_refund_minor_contested"
		}
		if pr, ok := e.priceReduction(rules); ok {
			opts = firstIf(e.desired(KindPriceReduction, KindPartialRefund), append(opts, pr), 1)
		}
		if len(opts) == 0 || e.cureOfferedInTime() {
			// A cure the shop offered in time keeps cure open (§439, §323(1)).
			o := e.repair(rules)
			o.Rationale.Key = "rationale.warranty_cure_offered"
			o.Rationale.Args = []string{e.in.Defences.CureOfferedOn.String()}
			if e.in.Defences.CureOfferedOn.IsZero() {
				o.Rationale = rationale("warranty_repair", rules)
			}
			opts = append(opts, o)
		}
		return opts
	}
	rules := e.fired(precheck.WarrantyInPeriod, precheck.WarrantyPresumedAtDelivery, precheck.WarrantyCureFirst,
		precheck.DefenceLateNoticeInvalid)
	opts := []Option{e.replacement(rules, "warranty_replacement"), e.repair(rules)}
	return firstIf(e.desired(KindRepair), opts, 1)
}

// priceReduction reduces the price by the percentage the consumer's claim
// implies, or by the configured default; it reports false when the
// reduction of a tiny order rounds to nothing.
func (e *engine) priceReduction(rules []precheck.RuleID) (Option, bool) {
	pct := e.cfg.ReductionPercent
	key := "warranty_reduction_proposal"
	if v, ok := e.reductionByValue(); ok {
		pct, key = v, "warranty_reduction_value"
	} else if c := e.in.Claim; (c.Kind == KindPriceReduction || c.Kind == KindPartialRefund) && c.Amount != nil &&
		c.Amount.Currency == e.cur && c.Amount.Amount.IsPositive() && e.order.Amount.IsPositive() {
		pct = c.Amount.Amount.Mul(hundred()).DivRound(e.order.Amount, 2)
		key = "warranty_reduction"
	}
	if pct.GreaterThan(hundred()) {
		pct = hundred()
	}
	if !pct.IsPositive() {
		pct = minPercent()
	}
	amount := reductionAmount(e.order, pct)
	args := []string{pct.String()}
	if key == "warranty_reduction_value" {
		// §441(3) with the price as the value without the defect: the
		// reduced price is the value with the defect, so the reduction is
		// exact; it is rounded half-up to the minor unit only here, and the
		// percentage is only shown, rounded (consistentPercent).
		v := *e.in.ValueWithDefect
		exact := e.order.Amount.Sub(v.Amount)
		amount = fairshops.Money{Amount: exact, Currency: e.cur}.Round()
		pct = exact.Mul(hundred()).DivRound(e.order.Amount, 2)
		if !pct.IsPositive() {
			pct = minPercent() // a share below 0.005 percent shows as the least percentage
		}
		args = []string{pct.String(), v.String(), e.order.String(), amount.String()}
	}
	if !amount.Amount.IsPositive() {
		return Option{}, false
	}
	return Option{Kind: KindPriceReduction, Amount: amount, Percent: pct,
		Parts:     []Part{{Label: PartReduction, Amount: amount}},
		Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActRefund, Amount: money(amount), Due: e.dutyDue()}},
		Rationale: rationale(key, rules, args...)}, true
}

// claimInFull grants the consumer's claim where the findings favour the
// consumer but no remedy route of the rules page applies.
func (e *engine) claimInFull() []Option {
	rules := e.sided()
	v := e.claimValue()
	if v.IsZero() {
		return []Option{e.nonMonetary(rules, "claim_in_full")}
	}
	return []Option{e.payout(KindPartialRefund, v, []Part{{Label: PartClaim, Amount: v}}, rationale("claim_in_full", rules))}
}

func (e *engine) payout(k Kind, amount fairshops.Money, parts []Part, r Rationale) Option {
	act := ActRefund
	if k == KindVoucher {
		act = ActIssueVoucher
	}
	return Option{Kind: k, Amount: amount, Parts: parts,
		Duties:    []Duty{{Party: fairshops.RoleShop, Action: act, Amount: money(amount), Due: e.dutyDue()}},
		Rationale: r}
}

// nonMonetary proposes the consumer's claim where it pays no money: an
// apology, with the data request answered in a data case.
func (e *engine) nonMonetary(rules []precheck.RuleID, key string) Option {
	if e.in.Facts.Category == precheck.Data || !e.in.Facts.DataRequestOn.IsZero() {
		return e.dataAnswer(rules)
	}
	return Option{Kind: KindApology, Amount: e.zero(),
		Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActApologise, Due: e.dutyDue()}},
		Rationale: rationale(key, rules)}
}

func (e *engine) displeasure() []Option {
	return []Option{{Kind: KindApology, Amount: e.zero(),
		Duties:    []Duty{{Party: fairshops.RoleShop, Action: ActApologise, Due: e.dutyDue()}},
		Rationale: rationale("displeasure", e.fired(precheck.OtherDispleasure))}}
}

func (e *engine) forShop() []Option {
	rules := e.fired(precheck.WithdrawalExpired, precheck.WarrantyExpired, precheck.RefundMayBeWithheld,
		precheck.WarrantyCureFirst)
	off := e.in.Offer
	if v := e.offerValue(); v.Amount.IsPositive() {
		k := KindPartialRefund
		if off.Kind == KindVoucher {
			k = KindVoucher
		}
		return []Option{e.payout(k, v, []Part{{Label: PartShopOffer, Amount: v}}, rationale("shop_offer", rules))}
	}
	switch off.Kind {
	case KindRepair:
		o := e.repair(rules)
		o.Rationale = rationale("shop_offer", rules)
		return []Option{o}
	case KindReplacement:
		return []Option{e.replacement(rules, "shop_offer")}
	}
	goodwill := e.order.Mul(e.cfg.GoodwillShare).Round()
	if e.order.Currency != e.cur || !goodwill.Amount.IsPositive() {
		return []Option{{Kind: KindNotUpheld, Amount: e.zero(),
			Duties:    []Duty{{Party: fairshops.RoleConsumer, Action: ActWithdrawClaim, Due: e.dutyDue()}},
			Rationale: rationale("not_upheld", rules)}}
	}
	goodwill = e.capped(goodwill)
	share := e.cfg.GoodwillShare.Mul(hundred()).String()
	return []Option{e.payout(KindVoucher, goodwill, []Part{{Label: PartGoodwill, Amount: goodwill}},
		rationale("goodwill_voucher", rules, share))}
}

// claimValue is what the consumer's claim is worth: its amount, or for a
// claim without one the full refund (refund, cancellation), the default
// reduction (price reduction, partial refund, voucher) or the order value
// (replacement, repair, delivery); zero for claims that pay no money.
func (e *engine) claimValue() fairshops.Money {
	c := e.in.Claim
	if c.Amount != nil && c.Amount.Currency == e.cur && c.Amount.Amount.IsPositive() {
		return e.capped(*c.Amount)
	}
	k := c.Kind
	if k == "" {
		k = kindOfResolution(e.in.Facts.DesiredResolution)
	}
	switch k {
	case KindRefund, KindRefundOnReturn, KindCancelOrder:
		return e.lim.Max
	case KindPriceReduction, KindPartialRefund, KindVoucher:
		return e.capped(reductionAmount(e.order, e.cfg.ReductionPercent))
	case KindReplacement, KindRepair, KindDeliver:
		return e.capped(e.order)
	}
	return e.zero()
}

// offerValue is what the shop's offer pays, zero for offers without money.
func (e *engine) offerValue() fairshops.Money {
	if o := e.in.Offer; o.Amount != nil && o.Amount.Currency == e.cur && o.Amount.Amount.IsPositive() {
		return e.capped(*o.Amount)
	}
	return e.zero()
}

// compromise proposes the midpoint between claim and offer as a partial
// refund; the shop's non-monetary offer, if any, stands beside it.
func (e *engine) compromise() []Option {
	rules := e.sided()
	claim, offer := e.claimValue(), e.offerValue()
	var opts []Option
	switch {
	case claim.IsZero() && offer.IsZero():
		opts = append(opts, e.nonMonetary(rules, "non_monetary"))
	case !claim.Amount.GreaterThan(offer.Amount):
		// The offer covers the claim: propose the claim.
		v := claim
		if v.IsZero() {
			v = offer
		}
		opts = append(opts, e.payout(KindPartialRefund, v, []Part{{Label: PartShopOffer, Amount: v}},
			rationale("offer_covers_claim", rules, claim.String(), offer.String())))
	default:
		if o := e.midpoint(rules, claim, offer); o.Amount.IsZero() {
			// One minor unit in dispute, and it stays with the shop.
			opts = append(opts, e.nonMonetary(rules, "non_monetary"))
		} else {
			opts = append(opts, o)
		}
	}
	switch e.in.Offer.Kind {
	case KindRepair:
		o := e.repair(rules)
		o.Rationale = rationale("shop_offer", rules)
		opts = append(opts, o)
	case KindReplacement:
		opts = append(opts, e.replacement(rules, "shop_offer"))
	}
	return opts
}

// Midpoint splits the difference between claim and offer (both in one
// currency, claim above offer) in half with Money.Split: the parts are the
// offer and the half that goes to the consumer, who gets the larger half
// (the odd minor unit) when remainderTo is Consumer. The parts add up
// exactly to the returned amount.
func Midpoint(claim, offer fairshops.Money, remainderTo fairshops.Role) (fairshops.Money, []Part, bool) {
	diff, err := claim.Round().Sub(offer.Round())
	if err != nil || !diff.Amount.IsPositive() {
		return fairshops.Money{}, nil, false
	}
	halves := diff.Split(2) // halves[0] >= halves[1], their sum is diff exactly
	half := halves[0]
	if remainderTo == fairshops.RoleShop {
		half = halves[1]
	}
	odd := !halves[0].Amount.Equal(halves[1].Amount)
	amount, _ := offer.Round().Add(half)
	var parts []Part
	if !offer.IsZero() {
		parts = append(parts, Part{Label: PartShopOffer, Amount: offer.Round()})
	}
	parts = append(parts, Part{Label: PartHalfDifference, Amount: half})
	return amount, parts, odd
}

func (e *engine) midpoint(rules []precheck.RuleID, claim, offer fairshops.Money) Option {
	amount, parts, odd := Midpoint(claim, offer, e.cfg.RemainderTo)
	diff, _ := claim.Sub(offer)
	key := "compromise"
	if odd {
		key = "compromise_odd_" + string(e.cfg.RemainderTo)
	}
	unit := fairshops.NewMoney(decimal.New(1, -e.cur.Scale()), e.cur)
	return e.payout(KindPartialRefund, amount, parts,
		rationale(key, rules, claim.String(), offer.String(), diff.String(), unit.String()))
}

// SplitInstalments divides total into n instalments with Money.Split, so
// they differ by at most one minor unit and add up exactly to total rounded
// to its minor unit (the earlier instalments take the remainder). The first
// falls due on first, each further one a period later (calendar.End, moved
// to a working day in state). n must be 2..MaxInstalments.
func SplitInstalments(total fairshops.Money, n int, first fairshops.Date, every calendar.Period,
	state calendar.State) ([]Instalment, error) {
	var p fairshops.Problems
	switch {
	case n < 2:
		p.Add("n", fairshops.ReasonTooSmall, 2)
	case n > MaxInstalments:
		p.Add("n", fairshops.ReasonTooLarge, MaxInstalments)
	}
	if total.IsNegative() {
		p.Add("total", fairshops.ReasonNegative)
	}
	if first.IsZero() {
		p.Add("first", fairshops.ReasonRequired)
	}
	if every.IsZero() {
		p.Add("every", fairshops.ReasonRequired)
	}
	p.Merge("every", every.Check())
	if err := p.Err("mediation.SplitInstalments"); err != nil {
		return nil, err
	}
	parts := total.Split(n)
	out := make([]Instalment, n)
	for i, m := range parts {
		// Each due date counts from the first, so month ends do not drift.
		due := calendar.MoveToWorkingDay(first, state)
		if i > 0 {
			due = calendar.End(first, calendar.Period{Years: every.Years * i, Months: every.Months * i,
				Days: every.Days * i}, state)
		}
		if due.IsZero() {
			p.Add("every", fairshops.ReasonTooLarge, "9999-12-31")
			return nil, p.Err("mediation.SplitInstalments")
		}
		out[i] = Instalment{Amount: m, Due: due}
	}
	return out, nil
}
