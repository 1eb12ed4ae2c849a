package portal

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Fields of an indexed translation and their BM25F weights: a word in the
// title counts three times a word in the body.
const (
	fieldTitle = iota
	fieldKeywords
	fieldSummary
	fieldBody
	numFields
)

func fieldWeight(f int) float64 {
	switch f {
	case fieldTitle:
		return 3
	case fieldKeywords:
		return 2
	case fieldSummary:
		return 1.5
	}
	return 1
}

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Index is an immutable, in-memory search index over a set of articles, one
// inverted index per language. Build it with BuildIndex; it is safe for
// concurrent use.
type Index struct {
	articles []Article // sorted by slug
	topics   []Topic
	order    map[string]int // topic key -> position
	langs    map[fairshops.Language]*langIndex
}

// langIndex is the inverted index of one language.
type langIndex struct {
	an       *analyzer
	docs     []docEntry
	postings map[string][]posting
	known    map[string]bool     // folded words and stems: the compound splitter's vocabulary
	forms    map[string][]string // folded word -> its index terms (stem, then compound parts)
	surfaces map[string][]string // index term -> the folded words that carry it
	unumlaut map[string][]string // stem with ae/oe/ue reduced to a/o/u -> stems of the index
	synonyms [][][]string        // groups of phrases, each phrase a list of stems
	listing  []int32             // documents by topic, then title: the order of an empty query
	scratch  sync.Pool           // *scoreScratch
}

// docEntry is one translation in a language index.
type docEntry struct {
	article int // index into Index.articles
	tr      Translation
	plain   string // plain text of the body
}

// posting says that a term occurs in a document, with its saturated BM25F
// term frequency: tf·(k1+1)/(k1+tf) of the field-weighted,
// length-normalised frequency tf, computed once at build time.
type posting struct {
	doc int32
	sat float32
}

// BuildIndex indexes the articles (every translation in its language) under
// the given topics. It copies the articles; later changes to them do not
// affect the index.
func BuildIndex(articles []Article, topics []Topic) *Index {
	ix := &Index{
		topics: slices.Clone(topics),
		order:  map[string]int{},
		langs:  map[fairshops.Language]*langIndex{},
	}
	for _, a := range articles {
		ix.articles = append(ix.articles, a.Clone())
	}
	slices.SortFunc(ix.articles, func(a, b Article) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortStableFunc(ix.topics, func(a, b Topic) int { return a.Order - b.Order })
	for i, t := range ix.topics {
		ix.order[t.Key] = i
	}
	for _, lang := range fairshops.Languages() {
		li := buildLang(lang, ix.articles)
		li.listing = make([]int32, len(li.docs))
		for d := range li.listing {
			li.listing[d] = int32(d)
		}
		slices.SortStableFunc(li.listing, func(x, y int32) int {
			ax, ay := &ix.articles[li.docs[x].article], &ix.articles[li.docs[y].article]
			return cmp.Or(
				cmp.Compare(ix.topicPos(ax.Topic), ix.topicPos(ay.Topic)),
				strings.Compare(li.docs[x].tr.Title, li.docs[y].tr.Title),
				strings.Compare(ax.Slug, ay.Slug))
		})
		ix.langs[lang] = li
	}
	return ix
}

func buildLang(lang fairshops.Language, articles []Article) *langIndex {
	li := &langIndex{
		an:       newAnalyzer(lang),
		postings: map[string][]posting{},
		known:    map[string]bool{},
		forms:    map[string][]string{},
		surfaces: map[string][]string{},
		unumlaut: map[string][]string{},
	}
	var fields [][numFields]string
	for i, a := range articles {
		tr, ok := a.Translation(lang)
		if !ok {
			continue
		}
		plain, _, _ := inspectBody(tr.Body)
		li.docs = append(li.docs, docEntry{article: i, tr: tr, plain: plain})
		fields = append(fields, [numFields]string{
			fieldTitle:    tr.Title,
			fieldKeywords: strings.Join(tr.Keywords, " ; ") + " ; " + strings.Join(a.Basis, " ; "),
			fieldSummary:  tr.Summary,
			fieldBody:     plain,
		})
	}

	// Pass 1: the vocabulary, and each distinct word's stem.
	stems := map[string]string{}
	for _, fs := range fields {
		for _, text := range fs {
			tokenizeBytes(text, func(_, _ int, word []byte) bool {
				if _, seen := stems[string(word)]; !seen && !li.an.stop[string(word)] {
					w := string(word)
					stems[w] = li.an.stem(w)
				}
				return true
			})
		}
	}
	for w, s := range stems {
		if len(w) >= minPart {
			li.known[w] = true
		}
		if len(s) >= minPart {
			li.known[s] = true
		}
	}
	// Each word's terms: its stem, then the stems of its compound parts.
	for w, s := range stems {
		li.forms[w] = li.terms(w, s)
		for _, t := range li.forms[w] {
			li.surfaces[t] = append(li.surfaces[t], w)
		}
	}

	// Pass 2: term frequencies per field and field lengths.
	type counts = [numFields]uint16
	docTerms := make([]map[string]*counts, len(fields))
	lengths := make([][numFields]int, len(fields))
	var total [numFields]int
	for d, fs := range fields {
		m := map[string]*counts{}
		for f, text := range fs {
			tokenizeBytes(text, func(_, _ int, word []byte) bool {
				terms := li.forms[string(word)]
				if len(terms) == 0 {
					return true
				}
				lengths[d][f]++
				for _, term := range terms {
					c := m[term]
					if c == nil {
						c = new(counts)
						m[term] = c
					}
					if c[f] < math.MaxUint16 {
						c[f]++
					}
				}
				return true
			})
			total[f] += lengths[d][f]
		}
		docTerms[d] = m
	}
	var avg [numFields]float64
	for f := range avg {
		avg[f] = 1
		if len(fields) > 0 && total[f] > 0 {
			avg[f] = float64(total[f]) / float64(len(fields))
		}
	}
	for d, m := range docTerms {
		// Sorted terms keep posting lists in document order and the build
		// deterministic.
		for _, term := range sortedKeys(m) {
			c := m[term]
			var tf float64
			for f := range numFields {
				if c[f] == 0 {
					continue
				}
				norm := 1 - bm25B + bm25B*float64(lengths[d][f])/avg[f]
				tf += fieldWeight(f) * float64(c[f]) / norm
			}
			sat := tf * (bm25K1 + 1) / (bm25K1 + tf)
			li.postings[term] = append(li.postings[term], posting{doc: int32(d), sat: float32(sat)})
		}
	}
	for term := range li.postings {
		if r := reduceUmlauts(term); r != term {
			li.unumlaut[r] = append(li.unumlaut[r], term)
		}
	}
	for _, list := range li.unumlaut {
		slices.Sort(list)
	}
	for _, group := range synonymGroups(lang) {
		var g [][]string
		for _, phrase := range group {
			if p := li.phraseStems(phrase); len(p) > 0 {
				g = append(g, p)
			}
		}
		if len(g) > 1 {
			li.synonyms = append(li.synonyms, g)
		}
	}
	li.scratch.New = func() any { return newScoreScratch(len(li.docs)) }
	return li
}

// terms returns the index terms of a folded word with stem s: the stem and,
// for a German compound, the stems of its parts.
func (li *langIndex) terms(word, s string) []string {
	out := []string{s}
	if !li.an.compound {
		return out
	}
	for _, part := range decompound(word, func(p string) bool { return li.known[p] && !li.an.stop[p] }) {
		if ps := li.an.stem(part); !slices.Contains(out, ps) {
			out = append(out, ps)
		}
	}
	return out
}

// phraseStems returns the stems of a phrase's words, stop words dropped.
func (li *langIndex) phraseStems(phrase string) []string {
	var out []string
	for _, w := range words(phrase) {
		if !li.an.stop[w] {
			out = append(out, li.an.stem(w))
		}
	}
	return out
}

// reduceUmlauts maps the folded umlauts back to plain vowels (ae -> a,
// oe -> o, ue -> u), so that a query typed without umlauts at all
// ("Gewahrleistung") still meets "Gewährleistung".
func reduceUmlauts(s string) string {
	if !strings.Contains(s, "e") {
		return s
	}
	r := strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")
	return r.Replace(s)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// idf is the BM25 inverse document frequency of a term found in df of n
// documents.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Articles returns a copy of the indexed articles, sorted by slug.
func (ix *Index) Articles() []Article {
	out := make([]Article, len(ix.articles))
	for i, a := range ix.articles {
		out[i] = a.Clone()
	}
	return out
}

// Article returns the indexed article with slug.
func (ix *Index) Article(slug string) (Article, bool) {
	i, ok := slices.BinarySearchFunc(ix.articles, slug, func(a Article, s string) int { return strings.Compare(a.Slug, s) })
	if !ok {
		return Article{}, false
	}
	return ix.articles[i].Clone(), true
}

// Topics returns the topics, sorted by their order.
func (ix *Index) Topics() []Topic { return slices.Clone(ix.topics) }
