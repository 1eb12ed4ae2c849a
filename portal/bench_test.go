package portal_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// corpus10k is a deterministic corpus of 10,000 articles (German and
// English) whose words are drawn from the shipped content, so that word
// frequencies, compounds and umlauts look like the real thing.
var corpus10k = sync.OnceValues(func() ([]portal.Article, []portal.Topic) {
	lib, err := portal.LoadDefault()
	if err != nil {
		panic(err)
	}
	return generateCorpus(lib, 10_000, 1), lib.Topics
})

// generateCorpus draws n articles from the vocabulary of lib with a fixed
// seed: the same seed gives the same corpus.
func generateCorpus(lib *portal.Library, n int, seed uint64) []portal.Article {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := map[fairshops.Language][]string{}
	for _, a := range lib.Articles {
		for _, tr := range a.Translations {
			vocab[tr.Lang] = append(vocab[tr.Lang], strings.FieldsFunc(tr.Title+" "+tr.Summary+" "+tr.Body, func(r rune) bool {
				return strings.ContainsRune(" \n\t.,:;()[]#*!?\"„“/", r)
			})...)
		}
	}
	words := func(lang fairshops.Language, k int) string {
		v := vocab[lang]
		out := make([]string, k)
		for i := range out {
			out[i] = v[rng.IntN(len(v))]
		}
		return strings.Join(out, " ")
	}
	var tags []string
	for _, a := range lib.Articles {
		tags = append(tags, a.Tags...)
	}
	slices.Sort(tags)
	tags = slices.Compact(tags)
	out := make([]portal.Article, n)
	for i := range out {
		a := portal.Article{
			Slug:     fmt.Sprintf("gen-%05d", i),
			Topic:    lib.Topics[rng.IntN(len(lib.Topics))].Key,
			Tags:     []string{tags[rng.IntN(len(tags))], tags[rng.IntN(len(tags))]},
			Reviewed: fairshops.MustDate("2026-11-25"),
		}
		for _, lang := range fairshops.Languages() {
			var body strings.Builder
			for p := range 6 {
				fmt.Fprintf(&body, "## %s\n\n%s.\n\n", words(lang, 3), words(lang, 45+p))
			}
			a.Translations = append(a.Translations, portal.Translation{
				Lang: lang, Title: words(lang, 7), Summary: words(lang, 22),
				Keywords: strings.Fields(words(lang, 6)), Body: body.String(),
			})
		}
		out[i] = a
	}
	return out
}

// BenchmarkBuildIndex10k measures building the index over 10,000 articles
// in two languages (ns/op is the build time).
func BenchmarkBuildIndex10k(b *testing.B) {
	articles, topics := corpus10k()
	b.ReportAllocs()
	for b.Loop() {
		_ = portal.BuildIndex(articles, topics)
	}
}

// BenchmarkSearch10k measures one search (first page of 10 hits with
// snippets) over 10,000 articles, cycling through the relevance queries, and
// reports the median and 99th percentile latency.
func BenchmarkSearch10k(b *testing.B) {
	articles, topics := corpus10k()
	ix := portal.BuildIndex(articles, topics)
	var durations []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tc := relevance[i%len(relevance)]
		i++
		start := time.Now()
		if _, err := ix.Search(portal.SearchRequest{Q: tc.q, Lang: tc.lang}); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	slices.Sort(durations)
	if n := len(durations); n > 0 {
		b.ReportMetric(float64(durations[n/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(durations[min(n-1, n*99/100)].Nanoseconds()), "p99-ns")
	}
}

// BenchmarkSearchDefault measures one search over the shipped content.
func BenchmarkSearchDefault(b *testing.B) {
	lib, err := portal.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	ix := portal.BuildIndex(lib.Articles, lib.Topics)
	i := 0
	for b.Loop() {
		tc := relevance[i%len(relevance)]
		i++
		if _, err := ix.Search(portal.SearchRequest{Q: tc.q, Lang: tc.lang}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDefault measures loading and checking the shipped content.
func BenchmarkLoadDefault(b *testing.B) {
	for b.Loop() {
		if _, err := portal.LoadDefault(); err != nil {
			b.Fatal(err)
		}
	}
}
