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

// Options configure a check.
type Options struct {
	// State selects the public holidays for §193 BGB: a period whose last
	// day is a Saturday, Sunday or public holiday there ends on the next
	// working day. The zero value, calendar.National, counts only the
	// holidays of all states, which gives the earliest end any state could
	// give; pass the consumer's state where it is known. A State that is not
	// Valid counts as National.
	State calendar.State
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
func missingNames() [6]string {
	return [...]string{
		"as_of",
		"defect_noticed_on",
		"delivery_date",
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
	e := evaluation{f: &f, asOf: asOf, state: opts.State}
	e.run()
	return e.result(opts.Catalogue)
}

// hit is what a fired rule says before it becomes a Finding.
type hit struct {
	fired   bool
	favours Favours
	// contract is the day the contract was concluded, for rules whose
	// basis depends on it (RuleInfo.Earlier); zero: the current basis.
	contract fairshops.Date
	args     [2]string
	nargs    int
}

// evaluation holds the state of one check.
type evaluation struct {
	f       *Facts
	asOf    fairshops.Date
	state   calendar.State
	hits    [numRules]hit
	missing uint32 // bit set over missingNames

	withdrawalValid bool // declared in time, or before delivery; no exception claimed
	beforeDelivery  bool // withdrawal.not_yet_started: the goods have not arrived
	refundDue       fairshops.Date
}

func (e *evaluation) fire(r rule, args ...string) *hit {
	h := &e.hits[r]
	h.fired = true
	h.favours = rules()[r].Outcomes[0]
	h.nargs = copy(h.args[:], args)
	h.contract = fairshops.Date{}
	return h
}

func (e *evaluation) fired(r rule) bool { return e.hits[r].fired }

func (e *evaluation) miss(m missingFact) { e.missing |= 1 << m }

// end returns the last day of period p from event with §193 in the state of
// the check; the zero Date when it cannot be counted.
func (e *evaluation) end(event fairshops.Date, p calendar.Period) fairshops.Date {
	return calendar.End(event, p, e.state)
}

// passed reports whether the check date is after the last day end; with no
// check date it records as_of as missing and reports false.
func (e *evaluation) passed(end fairshops.Date) bool {
	if e.asOf.IsZero() {
		e.miss(missAsOf)
		return false
	}
	return !end.IsZero() && e.asOf.After(end)
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

// withdrawal evaluates the right of withdrawal (BGB §§355, 356, 312g).
func (e *evaluation) withdrawal() {
	f := e.f
	if f.WithdrawalException != "" {
		e.fire(rWithdrawalExceptionClaimed, exceptionKey(f.WithdrawalException))
	}
	declared := f.WithdrawalDeclaredOn
	// The period for goods starts on receipt (§356(2) no. 1). Returned,
	// defective or damaged goods have arrived, so a missing delivery date
	// means "not given" there, not "not delivered".
	e.beforeDelivery = f.Category == Withdrawal && !f.OrderDate.IsZero() && f.DeliveryDate.IsZero() &&
		f.GoodsReturnedOn.IsZero() && f.DefectNoticedOn.IsZero() && !f.DamagedInTransit
	switch {
	case e.beforeDelivery:
		e.fire(rWithdrawalNotYetStarted)
		e.withdrawalValid = !declared.IsZero()
	case declared.IsZero():
		if f.Category == Withdrawal || f.Category == Return {
			e.miss(missWithdrawalDeclaredOn)
		}
	case f.DeliveryDate.IsZero():
		e.miss(missDeliveryDate)
	default:
		p := calendar.Days(withdrawalDays)
		if !f.Informed() {
			p = calendar.Months(withdrawalExtensionMonths).Plus(calendar.Days(withdrawalDays))
		}
		end := e.end(f.DeliveryDate, p)
		if end.IsZero() {
			return
		}
		// §355(1) sentence 5: sending the declaration in time suffices.
		if !declared.After(end) {
			e.fire(rWithdrawalInPeriod, declared.String(), end.String())
			e.withdrawalValid = true
		} else {
			e.fire(rWithdrawalExpired, declared.String(), end.String())
		}
		if !f.Informed() {
			e.fire(rWithdrawalPeriodExtended, end.String())
		}
	}
	if f.WithdrawalException != "" {
		// Whether the right exists at all is open: no refund rule builds on it.
		e.withdrawalValid = false
	}
	if e.withdrawalValid {
		// §357(1): the shop refunds within 14 days of receiving the
		// declaration; the declaration date stands in for the receipt.
		e.refundDue = e.end(declared, calendar.Days(refundDays))
	}
}

// refund evaluates the refund after a valid withdrawal (BGB §357).
func (e *evaluation) refund() {
	f := e.f
	if !e.withdrawalValid || f.RefundReceived || e.beforeDelivery {
		// Before delivery there are no goods to withhold the refund for.
		return
	}
	if f.GoodsReturnedOn.IsZero() {
		e.fire(rRefundMayBeWithheld)
		return
	}
	if e.passed(e.refundDue) {
		e.fire(rRefundOverdue, e.refundDue.String(), refundAmount(f))
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
	expired := e.warrantyPeriod()
	if expired {
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
		// A deadline given as a date moves by §193 as a period's end does.
		due := e.end(f.AdditionalDeadlineUntil, calendar.Period{})
		if f.AdditionalDeadlineUntil.IsZero() {
			due = e.end(f.CureRequestedOn, calendar.Days(cureWaitDays))
		}
		if e.passed(due) {
			e.fire(rWarrantyCureOverdue, due.String())
		}
	}
}

// warrantyPeriod fires the rules on the limitation period and the
// presumption and reports whether the claims are time-barred. Neither period
// moves by §193: the defect has to show within it, it is no declaration.
func (e *evaluation) warrantyPeriod() (expired bool) {
	f := e.f
	delivered := f.DeliveryDate
	if delivered.IsZero() {
		e.miss(missDeliveryDate)
		return false
	}
	end := calendar.EndWithout193(delivered, calendar.Years(warrantyYears))
	noticed, known := f.DefectNoticedOn, !f.DefectNoticedOn.IsZero()
	if !known {
		// The defect was noticed by the check date at the latest.
		e.miss(missDefectNoticedOn)
		noticed = e.asOf
	}
	if noticed.IsZero() || end.IsZero() {
		if e.asOf.IsZero() {
			e.miss(missAsOf)
		}
		return false
	}
	switch {
	case !noticed.After(end):
		e.fire(rWarrantyInPeriod, end.String())
	case known:
		e.fire(rWarrantyExpired, end.String())
		return true
	default:
		return false
	}
	// The presumption is versioned by the day the contract was concluded;
	// without an order date, a delivery before the reform shows an old
	// contract and stands in for its date.
	contract := f.OrderDate
	if contract.IsZero() {
		if !delivered.Before(lawReform()) {
			e.miss(missOrderDate)
			return false
		}
		contract = delivered
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
	// Goods that were returned or found defective have arrived. A missing
	// delivery date means "not delivered" for the categories about delivery
	// and withdrawal, and for payment and other complaints that name a
	// promised delivery date; elsewhere it is just not given.
	awaiting := f.DeliveryDate.IsZero() && f.GoodsReturnedOn.IsZero() && f.DefectNoticedOn.IsZero() &&
		(f.Category == Delivery || f.Category == Withdrawal ||
			(!f.PromisedDeliveryDate.IsZero() && (f.Category == Payment || f.Category == Other)))
	var due fairshops.Date
	if awaiting {
		switch {
		case !f.PromisedDeliveryDate.IsZero():
			due = e.end(f.PromisedDeliveryDate, calendar.Period{})
		case !f.OrderDate.IsZero():
			// §475(1): at the latest 30 days after the contract; a promised
			// date could be earlier or later.
			e.miss(missPromisedDeliveryDate)
			due = e.end(f.OrderDate, calendar.Days(deliveryLatestDays))
		default:
			e.miss(missOrderDate)
		}
	}
	late := awaiting && !due.IsZero() && e.passed(due)
	if f.DamagedInTransit || (f.Category == Delivery && late && !f.PromisedDeliveryDate.IsZero()) {
		e.fire(rDeliveryTransitRiskOnShop)
	}
	if !late {
		return
	}
	e.fire(rDeliveryOverdue, due.String())
	if f.AdditionalDeadlineUntil.IsZero() {
		e.fire(rDeliverySetDeadline)
		return
	}
	deadline := e.end(f.AdditionalDeadlineUntil, calendar.Period{})
	if e.passed(deadline) {
		e.fire(rDeliveryWithdrawPossible, deadline.String())
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
	if f.Category == Payment && e.withdrawalValid && !f.RefundReceived && !e.refundDue.IsZero() && e.passed(e.refundDue) {
		e.fire(rPaymentRefundMissing, e.refundDue.String())
	}
}

// data evaluates data protection requests (GDPR Art. 12(3)); the GDPR is no
// consumer law, so it runs for every buyer. Union periods end on the next
// working day as well (Regulation (EEC, Euratom) No 1182/71, Art. 3(4)).
func (e *evaluation) data() {
	f := e.f
	if f.DataRequestOn.IsZero() || f.DataRequestAnswered {
		// A data complaint need not be about a request (advertising, a leak).
		return
	}
	due := e.end(f.DataRequestOn, calendar.Months(dataRequestMonths))
	if e.asOf.IsZero() {
		e.miss(missAsOf)
		return
	}
	if e.passed(due) {
		e.fire(rDataRequestOverdue, due.String())
	} else if !due.IsZero() {
		e.fire(rDataRequestPending, due.String())
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
			Message: Message{Key: ruleMessagePrefix + string(info.ID), Args: a},
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
// sorted and unique.
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
	if e.fired(rDataRequestOverdue) {
		add(criterionData)
	}
	if e.fired(rDeliveryWithdrawPossible) {
		add(criterionDelivery)
	}
	if e.fired(rRefundOverdue) {
		add(criterionRefund)
	}
	return out
}
