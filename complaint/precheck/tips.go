package precheck

// The tips, in the order a Result lists them.
const (
	tipBusinessBuyer       = tipPrefix + "business_buyer"
	tipContactShopFirst    = tipPrefix + "contact_shop_first"
	tipDeclareWithdrawal   = tipPrefix + "declare_withdrawal"
	tipKeepProofOfDispatch = tipPrefix + "keep_proof_of_dispatch"
	tipExceptionCheck      = tipPrefix + "exception_check"
	tipRequestCure         = tipPrefix + "request_cure"
	tipSetDeadline         = tipPrefix + "set_deadline"
	tipWithdrawContract    = tipPrefix + "withdraw_contract"
	tipTransitDamage       = tipPrefix + "transit_damage"
	tipUnsolicited         = tipPrefix + "unsolicited"
	tipDataAuthority       = tipPrefix + "data_authority"
	tipDispleasure         = tipPrefix + "displeasure"
)

// TipKeys lists the message keys of every tip, in the order a Result lists
// them.
func TipKeys() []string {
	return []string{tipBusinessBuyer, tipContactShopFirst, tipDeclareWithdrawal, tipKeepProofOfDispatch,
		tipExceptionCheck, tipRequestCure, tipSetDeadline, tipWithdrawContract, tipTransitDamage,
		tipUnsolicited, tipDataAuthority, tipDispleasure}
}

// tips returns the plain-language tips the findings and facts call for, as
// messages without arguments, in the order of TipKeys.
func (e *evaluation) tips() []Message {
	f := e.f
	var on [12]bool
	on[0] = e.fired(rScopeNotConsumer)
	on[1] = e.fired(rContactShopFirst)
	// A return alone is no withdrawal (BGB §355(1) sentence 3).
	on[2] = f.IsConsumer() && f.WithdrawalDeclaredOn.IsZero() && f.WithdrawalException == "" &&
		(f.Category == Withdrawal || f.Category == Return)
	on[3] = e.fired(rRefundMayBeWithheld)
	on[4] = e.fired(rWithdrawalExceptionClaimed)
	on[5] = e.fired(rWarrantyCureFirst)
	on[6] = e.fired(rDeliverySetDeadline)
	on[7] = e.fired(rDeliveryWithdrawPossible) || e.fired(rWarrantyCureOverdue)
	on[8] = e.fired(rDeliveryTransitRiskOnShop) && f.DamagedInTransit
	on[9] = e.fired(rOrderUnsolicited)
	on[10] = e.fired(rDataRequestOverdue)
	on[11] = e.fired(rOtherDispleasure)
	n := 0
	for _, b := range on {
		if b {
			n++
		}
	}
	out := make([]Message, 0, n)
	for i, key := range TipKeys() {
		if on[i] {
			out = append(out, Message{Key: key})
		}
	}
	return out
}
