package portal

import (
	"container/heap"
	"html"
	"html/template"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Paging limits of Search.
const (
	// DefaultLimit is the page size when a request names none.
	DefaultLimit = 10
	// MaxLimit is the largest page a request may ask for.
	MaxLimit = 100
	// maxFilterTags bounds the tag filter of a request.
	maxFilterTags = 10
)

// Weights of query alternatives relative to the words as typed.
const (
	weightCompound = 0.9 // the parts of a compound the reader typed
	weightUmlaut   = 0.9 // a word typed without umlauts ("Gewahrleistung")
	weightSynonym  = 0.7 // another member of the word's synonym group
)

// SearchRequest asks for one page of articles.
type SearchRequest struct {
	Q      string             // the reader's query; empty lists all articles
	Lang   fairshops.Language // the language searched and shown; empty means German
	Tags   []string           // only articles that carry every one of these tags
	Topic  string             // only articles of this topic, when not empty
	Offset int                // hits to skip
	Limit  int                // hits per page: 0 means DefaultLimit, at most MaxLimit
}

// ArticleRef names an article in one language, enough to link to it.
type ArticleRef struct {
	Slug    string             `json:"slug"`
	Lang    fairshops.Language `json:"lang"`
	Title   string             `json:"title"`
	Summary string             `json:"summary,omitempty"`
	Topic   string             `json:"topic,omitempty"`
}

// Segment is a piece of a snippet; Hit marks a word that matched the query.
// Segments hold plain text: escape it when rendering, or use SnippetHTML.
type Segment struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Hit is one search result.
type Hit struct {
	ArticleRef
	Tags    []string  `json:"tags"`
	Score   float64   `json:"score"`
	Snippet []Segment `json:"snippet,omitempty"` // nil when the query was empty
}

// Results is one page of search results.
type Results struct {
	Query Query              `json:"-"`
	Lang  fairshops.Language `json:"lang"`
	Total int                `json:"total"` // hits on all pages
	Hits  []Hit              `json:"hits"`
}

// SnippetHTML renders snippet segments as HTML: every text is escaped and
// the hits are wrapped in <mark>.
func SnippetHTML(segs []Segment) template.HTML {
	var b strings.Builder
	for _, s := range segs {
		if s.Hit {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(s.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(html.EscapeString(s.Text))
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every piece is escaped
}

// Search answers a request. Invalid input (a bad query, an unsupported
// language, a negative offset, a page too large, too many tags) yields a
// *fairshops.ValidationError listing every wrong field. A query without
// words lists the matching articles by topic and title instead of ranking
// them; a query whose words are all stop words finds nothing.
func (ix *Index) Search(req SearchRequest) (Results, error) {
	var p fairshops.Problems
	q, _ := parseQuery(req.Q, "q", &p)
	lang := req.Lang
	if lang == "" {
		lang = fairshops.German
	}
	if !lang.Valid() {
		p.Add("lang", fairshops.ReasonUnknownValue, clip(string(lang), 35))
	}
	if req.Offset < 0 {
		p.Add("offset", fairshops.ReasonNegative)
	}
	limit := req.Limit
	switch {
	case limit < 0:
		p.Add("limit", fairshops.ReasonNegative)
	case limit > MaxLimit:
		p.Add("limit", fairshops.ReasonTooLarge, MaxLimit)
	case limit == 0:
		limit = DefaultLimit
	}
	if len(req.Tags) > maxFilterTags {
		p.Add("tag", fairshops.ReasonTooMany, maxFilterTags)
	}
	if err := p.Err("portal.Search"); err != nil {
		return Results{}, err
	}
	li := ix.langs[lang]
	res := Results{Query: q, Lang: lang, Hits: []Hit{}}
	keep := func(d int) bool {
		a := &ix.articles[li.docs[d].article]
		if req.Topic != "" && a.Topic != req.Topic {
			return false
		}
		for _, t := range req.Tags {
			if !a.HasTag(t) {
				return false
			}
		}
		return true
	}
	if q.Empty() {
		// The listing order (topic, then title) is fixed at build time.
		var all []int32
		for _, d := range li.listing {
			if keep(int(d)) {
				all = append(all, d)
			}
		}
		res.Total = len(all)
		for _, d := range page(all, req.Offset, limit) {
			res.Hits = append(res.Hits, ix.hit(li, int(d), 0, nil))
		}
		return res, nil
	}

	units := li.analyze(q.Words)
	s := li.scratch.Get().(*scoreScratch)
	defer li.scratch.Put(s)
	li.score(units, s)
	top := &hitHeap{}
	filtered := req.Topic != "" || len(req.Tags) > 0
	for _, d := range s.docs {
		if filtered && !keep(int(d)) {
			continue
		}
		res.Total++
		sc := s.total[d]
		if n := len(units); n > 1 {
			// Coordination: a document that matches more of the query's
			// words ranks above one that matches a single word very often.
			sc *= 0.5 + 0.5*float64(s.matched[d])/float64(n)
		}
		top.offer(scored{doc: d, score: sc}, req.Offset+limit)
	}
	s.reset()
	ranked := top.sorted()
	qterms := map[string]uint64{}
	for i, u := range units {
		for _, a := range u {
			for _, t := range a.terms {
				qterms[t] |= 1 << (i % 64)
			}
		}
	}
	if req.Offset < len(ranked) {
		qw := li.queryWords(qterms)
		for _, r := range ranked[req.Offset:] {
			res.Hits = append(res.Hits, ix.hit(li, int(r.doc), r.score, qw))
		}
	}
	return res, nil
}

func (ix *Index) topicPos(key string) int {
	if i, ok := ix.order[key]; ok {
		return i
	}
	return len(ix.order)
}

func page[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return nil
	}
	return all[offset:min(len(all), offset+limit)]
}

func (ix *Index) hit(li *langIndex, d int, score float64, qw *queryWords) Hit {
	doc := &li.docs[d]
	a := &ix.articles[doc.article]
	h := Hit{
		ArticleRef: ArticleRef{Slug: a.Slug, Lang: doc.tr.Lang, Title: doc.tr.Title, Summary: doc.tr.Summary, Topic: a.Topic},
		Tags:       slices.Clone(a.Tags),
		Score:      score,
	}
	if qw != nil {
		h.Snippet = li.snippet(doc, qw)
	}
	return h
}

// alt is one way to match a query word: all of terms, weighted.
type alt struct {
	terms  []string
	weight float64
}

// analyze turns query words into units, one per word or synonym phrase; a
// document's score for a unit is that of its best alternative.
func (li *langIndex) analyze(ws []string) [][]alt {
	var stems []string
	var kept []string
	for _, w := range ws {
		if li.an.stop[w] {
			continue
		}
		kept = append(kept, w)
		stems = append(stems, li.an.stem(w))
	}
	var units [][]alt
	for i := 0; i < len(stems); {
		group, n := li.synonymAt(stems[i:])
		if n == 0 {
			units = append(units, li.wordAlts(kept[i], stems[i]))
			i++
			continue
		}
		var u []alt
		if n == 1 {
			u = li.wordAlts(kept[i], stems[i])
		} else {
			u = []alt{{terms: stems[i : i+n], weight: 1}}
		}
		for _, phrase := range group {
			if !slices.Equal(phrase, stems[i:i+n]) {
				u = append(u, alt{terms: phrase, weight: weightSynonym})
			}
		}
		units = append(units, u)
		i += n
	}
	return units
}

// synonymAt finds the longest synonym phrase at the start of stems and
// returns its group and length in words (0 when none matches).
func (li *langIndex) synonymAt(stems []string) ([][]string, int) {
	var best [][]string
	n := 0
	for _, g := range li.synonyms {
		for _, phrase := range g {
			if len(phrase) > n && len(phrase) <= len(stems) && slices.Equal(phrase, stems[:len(phrase)]) {
				best, n = g, len(phrase)
			}
		}
	}
	return best, n
}

// wordAlts returns the alternatives of one query word: its stem, the parts
// of a compound, and umlaut-less spellings of index terms.
func (li *langIndex) wordAlts(word, stem string) []alt {
	u := []alt{{terms: []string{stem}, weight: 1}}
	terms := li.forms[word]
	if terms == nil {
		terms = li.terms(word, stem)
	}
	if len(terms) > 1 {
		u = append(u, alt{terms: terms[1:], weight: weightCompound})
	}
	if _, ok := li.postings[stem]; !ok {
		for _, t := range li.unumlaut[stem] {
			u = append(u, alt{terms: []string{t}, weight: weightUmlaut})
		}
	}
	return u
}

// scoreScratch holds per-document accumulators reused across queries.
type scoreScratch struct {
	total, unit, alt []float64
	matched, hits    []uint8
	docs             []int32 // documents with a score, in first-touch order
	unitDocs         []int32
	altDocs          []int32
}

func newScoreScratch(n int) *scoreScratch {
	return &scoreScratch{total: make([]float64, n), unit: make([]float64, n), alt: make([]float64, n), matched: make([]uint8, n), hits: make([]uint8, n)}
}

func (s *scoreScratch) reset() {
	for _, d := range s.docs {
		s.total[d], s.matched[d] = 0, 0
	}
	s.docs = s.docs[:0]
}

// score computes BM25F over the units into s.total, listing every scored
// document in s.docs. A unit is one concept however it is spelled: a
// document's value for it is the best of its alternatives (the mean
// saturated term frequency of the alternative's terms, all of which must
// occur, times the alternative's weight), and the unit's inverse document
// frequency counts every document that matches any alternative, so that a
// rare synonym of a common word does not outweigh the word itself.
func (li *langIndex) score(units [][]alt, s *scoreScratch) {
	n := len(li.docs)
	for _, u := range units {
		for _, a := range u {
			if len(a.terms) == 1 {
				// The common case: one term, no need to count.
				for _, p := range li.postings[a.terms[0]] {
					if v := float64(p.sat) * a.weight; v > s.unit[p.doc] {
						if s.unit[p.doc] == 0 {
							s.unitDocs = append(s.unitDocs, p.doc)
						}
						s.unit[p.doc] = v
					}
				}
				continue
			}
			distinct := 0
			for i, term := range a.terms {
				if slices.Contains(a.terms[:i], term) {
					continue
				}
				distinct++
				for _, p := range li.postings[term] {
					if s.hits[p.doc] == 0 {
						s.altDocs = append(s.altDocs, p.doc)
					}
					s.hits[p.doc]++
					s.alt[p.doc] += float64(p.sat)
				}
			}
			for _, d := range s.altDocs {
				if int(s.hits[d]) == distinct {
					if v := s.alt[d] / float64(distinct) * a.weight; v > s.unit[d] {
						if s.unit[d] == 0 {
							s.unitDocs = append(s.unitDocs, d)
						}
						s.unit[d] = v
					}
				}
				s.alt[d], s.hits[d] = 0, 0
			}
			s.altDocs = s.altDocs[:0]
		}
		w := idf(n, len(s.unitDocs))
		for _, d := range s.unitDocs {
			if s.total[d] == 0 {
				s.docs = append(s.docs, d)
			}
			s.total[d] += w * s.unit[d]
			s.matched[d]++
			s.unit[d] = 0
		}
		s.unitDocs = s.unitDocs[:0]
	}
}

// scored is a candidate hit.
type scored struct {
	doc   int32
	score float64
}

// better orders hits: higher score first, then by slug for a stable order
// (documents are numbered in slug order).
func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

// hitHeap keeps the best k candidates; its root is the worst of them.
type hitHeap []scored

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *hitHeap) offer(c scored, k int) {
	if k <= 0 {
		return
	}
	if h.Len() < k {
		heap.Push(h, c)
		return
	}
	if better(c, (*h)[0]) {
		(*h)[0] = c
		heap.Fix(h, 0)
	}
}

func (h *hitHeap) sorted() []scored {
	out := slices.Clone(*h)
	slices.SortFunc(out, func(a, b scored) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
	return out
}
