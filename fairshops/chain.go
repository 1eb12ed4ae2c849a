package fairshops

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// The audit histories of complaints and cases are hash chains (DESIGN.md,
// "Audit"): every entry carries the SHA-256 of the entry before and its own,
// each computed over a canonical encoding, so that an exported log can be
// verified later by anyone, in any language. These two functions are the
// one implementation both packages use.

// ChainDigest returns the hex SHA-256 of the canonical encoding of an entry:
// its fields as one JSON array, with no white space and no HTML escaping
// (strings and integers only; times as RFC 3339 strings in UTC).
func ChainDigest(fields ...any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Strings and integers always encode.
	_ = enc.Encode(fields)
	sum := sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// ChainLink is what VerifyChain needs of one entry: its sequence number, the
// hash it says the entry before had, its own stored hash, and the digest of
// its content recomputed now.
type ChainLink struct {
	Seq        int
	Prev, Hash string
	Recomputed string
}

// VerifyChain checks a history of n entries read through link: entries
// numbered 1, 2, 3 ... without gaps, each Prev equal to the Hash before it
// ("" for the first), and each Hash equal to its recomputed digest. The error
// (kind Invalid, entity subject) names the first entry that fails.
func VerifyChain(op, subject string, n int, link func(i int) ChainLink) error {
	prev := ""
	for i := range n {
		l := link(i)
		var why string
		switch {
		case l.Seq != i+1:
			why = fmt.Sprintf("entry %d has sequence number %d", i+1, l.Seq)
		case l.Prev != prev:
			why = fmt.Sprintf("entry %d does not chain to the entry before", l.Seq)
		case l.Hash != l.Recomputed:
			why = fmt.Sprintf("entry %d was changed", l.Seq)
		}
		if why != "" {
			return E(op, Invalid, subject, why, nil)
		}
		prev = l.Hash
	}
	return nil
}
