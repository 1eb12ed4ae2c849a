package complaint_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/complaint"
)

// FuzzQueryWords: whatever an operator or a shop types into a search, the
// words are lower-case letters and digits only (so no store's query syntax
// gets through), at most 8, and every text matches its own words.
func FuzzQueryWords(f *testing.F) {
	for _, s := range []string{"", "Paket", "A-10023", `"x" OR y*`, "Rücksendung & !a:*", "erika@example.org", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := complaint.QueryWords(s)
		if len(words) > 8 {
			t.Fatalf("%d words", len(words))
		}
		for _, w := range words {
			if w == "" || !utf8.ValidString(w) || strings.ContainsFunc(w, func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}) {
				t.Fatalf("word %q of %q", w, s)
			}
		}
		if len(words) > 0 && !complaint.MatchWords(words, s) && utf8.ValidString(s) && len(words) == len(complaint.SearchWords(s)) {
			t.Fatalf("%q does not match its own words %q", s, words)
		}
		_, _ = complaint.Exact(s)
	})
}
