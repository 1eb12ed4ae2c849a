package precheck

import (
	"slices"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The rule IDs of the rules page (docs/precheck-rules.md), in its order.
const (
	ScopeNotConsumer           RuleID = "scope.not_consumer"
	ContactShopFirst           RuleID = "contact.shop_first"
	WithdrawalInPeriod         RuleID = "withdrawal.in_period"
	WithdrawalPeriodExtended   RuleID = "withdrawal.period_extended"
	WithdrawalExpired          RuleID = "withdrawal.expired"
	WithdrawalExceptionClaimed RuleID = "withdrawal.exception_claimed"
	WithdrawalNotYetStarted    RuleID = "withdrawal.not_yet_started"
	RefundOverdue              RuleID = "refund.overdue"
	RefundMayBeWithheld        RuleID = "refund.may_be_withheld"
	WarrantyInPeriod           RuleID = "warranty.in_period"
	WarrantyExpired            RuleID = "warranty.expired"
	WarrantyPresumedAtDelivery RuleID = "warranty.presumed_at_delivery"
	WarrantyBurdenOnConsumer   RuleID = "warranty.burden_on_consumer"
	WarrantyCureFirst          RuleID = "warranty.cure_first"
	WarrantyCureOverdue        RuleID = "warranty.cure_overdue"
	DeliveryTransitRiskOnShop  RuleID = "delivery.transit_risk_on_shop"
	DeliveryOverdue            RuleID = "delivery.overdue"
	DeliverySetDeadline        RuleID = "delivery.set_deadline"
	DeliveryWithdrawPossible   RuleID = "delivery.withdraw_possible"
	OrderUnsolicited           RuleID = "order.unsolicited"
	WithdrawalButtonMissing    RuleID = "withdrawal.button_missing"
	DefenceLateNoticeInvalid   RuleID = "defence.late_notice_invalid"
	DataRequestOverdue         RuleID = "data.request_overdue"
	DataRequestPending         RuleID = "data.request_pending"
	PaymentRefundMissing       RuleID = "payment.refund_missing"
	OtherDispleasure           RuleID = "other.displeasure"
)

// rule is the position of a rule in the table, in the order of the constants.
type rule uint8

const (
	rScopeNotConsumer rule = iota
	rContactShopFirst
	rWithdrawalInPeriod
	rWithdrawalPeriodExtended
	rWithdrawalExpired
	rWithdrawalExceptionClaimed
	rWithdrawalNotYetStarted
	rRefundOverdue
	rRefundMayBeWithheld
	rWarrantyInPeriod
	rWarrantyExpired
	rWarrantyPresumedAtDelivery
	rWarrantyBurdenOnConsumer
	rWarrantyCureFirst
	rWarrantyCureOverdue
	rDeliveryTransitRiskOnShop
	rDeliveryOverdue
	rDeliverySetDeadline
	rDeliveryWithdrawPossible
	rOrderUnsolicited
	rWithdrawalButtonMissing
	rDefenceLateNoticeInvalid
	rDataRequestOverdue
	rDataRequestPending
	rPaymentRefundMissing
	rOtherDispleasure
	numRules
)

// RuleInfo describes one rule of the pre-check for the portal's coverage
// test and the documentation.
type RuleInfo struct {
	ID RuleID `json:"id"`
	// Basis is the legal basis a finding cites for contracts concluded
	// under the law in force on 2026-01-01.
	Basis string `json:"basis"`
	// Earlier lists the basis for older contracts of rules whose
	// paragraphs were renumbered (BGB §§474 ff. on 2018-01-01 and
	// 2022-01-01): a contract concluded before Before cites Basis of the
	// entry with the earliest such Before.
	Earlier []EarlierBasis `json:"earlier,omitempty"`
	// Outcomes lists whom a finding of the rule can favour.
	Outcomes []Favours `json:"outcomes"`
	// ConsumerLaw rules are skipped when the buyer is no consumer.
	ConsumerLaw bool `json:"consumer_law"`
	// Facts are the JSON names of the facts the rule reads (besides category
	// and as_of).
	Facts []string `json:"facts"`
}

// EarlierBasis is the legal basis of a rule for contracts concluded before
// a date.
type EarlierBasis struct {
	Before fairshops.Date `json:"before"`
	Basis  string         `json:"basis"`
}

// basisFor returns the basis a finding cites for a contract concluded on
// contract (the current Basis for the zero Date).
func (r *RuleInfo) basisFor(contract fairshops.Date) string {
	basis := r.Basis
	if contract.IsZero() {
		return basis
	}
	var best fairshops.Date
	for _, e := range r.Earlier {
		if contract.Before(e.Before) && (best.IsZero() || e.Before.Before(best)) {
			best, basis = e.Before, e.Basis
		}
	}
	return basis
}

// Rules lists every rule of the pre-check in the order of the rules page,
// which is the order of the findings in a Result. The slice is a fresh copy.
func Rules() []RuleInfo {
	rs := rules()
	out := make([]RuleInfo, len(rs))
	for i, r := range rs {
		out[i] = r
		out[i].Outcomes = slices.Clone(r.Outcomes)
		out[i].Facts = slices.Clone(r.Facts)
		out[i].Earlier = slices.Clone(r.Earlier)
	}
	return out
}

// rules is the immutable table behind Rules; index i is the rule of the
// constant with the same position (see ruleIndex).
var rules = sync.OnceValue(func() []RuleInfo {
	c, s, n, d := FavoursConsumer, FavoursShop, FavoursNeither, FavoursDoubtful
	y2018, y2022 := fairshops.NewDate(2018, time.January, 1), lawReform()
	earlier := func(before2018, before2022 string) []EarlierBasis {
		return []EarlierBasis{{y2022, before2022}, {y2018, before2018}}
	}
	return []RuleInfo{
		{ScopeNotConsumer, "BGB §13, §14", nil, []Favours{n}, false,
			[]string{"buyer_is_consumer"}},
		{ContactShopFirst, "VSBG §14(1) no. 2 (by analogy)", nil, []Favours{n}, false,
			[]string{"contacted_shop_on"}},
		{WithdrawalInPeriod, "BGB §355(1), (2), §356(2) no. 1", nil, []Favours{c}, true,
			[]string{"delivery_date", "withdrawal_declared_on", "informed_about_withdrawal", "informed_about_withdrawal_on", "consumer_state"}},
		{WithdrawalPeriodExtended, "BGB §356(3)", nil, []Favours{c}, true,
			[]string{"delivery_date", "withdrawal_declared_on", "informed_about_withdrawal", "informed_about_withdrawal_on"}},
		{WithdrawalExpired, "BGB §355(2), §356(2), (3), §193", nil, []Favours{s, d}, true,
			[]string{"delivery_date", "withdrawal_declared_on", "informed_about_withdrawal", "informed_about_withdrawal_on", "consumer_state"}},
		{WithdrawalExceptionClaimed, "BGB §312g(2)", nil, []Favours{d}, true,
			[]string{"withdrawal_exception"}},
		{WithdrawalNotYetStarted, "BGB §356(2) no. 1, §355(1)", nil, []Favours{c}, true,
			[]string{"order_date", "delivery_date", "goods_returned_on", "defect_noticed_on", "damaged_in_transit", "lost_in_transit"}},
		{RefundOverdue, "BGB §357(1), (2), (4), §193", nil, []Favours{c, d}, true,
			[]string{"withdrawal_declared_on", "refund_received", "goods_returned_on", "delivery_date", "order_value", "delivery_cost", "shop_state"}},
		{RefundMayBeWithheld, "BGB §357(4)", nil, []Favours{s}, true,
			[]string{"withdrawal_declared_on", "refund_received", "goods_returned_on", "delivery_date"}},
		{WarrantyInPeriod, "BGB §434, §437, §438(1) no. 3, (2), §475e(3), §193",
			[]EarlierBasis{{y2022, "BGB §434, §437, §438(1) no. 3, (2), §193"}}, []Favours{c}, true,
			[]string{"order_date", "delivery_date", "defect_noticed_on", "used_goods_one_year", "consumer_state"}},
		{WarrantyExpired, "BGB §438(1) no. 3, (2), §475e(3), §193, §214, §203, §212",
			[]EarlierBasis{{y2022, "BGB §438(1) no. 3, (2), §193, §214, §203, §212"}}, []Favours{s, d}, true,
			[]string{"order_date", "delivery_date", "defect_noticed_on", "used_goods_one_year", "contacted_shop_on", "consumer_state"}},
		{WarrantyPresumedAtDelivery, "BGB §477(1)", earlier("BGB §476 a.F.", "BGB §477 a.F."), []Favours{c}, true,
			[]string{"order_date", "delivery_date", "defect_noticed_on"}},
		{WarrantyBurdenOnConsumer, "BGB §477(1) a contrario", earlier("BGB §476 a.F. a contrario", "BGB §477 a.F. a contrario"), []Favours{d}, true,
			[]string{"order_date", "delivery_date", "defect_noticed_on"}},
		{WarrantyCureFirst, "BGB §439(1), §323(1), §440, §475(5)", nil, []Favours{s}, true,
			[]string{"desired_resolution", "cure_requested_on"}},
		{WarrantyCureOverdue, "BGB §475(5), §475d(1) no. 1, §441", nil, []Favours{c, d}, true,
			[]string{"cure_requested_on", "additional_deadline_until", "refund_received", "shop_state"}},
		{DeliveryTransitRiskOnShop, "BGB §475(2), §446, §447", nil, []Favours{c}, true,
			[]string{"damaged_in_transit", "lost_in_transit"}},
		{DeliveryOverdue, "BGB §271, §475(1), §286, §323(1)", nil, []Favours{c, d}, true,
			[]string{"order_date", "delivery_date", "promised_delivery_date", "withdrawal_declared_on", "shop_state"}},
		{DeliverySetDeadline, "BGB §323(1)", nil, []Favours{n}, true,
			[]string{"additional_deadline_until", "additional_deadline_set_on"}},
		{DeliveryWithdrawPossible, "BGB §323(1), §346", nil, []Favours{c, d}, true,
			[]string{"additional_deadline_until", "additional_deadline_set_on", "shop_state"}},
		{OrderUnsolicited, "BGB §241a, §312j(3)", nil, []Favours{c, d}, true,
			[]string{"order_date"}},
		{WithdrawalButtonMissing, "BGB §356a (Directive (EU) 2023/2673)", nil, []Favours{c}, true,
			[]string{"withdrawal_function_missing", "order_date"}},
		{DefenceLateNoticeInvalid, "BGB §476(1); HGB §377 binds merchants only",
			earlier("BGB §475(1) a.F.; HGB §377 binds merchants only", "BGB §476(1) a.F.; HGB §377 binds merchants only"),
			[]Favours{c}, true,
			[]string{"shop_rejected_late_notice"}},
		{DataRequestOverdue, "GDPR Art. 12(3), Art. 15, 17, 77", nil, []Favours{c, d}, false,
			[]string{"data_request_on", "data_request_answered", "shop_state"}},
		{DataRequestPending, "GDPR Art. 12(3)", nil, []Favours{n}, false,
			[]string{"data_request_on", "data_request_answered"}},
		{PaymentRefundMissing, "BGB §357(1), (4), §346", nil, []Favours{c, d}, true,
			[]string{"withdrawal_declared_on", "refund_received", "goods_returned_on", "shop_state"}},
		{OtherDispleasure, "Fair Shops Beschwerdeservice", nil, []Favours{n}, false,
			[]string{"desired_resolution"}},
	}
})
