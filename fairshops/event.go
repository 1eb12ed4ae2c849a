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

// OutboxEntry is an event as it waits in a transactional outbox, and where
// its delivery stands: the contract between the stores that keep an outbox
// (adapters/sql) and the relays that drain it (adapters/notify), kept here
// beside Event (as database/sql/driver keeps its contracts beside the API)
// so that neither side imports the other. The flow: a store writes the
// event with the state change (pending); a relay claims it for a lease
// (Attempts counts the claims); the relay records the delivery, or the
// failure with the time of the next attempt, or, when no retry can help,
// that it gave the event up (dead).
type OutboxEntry struct {
	Seq           int64     // position in the outbox: the order events were written
	Event         Event     // the event itself; its ID is the receivers' key to drop duplicates
	Attempts      int       // delivery attempts started, the current claim included
	ClaimedBy     string    // the relay holding (or last holding) the claim; after delivery, the one that delivered
	ClaimedUntil  time.Time // when the current claim's lease ends; zero when unclaimed
	NextAttemptAt time.Time // not claimable before this time; zero means at once
	DeliveredAt   time.Time // when a relay recorded the delivery; zero while pending
	DeadAt        time.Time // when a relay gave the event up as undeliverable; zero otherwise
	LastError     string    // the last failure a relay recorded, for operators; never shown to third parties
}

// Pending reports whether the entry still waits for delivery: neither
// delivered nor given up.
func (e OutboxEntry) Pending() bool { return e.DeliveredAt.IsZero() && e.DeadAt.IsZero() }
