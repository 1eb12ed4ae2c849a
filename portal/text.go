package portal

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"

	"github.com/fairshops/konfliktservice/fairshops"
)

// maxTokenRunes bounds a token; longer runs of letters are cut, so that a
// pathological input cannot make the stemmer or the compound splitter slow.
const maxTokenRunes = 48

// minPart is the shortest compound part (in bytes of the folded form) the
// splitter accepts; shorter parts split too many ordinary words.
const minPart = 4

// token is one word of a text: its byte range in the text and its folded form.
type token struct {
	start, end int
	word       string
}

// foldRune appends the lower-case, umlaut-folded form of r: ä -> ae,
// ö -> oe, ü -> ue, ß -> ss, so that "Rückgabe" and "Rueckgabe" meet.
func foldRune(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	switch r {
	case 'ä':
		return append(b, 'a', 'e')
	case 'ö':
		return append(b, 'o', 'e')
	case 'ü':
		return append(b, 'u', 'e')
	case 'ß', 'ẞ':
		return append(b, 's', 's')
	}
	return utf8.AppendRune(b, r)
}

// fold returns the folded form of a whole string (one word or a phrase).
func fold(s string) string {
	var b []byte
	for _, r := range s {
		b = foldRune(b, r)
	}
	return string(b)
}

// tokenize calls fn for every word of s: a maximal run of Unicode letters
// and digits. Invalid UTF-8 bytes separate words like any other symbol.
func tokenize(s string, fn func(t token)) {
	tokenizeBytes(s, func(start, end int, word []byte) bool {
		fn(token{start: start, end: end, word: string(word)})
		return true
	})
}

// tokenizeBytes is tokenize without allocation: word holds the folded form
// and is valid only during the call; fn returns false to stop early.
func tokenizeBytes(s string, fn func(start, end int, word []byte) bool) {
	var arr [4 * maxTokenRunes]byte
	buf := arr[:0]
	start, runes := -1, 0
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		size := 1
		switch {
		case c < utf8.RuneSelf && ('a' <= c && c <= 'z' || '0' <= c && c <= '9'):
			r = rune(c)
		case c < utf8.RuneSelf && 'A' <= c && c <= 'Z':
			r = rune(c + 'a' - 'A')
		case c < utf8.RuneSelf:
			r = -1 // ASCII punctuation and space
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				r = -1
			}
		}
		if r >= 0 {
			if start < 0 {
				start = i
			}
			if runes < maxTokenRunes {
				if r < utf8.RuneSelf {
					buf = append(buf, byte(r))
				} else {
					buf = foldRune(buf, r)
				}
			}
			runes++
		} else if start >= 0 {
			if !fn(start, i, buf) {
				return
			}
			start, runes, buf = -1, 0, buf[:0]
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s), buf)
	}
}

// words returns the folded words of s.
func words(s string) []string {
	var out []string
	tokenize(s, func(t token) { out = append(out, t.word) })
	return out
}

// analyzer holds what is language-specific in the index: stop words and the
// stemmer. Its methods are safe for concurrent use.
type analyzer struct {
	lang     fairshops.Language
	stop     map[string]bool
	stemFn   func(*snowballstem.Env) bool
	compound bool // split compounds (German)
}

func newAnalyzer(lang fairshops.Language) *analyzer {
	if lang == fairshops.English {
		return &analyzer{lang: lang, stop: stopSet(englishStop), stemFn: english.Stem}
	}
	return &analyzer{lang: fairshops.German, stop: stopSet(germanStop), stemFn: german.Stem, compound: true}
}

func stopSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[fold(w)] = true
	}
	return m
}

// stem returns the Snowball stem of a folded word. Digits and very short
// words are kept as they are.
func (a *analyzer) stem(word string) string {
	if len(word) < 3 {
		return word
	}
	env := snowballstem.NewEnv(word)
	a.stemFn(env)
	if s := env.Current(); s != "" {
		return s
	}
	return word
}

// decompound splits a folded German compound into its parts, each of which
// known accepts, allowing the linking elements of German compounds between
// them (Widerruf-s-frist, Rücksend-e-kosten). It prefers the split with the
// fewest parts and returns nil for a word that is not such a compound.
func decompound(word string, known func(string) bool) []string {
	n := len(word)
	if n < 2*minPart {
		return nil
	}
	links := [...]string{"", "s", "es", "n", "en", "e", "er", "ns"}
	// best[i] is the fewest parts covering word[:i]; from[i] and end[i] say
	// where the last part started and ended (before its link).
	best := make([]int, n+1)
	from := make([]int, n+1)
	end := make([]int, n+1)
	for i := range best {
		best[i] = -1
	}
	best[0] = 0
	for i := 0; i <= n-minPart; i++ {
		if best[i] < 0 {
			continue
		}
		for j := i + minPart; j <= n; j++ {
			if i == 0 && j == n || j < n && !utf8.RuneStart(word[j]) || !known(word[i:j]) {
				continue
			}
			for _, l := range links {
				k := j + len(l)
				if k > n || word[j:k] != l || (k == n && l != "") || (k < n && n-k < minPart) {
					continue
				}
				// Fewest parts; among those, parts that keep their letters
				// rather than give them to a link (kosten, not kost-en).
				if best[k] < 0 || best[i]+1 < best[k] || best[i]+1 == best[k] && j > end[k] {
					best[k], from[k], end[k] = best[i]+1, i, j
				}
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	parts := make([]string, best[n])
	for k, p := n, best[n]-1; k > 0; p-- {
		parts[p] = word[from[k]:end[k]]
		k = from[k]
	}
	return parts
}

// Stop words: folded at start, matched after folding. Short and
// conservative: "nicht" and "kein" stay out, BM25 weighs them down anyway.
const germanStop = `aber als also am an auch auf aus bei beim bin bis bist da damit dann das dass daß dein deine dem den der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwa euch euer für hab habe haben hat hatte hier ich ihm ihn ihnen ihr ihre im in ins ist ja jede jedem jeden jeder jedes man mein meine meinem meinen meiner mich mir mit nach nun ob oder ohne sehr sein seine sich sie sind so soll sollte um und uns unser unter vom von vor war waren was weil wenn wer werde werden wie wir wird wo wurde wurden zu zum zur über`

const englishStop = `a about am an and are as at be been but by can could did do does for from had has have he her his i if in into is it its me my of on or our shall she should so than that the their them then there these they this those to us was we were what when where which who whom why will with would you your`
