package complaint

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Actor is who did something, as the history records it: a role, plus the
// shop's ID for a shop and the operator's name for an operator. It never
// holds a token or a consumer's personal data.
type Actor struct {
	Role   Role   `json:"role"`
	ShopID string `json:"shop,omitempty"`
	Name   string `json:"name,omitempty"`
}

// Entry is one line of a complaint's append-only history: who did what,
// when. Entries form a hash chain: Prev is the Hash of the entry before (""
// for the first), and Hash is the SHA-256 of the entry's canonical encoding
// (see Entry.Digest), so an exported history can be checked with
// VerifyHistory and any change to an entry, or a removed or reordered one,
// is detected.
type Entry struct {
	Seq    int       `json:"seq"` // 1, 2, 3, ...
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"`           // what happened: an event name without "complaint."
	Detail string    `json:"detail,omitempty"` // a short note, never personal data
	Prev   string    `json:"prev"`             // hex SHA-256 of the entry before
	Hash   string    `json:"hash"`             // hex SHA-256 of this entry (Digest)
}

// Digest returns the hex SHA-256 of the entry's canonical encoding within the
// complaint complaintID: the JSON array
//
//	[complaintID, seq, at, role, shop, name, action, detail, prev]
//
// with at in RFC 3339 with nanoseconds in UTC, no HTML escaping and no
// whitespace, so that any language can recompute it. Hash itself is not part
// of it. The complaint's ID is, so entries cannot be moved to another
// complaint unnoticed.
func (e Entry) Digest(complaintID string) string {
	return fairshops.ChainDigest(complaintID, e.Seq, e.At.UTC().Format(time.RFC3339Nano), string(e.Actor.Role),
		e.Actor.ShopID, e.Actor.Name, e.Action, e.Detail, e.Prev)
}

// record appends an entry to the history, chained to the last one.
func (c *Complaint) record(at time.Time, who Actor, action, detail string) {
	e := Entry{Seq: len(c.History) + 1, At: at, Actor: who, Action: action, Detail: detail}
	if n := len(c.History); n > 0 {
		e.Prev = c.History[n-1].Hash
	}
	e.Hash = e.Digest(c.ID)
	c.History = append(c.History, e)
}

// HistoryHead returns the Hash of the last history entry: publishing it
// (in a receipt, an event) anchors the whole chain up to it.
func (c *Complaint) HistoryHead() string {
	if len(c.History) == 0 {
		return ""
	}
	return c.History[len(c.History)-1].Hash
}

// VerifyHistory checks an exported history of the complaint complaintID:
// entries numbered 1, 2, 3 ... without gaps, each entry's Hash matching its
// content, and each Prev matching the Hash before it. The error (kind
// Invalid) names the first entry that fails.
func VerifyHistory(complaintID string, history []Entry) error {
	return fairshops.VerifyChain("complaint.VerifyHistory", complaintID, len(history), func(i int) fairshops.ChainLink {
		e := history[i]
		return fairshops.ChainLink{Seq: e.Seq, Prev: e.Prev, Hash: e.Hash, Recomputed: e.Digest(complaintID)}
	})
}
