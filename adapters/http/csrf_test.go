package http

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestCSRF checks the tokens themselves; TestRouteCSRF (routes_test.go)
// walks every registered unsafe route and checks that it refuses a request
// without one.
func TestCSRF(t *testing.T) {
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	g, err := newCSRFGuard([]byte("0123456789abcdef0123456789abcdef"), time.Hour, clock.Now, nil)
	require.NoError(t, err)

	tok, err := g.issue("browser-1")
	require.NoError(t, err)
	require.NoError(t, g.check("browser-1", tok))
	require.ErrorIs(t, g.check("browser-1", tok), errCSRFReplayed, "a token is good once")

	tok, err = g.issue("browser-1")
	require.NoError(t, err)
	require.ErrorIs(t, g.check("browser-2", tok), errCSRFInvalid, "bound to its browser")
	require.NoError(t, g.check("browser-1", tok), "a refused attempt does not spend the token")

	tok, err = g.issue("b")
	require.NoError(t, err)
	clock.Advance(time.Hour)
	require.ErrorIs(t, g.check("b", tok), errCSRFExpired)

	require.ErrorIs(t, g.check("b", ""), errCSRFMissing)
	require.ErrorIs(t, g.check("b", "!!!"), errCSRFInvalid)
	tok, err = g.issue("b")
	require.NoError(t, err)
	flipped := []byte(tok)
	flipped[len(flipped)-2] ^= 1
	require.ErrorIs(t, g.check("b", string(flipped)), errCSRFInvalid)
	require.ErrorIs(t, g.check("b", strings.Repeat("A", len(tok))), errCSRFInvalid)
}

// TestCSRFFull: a guard that has seen max tokens spent within one lifetime
// goes on accepting fresh tokens, forgetting the one spent first (before,
// it refused every token once full).
func TestCSRFFull(t *testing.T) {
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	g, err := newCSRFGuard([]byte("0123456789abcdef0123456789abcdef"), time.Hour, clock.Now, nil)
	require.NoError(t, err)
	g.max = 3
	var spent []string
	for i := range 10 {
		tok, err := g.issue("b")
		require.NoError(t, err)
		require.NoError(t, g.check("b", tok), "token %d", i)
		spent = append(spent, tok)
		require.LessOrEqual(t, len(g.used), g.max)
		require.Len(t, g.order, len(g.used))
	}
	for _, tok := range spent[len(spent)-3:] {
		require.ErrorIs(t, g.check("b", tok), errCSRFReplayed, "the last max tokens are remembered")
	}
	require.NoError(t, g.check("b", spent[0]), "the first spent was forgotten")

	// Expired nonces leave the queue as time goes on.
	clock.Advance(2 * time.Hour)
	tok, err := g.issue("b")
	require.NoError(t, err)
	require.NoError(t, g.check("b", tok))
	require.Len(t, g.used, 1)
}

func TestLimiter(t *testing.T) {
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	l := newLimiter(RateLimit{Rate: 1, Burst: 2}, clock.Now)
	ok, _ := l.allow("a")
	require.True(t, ok)
	ok, _ = l.allow("a")
	require.True(t, ok)
	ok, wait := l.allow("a")
	require.False(t, ok, "burst spent")
	require.Greater(t, wait, time.Duration(0))
	ok, _ = l.allow("b")
	require.True(t, ok, "clients are limited one by one")
	clock.Advance(time.Second)
	ok, _ = l.allow("a")
	require.True(t, ok, "refilled")
}
