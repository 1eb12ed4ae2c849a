// Package outbox holds the rules every outbox of the module keeps alike
// (adapters/memory and adapters/sql; the contract is
// adapters/notify/outboxtest): which claims are valid, and what an event
// keeps of a failure.
package outbox

import (
	"time"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// MaxErrorText bounds the failure text an event keeps, in bytes.
const MaxErrorText = 1000

// CheckClaim checks the arguments of a Claim: a relay's name, a limit of at
// least 1 and a positive lease; every wrong one is reported at once, for op.
func CheckClaim(op, relay string, limit int, lease time.Duration) error {
	var p fairshops.Problems
	if relay == "" {
		p.Add("relay", fairshops.ReasonRequired)
	}
	if limit < 1 {
		p.Add("limit", fairshops.ReasonTooSmall, 1)
	}
	if lease <= 0 {
		p.Add("lease", fairshops.ReasonTooSmall, "1ns")
	}
	return p.Err(op)
}

// FailureText is what an event keeps of the cause of a failure: its text,
// cut to MaxErrorText bytes without splitting a character.
func FailureText(cause error) string {
	if cause == nil {
		return "unknown error"
	}
	s, n := cause.Error(), MaxErrorText
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
