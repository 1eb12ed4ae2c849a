package mediation

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Kind is the remedy an option proposes (domain/mediation.md, "Proposals").
type Kind string

// The remedies. NotUpheld is an addition to the list of the rules page: the
// outcome "the consumer's claim is not upheld" of a case that clearly favours
// the shop, when no goodwill gesture is proposed.
const (
	KindRefund         Kind = "refund"           // pay back an amount
	KindRefundOnReturn Kind = "refund_on_return" // pay back an amount once the goods are back
	KindReplacement    Kind = "replacement"      // deliver a replacement
	KindRepair         Kind = "repair"           // repair the goods
	KindPriceReduction Kind = "price_reduction"  // reduce the price by a percentage (amount = the reduction)
	KindPartialRefund  Kind = "partial_refund"   // pay back part of the price
	KindVoucher        Kind = "voucher"          // a voucher for the shop
	KindDeliver        Kind = "deliver"          // deliver by a date
	KindCancelOrder    Kind = "cancel_order"     // cancel the order; the amount is what is paid back
	KindApology        Kind = "apology"          // apologise (and do what the duties say)
	KindNotUpheld      Kind = "not_upheld"       // the claim is not upheld; nobody owes anything
)

// Kinds lists every remedy.
func Kinds() []Kind {
	return []Kind{KindRefund, KindRefundOnReturn, KindReplacement, KindRepair, KindPriceReduction,
		KindPartialRefund, KindVoucher, KindDeliver, KindCancelOrder, KindApology, KindNotUpheld}
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// pays reports whether an option of kind k must pay out a positive amount.
func (k Kind) pays() bool {
	switch k {
	case KindRefund, KindRefundOnReturn, KindPriceReduction, KindPartialRefund, KindVoucher:
		return true
	}
	return false
}

// mayPay reports whether an option of kind k may carry an amount at all
// (cancel_order may: what is paid back after cancelling).
func (k Kind) mayPay() bool { return k.pays() || k == KindCancelOrder }

// Action is one thing a party must do under an option.
type Action string

// The actions of duties.
const (
	ActReturnGoods       Action = "return_goods"        // consumer: send the goods back
	ActRefund            Action = "refund"              // shop: pay back the duty's amount
	ActIssueVoucher      Action = "issue_voucher"       // shop: issue a voucher of the duty's amount
	ActPayReturnShipping Action = "pay_return_shipping" // shop: bear the cost of the return
	ActProvideGoods      Action = "provide_goods"       // consumer: make the goods available for repair or exchange
	ActRepair            Action = "repair"              // shop: repair at its own cost
	ActReplace           Action = "replace"             // shop: deliver a replacement at its own cost
	ActDeliver           Action = "deliver"             // shop: deliver the goods
	ActCancelOrder       Action = "cancel_order"        // shop: cancel the order and confirm it
	ActWaivePayment      Action = "waive_payment"       // shop: drop any demand for payment
	ActCollectGoods      Action = "collect_goods"       // shop: collect unsolicited goods at its own cost, if it wants them
	ActAnswerDataRequest Action = "answer_data_request" // shop: answer the data protection request
	ActApologise         Action = "apologise"           // shop: apologise in writing
	ActWithdrawClaim     Action = "withdraw_claim"      // consumer: pursue the claim no further
)

// Actions lists every action.
func Actions() []Action {
	return []Action{ActReturnGoods, ActRefund, ActIssueVoucher, ActPayReturnShipping, ActProvideGoods, ActRepair,
		ActReplace, ActDeliver, ActCancelOrder, ActWaivePayment, ActCollectGoods, ActAnswerDataRequest,
		ActApologise, ActWithdrawClaim}
}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool { return slices.Contains(Actions(), a) }

// party is who performs the action.
func (a Action) party() fairshops.Role {
	switch a {
	case ActReturnGoods, ActProvideGoods, ActWithdrawClaim:
		return fairshops.RoleConsumer
	}
	return fairshops.RoleShop
}

// Duty is who does what by when under an option. Amount is set for duties
// that pay money (refund, issue_voucher).
type Duty struct {
	Party  fairshops.Role   `json:"party"`
	Action Action           `json:"action"`
	Amount *fairshops.Money `json:"amount,omitempty"`
	Due    fairshops.Date   `json:"due"`
}

// Part is one component of an option's amount (the price, the delivery
// cost, the shop's offer, half of the difference). The parts of an option
// add up exactly to its amount.
type Part struct {
	Label  string          `json:"label"`
	Amount fairshops.Money `json:"amount"`
}

// The labels of parts.
const (
	PartPrice          = "price"           // the price of the goods
	PartDelivery       = "delivery"        // the standard outbound delivery cost
	PartShopOffer      = "shop_offer"      // what the shop offered
	PartHalfDifference = "half_difference" // the consumer's half of the disputed difference
	PartGoodwill       = "goodwill"        // a goodwill gesture
	PartReduction      = "reduction"       // a price reduction
	PartClaim          = "claim"           // the consumer's claim
	PartLessValueLoss  = "less_value_loss" // the refund less the loss in value the shop claims (§357a(1))
)

func partLabels() []string {
	return []string{PartPrice, PartDelivery, PartShopOffer, PartHalfDifference, PartGoodwill, PartReduction, PartClaim,
		PartLessValueLoss}
}

// Instalment is one payment of an amount paid in instalments.
type Instalment struct {
	Amount fairshops.Money `json:"amount"`
	Due    fairshops.Date  `json:"due"`
}

// Rationale explains an option or a whole proposal: a message key with its
// arguments and the pre-check rule IDs it rests on.
type Rationale struct {
	Key   string            `json:"key"`
	Args  []string          `json:"args,omitempty"`
	Rules []precheck.RuleID `json:"rules,omitempty"`
}

func (r Rationale) clone() Rationale {
	r.Args = slices.Clone(r.Args)
	r.Rules = slices.Clone(r.Rules)
	return r
}

// Option is one remedy a proposal offers: its kind, the money it pays out
// (Amount, in the order's currency; zero for remedies that pay nothing), the
// percentage of a price reduction, who does what by when, and why.
type Option struct {
	ID             string          `json:"id"`
	Kind           Kind            `json:"kind"`
	Amount         fairshops.Money `json:"amount"`
	Percent        decimal.Decimal `json:"percent,omitzero"`           // price_reduction only: 0 < p <= 100
	ShopPaysReturn bool            `json:"shop_pays_return,omitempty"` // refund_on_return only
	Parts          []Part          `json:"parts,omitempty"`
	Instalments    []Instalment    `json:"instalments,omitempty"`
	Duties         []Duty          `json:"duties"`
	Rationale      Rationale       `json:"rationale"`
	Note           string          `json:"note,omitempty"` // the moderator's note
	Basis          []string        `json:"basis"`          // legal references ("BGB §357a(1)")
}

func (o Option) clone() Option {
	o.Parts = slices.Clone(o.Parts)
	o.Instalments = slices.Clone(o.Instalments)
	if o.Duties != nil {
		ds := make([]Duty, len(o.Duties))
		for i, d := range o.Duties {
			if d.Amount != nil {
				a := *d.Amount
				d.Amount = &a
			}
			ds[i] = d
		}
		o.Duties = ds
	}
	o.Rationale = o.Rationale.clone()
	o.Basis = slices.Clone(o.Basis)
	return o
}

func cloneOptions(os []Option) []Option {
	if os == nil {
		return nil
	}
	out := make([]Option, len(os))
	for i, o := range os {
		out[i] = o.clone()
	}
	return out
}

// Side is whom the pre-check findings favour, as the engine reads them.
type Side string

// The sides.
const (
	SideConsumer Side = "consumer"
	SideShop     Side = "shop"
	SideDoubtful Side = "doubtful"
)

// Draft is a proposal before it is sent: what the engine proposed, possibly
// edited by the moderator. Limits is what its options are checked against.
type Draft struct {
	Side      Side           `json:"side"`
	Options   []Option       `json:"options"`
	Rationale Rationale      `json:"rationale"`
	Limits    Limits         `json:"limits"`
	Edited    bool           `json:"edited,omitempty"`
	On        fairshops.Date `json:"on"` // the date the duties were computed from
}

func (d Draft) clone() Draft {
	d.Options = cloneOptions(d.Options)
	d.Rationale = d.Rationale.clone()
	return d
}

// Validate checks the draft's options against its limits.
func (d Draft) Validate() error { return ValidateOptions(d.Options, d.Limits) }

// Proposal is a sent draft with the parties' answers. Number is 1 for the
// first proposal and 2 for the one revision a case may have.
type Proposal struct {
	ID         string         `json:"id"`
	Number     int            `json:"number"`
	Draft      Draft          `json:"draft"`
	SentAt     time.Time      `json:"sent_at"`
	AnswersDue fairshops.Date `json:"answers_due"`
	Answers    []Answer       `json:"answers,omitempty"`
	// RevisionAsked lists the parties that asked for a revision.
	RevisionAsked []fairshops.Role `json:"revision_asked,omitempty"`
}

func (p Proposal) clone() Proposal {
	p.Draft = p.Draft.clone()
	p.Answers = slices.Clone(p.Answers)
	p.RevisionAsked = slices.Clone(p.RevisionAsked)
	return p
}

// Option returns the option with the ID.
func (p *Proposal) Option(id string) (Option, bool) {
	for _, o := range p.Draft.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}

// Answer returns the party's answer to the proposal.
func (p *Proposal) Answer(party fairshops.Role) (Answer, bool) {
	for _, a := range p.Answers {
		if a.Party == party {
			return a, true
		}
	}
	return Answer{}, false
}

// RevisionAgreed reports whether both parties asked for a revision.
func (p *Proposal) RevisionAgreed() bool {
	return slices.Contains(p.RevisionAsked, fairshops.RoleConsumer) && slices.Contains(p.RevisionAsked, fairshops.RoleShop)
}

// Answer is one party's answer to a proposal: it accepts one option or
// rejects the proposal.
type Answer struct {
	Party    fairshops.Role `json:"party"`
	Accepted bool           `json:"accepted"`
	OptionID string         `json:"option,omitempty"`
	At       time.Time      `json:"at"`
}
