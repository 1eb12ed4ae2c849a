package carrierclaim

import (
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Incident is what happened to the parcel. Its string is stored and part
// of the JSON API.
type Incident string

// The incidents.
const (
	// VisibleDamage: loss of part or damage that could be seen at delivery.
	VisibleDamage Incident = "visible_damage"
	// HiddenDamage: damage that could not be seen at delivery.
	HiddenDamage Incident = "hidden_damage"
	// Loss: the parcel never arrived (total loss).
	Loss Incident = "loss"
	// Delay: the parcel arrived late.
	Delay Incident = "delay"
)

// Incidents lists every incident.
func Incidents() []Incident { return []Incident{VisibleDamage, HiddenDamage, Loss, Delay} }

// Valid reports whether i is one of Incidents.
func (i Incident) Valid() bool { return slices.Contains(Incidents(), i) }

// State is where a claim stands. Its string is stored and part of the JSON
// API.
type State string

// The states of a claim.
const (
	Open       State = "open"        // opened; the carrier has not been notified yet
	Notified   State = "notified"    // the shop notified the carrier (in text form)
	Answered   State = "answered"    // the carrier answered and asks for documents
	Paid       State = "paid"        // the carrier accepted and paid (final)
	Refused    State = "refused"     // the carrier refused; the shop may still sue until the limitation day
	TimeBarred State = "time_barred" // the limitation day passed (set by the timer; final)
)

// States lists every state.
func States() []State { return []State{Open, Notified, Answered, Paid, Refused, TimeBarred} }

// Valid reports whether s is one of States.
func (s State) Valid() bool { return slices.Contains(States(), s) }

// Final reports whether nothing can happen to a claim in s any more.
func (s State) Final() bool { return s == Paid || s == TimeBarred }

// AnswerKind is what the carrier answered.
type AnswerKind string

// The carrier's answers.
const (
	AnswerPay       AnswerKind = "pay"       // accepts and pays an amount
	AnswerRefuse    AnswerKind = "refuse"    // refuses, with a reason
	AnswerDocuments AnswerKind = "documents" // asks for documents, with what it needs
)

// AnswerKinds lists every answer.
func AnswerKinds() []AnswerKind { return []AnswerKind{AnswerPay, AnswerRefuse, AnswerDocuments} }

// RoleCarrier is the actor of the history entries the carrier made through
// its private link. It is no fairshops.Role of the complaint service: the
// carrier is a party to the claim only, never to the complaint.
const RoleCarrier fairshops.Role = "carrier"

// Answer is one answer of the carrier, as the carrier gave it through its
// link or as the shop recorded it.
type Answer struct {
	Kind   AnswerKind       `json:"kind"`
	Amount *fairshops.Money `json:"amount,omitempty"` // for pay
	Reason string           `json:"reason,omitempty"` // for refuse; what is needed for documents
	By     fairshops.Role   `json:"by"`               // RoleCarrier or fairshops.RoleShop
	At     time.Time        `json:"at"`
}

// Claim is the aggregate: the shop's claim against its carrier for one
// complaint's parcel.
type Claim struct {
	ID          string `json:"id"`        // fairshops.NewOrderedID("cc", created)
	ComplaintID string `json:"complaint"` // one claim per complaint
	ShopID      string `json:"shop"`

	Carrier string `json:"carrier"` // a name of the configured list, or the free name for "other"
	// CarrierOther says Carrier is a free name (the "other" choice).
	CarrierOther bool             `json:"carrier_other,omitempty"`
	Tracking     string           `json:"tracking"`
	Incident     Incident         `json:"incident"`
	On           fairshops.Date   `json:"on"` // delivered on; for Loss the day it should have been delivered
	Amount       *fairshops.Money `json:"amount,omitempty"`
	// Reckless: the shop claims intent or recklessness of the carrier
	// (§435 HGB), which makes the limitation three years (§439(1) HGB).
	Reckless bool `json:"reckless,omitempty"`

	State     State      `json:"state"`
	Deadlines []Deadline `json:"deadlines"` // computed at opening; the limitation last
	// OpenedOn is the day the claim was opened; OpenedInTime whether that
	// was no later than the notice deadline (always true without one).
	OpenedOn     fairshops.Date `json:"opened_on"`
	OpenedInTime bool           `json:"opened_in_time"`
	NotifiedOn   fairshops.Date `json:"notified_on,omitzero"`
	Answers      []Answer       `json:"answers,omitempty"`
	// Reminded lists the kinds of the deadlines whose reminder was sent.
	Reminded []DeadlineKind `json:"reminded,omitempty"`
	// NextDue is the day the next timer fires (Claim.Timer), zero when none:
	// the key of Store.Due; the Service keeps it current.
	NextDue fairshops.Date `json:"next_due,omitzero"`

	// InviteHash is the hex SHA-256 of the carrier's private link token
	// (empty: not invited). The Service never hands it out.
	InviteHash string `json:"-"`

	History   fairshops.History `json:"history"`
	Version   int               `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Clone returns a deep copy.
func (c *Claim) Clone() *Claim {
	if c == nil {
		return nil
	}
	out := *c
	if c.Amount != nil {
		a := *c.Amount
		out.Amount = &a
	}
	out.Deadlines = slices.Clone(c.Deadlines)
	out.Answers = slices.Clone(c.Answers)
	for i := range out.Answers {
		if a := out.Answers[i].Amount; a != nil {
			v := *a
			out.Answers[i].Amount = &v
		}
	}
	out.Reminded = slices.Clone(c.Reminded)
	out.History = slices.Clone(c.History)
	return &out
}

// Deadline returns the claim's deadline of the kind, if it has one.
func (c *Claim) Deadline(k DeadlineKind) (Deadline, bool) {
	for _, d := range c.Deadlines {
		if d.Kind == k {
			return d, true
		}
	}
	return Deadline{}, false
}

// Timer returns the day the claim's next timer fires: the first reminder
// not yet sent that still matters in the claim's state, or the day after the
// limitation's last day (time_barred); zero when nothing is left.
func (c *Claim) Timer() fairshops.Date {
	if c.State.Final() {
		return fairshops.Date{}
	}
	var next fairshops.Date
	take := func(d fairshops.Date) {
		if !d.IsZero() && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	for _, d := range c.Deadlines {
		if d.RemindOn.IsZero() || slices.Contains(c.Reminded, d.Kind) || !d.remindIn(c.State) {
			continue
		}
		take(d.RemindOn)
	}
	if d, ok := c.Deadline(Limitation); ok {
		take(d.Latest.AddDays(1))
	}
	return next
}

// HistoryHead is the hash of the last history entry.
func (c *Claim) HistoryHead() string { return c.History.Head() }
