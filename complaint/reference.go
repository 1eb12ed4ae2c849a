package complaint

import (
	"fmt"
	"io"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// A reference is the short name of a complaint for people: "KS-7KQ4-M2XF",
// read out on the phone, typed from a letter, quoted in a mail. The opaque
// ID stays the key; the reference is unique too (stores refuse a second
// complaint with the same one) and never grants access.
//
// Format: "KS-" and eight characters from ReferenceAlphabet in two groups
// of four; the first seven are random, the eighth is a check character.
// The alphabet has 29 characters, a prime: the digits 2-9 and the letters
// without I, L, O, U (read as 1, 1, 0, V) and Z (read as 2). With values
// v1..v8 (the characters' positions in the alphabet) the check character is
// chosen so that
//
//	1*v1 + 2*v2 + ... + 8*v8 ≡ 0 (mod 29).
//
// Because 29 is prime and every weight is below it, a single wrong character
// changes the sum by w*(a-b) ≢ 0, and swapping two characters at positions
// i and j changes it by (i-j)*(a-b) ≢ 0: every single substitution and every
// transposition (adjacent or not) is detected. 29^7 ≈ 1.7e10 references.
const (
	ReferenceAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXY"
	referencePrefix   = "KS"
	referenceBody     = 8 // characters after the prefix, the check character included
	// ReferenceExample shows the format in a reason.
	ReferenceExample = "KS-7KQ4-M2XF"
)

// referenceValue is the value of each byte in ReferenceAlphabet, -1 for none.
var referenceValue = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := range len(ReferenceAlphabet) {
		v[ReferenceAlphabet[i]] = int8(i)
	}
	return v
}()

// referenceCheck returns the check character for the seven data values.
func referenceCheck(data []int) byte {
	n := len(ReferenceAlphabet)
	sum := 0
	for i, v := range data {
		sum += (i + 1) * v
	}
	// 8*c ≡ -sum (mod 29); 8*11 = 88 = 3*29+1, so 11 is 8's inverse.
	c := ((n - sum%n) % n * 11) % n
	return ReferenceAlphabet[c]
}

// NewReference draws a reference from r (crypto/rand.Reader in production):
// seven random characters, uniformly (bytes of 232 and more are drawn
// again), and the check character.
func NewReference(r io.Reader) (string, error) {
	n := len(ReferenceAlphabet)
	limit := 256 - 256%n // 232: multiples of 29 fit below it
	data := make([]int, 0, referenceBody-1)
	var buf [16]byte
	for len(data) < referenceBody-1 {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return "", fmt.Errorf("new reference: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(data) < referenceBody-1 {
				data = append(data, int(b)%n)
			}
		}
	}
	var b strings.Builder
	b.WriteString(referencePrefix)
	for i, v := range data {
		if i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(ReferenceAlphabet[v])
	}
	b.WriteByte(referenceCheck(data))
	return b.String(), nil
}

// ParseReference reads a reference as people type it and returns it in its
// canonical form ("KS-7KQ4-M2XF"). It accepts lower case, missing or extra
// dashes and blanks, and a missing "KS" prefix. An error (kind Invalid,
// field "reference") says whether the format is wrong (invalid_format) or
// the check character does not fit (mismatch): a typo.
func ParseReference(s string) (string, error) {
	const op = "complaint.ParseReference"
	bad := func(reason string, args ...any) error {
		var p fairshops.Problems
		p.Add("reference", reason, args...)
		return p.Err(op)
	}
	if len(s) > 64 {
		return "", bad(fairshops.ReasonInvalidFormat, ReferenceExample)
	}
	compact := make([]byte, 0, len(s))
	for i := range len(s) {
		c := s[i]
		switch {
		case c == '-' || c == ' ' || c == '\t':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		compact = append(compact, c)
	}
	if len(compact) == referenceBody+len(referencePrefix) && string(compact[:len(referencePrefix)]) == referencePrefix {
		compact = compact[len(referencePrefix):]
	}
	if len(compact) != referenceBody {
		return "", bad(fairshops.ReasonInvalidFormat, ReferenceExample)
	}
	data := make([]int, referenceBody-1)
	for i, c := range compact {
		v := referenceValue[c]
		if v < 0 {
			return "", bad(fairshops.ReasonInvalidFormat, ReferenceExample)
		}
		if i < len(data) {
			data[i] = int(v)
		}
	}
	if referenceCheck(data) != compact[referenceBody-1] {
		return "", bad(fairshops.ReasonMismatch, "check character")
	}
	return referencePrefix + "-" + string(compact[:4]) + "-" + string(compact[4:]), nil
}
