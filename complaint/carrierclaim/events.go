package carrierclaim

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Event types of a claim. Their data (EventData) holds no personal data:
// no tracking number, no amount, no reason, only what a shop's systems
// need to route the event and fetch the claim.
const (
	EventOpened   = "carrier_claim.opened"
	EventNotified = "carrier_claim.notified"
	EventAnswered = "carrier_claim.answered"
	EventClosed   = "carrier_claim.closed"         // paid or time-barred
	EventReminder = "carrier_claim.reminder"       // a deadline comes near
	EventDocument = "carrier_claim.document_added" // the carrier uploaded a document through its link
)

// Recipient is the routing hint of every claim event
// (fairshops.Event.Recipient): the claim is the shop's business, so its
// mails go to the shop, never to the consumer.
const Recipient = string(fairshops.RoleShop)

// EventData is the payload of every claim event.
type EventData struct {
	Claim     string       `json:"claim"`
	Complaint string       `json:"complaint"`
	Incident  Incident     `json:"incident"`
	State     State        `json:"state"`
	Answer    AnswerKind   `json:"answer,omitempty"`   // .answered
	Deadline  DeadlineKind `json:"deadline,omitempty"` // .reminder
	Due       string       `json:"due,omitempty"`      // .reminder: the deadline's Due
	File      string       `json:"file,omitempty"`     // .document_added: the document's ID
}

func newEvent(typ string, c *Claim, at time.Time, data EventData) (fairshops.Event, error) {
	data.Claim, data.Complaint, data.Incident, data.State = c.ID, c.ComplaintID, c.Incident, c.State
	ev, err := fairshops.NewEvent(typ, c.ID, c.ShopID, at, data)
	ev.Recipient = Recipient
	return ev, err
}
