package precheck

import "github.com/fairshops/konfliktservice/fairshops"

// Evidence is a kind of document or photo that would support a finding,
// by a stable code (its text: message key "evidence.<code>"). A finding
// names the evidence for its evidentiary question (was it ordered, when
// did it arrive, was the withdrawal sent, is the defect there); the form
// lists it after the pre-check so that the consumer can attach it.
type Evidence string

// The kinds of evidence the rules name.
const (
	EvidenceOrderConfirmation Evidence = "order_confirmation"  // order confirmation (e-mail or PDF)
	EvidenceDeliveryProof     Evidence = "delivery_proof"      // delivery note, tracking showing the delivery date
	EvidenceTracking          Evidence = "tracking"            // shipment tracking showing where the parcel is
	EvidenceReturnReceipt     Evidence = "return_receipt"      // return receipt with tracking number
	EvidenceWithdrawalCopy    Evidence = "withdrawal_copy"     // copy of the withdrawal declaration with its date
	EvidenceDefectPhotos      Evidence = "defect_photos"       // photos of the defect or damage
	EvidencePackagingPhotos   Evidence = "packaging_photos"    // photos of the packaging as it arrived
	EvidenceCorrespondence    Evidence = "correspondence"      // the correspondence with the shop
	EvidenceShopRefusal       Evidence = "shop_refusal"        // the shop's refusal in writing
	EvidencePaymentProof      Evidence = "payment_proof"       // proof of payment (bank statement, receipt)
	EvidenceDeadlineMessage   Evidence = "deadline_message"    // the message that set the shop a final period
	EvidenceCureRequest       Evidence = "cure_request"        // the request for repair or replacement, with its date
	EvidenceDataRequest       Evidence = "data_request"        // copy of the data protection request with its date
	EvidenceCheckoutScreens   Evidence = "checkout_screenshot" // screenshots of the order pages
	EvidenceUnsolicitedGoods  Evidence = "unsolicited_goods"   // delivery note or invoice of goods not ordered
)

// Evidences lists every kind of evidence, in a fixed order.
func Evidences() []Evidence {
	return []Evidence{EvidenceOrderConfirmation, EvidenceDeliveryProof, EvidenceTracking, EvidenceReturnReceipt,
		EvidenceWithdrawalCopy, EvidenceDefectPhotos, EvidencePackagingPhotos, EvidenceCorrespondence,
		EvidenceShopRefusal, EvidencePaymentProof, EvidenceDeadlineMessage, EvidenceCureRequest, EvidenceDataRequest,
		EvidenceCheckoutScreens, EvidenceUnsolicitedGoods}
}

// evidenceOf is the evidence each rule names, most telling first. Rules
// without an evidentiary question (the consumer's own status, a period
// that has not started, advice about what to do next, displeasure) name
// none.
var evidenceOf = map[RuleID][]Evidence{
	ContactShopFirst:           {EvidenceCorrespondence},
	WithdrawalInPeriod:         {EvidenceWithdrawalCopy, EvidenceDeliveryProof, EvidenceOrderConfirmation},
	WithdrawalPeriodExtended:   {EvidenceOrderConfirmation, EvidenceCheckoutScreens, EvidenceDeliveryProof},
	WithdrawalExceptionClaimed: {EvidenceOrderConfirmation, EvidenceShopRefusal},
	RefundOverdue:              {EvidenceReturnReceipt, EvidenceWithdrawalCopy, EvidencePaymentProof},
	RefundMayBeWithheld:        {EvidenceReturnReceipt},
	WarrantyInPeriod:           {EvidenceOrderConfirmation, EvidenceDeliveryProof, EvidenceDefectPhotos},
	WarrantyPresumedAtDelivery: {EvidenceDeliveryProof, EvidenceDefectPhotos},
	WarrantyBurdenOnConsumer:   {EvidenceDefectPhotos, EvidenceDeliveryProof},
	WarrantyCureOverdue:        {EvidenceCureRequest, EvidenceCorrespondence},
	DeliveryTransitRiskOnShop:  {EvidencePackagingPhotos, EvidenceDefectPhotos, EvidenceTracking},
	DeliveryOverdue:            {EvidenceOrderConfirmation, EvidenceTracking, EvidencePaymentProof},
	DeliveryWithdrawPossible:   {EvidenceDeadlineMessage, EvidenceOrderConfirmation},
	OrderUnsolicited:           {EvidenceUnsolicitedGoods, EvidenceCorrespondence},
	WithdrawalButtonMissing:    {EvidenceCheckoutScreens, EvidenceOrderConfirmation},
	DefenceLateNoticeInvalid:   {EvidenceShopRefusal, EvidenceDefectPhotos},
	DataRequestOverdue:         {EvidenceDataRequest},
	DataRequestPending:         {EvidenceDataRequest},
	PaymentRefundMissing:       {EvidencePaymentProof, EvidenceWithdrawalCopy, EvidenceReturnReceipt},
}

// EvidenceFor returns the evidence that would support a finding of the
// rule (none for a rule without an evidentiary question). The slice is the
// caller's.
func EvidenceFor(id RuleID) []Evidence { return append([]Evidence(nil), evidenceOf[id]...) }

// Label is the evidence in words in lang.
func (e Evidence) Label(lang fairshops.Language) string {
	return messages().Render(lang, evidencePrefix+string(e))
}

// evidencePrefix is the message key prefix of the evidence texts.
const evidencePrefix = "evidence."

// EvidenceView is one piece of evidence a finding names, with its text.
type EvidenceView struct {
	Code Evidence `json:"code"`
	Text string   `json:"text"`
}

// evidenceViews renders the evidence of a rule in lang (never nil).
func evidenceViews(id RuleID, lang fairshops.Language) []EvidenceView {
	out := []EvidenceView{}
	for _, e := range evidenceOf[id] {
		out = append(out, EvidenceView{Code: e, Text: e.Label(lang)})
	}
	return out
}
