// Package outbox holds the one type shared by the stores that keep a
// transactional outbox (adapters/sql) and the relays that drain it
// (adapters/notify): an event as it waits in the outbox, with its delivery
// bookkeeping.
//
// It is a leaf package with no dependencies beyond fairshops, so that a relay
// can name the type without linking the SQL drivers, and a store can
// implement the relay's Source port without importing the notifiers.
package outbox

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Entry is an event in the outbox and where its delivery stands. The flow:
// a store writes the event with the state change (pending); a relay claims
// it for a lease (Attempts counts the claims); the relay records the
// delivery, or the failure with the time of the next attempt, or, when no
// retry can help, that it gave the event up (dead).
type Entry struct {
	Seq           int64           // position in the outbox: the order events were written
	Event         fairshops.Event // the event itself; its ID is the receivers' key to drop duplicates
	Attempts      int             // delivery attempts started, the current claim included
	ClaimedBy     string          // the relay holding (or last holding) the claim; after delivery, the one that delivered
	ClaimedUntil  time.Time       // when the current claim's lease ends; zero when unclaimed
	NextAttemptAt time.Time       // not claimable before this time; zero means at once
	DeliveredAt   time.Time       // when a relay recorded the delivery; zero while pending
	DeadAt        time.Time       // when a relay gave the event up as undeliverable; zero otherwise
	LastError     string          // the last failure a relay recorded, for operators; never shown to third parties
}

// Pending reports whether the entry still waits for delivery: neither
// delivered nor given up.
func (e Entry) Pending() bool { return e.DeliveredAt.IsZero() && e.DeadAt.IsZero() }
