package fairshops

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Erasure (GDPR Art. 17) replaces a personal datum by its tombstone: a
// marker with the hex SHA-256 of the erased text, so that whoever holds an
// earlier copy (an export, a signed case file) can still show that it is
// the text that was erased, while the store keeps nothing of it. See
// docs/adr-data-protection.md.

// TombstonePrefix starts every tombstone.
const TombstonePrefix = "erased sha256:"

// Tombstone returns the tombstone of s: TombstonePrefix and the hex SHA-256
// of s. The empty string (nothing to erase) and a tombstone stay as they
// are, so erasing twice changes nothing.
func Tombstone(s string) string {
	if s == "" || IsTombstone(s) {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return TombstonePrefix + hex.EncodeToString(sum[:])
}

// IsTombstone reports whether s is a tombstone made by Tombstone.
func IsTombstone(s string) bool {
	if len(s) != len(TombstonePrefix)+64 || !strings.HasPrefix(s, TombstonePrefix) {
		return false
	}
	_, err := hex.DecodeString(s[len(TombstonePrefix):])
	return err == nil
}

// TombstoneDigest returns the hex SHA-256 a tombstone keeps ("" for a
// string that is no tombstone).
func TombstoneDigest(s string) string {
	if !IsTombstone(s) {
		return ""
	}
	return s[len(TombstonePrefix):]
}

// EraseDetail replaces the entry's Detail, Before and After by their
// tombstones; everything else, Hash included, stays. The entry then no
// longer recomputes to its Hash, and History.Verify checks it by its place
// in the chain alone (see Erased).
func (e *Entry) EraseDetail() {
	e.Detail, e.Before, e.After = Tombstone(e.Detail), Tombstone(e.Before), Tombstone(e.After)
}

// Erased reports whether the entry's content was erased (EraseDetail):
// Detail, or Before or After, is a tombstone.
func (e Entry) Erased() bool {
	return IsTombstone(e.Detail) || IsTombstone(e.Before) || IsTombstone(e.After)
}
