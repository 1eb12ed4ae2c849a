package fairshops

import (
	"encoding/json"
	"time"
)

// Event is a domain event: something that happened to an aggregate (a shop,
// a complaint, a case). Stores write events in the same unit of work as the
// state change (the outbox), and relays deliver them at least once; receivers
// drop duplicates by ID.
//
// Data is the payload for third parties (webhooks, e-mails to the parties):
// it must never hold private facts such as a booking's purpose, a token, or a
// consumer's contact data beyond what the receiver is entitled to.
type Event struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`    // "shop.registered", "complaint.submitted", ...
	Subject   string          `json:"subject"` // the aggregate's ID
	ShopID    string          `json:"shop"`    // the shop concerned, for routing
	At        time.Time       `json:"at"`
	Data      json.RawMessage `json:"data,omitempty"`
	Recipient string          `json:"-"` // optional routing hint for notifiers (a role); never serialised to third parties
}

// NewEvent builds an event with a fresh time-ordered ID (NewOrderedID at
// at); data is encoded as JSON.
func NewEvent(typ, subject, shopID string, at time.Time, data any) (Event, error) {
	ev := Event{ID: NewOrderedID("ev", at), Type: typ, Subject: subject, ShopID: shopID, At: at.UTC()}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return Event{}, E("fairshops.NewEvent", Internal, typ, "encode event data", err)
		}
		ev.Data = b
	}
	return ev, nil
}

// Event types of the shop registry.
const (
	EventShopRegistered = "shop.registered"
	EventShopChanged    = "shop.changed" // data: the public View after the change
)
