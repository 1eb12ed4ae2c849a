package precheck

import (
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The figures the rules count with; every period goes through calendar.
const (
	withdrawalDays            = 14 // BGB §355(2)
	withdrawalExtensionMonths = 12 // BGB §356(3) sentence 2
	refundDays                = 14 // BGB §357(1)
	warrantyYears             = 2  // BGB §438(1) no. 3
	usedGoodsYears            = 1  // BGB §476(2): used goods, validly shortened
	showedMonths              = 4  // BGB §475e(3): limitation runs 4 months after a defect showed
	presumptionYears          = 1  // BGB §477(1), contracts from 2022-01-01
	presumptionMonthsOld      = 6  // BGB §477 a.F. (2018-2021), §476 a.F. (before 2018)
	cureWaitDays              = 30 // the rules page's stand-in for "a reasonable period" (§475(5))
	deliveryLatestDays        = 30 // BGB §475(1) sentence 2
	dataRequestMonths         = 1  // GDPR Art. 12(3)
)

// lawReform is the day the sale-of-goods rules of Directive (EU) 2019/771
// took effect in the BGB (a presumption of 1 year in §477(1) instead of 6
// months); buttonDuty the day the withdrawal button becomes mandatory (BGB
// §356a, Directive (EU) 2023/2673). Both are compared with the order date,
// the day the contract was concluded.
func lawReform() fairshops.Date  { return fairshops.NewDate(2022, time.January, 1) }
func buttonDuty() fairshops.Date { return fairshops.NewDate(2026, time.June, 19) }

// Revision is the revision of the rules page (docs/precheck-rules.md) that
// Check implements; every Result records it (Result.Revision). Revision 1
// results were stored without it and read back as RevisionOne.
const Revision = 2

// RevisionOne is the first revision of the rules, the one of every stored
// result that records no revision.
const RevisionOne = 1

// Options configure a check.
type Options struct {
	// State is the federal state assumed for both places, the consumer's
	// and the shop's, when neither the facts (consumer_state, shop_state)
	// nor ShopState name one. The zero value, calendar.National, means
	// "unknown": then every state's end of a period is computed, and a
	// finding whose answer differs between the earliest and the latest end
	// is doubtful (revision 2). A State that is not Valid counts as
	// National.
	State calendar.State
	// ShopState is the state of the shop's registered seat, whose holidays
	// end the shop's periods (refund, delivery, cure, data request; BGB
	// §193). It takes precedence over the facts' shop_state; National
	// (the zero value) means the registration has none.
	ShopState calendar.State
	// Catalogue is the catalogue whose criteria standard_violations names;
	// nil means fairshops.DefaultCatalogue(). A criterion the catalogue does
	// not have is never named.
	Catalogue *fairshops.Catalogue
}

// defaultCatalogue is the embedded catalogue, loaded once; it is read-only.
var defaultCatalogue = sync.OnceValue(fairshops.DefaultCatalogue)

// The criteria of the catalogue that findings show to be breached.
const (
	criterionRefund   = "must.refund_in_time"
	criterionDelivery = "must.delivery_as_promised"
	criterionData     = "must.data_protection_requests"
)

// missingNames lists the facts a rule may report as missing, sorted:
// missing_facts is a bit set over this list (see missingFact), so that the
// output is sorted and unique without sorting.
func missingNames() [7]string {
	return [...]string{
		"as_of",
		"defect_noticed_on",
		"delivery_date",
		"informed_about_withdrawal",
		"order_date",
		"promised_delivery_date",
		"withdrawal_declared_on",
	}
}

type missingFact uint8

const (
	missAsOf missingFact = iota
	missDefectNoticedOn
	missDeliveryDate
	missInformedAboutWithdrawal
	missOrderDate
	missPromisedDeliveryDate
	missWithdrawalDeclaredOn
)

// Check runs every rule of the pre-check on the facts as of the check date
// asOf (the facts' as_of when asOf is zero; with neither, the rules that
// compare with the check date do not fire and "as_of" is a missing fact).
// It is pure: no clock, no I/O, the same input gives the same Result. It
// expects facts that passed Validate; on other facts it still returns a
// Result and never panics, but the Result may say little.
func Check(f Facts, asOf fairshops.Date, opts Options) Result {
	if asOf.IsZero() {
		asOf = f.AsOf
	}
	if !opts.State.Valid() {
		opts.State = calendar.National
	}
	e := evaluation{f: &f, asOf: asOf,
		consumerState: firstState(f.ConsumerState, opts.State),
		shopState:     firstState(opts.ShopState, f.ShopState, opts.State)}
	e.run()
	return e.result(opts.Catalogue)
}

// firstState returns the first of ss that is a known state (Valid and not
// National), or National when none is.
func firstState(ss ...calendar.State) calendar.State {
	for _, s := range ss {
		if s.Valid() && s != calendar.National {
			return s
		}
	}
	return calendar.National
}

// hit is what a fired rule says before it becomes a Finding.
type hit struct {
	fired   bool
	favours Favours
	// contract is the day the contract was concluded, for rules whose
	// basis depends on it (RuleInfo.Earlier); zero: the current basis.
	contract fairshops.Date
	// variant is appended to the rule's message key ("rule.<id>" +
	// variant): the text for a special case of the rule (revision 2).
	variant string
	args    [4]string
	nargs   int
}

// party is the side whose periods a place's holidays end (BGB §193): the
// consumer's for what the consumer must declare in time (withdrawal,
// limitation), the shop's for what the shop must perform (refund,
// delivery, cure, data request).
type party uint8

const (
	consumerSide party = iota
	shopSide
)

// span is the last day of a period in the states that may count: early is
// the earliest end, late the latest (they are equal when the state is
// known and the end is no local holiday). The zero span: not counted.
type span struct{ early, late fairshops.Date }

func (sp span) isZero() bool { return sp.early.IsZero() || sp.late.IsZero() }

// single returns the span of one day that is not moved (a day given by the
// facts, such as the day the goods were sent back).
func single(d fairshops.Date) span { return span{d, d} }

// later returns the span whose ends are the later ones of sp and o.
func (sp span) later(o span) span {
	if sp.isZero() {
		return o
	}
	if o.isZero() {
		return sp
	}
	out := sp
	if o.early.After(out.early) {
		out.early = o.early
	}
	if o.late.After(out.late) {
		out.late = o.late
	}
	return out
}

// verdict says whether a day lies after a span: in no state (notAfter), in
// some states but not in others (maybe), or in every state (after).
type verdict uint8

const (
	notAfter verdict = iota
	maybe
	after
)

// allStates is calendar.States, built once; it is read-only.
var allStates = sync.OnceValue(calendar.States)

// evaluation holds the state of one check.
type evaluation struct {
	f             *Facts
	asOf          fairshops.Date
	consumerState calendar.State // National: unknown
	shopState     calendar.State // National: unknown
	hits          [numRules]hit
	missing       uint32 // bit set over missingNames

	awaiting        bool // the goods have not arrived (not delivered)
	withdrawalValid bool // declared in time in every state, or before delivery; no exception claimed
	beforeDelivery  bool // the withdrawal came before the goods arrived
	refundDue       span // when a refund is due (valid withdrawal, not withheld)
	refundVerdict   verdict
}

func (e *evaluation) fire(r rule, args ...string) *hit {
	h := &e.hits[r]
	h.fired = true
	h.favours = rules()[r].Outcomes[0]
	h.nargs = copy(h.args[:], args)
	h.contract = fairshops.Date{}
	h.variant = ""
	return h
}

// fireByState fires r after a period whose end the state decides: with
// v == after as fire does, with v == maybe as a doubtful finding whose
// message ("rule.<id>.by_state") names the earliest and the latest end in
// place of the argument that names the (latest) end.
func (e *evaluation) fireByState(r rule, v verdict, sp span, args ...string) *hit {
	if v != maybe {
		return e.fire(r, args...)
	}
	// The argument that names the end becomes the two ends.
	late := sp.late.String()
	i := len(args) - 1
	for i >= 0 && args[i] != late {
		i--
	}
	both := make([]string, 0, len(args)+1)
	if i < 0 {
		both = append(both, args...)
		both = append(both, sp.early.String(), late)
	} else {
		both = append(both, args[:i]...)
		both = append(both, sp.early.String(), late)
		both = append(both, args[i+1:]...)
	}
	h := e.fire(r, both...)
	h.favours, h.variant = FavoursDoubtful, variantByState
	return h
}

// Message key variants (revision 2).
const (
	variantByState      = ".by_state"      // the end depends on the state: both ends
	variantNegotiations = ".negotiations"  // limitation may have been suspended (§203, §212)
	variantInformedLate = ".informed_late" // §356(3): informed after delivery
	variantTooEarly     = ".too_early"     // a further period set before the delivery was due
	variantSetOnUnknown = ".set_on_unknown"
	// variantInformedUnknown: the 14 days have passed, but whether the
	// consumer was informed about the right of withdrawal is not given; the
	// shop bears the burden of proof (§312m(2)), and without information the
	// period is 12 months and 14 days (§356(3)).
	variantInformedUnknown = ".informed_unknown"
)

// variantKeys lists the message keys of the rules' variants (revision 2),
// for the completeness test of the message table.
func variantKeys() []string {
	keys := []string{}
	for _, r := range []RuleID{WithdrawalExpired, RefundOverdue, WarrantyExpired, WarrantyCureOverdue,
		DeliveryOverdue, DeliveryWithdrawPossible, DataRequestOverdue, PaymentRefundMissing} {
		keys = append(keys, ruleMessagePrefix+string(r)+variantByState)
	}
	return append(keys,
		ruleMessagePrefix+string(WarrantyExpired)+variantNegotiations,
		ruleMessagePrefix+string(WithdrawalPeriodExtended)+variantInformedLate,
		ruleMessagePrefix+string(DeliverySetDeadline)+variantTooEarly,
		ruleMessagePrefix+string(DeliveryWithdrawPossible)+variantSetOnUnknown,
		ruleMessagePrefix+string(WithdrawalExpired)+variantInformedUnknown)
}

func (e *evaluation) fired(r rule) bool { return e.hits[r].fired }

// clear reports whether r fired with a finding that is not doubtful.
func (e *evaluation) clear(r rule) bool {
	return e.hits[r].fired && e.hits[r].favours != FavoursDoubtful
}

func (e *evaluation) miss(m missingFact) { e.missing |= 1 << m }

// states returns the states whose holidays may count for the side: its
// known state, or every state when it is unknown.
func (e *evaluation) states(p party) []calendar.State {
	s := e.consumerState
	if p == shopSide {
		s = e.shopState
	}
	if s != calendar.National {
		return []calendar.State{s}
	}
	return allStates()
}

// ends computes the last day of a period in every state that may count for
// the side, last(s) being its end in s with §193 applied. A last day that is
// a local holiday in parts of s (which the state tables do not count) may
// end the period a working day later there: the span's late end includes
// that day, so a check date between the two is doubtful.
func (e *evaluation) ends(p party, last func(calendar.State) fairshops.Date) span {
	var sp span
	for _, s := range e.states(p) {
		d := last(s)
		if d.IsZero() {
			return span{}
		}
		late := d
		if calendar.IsPartialHoliday(d, s) {
			late = calendar.MoveToWorkingDay(d.AddDays(1), s)
		}
		if sp.early.IsZero() || d.Before(sp.early) {
			sp.early = d
		}
		if sp.late.IsZero() || late.After(sp.late) {
			sp.late = late
		}
	}
	return sp
}

// end returns the last day of period p from event for the side, with §193.
func (e *evaluation) end(p party, event fairshops.Date, per calendar.Period) span {
	return e.ends(p, func(s calendar.State) fairshops.Date { return calendar.End(event, per, s) })
}

// after says whether the day d lies after the span.
func after193(d fairshops.Date, sp span) verdict {
	switch {
	case d.IsZero() || sp.isZero():
		return notAfter
	case d.After(sp.late):
		return after
	case d.After(sp.early):
		return maybe
	}
	return notAfter
}

// passed says whether the check date is after the span; with no check date
// it records as_of as missing and answers notAfter.
func (e *evaluation) passed(sp span) verdict {
	if e.asOf.IsZero() {
		e.miss(missAsOf)
		return notAfter
	}
	return after193(e.asOf, sp)
}

func (e *evaluation) run() {
	f := e.f
	consumer := f.IsConsumer()
	if !consumer {
		e.fire(rScopeNotConsumer)
	}
	if f.ContactedShopOn.IsZero() {
		e.fire(rContactShopFirst)
	}
	if consumer {
		e.withdrawal()
		e.refund()
		e.warranty()
		e.delivery()
		e.rest()
	}
	e.data()
	e.displeasure()
}

// notDelivered reports whether the goods have not reached the consumer. A
// parcel lost in transit never arrived, whatever delivery date the carrier
// gives (lost_in_transit covers "tracking says delivered, nothing came"; the
// withdrawal period starts only on receipt, §356(2) no. 1). Otherwise a
// missing delivery date means "not delivered" for the categories about
// delivery and withdrawal, and for payment and other complaints that name a
// promised delivery date. Either way, a return, a defect or transit damage
// shows that the goods arrived.
func (f *Facts) notDelivered() bool {
	if !f.GoodsReturnedOn.IsZero() || !f.DefectNoticedOn.IsZero() || f.DamagedInTransit {
		return false
	}
	if f.LostInTransit {
		return true
	}
	return f.DeliveryDate.IsZero() && (f.Category == Delivery || f.Category == Withdrawal ||
		(!f.PromisedDeliveryDate.IsZero() && (f.Category == Payment || f.Category == Other)))
}

// withdrawal evaluates the right of withdrawal (BGB §§355, 356, 312g).
func (e *evaluation) withdrawal() {
	f := e.f
	if f.WithdrawalException != "" {
		e.fire(rWithdrawalExceptionClaimed, exceptionKey(f.WithdrawalException))
	}
	declared := f.WithdrawalDeclaredOn
	e.awaiting = f.notDelivered()
	switch {
	case e.awaiting && !f.OrderDate.IsZero():
		// The period for goods starts on receipt (§356(2) no. 1); a
		// withdrawal before it is valid (§355(1)).
		if f.Category == Withdrawal {
			e.fire(rWithdrawalNotYetStarted)
		}
		e.withdrawalValid = !declared.IsZero()
		e.beforeDelivery = e.withdrawalValid
	case declared.IsZero():
		if f.Category == Withdrawal || f.Category == Return {
			e.miss(missWithdrawalDeclaredOn)
		}
	case f.DeliveryDate.IsZero():
		e.miss(missDeliveryDate)
	default:
		e.withdrawalPeriod(declared)
	}
	if f.WithdrawalException != "" {
		// Whether the right exists at all is open: no refund rule builds on it.
		e.withdrawalValid, e.beforeDelivery = false, false
	}
}

// withdrawalPeriod judges a withdrawal declared after delivery against the
// period in the consumer's state (§355(2), §356(2) no. 1, (3), §193).
func (e *evaluation) withdrawalPeriod(declared fairshops.Date) {
	f := e.f
	delivered := f.DeliveryDate
	extended := calendar.Months(withdrawalExtensionMonths).Plus(calendar.Days(withdrawalDays))
	// §356(3): without proper information the period starts only when the
	// consumer is informed, and the right ends 12 months and 14 days after
	// the period would have begun. Information on or before delivery is in
	// time.
	informedLate := f.InformedAboutWithdrawalOn.After(delivered)
	notInformed := f.InformedAboutWithdrawalOn.IsZero() && !f.Informed()
	sp := e.ends(consumerSide, func(s calendar.State) fairshops.Date {
		switch {
		case informedLate:
			d := calendar.End(f.InformedAboutWithdrawalOn, calendar.Days(withdrawalDays), s)
			if limit := calendar.End(delivered, extended, s); !limit.IsZero() && limit.Before(d) {
				return limit
			}
			return d
		case notInformed:
			return calendar.End(delivered, extended, s)
		}
		return calendar.End(delivered, calendar.Days(withdrawalDays), s)
	})
	if sp.isZero() {
		return
	}
	// §355(1) sentence 5: sending the declaration in time suffices.
	switch v := after193(declared, sp); {
	case v == notAfter:
		e.fire(rWithdrawalInPeriod, declared.String(), sp.early.String())
		e.withdrawalValid = true
	case v == after && f.InformedAboutWithdrawal == nil && f.InformedAboutWithdrawalOn.IsZero() &&
		after193(declared, e.end(consumerSide, delivered, extended)) != after:
		// Not said whether the consumer was informed: the shop must prove it
		// did inform (§312m(2)); without it the right lasts 12 months and
		// 14 days (§356(3)). A declaration within that is not clearly late.
		h := e.fire(rWithdrawalExpired, declared.String(), sp.early.String())
		h.favours, h.variant = FavoursDoubtful, variantInformedUnknown
		e.miss(missInformedAboutWithdrawal)
	default:
		e.fireByState(rWithdrawalExpired, v, sp, declared.String(), sp.late.String())
	}
	switch {
	case informedLate:
		e.fire(rWithdrawalPeriodExtended, f.InformedAboutWithdrawalOn.String(), sp.early.String()).variant = variantInformedLate
	case notInformed:
		e.fire(rWithdrawalPeriodExtended, sp.early.String())
	}
}

// refund evaluates the refund after a valid withdrawal (BGB §357(1), (4)).
func (e *evaluation) refund() {
	f := e.f
	if !e.withdrawalValid || f.RefundReceived {
		return
	}
	declared := f.WithdrawalDeclaredOn
	// §357(1): the shop refunds within 14 days of receiving the
	// declaration; the declaration date stands in for the receipt.
	due := e.end(shopSide, declared, calendar.Days(refundDays))
	if !e.beforeDelivery {
		// §357(4): for delivered goods the shop may withhold the refund
		// until it has them back or proof of dispatch. Goods never
		// delivered are nothing to withhold for.
		if f.GoodsReturnedOn.IsZero() {
			e.fire(rRefundMayBeWithheld)
			return
		}
		due = due.later(single(f.GoodsReturnedOn))
	}
	e.refundDue = due
	e.refundVerdict = e.passed(due)
	if e.refundVerdict != notAfter {
		e.fireByState(rRefundOverdue, e.refundVerdict, due, due.late.String(), refundAmount(f))
	}
}

// refundAmount is the order value plus the delivery cost (§357(2)), as text.
func refundAmount(f *Facts) string {
	total := f.OrderValue
	if f.DeliveryCost != nil {
		if sum, err := total.Add(*f.DeliveryCost); err == nil {
			total = sum
		}
	}
	if total.Currency == "" {
		return ""
	}
	return total.String()
}

// warranty evaluates defect claims (BGB §§434 ff., 474 ff.).
func (e *evaluation) warranty() {
	f := e.f
	if f.DefectNoticedOn.IsZero() && f.Category != NotAsDescribed && f.Category != Warranty {
		return
	}
	if barred := e.warrantyPeriod(); barred {
		return
	}
	// A warranty case: cure comes first (§439(1), §475(5)) unless the
	// consumer has withdrawn validly and asks for the money back on that
	// ground.
	if (f.DesiredResolution == WantRefund || f.DesiredResolution == WantPriceReduction) &&
		f.CureRequestedOn.IsZero() && !e.withdrawalValid {
		e.fire(rWarrantyCureFirst)
	}
	if !f.CureRequestedOn.IsZero() && !f.RefundReceived {
		// A deadline given as a date moves by §193 as a period's end does;
		// cure is the shop's performance, so the shop's state counts.
		var due span
		if f.AdditionalDeadlineUntil.IsZero() {
			due = e.end(shopSide, f.CureRequestedOn, calendar.Days(cureWaitDays))
		} else {
			due = e.end(shopSide, f.AdditionalDeadlineUntil, calendar.Period{})
		}
		if v := e.passed(due); v != notAfter {
			e.fireByState(rWarrantyCureOverdue, v, due, due.late.String())
		}
	}
}

// warrantyPeriod fires the rules on limitation and the presumption and
// reports whether the claims are time-barred beyond doubt (revision 2).
//
// Limitation (§438(1) no. 3, (2)) is judged on the check date: two years
// from delivery (one for used goods with a valid shortening, §476(2)), for
// contracts from 2022-01-01 not before four months after the day a defect
// that showed within the period first showed (§475e(3)); its end moves by
// §193 in the consumer's state (by analogy). Complaining to the shop does not
// stop it, but negotiations (§203) or an acknowledgement (§212) may have,
// which the facts do not show: a claim raised with the shop before the end
// makes an expiry doubtful.
//
// The presumption of §477 is no period for a declaration: no §193.
func (e *evaluation) warrantyPeriod() (barred bool) {
	f := e.f
	delivered := f.DeliveryDate
	if delivered.IsZero() {
		e.miss(missDeliveryDate)
		return false
	}
	// The rules are versioned by the day the contract was concluded;
	// without an order date, a delivery before the reform shows an old
	// contract and stands in for its date.
	contract := f.OrderDate
	if contract.IsZero() {
		if !delivered.Before(lawReform()) {
			e.miss(missOrderDate)
		} else {
			contract = delivered
		}
	}
	newLaw := contract.IsZero() || !contract.Before(lawReform())
	years := warrantyYears
	if f.UsedGoodsOneYear {
		years = usedGoodsYears
	}
	base := calendar.EndWithout193(delivered, calendar.Years(years))
	noticed, known := f.DefectNoticedOn, !f.DefectNoticedOn.IsZero()
	if !known {
		// The defect was noticed by the check date at the latest.
		e.miss(missDefectNoticedOn)
		noticed = e.asOf
	}
	if e.asOf.IsZero() || base.IsZero() {
		e.miss(missAsOf)
		return false
	}
	limit := func(showed fairshops.Date) span {
		return e.ends(consumerSide, func(s calendar.State) fairshops.Date {
			end := calendar.MoveToWorkingDay(base, s)
			if newLaw && !showed.After(end) {
				if ext := calendar.EndWithout193(showed, calendar.Months(showedMonths)); ext.After(base) {
					return calendar.MoveToWorkingDay(ext, s)
				}
			}
			return end
		})
	}
	sp := limit(noticed)
	if !known && newLaw {
		// The defect may have shown on the last day of the period.
		sp = sp.later(span{early: sp.early, late: limit(base).late})
	}
	if sp.isZero() {
		return false
	}
	switch v := after193(e.asOf, sp); v {
	case notAfter:
		e.fire(rWarrantyInPeriod, sp.early.String()).contract = contract
	case maybe:
		e.fireByState(rWarrantyExpired, v, sp, sp.late.String()).contract = contract
	default:
		h := e.fire(rWarrantyExpired, sp.late.String())
		h.contract = contract
		// A claim raised with the shop after the defect showed and before
		// the end may have suspended limitation (§203) or, with a repair
		// or replacement, restarted it (§212).
		raised := f.ContactedShopOn
		if raised.IsZero() || raised.After(sp.late) || (known && raised.Before(noticed)) {
			return true
		}
		h.favours, h.variant = FavoursDoubtful, variantNegotiations
		h.nargs = copy(h.args[:], []string{sp.late.String(), raised.String()})
	}
	if contract.IsZero() {
		return false
	}
	p := calendar.Years(presumptionYears)
	if contract.Before(lawReform()) {
		p = calendar.Months(presumptionMonthsOld)
	}
	presumed := calendar.EndWithout193(delivered, p)
	switch {
	case presumed.IsZero():
	case !noticed.After(presumed):
		e.fire(rWarrantyPresumedAtDelivery, presumed.String()).contract = contract
	case known:
		e.fire(rWarrantyBurdenOnConsumer, presumed.String()).contract = contract
	}
	return false
}

// delivery evaluates late and lost deliveries (BGB §§271, 475(1), 286,
// 323, 446, 447, 475(2)).
func (e *evaluation) delivery() {
	f := e.f
	// §475(2), §446: loss or damage before the consumer has the goods is
	// the shop's risk; a delivery that is merely late is not (revision 2).
	if f.DamagedInTransit || f.LostInTransit {
		e.fire(rDeliveryTransitRiskOnShop)
	}
	// After a valid withdrawal the contract is unwound: no delivery is
	// owed any more (§355(1), §357).
	if !e.awaiting || e.withdrawalValid {
		return
	}
	var due span
	switch {
	case !f.PromisedDeliveryDate.IsZero():
		due = e.end(shopSide, f.PromisedDeliveryDate, calendar.Period{})
	case !f.OrderDate.IsZero():
		// §475(1): at the latest 30 days after the contract; a promised
		// date could be earlier or later.
		e.miss(missPromisedDeliveryDate)
		due = e.end(shopSide, f.OrderDate, calendar.Days(deliveryLatestDays))
	default:
		e.miss(missOrderDate)
		return
	}
	late := e.passed(due)
	if late == notAfter {
		return
	}
	e.fireByState(rDeliveryOverdue, late, due, due.late.String())
	if f.AdditionalDeadlineUntil.IsZero() {
		e.fire(rDeliverySetDeadline)
		return
	}
	// A further period set before the delivery was due has no effect
	// (§323(1); BGH VII ZR 148/10); without the day it was set, one that
	// ends on or before the due day had none either.
	var effective verdict
	if set := f.AdditionalDeadlineSetOn; !set.IsZero() {
		effective = after193(set, due)
	} else if effective = after193(f.AdditionalDeadlineUntil, due); effective == after {
		effective = maybe
	}
	if effective == notAfter {
		e.fire(rDeliverySetDeadline, f.AdditionalDeadlineUntil.String(), due.late.String()).variant = variantTooEarly
		return
	}
	deadline := e.end(shopSide, f.AdditionalDeadlineUntil, calendar.Period{})
	passed := e.passed(deadline)
	if passed == notAfter {
		return
	}
	h := e.fireByState(rDeliveryWithdrawPossible, passed, deadline, deadline.late.String())
	if late == maybe {
		h.favours = FavoursDoubtful
	}
	if effective == maybe {
		h.favours, h.variant = FavoursDoubtful, variantSetOnUnknown
		h.nargs = copy(h.args[:], []string{deadline.late.String()})
	}
}

// rest evaluates the rules that stand alone: unsolicited goods, the
// withdrawal button, the late-notice defence and a missing refund.
func (e *evaluation) rest() {
	f := e.f
	if f.Category == NotOrdered {
		h := e.fire(rOrderUnsolicited)
		if !f.OrderDate.IsZero() {
			// Something was ordered: the dispute is about how much.
			h.favours = FavoursDoubtful
		}
	}
	if f.WithdrawalFunctionMissing {
		switch {
		case f.OrderDate.IsZero():
			e.miss(missOrderDate)
		case !f.OrderDate.Before(buttonDuty()):
			e.fire(rWithdrawalButtonMissing)
		}
	}
	if f.ShopRejectedLateNotice {
		e.fire(rDefenceLateNoticeInvalid).contract = f.OrderDate
	}
	// A refund the shop may still withhold is not missing (revision 2).
	if f.Category == Payment && e.fired(rRefundOverdue) && !e.fired(rRefundMayBeWithheld) {
		e.fireByState(rPaymentRefundMissing, e.refundVerdict, e.refundDue, e.refundDue.late.String())
	}
}

// data evaluates data protection requests (GDPR Art. 12(3)); the GDPR is no
// consumer law, so it runs for every buyer. Union periods end on the next
// working day as well (Regulation (EEC, Euratom) No 1182/71, Art. 3(4)), at
// the place of the one who must act: the shop.
func (e *evaluation) data() {
	f := e.f
	if f.DataRequestOn.IsZero() || f.DataRequestAnswered {
		// A data complaint need not be about a request (advertising, a leak).
		return
	}
	due := e.end(shopSide, f.DataRequestOn, calendar.Months(dataRequestMonths))
	if e.asOf.IsZero() {
		e.miss(missAsOf)
		return
	}
	if due.isZero() {
		return
	}
	if v := e.passed(due); v != notAfter {
		e.fireByState(rDataRequestOverdue, v, due, due.late.String())
	} else {
		e.fire(rDataRequestPending, due.early.String())
	}
}

// displeasure fires when a complaint of category other asks for no more than
// an apology and nothing else (but the tip to contact the shop) fired.
func (e *evaluation) displeasure() {
	f := e.f
	if f.Category != Other || (f.DesiredResolution != "" && f.DesiredResolution != WantApology) {
		return
	}
	for r := range numRules {
		if r != rContactShopFirst && e.hits[r].fired {
			return
		}
	}
	e.fire(rOtherDispleasure)
}

// result turns the hits into a Result.
func (e *evaluation) result(cat *fairshops.Catalogue) Result {
	n, nargs := 0, 0
	for i := range e.hits {
		if e.hits[i].fired {
			n++
			nargs += e.hits[i].nargs
		}
	}
	res := Result{
		Revision:           Revision,
		AsOf:               e.asOf,
		Category:           e.f.Category,
		Findings:           make([]Finding, 0, n),
		MissingFacts:       []string{},
		StandardViolations: []string{},
	}
	// One backing array for all tags and one for all arguments.
	tags := make([]string, 0, 2*n)
	args := make([]string, 0, nargs)
	table := rules()
	for r := range numRules {
		h := &e.hits[r]
		if !h.fired {
			continue
		}
		info := &table[r]
		basis := info.basisFor(h.contract)
		var a []string
		if h.nargs > 0 {
			start := len(args)
			args = append(args, h.args[:h.nargs]...)
			a = args[start:len(args):len(args)]
		}
		start := len(tags)
		tags = append(tags, string(info.ID), string(e.f.Category))
		res.Findings = append(res.Findings, Finding{
			Rule:    info.ID,
			Favours: h.favours,
			Basis:   basis,
			Message: Message{Key: ruleMessagePrefix + string(info.ID) + h.variant, Args: a},
			Tags:    tags[start:len(tags):len(tags)],
		})
	}
	if e.missing != 0 {
		names := missingNames()
		res.MissingFacts = make([]string, 0, len(names))
		for i, name := range names {
			if e.missing&(1<<i) != 0 {
				res.MissingFacts = append(res.MissingFacts, name)
			}
		}
	}
	res.Clarity = e.clarity(len(res.MissingFacts) > 0)
	res.StandardViolations = e.violations(cat)
	res.Tips = e.tips()
	return res
}

// clarity is the outcome of the whole check (rules page): displeasure when
// only other.displeasure fired (and perhaps contact.shop_first); clear when
// at least one finding favours a side, every such finding favours the same
// side, none is doubtful and no fact is missing; doubtful otherwise. A
// missing fact always keeps a check doubtful: it could bring in a rule for
// the other side, and the page says to prefer doubtful when in doubt.
func (e *evaluation) clarity(missing bool) Clarity {
	if e.fired(rOtherDispleasure) {
		return Displeasure
	}
	if missing {
		return Doubtful
	}
	var side Favours
	for i := range e.hits {
		h := &e.hits[i]
		if !h.fired {
			continue
		}
		switch h.favours {
		case FavoursDoubtful:
			return Doubtful
		case FavoursConsumer, FavoursShop:
			if side != "" && side != h.favours {
				return Doubtful
			}
			side = h.favours
		}
	}
	if side == "" {
		return Doubtful
	}
	return Clear
}

// violations lists the catalogue's criteria whose breach the findings show,
// sorted and unique. A doubtful finding shows no breach (revision 2).
func (e *evaluation) violations(cat *fairshops.Catalogue) []string {
	if cat == nil {
		cat = defaultCatalogue()
	}
	out := []string{}
	add := func(id string) {
		if _, ok := cat.Criterion(id); ok {
			out = append(out, id)
		}
	}
	// In sorted order of the IDs.
	if e.clear(rDataRequestOverdue) {
		add(criterionData)
	}
	if e.clear(rDeliveryWithdrawPossible) && e.clear(rDeliveryOverdue) {
		add(criterionDelivery)
	}
	if e.clear(rRefundOverdue) {
		add(criterionRefund)
	}
	return out
}
