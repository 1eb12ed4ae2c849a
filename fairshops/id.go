package fairshops

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// IDs are opaque strings: a short prefix naming the kind of thing, an
// underscore, and 26 characters of lower-case base32 for 128 bits. Callers
// must not parse them. There are two kinds:
//
//   - NewID: 128 random bits ("c_3k2…"), for things with no order.
//   - NewOrderedID: 48 bits of the creation time in milliseconds, then 80
//     random bits, in an order-preserving alphabet, so IDs created later
//     sort after earlier ones (within a millisecond they sort at random).
//     Complaints, mediation cases and events use them: a
//     database then appends their rows to the end of its indexes instead
//     of scattering them over random pages, which is what makes group
//     commit pay (docs/adr-ordered-ids.md). 80 random bits cannot be
//     guessed, and none of these IDs grants access alone: a complaint is
//     opened with its token, a shop's API key or an operator's login.

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// orderedEncoding is Crockford's base32 alphabet in lower case: ascending
// in ASCII, so the text of an ID sorts like its bits, and without the
// letters easily misread (i, l, o, u).
var orderedEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a fresh ID with the given prefix, drawn from crypto/rand.
func NewID(prefix string) string {
	id, err := NewIDFrom(rand.Reader, prefix)
	if err != nil {
		// crypto/rand.Read never fails on supported platforms (Go 1.24+).
		panic(err)
	}
	return id
}

// NewIDFrom returns a fresh ID with 128 bits read from r; tests pass a seeded
// reader for reproducible IDs.
func NewIDFrom(r io.Reader, prefix string) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	return prefix + "_" + idEncoding.EncodeToString(b[:]), nil
}

// NewOrderedID returns a fresh time-ordered ID for something created at at,
// with 80 bits from crypto/rand (see the package's note on IDs).
func NewOrderedID(prefix string, at time.Time) string {
	id, err := NewOrderedIDFrom(rand.Reader, prefix, at)
	if err != nil {
		// crypto/rand.Read never fails on supported platforms (Go 1.24+).
		panic(err)
	}
	return id
}

// NewOrderedIDFrom is NewOrderedID with the random bits read from r. Times
// before 1970 count as 1970, and times after the year 10889 (the end of 48
// bits of milliseconds) as that year's last millisecond.
func NewOrderedIDFrom(r io.Reader, prefix string, at time.Time) (string, error) {
	var b [16]byte
	ms := min(max(at.UnixMilli(), 0), 1<<48-1)
	binary.BigEndian.PutUint64(b[:8], uint64(ms)<<16)
	if _, err := io.ReadFull(r, b[6:]); err != nil {
		return "", fmt.Errorf("new ordered id: %w", err)
	}
	return prefix + "_" + orderedEncoding.EncodeToString(b[:]), nil
}

// Token is a secret that grants access (a consumer's private link, a shop's
// API key). It has 256 random bits. Only its Hash is ever stored; the token
// itself is shown once, to its owner.
type Token string

// NewToken draws a token from r (crypto/rand.Reader in production).
func NewToken(r io.Reader) (Token, error) {
	var b [32]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return Token(idEncoding.EncodeToString(b[:])), nil
}

// Hash returns the hex SHA-256 of the token: what a store keeps. A token of
// 256 random bits needs no salt or slow hash.
func (t Token) Hash() string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// Matches reports, in constant time, whether the token hashes to hash.
func (t Token) Matches(hash string) bool {
	h := t.Hash()
	return subtle.ConstantTimeCompare([]byte(h), []byte(strings.ToLower(hash))) == 1
}

// String hides the secret, so a token printed by mistake leaks nothing.
func (t Token) String() string { return "[token]" }

// GoString hides the secret from %#v as well.
func (t Token) GoString() string { return "fairshops.Token([redacted])" }

// Reveal returns the secret itself, for the one place that hands it to its owner.
func (t Token) Reveal() string { return string(t) }
