package portal

import (
	"math/bits"
	"strings"
)

// snippetWords is the length of a snippet in words.
const snippetWords = 28

// snippet cuts the part of a document that best shows why it matched: the
// window of the body that matches the most distinct query words, hits
// marked, or the summary when it matches more of them (a hit shows the
// summary anyway, so the body comes first). qterms maps each index term of
// the query to the set of query units (as bits) it stands for.
func (li *langIndex) snippet(doc *docEntry, qterms map[string]uint64) []Segment {
	bodySegs, bodyHits := li.window(doc.plain, qterms)
	if sumSegs, sumHits := li.window(doc.tr.Summary, qterms); sumHits > bodyHits || len(bodySegs) == 0 {
		return sumSegs
	}
	return bodySegs
}

// window finds the best window of text and returns it as segments, with the
// number of distinct query units it shows.
func (li *langIndex) window(text string, qterms map[string]uint64) ([]Segment, int) {
	type tok struct {
		start, end int
		units      uint64 // the query units the word matches
	}
	var toks []tok
	tokenize(text, func(t token) {
		k := tok{start: t.start, end: t.end}
		for _, term := range li.forms[t.word] {
			k.units |= qterms[term]
		}
		toks = append(toks, k)
	})
	if len(toks) == 0 {
		return nil, 0
	}
	// Try a window of snippetWords tokens starting at each hit; keep the
	// first that shows the most query units.
	var hits []int
	for i, t := range toks {
		if t.units != 0 {
			hits = append(hits, i)
		}
	}
	bestStart, bestDistinct := 0, 0
	for x, h := range hits {
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
	// Start a few words before the first hit, for context, or earlier when
	// the text ends before the window is full.
	first := bestStart
	if bestDistinct > 0 {
		first = max(0, min(bestStart-4, len(toks)-snippetWords))
	}
	last := min(len(toks), first+snippetWords) - 1
	var segs []Segment
	add := func(s string, hit bool) {
		if s == "" {
			return
		}
		if n := len(segs); n > 0 && segs[n-1].Hit == hit {
			segs[n-1].Text += s
			return
		}
		segs = append(segs, Segment{Text: s, Hit: hit})
	}
	if first > 0 {
		add("… ", false)
	}
	pos := toks[first].start
	for i := first; i <= last; i++ {
		t := toks[i]
		add(collapse(text[pos:t.start]), false)
		add(text[t.start:t.end], t.units != 0)
		pos = t.end
	}
	if last < len(toks)-1 {
		add(" …", false)
	} else {
		add(collapse(text[pos:]), false)
	}
	return segs, bestDistinct
}

// collapse turns runs of white space (line breaks of the plain text) into
// one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n") {
		out = " " + out
	}
	if len(f) > 0 && (strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")) {
		out += " "
	}
	if out == "" && s != "" {
		out = " "
	}
	return out
}
