package complaint

import (
	"encoding/json"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Event types of the complaint service. Every change of a complaint yields
// one or more of them, written with the change (the outbox). Subject is the
// complaint's ID, ShopID the shop concerned, Data an EventData.
const (
	EventSubmitted      = "complaint.submitted"
	EventChecked        = "complaint.checked"
	EventForwarded      = "complaint.forwarded"
	EventMessageAdded   = "complaint.message_added"
	EventAnswered       = "complaint.answered"
	EventReminder       = "complaint.reminder"
	EventDeadlineMissed = "complaint.deadline_missed"
	EventResolved       = "complaint.resolved"
	EventEscalated      = "complaint.escalated"
	EventWithdrawn      = "complaint.withdrawn"
	EventClosed         = "complaint.closed"
	// EventRechecked: an operator recorded a re-check under new rules
	// and asked to tell the parties (Service.ApplyRecheck; without that,
	// no event is written).
	EventRechecked = "complaint.rechecked"
	// EventClockPaused: the shop's question stopped its answer clock
	// (clock.go); EventClockResumed: it runs again (the consumer answered,
	// PauseDays passed, or the complaint left "forwarded").
	EventClockPaused  = "complaint.clock_paused"
	EventClockResumed = "complaint.clock_resumed"
)

// EventTypes lists every event type of the complaint service.
func EventTypes() []string {
	return []string{EventSubmitted, EventChecked, EventForwarded, EventMessageAdded, EventAnswered,
		EventReminder, EventDeadlineMissed, EventResolved, EventEscalated, EventWithdrawn, EventClosed, EventRechecked,
		EventErased, EventClockPaused, EventClockResumed,
		EventReviewRequested, EventReviewAnswered, EventReviewOverdue}
}

// EventData is the payload of every complaint event: what a notifier needs
// to route and phrase a notice, and nothing more. It never holds the
// consumer's token, e-mail address, phone number or name, nor message
// bodies: a notifier that must write to the consumer looks the contact up by
// the complaint's ID through the Service (as the operator), so that erased
// personal data does not live on in an outbox or a webhook receiver.
type EventData struct {
	Complaint string `json:"complaint"`
	// Reference is the complaint's reference for people (mails show it).
	Reference string             `json:"reference,omitempty"`
	Shop      string             `json:"shop"`
	State     State              `json:"state"`
	Category  precheck.Category  `json:"category"`
	Lang      fairshops.Language `json:"lang"`
	AnswerDue fairshops.Date     `json:"answer_due,omitzero"` // the shop's answer deadline, when one runs
	Message   string             `json:"message,omitempty"`   // message_added, answered: the message's ID
	Author    fairshops.Role     `json:"author,omitempty"`    // message_added, answered: who wrote it
	Reason    string             `json:"reason,omitempty"`    // closed: "deadline_missed" or "displeasure_confirmed"; clock_resumed: Resume*
	// clock_paused: the day of the question and the day the clock runs
	// again without an answer; clock_resumed: the days paused in all.
	PausedOn   fairshops.Date `json:"paused_on,omitzero"`
	ResumeBy   fairshops.Date `json:"resume_by,omitzero"`
	PausedDays int            `json:"paused_days,omitempty"`
	// rechecked: the rules revisions of the result before and after
	FromRevision int `json:"from_revision,omitempty"`
	ToRevision   int `json:"to_revision,omitempty"`
	// review_requested, review_overdue: the last day of the operator's
	// answer period (review.go); review_answered: Reason is the outcome.
	ReviewDue fairshops.Date `json:"review_due,omitzero"`
}

// Recipients of events (fairshops.Event.Recipient): a routing hint for
// notifiers, never sent to third parties.
const (
	toShop     = string(fairshops.RoleShop)
	toConsumer = string(fairshops.RoleConsumer)
	toOperator = string(fairshops.RoleOperator)
	toParties  = "parties" // the consumer and the shop, as mediation's events say it
)

// change collects the history entries and events of one unit of work on a
// complaint, all stamped with the same time.
type change struct {
	c      *Complaint
	at     time.Time
	events []fairshops.Event
}

// emit records an event for the complaint in its current state.
func (ch *change) emit(typ, recipient string, fill func(*EventData)) error {
	c := ch.c
	data := EventData{Complaint: c.ID, Reference: c.Reference, Shop: c.ShopID, State: c.State,
		Category: c.Facts.Category, Lang: c.Lang, AnswerDue: c.AnswerDue}
	if c.State != Forwarded {
		data.AnswerDue = fairshops.Date{}
	}
	if fill != nil {
		fill(&data)
	}
	ev, err := fairshops.NewEvent(typ, c.ID, c.ShopID, ch.at, data)
	if err != nil {
		return err
	}
	ev.Recipient = recipient
	ch.events = append(ch.events, ev)
	return nil
}

// setEventReference sets the reference in the data of an event written
// before the complaint's reference was drawn (Submit draws it anew on a
// clash).
func setEventReference(ev *fairshops.Event, ref string) error {
	var d EventData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return err
	}
	d.Reference = ref
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	ev.Data = data
	return nil
}
