package fairshops

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ShopQuery asks ShopStore.Search for the shops a consumer means: by name,
// domain or ID, forgiving case, umlauts, punctuation, spaces and a typo
// (see MatchShop and docs/adr-shop-search.md). A search is ranked, not
// paged: Limit (DefaultSearchLimit when zero, at most MaxSearchLimit) takes
// the best matches; a longer query narrows them.
type ShopQuery struct {
	Q     string
	Limit int
}

// Limits of a shop search.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 50
	MaxSearchQuery     = 200
)

// Check reports a query that cannot match anything: empty (also after
// normalising: only punctuation), too long or not UTF-8; it fills in the
// limit.
func (q *ShopQuery) Check() error {
	var p Problems
	switch {
	case !utf8.ValidString(q.Q):
		p.Add("q", ReasonInvalidUTF8)
	case utf8.RuneCountInString(q.Q) > MaxSearchQuery:
		p.Add("q", ReasonTooLong, MaxSearchQuery)
	case SearchKey(q.Q) == "":
		p.Add("q", ReasonRequired)
	}
	switch {
	case q.Limit < 0:
		p.Add("limit", ReasonTooSmall, 1)
	case q.Limit == 0:
		q.Limit = DefaultSearchLimit
	case q.Limit > MaxSearchLimit:
		q.Limit = MaxSearchLimit
	}
	return p.Err("fairshops.ShopQuery.Check")
}

// SearchKey normalises a text for the shop search: lower case; ä, ö, ü as
// ae, oe, ue and ß as ss (as Germans type them without the letters); other
// accents dropped (é as e); everything but letters and digits left out. So
// "Demo-Shop", "demo shop" and "DEMOSHOP" have the key "demoshop", and
// "Müller & Söhne" and "mueller soehne" the key "muellersoehne".
func SearchKey(s string) string {
	s = foldGerman(strings.ToLower(s))
	if isASCII(s) {
		// The common case, without the decomposition's allocations.
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				b = append(b, c)
			}
		}
		return string(b)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldGerman writes the umlauts and ß of lower-case text as two letters.
func foldGerman(s string) string {
	if !strings.ContainsAny(s, "äöüß") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range s {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// searchWords are the keys of the words of a text, split where SearchKey
// drops characters: "Demo-Shop GmbH" has demo, shop and gmbh.
func searchWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if k := SearchKey(w); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// The ranks of a match, best first; a typo adds its distance to RankTypo.
const (
	RankID       = 0 // the ID, exactly
	RankExact    = 1 // the name or domain, normalised
	RankPrefix   = 2 // the start of the name or domain
	RankWord     = 3 // the start of a word of the name
	RankIDPrefix = 4 // the start of the ID
	RankTypo     = 5 // as RankPrefix or RankWord with up to MaxTypos(len) edits
)

// MaxTypos is how many edits (a letter added, left out, replaced) a query
// key of n letters may differ by: none up to 3 letters (too many shops
// would match), 1 up to 7, 2 from 8.
func MaxTypos(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// MatchShop reports how well a shop matches the query q: its rank (lower is
// better, see RankID ...) and whether it matches at all. The shop's domain
// is compared without a leading "www.". Both adapters use it, so the search
// means the same on every store.
func MatchShop(q, id, name, domain string) (int, bool) {
	raw := strings.ToLower(strings.TrimSpace(q))
	if raw == strings.ToLower(id) {
		return RankID, true
	}
	qk := SearchKey(q)
	if qk == "" {
		return 0, false
	}
	nk := SearchKey(name)
	dk := SearchKey(strings.TrimPrefix(strings.ToLower(domain), "www."))
	// A domain typed with "www." is compared without it, as stored ones.
	qd := SearchKey(strings.TrimPrefix(raw, "www."))
	words := searchWords(name)
	switch {
	case qk == nk || qd == dk:
		return RankExact, true
	case strings.HasPrefix(nk, qk) || strings.HasPrefix(dk, qd):
		return RankPrefix, true
	case slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, qk) }):
		return RankWord, true
	case strings.HasPrefix(strings.ToLower(id), raw):
		return RankIDPrefix, true
	}
	limit := MaxTypos(utf8.RuneCountInString(qk))
	if limit == 0 {
		return 0, false
	}
	best := limit + 1
	for _, k := range append([]string{nk, dk}, words...) {
		best = min(best, prefixDistance(qk, k, limit))
	}
	if best > limit {
		return 0, false
	}
	return RankTypo + best, true
}

// prefixDistance is the smallest edit distance between q and a start of k
// (k itself included), or limit+1 when it is larger than limit.
func prefixDistance(q, k string, limit int) int {
	qr, kr := []rune(q), []rune(k)
	// row[j]: the distance between the q read so far and kr[:j].
	row := make([]int, len(kr)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(qr); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(kr); j++ {
			cur := row[j]
			cost := 1
			if qr[i-1] == kr[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	best := limit + 1
	// The whole of q against every start of k: a start longer or shorter
	// than q by more than limit cannot be within it.
	for j := max(0, len(qr)-limit); j <= min(len(kr), len(qr)+limit); j++ {
		best = min(best, row[j])
	}
	return best
}

// ShopHit is a shop found by a search, with its rank.
type ShopHit struct {
	ID, Name string
	Rank     int
}

// RankShops orders search hits best first (rank, then the name's key, then
// the ID) and keeps the first limit.
func RankShops(hits []ShopHit, limit int) []ShopHit {
	slices.SortFunc(hits, func(a, b ShopHit) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(SearchKey(a.Name), SearchKey(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(len(hits), limit)]
}
