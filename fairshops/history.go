package fairshops

import (
	"time"

	"github.com/fairshops/konfliktservice/internal/chain"
)

// Entry is one line of an append-only history: who did what, when, and for
// edits (of a mediation case's draft) the state before and after, as JSON.
// Entries form a hash chain: Prev is the Hash of the entry before ("" for
// the first), and Hash is the SHA-256 of the entry's canonical encoding
// (see Digest), so an exported history can be verified (History.Verify)
// and any change to an entry, or a removed or reordered one, is detected.
type Entry struct {
	Seq    int       `json:"seq"` // 1, 2, 3, ...
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"`           // what happened: an event name without its prefix
	Detail string    `json:"detail,omitempty"` // a short note, never personal data
	Before string    `json:"before,omitempty"` // for an edit: the state before (EditEntries only)
	After  string    `json:"after,omitempty"`  // for an edit: the state after (EditEntries only)
	Prev   string    `json:"prev"`             // hex SHA-256 of the entry before
	Hash   string    `json:"hash"`             // hex SHA-256 of this entry (Digest)
}

// EntryEncoding selects the canonical encoding of a history's entries. It
// is fixed per kind of record, because stored chains must keep verifying:
// complaint histories were chained without Before and After (PlainEntries),
// mediation case histories with them (EditEntries).
type EntryEncoding uint8

// The canonical encodings of an entry within the record subject: one JSON
// array with at in RFC 3339 with nanoseconds in UTC, no HTML escaping and
// no whitespace, so that any language can recompute it. The subject's ID is
// part of it, so entries cannot be moved to another record unnoticed; Hash
// itself is not.
const (
	// PlainEntries: [subject, seq, at, role, shop, name, action, detail, prev].
	PlainEntries EntryEncoding = iota + 1
	// EditEntries: [subject, seq, at, role, shop, name, action, detail, before, after, prev].
	EditEntries
)

// Digest returns the hex SHA-256 of the entry's canonical encoding enc
// within the record subject.
func (e Entry) Digest(subject string, enc EntryEncoding) string {
	at := e.At.UTC().Format(time.RFC3339Nano)
	if enc == EditEntries {
		return chain.Digest(subject, e.Seq, at, string(e.Actor.Role), e.Actor.ShopID, e.Actor.Name,
			e.Action, e.Detail, e.Before, e.After, e.Prev)
	}
	return chain.Digest(subject, e.Seq, at, string(e.Actor.Role), e.Actor.ShopID, e.Actor.Name,
		e.Action, e.Detail, e.Prev)
}

// History is the append-only, hash-chained audit trail of one complaint or
// case (DESIGN.md, "Audit"). It encodes as a JSON array of entries.
type History []Entry

// Append adds e to the history of the record subject, numbered and chained
// to the last entry: it sets e's Seq, Prev and Hash.
func (h *History) Append(subject string, enc EntryEncoding, e Entry) {
	e.Seq = len(*h) + 1
	e.Prev = h.Head()
	e.Hash = e.Digest(subject, enc)
	*h = append(*h, e)
}

// Head returns the Hash of the last entry ("" for an empty history):
// publishing it (in a receipt, an event) anchors the whole chain up to it.
func (h History) Head() string {
	if len(h) == 0 {
		return ""
	}
	return h[len(h)-1].Hash
}

// Verify checks an exported history of the record subject: entries
// numbered 1, 2, 3 ... without gaps, each Hash matching its entry under
// enc, and each Prev the Hash before it. The error (kind Invalid, entity
// subject, operation op) names the first entry that does not fit.
//
// An entry whose content was erased (Entry.Erased) cannot be recomputed:
// it is checked by its number and its place in the chain (its Prev, and the
// next entry's Prev, which binds its Hash); the tombstone's digest lets a
// holder of an earlier copy check the erased text itself.
func (h History) Verify(op, subject string, enc EntryEncoding) error {
	why := chain.Verify(len(h), func(i int) chain.Link {
		e := h[i]
		again := e.Digest(subject, enc)
		if again != e.Hash && e.Erased() {
			again = e.Hash
		}
		return chain.Link{Seq: e.Seq, Prev: e.Prev, Hash: e.Hash, Recomputed: again}
	})
	if why != "" {
		return E(op, Invalid, subject, why, nil)
	}
	return nil
}
