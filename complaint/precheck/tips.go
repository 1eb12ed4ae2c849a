package precheck

import "sync"

// tipFor says when a tip is given: the tips of a Result follow this order.
type tipFor struct {
	key  string // the message key: tip.<name>
	when func(e *evaluation) bool
}

// tipTable lists the plain-language tips with the findings or facts that
// call for them, in the order a Result lists them; built once, read-only.
var tipTable = sync.OnceValue(func() []tipFor {
	return []tipFor{
		{tipPrefix + "business_buyer", func(e *evaluation) bool { return e.fired(rScopeNotConsumer) }},
		{tipPrefix + "contact_shop_first", func(e *evaluation) bool { return e.fired(rContactShopFirst) }},
		{tipPrefix + "declare_withdrawal", func(e *evaluation) bool {
			// A return alone is no withdrawal (BGB §355(1) sentence 3).
			f := e.f
			return f.IsConsumer() && f.WithdrawalDeclaredOn.IsZero() && f.WithdrawalException == "" &&
				(f.Category == Withdrawal || f.Category == Return) && !e.fired(rWithdrawalExpired)
		}},
		{tipPrefix + "keep_proof_of_dispatch", func(e *evaluation) bool { return e.fired(rRefundMayBeWithheld) }},
		{tipPrefix + "exception_check", func(e *evaluation) bool { return e.fired(rWithdrawalExceptionClaimed) }},
		{tipPrefix + "request_cure", func(e *evaluation) bool { return e.fired(rWarrantyCureFirst) }},
		{tipPrefix + "set_deadline", func(e *evaluation) bool { return e.fired(rDeliverySetDeadline) }},
		{tipPrefix + "withdraw_contract", func(e *evaluation) bool {
			return e.fired(rDeliveryWithdrawPossible) || e.fired(rWarrantyCureOverdue)
		}},
		{tipPrefix + "transit_damage", func(e *evaluation) bool { return e.fired(rDeliveryTransitRiskOnShop) && e.f.DamagedInTransit }},
		{tipPrefix + "unsolicited", func(e *evaluation) bool { return e.fired(rOrderUnsolicited) }},
		{tipPrefix + "data_authority", func(e *evaluation) bool { return e.fired(rDataRequestOverdue) }},
		{tipPrefix + "displeasure", func(e *evaluation) bool { return e.fired(rOtherDispleasure) }},
	}
})

// tips returns the tips the check calls for, as messages without arguments.
func (e *evaluation) tips() []Message {
	out := []Message{}
	for _, t := range tipTable() {
		if t.when(e) {
			out = append(out, Message{Key: t.key})
		}
	}
	return out
}

// TipKeys lists the message keys of every tip, in the order a Result lists
// them.
func TipKeys() []string {
	var keys []string
	for _, t := range tipTable() {
		keys = append(keys, t.key)
	}
	return keys
}
