package precheck

import (
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// Category is one of the 9 categories of the complaint form.
type Category string

// The categories (domain/precheck-rules.md).
const (
	NotAsDescribed Category = "not_as_described"
	NotOrdered     Category = "not_ordered"
	Delivery       Category = "delivery"
	Return         Category = "return"
	Payment        Category = "payment"
	Withdrawal     Category = "withdrawal"
	Warranty       Category = "warranty"
	Data           Category = "data"
	Other          Category = "other"
)

// Categories lists the categories in the order of the complaint form.
func Categories() []Category {
	return []Category{NotAsDescribed, NotOrdered, Delivery, Return, Payment, Withdrawal, Warranty, Data, Other}
}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool {
	for _, k := range Categories() {
		if c == k {
			return true
		}
	}
	return false
}

// NeedsOrder reports whether a complaint of the category is about an order,
// so that the order date and value are required: all but not_ordered
// (goods nobody ordered) and data (a request about personal data, which a
// shop may hold without any order).
func (c Category) NeedsOrder() bool { return c != NotOrdered && c != Data }

// WithdrawalException is the exception from the right of withdrawal that a
// shop claims (BGB §312g(2)).
type WithdrawalException string

// The withdrawal exceptions of the facts.
const (
	CustomMade    WithdrawalException = "custom_made"
	Perishable    WithdrawalException = "perishable"
	SealedHygiene WithdrawalException = "sealed_hygiene"
	SealedMedia   WithdrawalException = "sealed_media"
	Newspaper     WithdrawalException = "newspaper"
	OtherExcept   WithdrawalException = "other"
)

// Resolution is what the consumer wants.
type Resolution string

// The desired resolutions.
const (
	WantRefund         Resolution = "refund"
	WantReplacement    Resolution = "replacement"
	WantRepair         Resolution = "repair"
	WantPriceReduction Resolution = "price_reduction"
	WantDelivery       Resolution = "delivery"
	WantCancelOrder    Resolution = "cancel_order"
	WantDataErasure    Resolution = "data_erasure"
	WantApology        Resolution = "apology"
	WantOther          Resolution = "other"
)

// Facts are the facts of a complaint that the pre-check reads: the JSON
// names of the v1 API (domain/precheck-rules.md). Dates are calendar dates in
// the shop's time zone; a zero Date means "not given". BuyerIsConsumer and
// InformedAboutWithdrawal default to true when nil.
//
// DeliveryCost is an addition to the rules page: the standard outbound
// delivery cost the consumer paid, which a refund after withdrawal includes
// (BGB §357(2)) and which caps mediation proposals (order value plus delivery).
type Facts struct {
	Category                Category         `json:"category"`
	BuyerIsConsumer         *bool            `json:"buyer_is_consumer,omitempty"`
	OrderDate               fairshops.Date   `json:"order_date,omitzero"`
	DeliveryDate            fairshops.Date   `json:"delivery_date,omitzero"`
	PromisedDeliveryDate    fairshops.Date   `json:"promised_delivery_date,omitzero"`
	OrderValue              fairshops.Money  `json:"order_value"`
	DeliveryCost            *fairshops.Money `json:"delivery_cost,omitempty"`
	ContactedShopOn         fairshops.Date   `json:"contacted_shop_on,omitzero"`
	WithdrawalDeclaredOn    fairshops.Date   `json:"withdrawal_declared_on,omitzero"`
	InformedAboutWithdrawal *bool            `json:"informed_about_withdrawal,omitempty"`
	GoodsReturnedOn         fairshops.Date   `json:"goods_returned_on,omitzero"`
	RefundReceived          bool             `json:"refund_received,omitempty"`
	DefectNoticedOn         fairshops.Date   `json:"defect_noticed_on,omitzero"`
	DamagedInTransit        bool             `json:"damaged_in_transit,omitempty"`
	CureRequestedOn         fairshops.Date   `json:"cure_requested_on,omitzero"`
	AdditionalDeadlineUntil fairshops.Date   `json:"additional_deadline_until,omitzero"`
	// AdditionalDeadlineSetOn is the day the consumer set the further
	// period of AdditionalDeadlineUntil (revision 2): one set on or before
	// the day the delivery was due has no effect (BGH VII ZR 148/10).
	AdditionalDeadlineSetOn fairshops.Date `json:"additional_deadline_set_on,omitzero"`
	// InformedAboutWithdrawalOn is the day the consumer was informed about
	// the right of withdrawal after the goods arrived (revision 2): the 14
	// days run from then, within 12 months and 14 days at most (§356(3)).
	InformedAboutWithdrawalOn fairshops.Date `json:"informed_about_withdrawal_on,omitzero"`
	// LostInTransit: the parcel was lost, or the carrier says "delivered" and
	// the consumer has nothing (revision 2; the shop's risk, §475(2), §446).
	LostInTransit bool `json:"lost_in_transit,omitempty"`
	// UsedGoodsOneYear: used goods whose limitation was validly shortened to
	// one year (revision 2; §476(2)).
	UsedGoodsOneYear bool `json:"used_goods_one_year,omitempty"`
	// ConsumerState is the consumer's federal state, whose holidays end the
	// periods the consumer must keep (revision 2; §193); National: unknown.
	ConsumerState calendar.State `json:"consumer_state,omitzero"`
	// ShopState is the state of the shop's seat, whose holidays end the
	// shop's periods (revision 2; §193); National: unknown. A shop's
	// registered state (Options.ShopState) takes precedence.
	ShopState                 calendar.State      `json:"shop_state,omitzero"`
	WithdrawalException       WithdrawalException `json:"withdrawal_exception,omitempty"`
	DataRequestOn             fairshops.Date      `json:"data_request_on,omitzero"`
	DataRequestAnswered       bool                `json:"data_request_answered,omitempty"`
	WithdrawalFunctionMissing bool                `json:"withdrawal_function_missing,omitempty"`
	ShopRejectedLateNotice    bool                `json:"shop_rejected_late_notice,omitempty"`
	DesiredResolution         Resolution          `json:"desired_resolution,omitempty"`
	Description               string              `json:"description,omitempty"`
	AsOf                      fairshops.Date      `json:"as_of,omitzero"`
}

// IsConsumer reports buyer_is_consumer with its default (true).
func (f *Facts) IsConsumer() bool { return f.BuyerIsConsumer == nil || *f.BuyerIsConsumer }

// Informed reports informed_about_withdrawal with its default (true).
func (f *Facts) Informed() bool {
	return f.InformedAboutWithdrawal == nil || *f.InformedAboutWithdrawal
}

// WithdrawalExceptions lists the exceptions in the order of BGB §312g(2).
func WithdrawalExceptions() []WithdrawalException {
	return []WithdrawalException{CustomMade, Perishable, SealedHygiene, SealedMedia, Newspaper, OtherExcept}
}

// Valid reports whether e is one of WithdrawalExceptions (the empty value,
// "none claimed", is not).
func (e WithdrawalException) Valid() bool {
	for _, k := range WithdrawalExceptions() {
		if e == k {
			return true
		}
	}
	return false
}

// Resolutions lists the resolutions in the order of the complaint form.
func Resolutions() []Resolution {
	return []Resolution{WantRefund, WantReplacement, WantRepair, WantPriceReduction, WantDelivery,
		WantCancelOrder, WantDataErasure, WantApology, WantOther}
}

// Valid reports whether r is one of Resolutions (the empty value, "none
// stated", is not).
func (r Resolution) Valid() bool {
	for _, k := range Resolutions() {
		if r == k {
			return true
		}
	}
	return false
}
