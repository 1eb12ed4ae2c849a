package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"sync"
	"time"
)

// CSRF tokens guard every form and every cookie-authenticated API call.
// A token is base64url(nonce[16] | expiry[8] | HMAC-SHA256(key, binding |
// nonce | expiry)): it is bound to the browser (the value of its CSRF cookie,
// and its session when logged in), expires, and is accepted once: a
// replayed token is refused even before it expires.
//
// The spent nonces are remembered until their tokens expire, at most max of
// them: when that many tokens were spent within one token lifetime, the one
// spent first is forgotten (it could then be replayed until it expires,
// which still needs the browser's cookie and its session; the replay check
// is defence in depth against double submits, not the CSRF defence itself).
// The set can therefore never fill up and refuse good tokens, and its
// memory is bounded (about 64 bytes a nonce: 64 MiB at the default max).
type csrfGuard struct {
	key  []byte
	ttl  time.Duration
	now  func() time.Time
	rand io.Reader

	mu    sync.Mutex
	used  map[[16]byte]time.Time // nonce -> expiry, while the token could still be valid
	order [][16]byte             // the nonces of used in the order they were spent (a queue)
	max   int
}

var (
	errCSRFMissing  = errors.New("csrf token missing")
	errCSRFInvalid  = errors.New("csrf token invalid")
	errCSRFExpired  = errors.New("csrf token expired")
	errCSRFReplayed = errors.New("csrf token already used")
)

func newCSRFGuard(key []byte, ttl time.Duration, now func() time.Time, r io.Reader) (*csrfGuard, error) {
	if r == nil {
		r = rand.Reader
	}
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := io.ReadFull(r, key); err != nil {
			return nil, err
		}
	}
	if ttl <= 0 {
		ttl = 2 * time.Hour
	}
	return &csrfGuard{key: key, ttl: ttl, now: now, rand: r, used: map[[16]byte]time.Time{}, max: 1 << 20}, nil
}

const csrfLen = 16 + 8 + sha256.Size

// issue returns a fresh token for the binding.
func (g *csrfGuard) issue(binding string) (string, error) {
	var b [csrfLen]byte
	if _, err := io.ReadFull(g.rand, b[:16]); err != nil {
		return "", err
	}
	binary.BigEndian.PutUint64(b[16:24], uint64(g.now().Add(g.ttl).Unix()))
	copy(b[24:], g.mac(binding, b[:24]))
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func (g *csrfGuard) mac(binding string, nonceAndExpiry []byte) []byte {
	m := hmac.New(sha256.New, g.key)
	m.Write([]byte(binding))
	m.Write([]byte{0})
	m.Write(nonceAndExpiry)
	return m.Sum(nil)
}

// check verifies a token for the binding and spends it.
func (g *csrfGuard) check(binding, token string) error {
	if token == "" {
		return errCSRFMissing
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != csrfLen {
		return errCSRFInvalid
	}
	if subtle.ConstantTimeCompare(raw[24:], g.mac(binding, raw[:24])) != 1 {
		return errCSRFInvalid
	}
	exp := time.Unix(int64(binary.BigEndian.Uint64(raw[16:24])), 0)
	now := g.now()
	if !now.Before(exp) {
		return errCSRFExpired
	}
	var nonce [16]byte
	copy(nonce[:], raw[:16])
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, seen := g.used[nonce]; seen {
		return errCSRFReplayed
	}
	for len(g.order) > 0 && len(g.used) >= g.max {
		// Forget the nonce spent first (expired or not).
		delete(g.used, g.order[0])
		g.order = g.order[1:]
	}
	for len(g.order) > 0 && !now.Before(g.used[g.order[0]]) {
		// Drop the expired nonces at the head of the queue as we go, so
		// that memory follows the traffic of one token lifetime.
		delete(g.used, g.order[0])
		g.order = g.order[1:]
	}
	g.used[nonce] = exp
	g.order = append(g.order, nonce)
	return nil
}
