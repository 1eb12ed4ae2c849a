package portal

import (
	"math/bits"
	"strings"
)

// snippetWords is the length of a snippet in words.
const snippetWords = 28

// queryWords is what a snippet needs of a query: the folded surface words
// of the index that stand for a query term, each with the set of query
// units (as bits) it matches, and a filter on their first bytes that spares
// most words of a text the map look-up.
type queryWords struct {
	units map[string]uint64
	first [4]uint64 // bit set of first bytes
	full  int       // number of distinct units that can match
	toks  []snippetToken
	hits  []int // scratch of window, reused across the hits of a query
}

func (li *langIndex) queryWords(qterms map[string]uint64) *queryWords {
	qw := &queryWords{units: map[string]uint64{}}
	var all uint64
	for term, mask := range qterms {
		for _, w := range li.surfaces[term] {
			qw.units[w] |= mask
			qw.first[w[0]>>6] |= 1 << (w[0] & 63)
			all |= mask
		}
	}
	qw.full = bits.OnesCount64(all)
	return qw
}

func (qw *queryWords) match(word []byte) uint64 {
	if len(word) == 0 || qw.first[word[0]>>6]&(1<<(word[0]&63)) == 0 {
		return 0
	}
	return qw.units[string(word)] // no allocation for the look-up
}

// snippet cuts the part of a document that best shows why it matched: the
// window of the body that matches the most distinct query words, hits
// marked, or the summary when it matches more of them (a hit shows the
// summary anyway, so the body comes first).
func (li *langIndex) snippet(doc *docEntry, qw *queryWords) []Segment {
	bodySegs, bodyHits := qw.window(doc.plain)
	if sumSegs, sumHits := qw.window(doc.tr.Summary); sumHits > bodyHits || len(bodySegs) == 0 {
		return sumSegs
	}
	return bodySegs
}

// snippetToken is a word of a snippet candidate and the query units it
// matches.
type snippetToken struct {
	start, end int
	units      uint64
}

// window finds the first window of snippetWords words of text, starting at
// a hit, that shows the most distinct query units, and returns it as
// segments with that number. It stops reading the text once a window shows
// every unit of the query.
func (qw *queryWords) window(text string) ([]Segment, int) {
	toks, hits := qw.toks[:0], qw.hits[:0]
	defer func() { qw.toks, qw.hits = toks[:0], hits[:0] }()
	bestStart, bestDistinct, next := 0, 0, 0
	eval := func(x int) {
		h := hits[x]
		var seen uint64
		for _, i := range hits[x:] {
			if i >= h+snippetWords {
				break
			}
			seen |= toks[i].units
		}
		if d := bits.OnesCount64(seen); d > bestDistinct {
			bestStart, bestDistinct = h, d
		}
	}
	stopped := false
	tokenizeBytes(text, func(start, end int, word []byte) bool {
		k := snippetToken{start: start, end: end, units: qw.match(word)}
		toks = append(toks, k)
		i := len(toks) - 1
		if k.units != 0 {
			hits = append(hits, i)
		}
		// The window starting at a hit is complete snippetWords later.
		for ; next < len(hits) && hits[next]+snippetWords-1 <= i; next++ {
			eval(next)
		}
		stopped = bestDistinct == qw.full && qw.full > 0
		return !stopped
	})
	for ; next < len(hits); next++ {
		eval(next)
	}
	if len(toks) == 0 {
		return nil, 0
	}
	// Start a few words before the first hit, for context, or earlier when
	// the text ends before the window is full.
	first := bestStart
	if bestDistinct > 0 {
		first = max(0, min(bestStart-4, len(toks)-snippetWords))
	}
	last := min(len(toks), first+snippetWords) - 1
	return segments(text, toks[first:last+1], first > 0, stopped || last < len(toks)-1), bestDistinct
}

// segments cuts text along the tokens into runs of hits and non-hits; the
// text between tokens keeps its punctuation, with line breaks made spaces.
func segments(text string, toks []snippetToken, cutBefore, cutAfter bool) []Segment {
	type span struct {
		a, b int
		hit  bool
	}
	spans := make([]span, 0, 8)
	add := func(a, b int, hit bool) {
		if a >= b {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].hit == hit && spans[n-1].b == a {
			spans[n-1].b = b
			return
		}
		spans = append(spans, span{a, b, hit})
	}
	pos := toks[0].start
	for _, t := range toks {
		add(pos, t.start, false)
		add(t.start, t.end, t.units != 0)
		pos = t.end
	}
	if !cutAfter {
		add(pos, len(text), false)
	}
	segs := make([]Segment, 0, len(spans)+2)
	for _, s := range spans {
		t := text[s.a:s.b]
		if !s.hit {
			t = collapse(t)
		}
		segs = append(segs, Segment{Text: t, Hit: s.hit})
	}
	if cutBefore {
		if segs[0].Hit {
			segs = append([]Segment{{Text: "… "}}, segs...)
		} else {
			segs[0].Text = "… " + segs[0].Text
		}
	}
	if cutAfter {
		if n := len(segs); segs[n-1].Hit {
			segs = append(segs, Segment{Text: " …"})
		} else {
			segs[n-1].Text += " …"
		}
	}
	return segs
}

// collapse turns runs of white space (line breaks of the plain text) into
// one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
