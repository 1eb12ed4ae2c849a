package portal

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Limits of a search query.
const (
	// MaxQueryRunes is the longest query accepted, in characters.
	MaxQueryRunes = 200
	// MaxQueryWords is the most words a query may have.
	MaxQueryWords = 20
)

// Query is a checked search query: the text as the reader typed it, with
// control characters replaced by spaces and runs of space collapsed.
type Query struct {
	Text  string   // cleaned text, for display (escape it when rendering)
	Words []string // lower-case, umlaut-folded words, in order
}

// Empty reports whether the query has no words; an empty query lists
// articles instead of searching them.
func (q Query) Empty() bool { return len(q.Words) == 0 }

// ParseQuery checks and cleans a search query typed by a reader. It rejects
// invalid UTF-8, more than MaxQueryRunes characters and more than
// MaxQueryWords words with a *fairshops.ValidationError on field "q";
// control characters are replaced by spaces. An empty or blank query is
// valid: it means "list all".
func ParseQuery(s string) (Query, error) {
	var p fairshops.Problems
	q, ok := parseQuery(s, "q", &p)
	if !ok {
		return Query{}, p.Err("portal.ParseQuery")
	}
	return q, nil
}

func parseQuery(s, field string, p *fairshops.Problems) (Query, bool) {
	// Reject huge input before looking at every byte of it.
	if len(s) > MaxQueryRunes*utf8.UTFMax {
		p.Add(field, fairshops.ReasonTooLong, MaxQueryRunes)
		return Query{}, false
	}
	if !utf8.ValidString(s) {
		p.Add(field, fairshops.ReasonInvalidUTF8)
		return Query{}, false
	}
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		p.Add(field, fairshops.ReasonTooLong, MaxQueryRunes)
		return Query{}, false
	}
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	q := Query{Text: strings.Join(strings.Fields(clean), " ")}
	q.Words = words(q.Text)
	if len(q.Words) > MaxQueryWords {
		p.Add(field, fairshops.ReasonTooMany, MaxQueryWords)
		return Query{}, false
	}
	return q, true
}

// ResolveLanguage picks the language of a request: the explicit lang
// parameter when given (an unknown or malformed tag is a
// *fairshops.ValidationError on field "lang": asking for a language
// explicitly and getting another would surprise), otherwise the best match of
// the Accept-Language header values, falling back to German.
func ResolveLanguage(lang string, acceptLanguage ...string) (fairshops.Language, error) {
	if lang == "" {
		return fairshops.NegotiateLanguage(acceptLanguage...), nil
	}
	l, err := fairshops.ParseLanguage(lang)
	if err != nil {
		var p fairshops.Problems
		p.Add("lang", fairshops.ReasonUnknownValue, clip(lang, 35))
		return "", p.Err("portal.ResolveLanguage")
	}
	return l, nil
}

// clip shortens s to at most n runes for an error message, replacing invalid
// UTF-8, so that an error never echoes a huge or broken input.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
