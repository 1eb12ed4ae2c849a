// Package chain holds the hash-chain arithmetic behind fairshops.History:
// the canonical digest of an entry's fields and the walk that checks a
// chain. It is internal because the promise to users is the History type
// (Entry.Digest, History.Verify), not these helpers.
package chain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Digest returns the hex SHA-256 of the canonical encoding of an entry:
// its fields as one JSON array, with no white space and no HTML escaping
// (strings and integers only; times as RFC 3339 strings in UTC).
func Digest(fields ...any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Strings and integers always encode.
	_ = enc.Encode(fields)
	sum := sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// Link is what Verify needs of one entry: its sequence number, the hash it
// says the entry before had, its own stored hash, and the digest of its
// content recomputed now.
type Link struct {
	Seq        int
	Prev, Hash string
	Recomputed string
}

// Verify checks a chain of n entries read through link: entries numbered
// 1, 2, 3 ... without gaps, each Prev equal to the Hash before it ("" for
// the first), and each Hash equal to its recomputed digest. It returns why
// the first entry that fails does not fit, or "" when the chain holds; the
// caller turns that into its own typed error.
func Verify(n int, link func(i int) Link) string {
	prev := ""
	for i := range n {
		l := link(i)
		if why := Next(i+1, prev, l); why != "" {
			return why
		}
		prev = l.Hash
	}
	return ""
}

// Next checks one link that should stand at position seq after an entry
// whose Hash is prev ("" before the first): it returns why it does not
// fit, or "". Verify is Next over a whole chain; a caller that reads a
// long chain in pages (the operators' audit log) keeps seq and prev
// between pages and calls Next for each entry.
func Next(seq int, prev string, l Link) string {
	switch {
	case l.Seq != seq:
		return fmt.Sprintf("entry %d has sequence number %d", seq, l.Seq)
	case l.Prev != prev:
		return fmt.Sprintf("entry %d does not chain to the entry before", l.Seq)
	case l.Hash != l.Recomputed:
		return fmt.Sprintf("entry %d was changed", l.Seq)
	}
	return ""
}
