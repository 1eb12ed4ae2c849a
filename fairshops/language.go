package fairshops

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Language is a language the service speaks. German is the source language
// and the fallback; English is always available.
type Language string

// The languages of the service.
const (
	German  Language = "de"
	English Language = "en"
)

// Languages lists the supported languages, German first.
func Languages() []Language { return []Language{German, English} }

// Tag returns the BCP 47 tag of the language.
func (l Language) Tag() language.Tag {
	if l == English {
		return language.English
	}
	return language.German
}

// Valid reports whether l is one of Languages.
func (l Language) Valid() bool { return l == German || l == English }

// ParseLanguage reads a BCP 47 tag ("de", "en-GB", "de-AT") and returns the
// supported language it matches, or an error for a malformed or unsupported tag.
func ParseLanguage(s string) (Language, error) {
	tag, err := language.Parse(s)
	if err != nil {
		return "", fmt.Errorf("language %q: %w", s, ErrInvalid)
	}
	base, _ := tag.Base()
	switch base.String() {
	case "de":
		return German, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("language %q not supported: %w", s, ErrInvalid)
}

var languageMatcher = language.NewMatcher([]language.Tag{language.German, language.English})

// NegotiateLanguage picks the best supported language for an HTTP
// Accept-Language header (or any list of tags), falling back to German.
func NegotiateLanguage(acceptLanguage ...string) Language {
	tags, _, err := language.ParseAcceptLanguage(strings.Join(acceptLanguage, ","))
	if err != nil || len(tags) == 0 {
		return German
	}
	_, index, conf := languageMatcher.Match(tags...)
	if conf == language.No {
		return German
	}
	// Build from the matched index, not the returned tag: Match may return an
	// extended tag such as "en-u-rg-gbzzzz".
	return Languages()[index]
}

// Messages is a read-only set of localised messages, each a key with a
// format per language (golang.org/x/text/message syntax: %s, %d, %v, plurals
// via catalog.Var are not used here). Build one per package with NewMessages.
type Messages struct {
	cat  *catalog.Builder
	keys []string
	text map[Language]map[string]string
}

// NewMessages builds a message set. It panics only on a programming error (a
// malformed format in the table), which the package's own tests catch; it is
// meant to run once, from a package-level sync.OnceValue.
func NewMessages(text map[Language]map[string]string) *Messages {
	b := catalog.NewBuilder(catalog.Fallback(language.German))
	keys := map[string]bool{}
	for lang, entries := range text {
		for key, format := range entries {
			if err := b.SetString(lang.Tag(), key, format); err != nil {
				panic(fmt.Sprintf("fairshops: message %s/%s: %v", lang, key, err))
			}
			keys[key] = true
		}
	}
	m := &Messages{cat: b, text: text}
	for k := range keys {
		m.keys = append(m.keys, k)
	}
	sort.Strings(m.keys)
	return m
}

// Render formats the message key in lang with args. An unknown key renders as
// the key itself, so a missing translation is visible but never fatal.
func (m *Messages) Render(lang Language, key string, args ...any) string {
	if !lang.Valid() {
		lang = German
	}
	p := message.NewPrinter(lang.Tag(), message.Catalog(m.cat))
	return p.Sprintf(key, args...)
}

// Keys lists every key of the set, sorted.
func (m *Messages) Keys() []string { return slices.Clone(m.keys) }

// Missing lists "lang:key" for every key that some language has and another
// lacks; tests assert it is empty.
func (m *Messages) Missing() []string {
	var out []string
	for _, k := range m.keys {
		for _, l := range Languages() {
			if _, ok := m.text[l][k]; !ok {
				out = append(out, string(l)+":"+k)
			}
		}
	}
	return out
}
