package mediation

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

// Entry is one line of a case's append-only history: who did what, when,
// and for edits of a draft the options before and after (as JSON). Entries
// form a hash chain: Prev is the Hash of the entry before ("" for the
// first) and Hash the SHA-256 of the entry's canonical encoding (Digest), so
// an exported history can be checked with VerifyHistory.
type Entry struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
	Prev   string    `json:"prev"`
	Hash   string    `json:"hash"`
}

// Digest returns the hex SHA-256 of the entry's canonical encoding within
// the case caseID: the JSON array
//
//	[caseID, seq, at, role, shop, name, action, detail, before, after, prev]
//
// with at in RFC 3339 with nanoseconds in UTC, no HTML escaping and no
// whitespace, so that any language can recompute it. The case's ID is part
// of it, so entries cannot be moved to another case unnoticed. (The
// complaint history uses the same scheme without before and after.)
func (e Entry) Digest(caseID string) string {
	return fairshops.ChainDigest(caseID, e.Seq, e.At.UTC().Format(time.RFC3339Nano), string(e.Actor.Role),
		e.Actor.ShopID, e.Actor.Name, e.Action, e.Detail, e.Before, e.After, e.Prev)
}

// record appends an entry to the history, chained to the last one.
func (c *Case) record(at time.Time, who Actor, action, detail string) {
	c.recordEdit(at, who, action, detail, "", "")
}

// recordEdit appends an entry with the state before and after an edit.
func (c *Case) recordEdit(at time.Time, who Actor, action, detail, before, after string) {
	e := Entry{Seq: len(c.History) + 1, At: at.UTC(), Actor: who, Action: action, Detail: detail,
		Before: before, After: after}
	if n := len(c.History); n > 0 {
		e.Prev = c.History[n-1].Hash
	}
	e.Hash = e.Digest(c.ID)
	c.History = append(c.History, e)
}

// HistoryHead returns the Hash of the last history entry: publishing it
// anchors the whole chain up to it.
func (c *Case) HistoryHead() string {
	if len(c.History) == 0 {
		return ""
	}
	return c.History[len(c.History)-1].Hash
}

// VerifyHistory checks an exported history of the case caseID: entries
// numbered 1, 2, 3 ... without gaps, each Hash matching its entry, and each
// Prev the Hash before it. The error (kind Invalid) names the first entry
// that does not fit.
func VerifyHistory(caseID string, entries []Entry) error {
	return fairshops.VerifyChain("mediation.VerifyHistory", caseID, len(entries), func(i int) fairshops.ChainLink {
		e := entries[i]
		return fairshops.ChainLink{Seq: e.Seq, Prev: e.Prev, Hash: e.Hash, Recomputed: e.Digest(caseID)}
	})
}
