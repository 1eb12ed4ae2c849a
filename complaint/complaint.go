package complaint

import (
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Complaint is the aggregate of the complaint service: what the consumer
// filed, what the pre-check said at filing, where the complaint stands, the
// message thread and the append-only history of every change. A Store keeps
// it whole; every change goes through the Service, which records it in the
// history and writes it together with its events.
type Complaint struct {
	ID       string             `json:"id"`   // fairshops.NewOrderedID("c", created)
	ShopID   string             `json:"shop"` // the shop complained about
	Lang     fairshops.Language `json:"lang"` // the consumer's language
	Facts    precheck.Facts     `json:"facts"`
	Contact  Contact            `json:"contact"`
	OrderRef string             `json:"order_ref,omitempty"`
	State    State              `json:"state"`
	// Precheck is the pre-check made at filing (as of the filing date).
	Precheck precheck.Result `json:"precheck"`
	// Rechecks are the re-checks under later rules an operator recorded
	// (Service.ApplyRecheck), oldest first. They never replace Precheck:
	// the consumer saw that answer.
	Rechecks []RecheckRecord `json:"rechecks,omitempty"`
	// Reviews are the consumer's requests for a human review of the
	// pre-check and their answers (review.go), oldest first; at most one
	// per pre-check result, and at most the last one pending.
	Reviews []Review `json:"reviews,omitempty"`

	// ForwardedOn is the date the complaint was forwarded to the shop; the
	// shop sees a complaint only from then on. Zero: not forwarded yet.
	ForwardedOn fairshops.Date `json:"forwarded_on,omitzero"`
	// AnswerDue is the last day of the shop's answer period; zero when no
	// answer is expected (not forwarded yet, or a displeasure-only complaint).
	AnswerDue fairshops.Date `json:"answer_due,omitzero"`
	// ReminderOn is the day from which the shop is reminded of AnswerDue;
	// zero when no reminder is planned.
	ReminderOn fairshops.Date `json:"reminder_on,omitzero"`
	// Reminded records that the reminder event was emitted.
	Reminded bool `json:"reminded,omitempty"`
	// DeadlineMissed records that the shop let AnswerDue pass without an
	// answer and that the deadline_missed event was emitted.
	DeadlineMissed bool `json:"deadline_missed,omitempty"`
	// NextDue is the day the next timer of the complaint fires (reminder or
	// deadline missed), zero when none: the key of Store.Due. The Service
	// keeps it current (see Complaint.Timer); stores only persist it.
	NextDue fairshops.Date `json:"next_due,omitzero"`
	// Clock is the state of the shop's answer clock: paused by the shop's
	// question, and how long it was paused (clock.go). While it is paused,
	// AnswerDue is the latest day the period can end.
	Clock Clock `json:"clock,omitzero"`
	// AssignedTo is the login of the operator account the complaint is
	// assigned to (Service.Assign); empty: nobody. Only operators see it.
	AssignedTo string `json:"assigned_to,omitempty"`

	// Reference is the complaint's short name for people ("KS-7KQ4-M2XD",
	// see ParseReference): unique, assigned at filing, shown wherever the
	// complaint is. It grants no access; the ID stays the key.
	Reference string `json:"reference"`

	Messages []Message         `json:"messages"`
	History  fairshops.History `json:"history"`

	// TokenHash is the hex SHA-256 of the consumer's private token
	// (fairshops.Token.Hash). The token itself is never stored, and the
	// Service never hands the hash out (it is empty in what it returns).
	TokenHash string `json:"-"`

	Version   int       `json:"version"` // optimistic lock; 1 after Create
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Contact is how the consumer can be reached. It is personal data: it never
// goes into an event payload or a log line (notifiers look it up by the
// complaint's ID when they need it).
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

// Message is one message of a complaint's thread.
type Message struct {
	ID     string         `json:"id"` // fairshops.NewID("m")
	Author fairshops.Role `json:"author"`
	Body   string         `json:"body"`
	At     time.Time      `json:"at"`
	// Question marks the shop's question to the consumer (Service.Ask).
	Question bool `json:"question,omitempty"`
}

// Displeasure reports whether the complaint only voices displeasure (the
// pre-check's clarity): such a complaint is forwarded and the forwarding
// confirmed, nothing more.
func (c *Complaint) Displeasure() bool { return c.Precheck.Clarity == precheck.Displeasure }

// Open reports whether the complaint is still in progress (not in a final
// state).
func (c *Complaint) Open() bool { return !c.State.Final() }

// Clone returns a deep copy: no slice, map or pointer is shared with c.
func (c *Complaint) Clone() *Complaint {
	if c == nil {
		return nil
	}
	out := *c
	out.Facts = cloneFacts(c.Facts)
	out.Precheck = cloneResult(c.Precheck)
	out.Rechecks = slices.Clone(c.Rechecks)
	for i := range out.Rechecks {
		out.Rechecks[i] = out.Rechecks[i].clone()
	}
	out.Reviews = cloneReviews(c.Reviews)
	out.Messages = slices.Clone(c.Messages)
	out.History = slices.Clone(c.History)
	return &out
}

func cloneFacts(f precheck.Facts) precheck.Facts {
	if f.BuyerIsConsumer != nil {
		v := *f.BuyerIsConsumer
		f.BuyerIsConsumer = &v
	}
	if f.InformedAboutWithdrawal != nil {
		v := *f.InformedAboutWithdrawal
		f.InformedAboutWithdrawal = &v
	}
	if f.DeliveryCost != nil {
		v := *f.DeliveryCost
		f.DeliveryCost = &v
	}
	return f
}

func cloneResult(r precheck.Result) precheck.Result {
	r.Findings = slices.Clone(r.Findings)
	for i := range r.Findings {
		r.Findings[i].Tags = slices.Clone(r.Findings[i].Tags)
		r.Findings[i].Message.Args = slices.Clone(r.Findings[i].Message.Args)
	}
	r.MissingFacts = slices.Clone(r.MissingFacts)
	r.StandardViolations = slices.Clone(r.StandardViolations)
	r.Tips = slices.Clone(r.Tips)
	for i := range r.Tips {
		r.Tips[i].Args = slices.Clone(r.Tips[i].Args)
	}
	return r
}
