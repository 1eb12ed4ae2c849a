package portal

import (
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Topic is a problem area of mail order under which articles are grouped
// (ordering, delivery, withdrawal, ...). Topics are fixed and shipped with
// the library in content/topics.yaml.
type Topic struct {
	Key     string                        `json:"key"`     // stable key, e.g. "withdrawal"
	Order   int                           `json:"order"`   // position in listings, ascending
	Title   map[fairshops.Language]string `json:"title"`   // per language
	Summary map[fairshops.Language]string `json:"summary"` // per language
}

// TitleIn returns the topic's title in lang, or the German one.
func (t Topic) TitleIn(lang fairshops.Language) string {
	if s := t.Title[lang]; s != "" {
		return s
	}
	return t.Title[fairshops.German]
}

// Article is one portal article: language-independent metadata and its
// translations. German is the source; every other language translates it.
type Article struct {
	Slug     string         `json:"slug"`     // URL key: lower-case ASCII letters, digits and hyphens
	Topic    string         `json:"topic"`    // a Topic key
	Tags     []string       `json:"tags"`     // complaint category keys and pre-check rule IDs
	Related  []string       `json:"related"`  // slugs of related articles
	Basis    []string       `json:"basis"`    // the law the article explains, e.g. "BGB §355"
	Reviewed fairshops.Date `json:"reviewed"` // when the article was last checked against the law

	// Translations holds one entry per language, German first.
	Translations []Translation `json:"translations"`

	// Version is the optimistic-concurrency version kept by a Store: 0 for an
	// article never stored; each successful write increments it.
	Version int64 `json:"version"`
}

// Translation is an article's text in one language.
type Translation struct {
	Lang     fairshops.Language `json:"lang"`
	Title    string             `json:"title"`
	Summary  string             `json:"summary"`
	Keywords []string           `json:"keywords"` // search words and synonyms readers are likely to type
	Body     string             `json:"body"`     // Markdown source; render it with RenderMarkdown or HTML
}

// Translation returns the article's text in lang and whether it exists.
func (a *Article) Translation(lang fairshops.Language) (Translation, bool) {
	for _, t := range a.Translations {
		if t.Lang == lang {
			return t, true
		}
	}
	return Translation{}, false
}

// In returns the article's text in lang, falling back to German (the source)
// when there is no translation into lang.
func (a *Article) In(lang fairshops.Language) Translation {
	if t, ok := a.Translation(lang); ok {
		return t
	}
	t, _ := a.Translation(fairshops.German)
	return t
}

// HasTag reports whether the article carries tag.
func (a *Article) HasTag(tag string) bool { return slices.Contains(a.Tags, tag) }

// Clone returns a deep copy, so that stores and callers never share slices.
func (a Article) Clone() Article {
	a.Tags = slices.Clone(a.Tags)
	a.Related = slices.Clone(a.Related)
	a.Basis = slices.Clone(a.Basis)
	a.Translations = slices.Clone(a.Translations)
	for i := range a.Translations {
		a.Translations[i].Keywords = slices.Clone(a.Translations[i].Keywords)
	}
	return a
}

// Library is a loaded set of topics and articles, articles sorted by slug.
type Library struct {
	Topics   []Topic   // sorted by Order
	Articles []Article // sorted by Slug
}

// Article returns the article with slug and whether it exists.
func (l *Library) Article(slug string) (Article, bool) {
	i, ok := slices.BinarySearchFunc(l.Articles, slug, func(a Article, s string) int {
		switch {
		case a.Slug < s:
			return -1
		case a.Slug > s:
			return 1
		}
		return 0
	})
	if !ok {
		return Article{}, false
	}
	return l.Articles[i], true
}

// Topic returns the topic with key and whether it exists.
func (l *Library) Topic(key string) (Topic, bool) {
	for _, t := range l.Topics {
		if t.Key == key {
			return t, true
		}
	}
	return Topic{}, false
}
