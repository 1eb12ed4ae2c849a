package complaint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding strings and ints cannot fail.
	_ = enc.Encode([]any{complaintID, e.Seq, e.At.UTC().Format(time.RFC3339Nano), string(e.Actor.Role),
		e.Actor.ShopID, e.Actor.Name, e.Action, e.Detail, e.Prev})
	sum := sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
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
	const op = "complaint.VerifyHistory"
	prev := ""
	for i, e := range history {
		var why string
		switch {
		case e.Seq != i+1:
			why = fmt.Sprintf("entry %d has sequence number %d", i+1, e.Seq)
		case e.Prev != prev:
			why = fmt.Sprintf("entry %d does not chain to the entry before", e.Seq)
		case e.Hash != e.Digest(complaintID):
			why = fmt.Sprintf("entry %d was changed", e.Seq)
		}
		if why != "" {
			return fairshops.E(op, fairshops.Invalid, complaintID, why, nil)
		}
		prev = e.Hash
	}
	return nil
}
