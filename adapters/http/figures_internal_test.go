package http

import (
	"testing"
)

// FuzzParseMonth: a month from a path or a form (YYYY-MM) is a date on the
// first of a month that writes back as the input, or it is refused; never
// a panic.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-13", "0000-00", "2026-1", "20261-1", "", "2026-11-01", "ab-cd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseMonth(s)
		if !ok {
			return
		}
		if got := d.String(); got[:7] != s || got[8:] != "01" {
			t.Fatalf("parseMonth(%q) = %s", s, got)
		}
	})
}
