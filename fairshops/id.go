package fairshops

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// IDs are opaque strings: a short prefix naming the kind of thing, an
// underscore, and 128 random bits in lower-case base32 ("c_3k2…"). They carry
// no order and no meaning; callers must not parse them.

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

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
