package portal

import (
	"slices"
	"strings"
)

// snippetWords is the length of a snippet in words.
const snippetWords = 28

// snippet cuts the part of a document that best shows why it matched: the
// window of the body (or the summary, when it shows as many query words)
// with the most distinct query terms, hits marked.
func (li *langIndex) snippet(doc *docEntry, qterms map[string]bool) []Segment {
	sumSegs, sumHits := li.window(doc.tr.Summary, qterms)
	bodySegs, bodyHits := li.window(doc.plain, qterms)
	if bodyHits > sumHits {
		return bodySegs
	}
	if sumHits == 0 && len(sumSegs) == 0 {
		return bodySegs
	}
	return sumSegs
}

// window finds the best window of text and returns it as segments, with the
// number of distinct query terms it shows.
func (li *langIndex) window(text string, qterms map[string]bool) ([]Segment, int) {
	type tok struct {
		start, end int
		term       string // the matched query term, "" for none
	}
	var toks []tok
	tokenize(text, func(t token) {
		k := tok{start: t.start, end: t.end}
		for _, term := range li.forms[t.word] {
			if qterms[term] {
				k.term = term
				break
			}
		}
		if k.term == "" && !li.an.stop[t.word] {
			// A word outside the index vocabulary (the summary is indexed,
			// but be safe): stem it directly.
			if _, ok := li.forms[t.word]; !ok && qterms[li.an.stem(t.word)] {
				k.term = li.an.stem(t.word)
			}
		}
		toks = append(toks, k)
	})
	if len(toks) == 0 {
		return nil, 0
	}
	// Try a window of snippetWords tokens starting at each hit; keep the
	// first with the most distinct terms.
	var hits []int
	for i, t := range toks {
		if t.term != "" {
			hits = append(hits, i)
		}
	}
	bestStart, bestDistinct := 0, 0
	var distinct []string
	for x, h := range hits {
		distinct = distinct[:0]
		for _, i := range hits[x:] {
			if i >= h+snippetWords {
				break
			}
			if !slices.Contains(distinct, toks[i].term) {
				distinct = append(distinct, toks[i].term)
			}
		}
		if len(distinct) > bestDistinct {
			bestStart, bestDistinct = h, len(distinct)
		}
	}
	// Start a few words before the first hit, for context.
	first := bestStart
	if bestDistinct > 0 {
		first = max(0, bestStart-4)
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
		add(text[t.start:t.end], t.term != "")
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
