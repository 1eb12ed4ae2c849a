package fairshops

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
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
// format per language (golang.org/x/text/message syntax: %s, %d, %v, %[2]s).
// Build one per package with NewMessages from one table per language (each
// package keeps them in messages_de.go and messages_en.go, so a translator
// sees one language at a time); Missing proves the tables hold the same keys.
//
// A text that depends on a count is written as two keys, "<key>#one" and
// "<key>#other"; Render("<key>", n, ...) then picks the form for the count n
// (its first argument) by the CLDR plural rules of golang.org/x/text/feature/plural,
// so that "1 second" and "2 seconds" come from one call.
type Messages struct {
	cat      *catalog.Builder
	flat     []string        // every key of the tables, sorted
	keys     []string        // every key Render knows, plural bases included, sorted
	has      map[string]bool // the keys of keys
	text     map[Language]map[string]string
	printers map[Language]*message.Printer
}

// Plural form suffixes of a message key.
const (
	pluralOne   = "#one"
	pluralOther = "#other"
)

// NewMessages builds a message set. It panics only on a programming error (a
// malformed format in the table), which the package's own tests catch; it is
// meant to run once, from a package-level sync.OnceValue.
func NewMessages(text map[Language]map[string]string) *Messages {
	b := catalog.NewBuilder(catalog.Fallback(language.German))
	m := &Messages{cat: b, text: text, has: map[string]bool{}, printers: map[Language]*message.Printer{}}
	flat := map[string]bool{}
	for lang, entries := range text {
		forms := map[string][2]string{} // base key -> one, other
		for key, format := range entries {
			flat[key] = true
			if base, ok := strings.CutSuffix(key, pluralOne); ok {
				f := forms[base]
				f[0] = format
				forms[base] = f
				continue
			}
			if base, ok := strings.CutSuffix(key, pluralOther); ok {
				f := forms[base]
				f[1] = format
				forms[base] = f
				continue
			}
			if err := b.SetString(lang.Tag(), key, format); err != nil {
				panic(fmt.Sprintf("fairshops: message %s/%s: %v", lang, key, err))
			}
			m.has[key] = true
		}
		for base, f := range forms {
			var cases []any
			if f[0] != "" {
				cases = append(cases, "one", f[0])
			}
			if f[1] != "" {
				cases = append(cases, "other", f[1])
			}
			if err := b.Set(lang.Tag(), base, plural.Selectf(1, "%d", cases...)); err != nil {
				panic(fmt.Sprintf("fairshops: message %s/%s: %v", lang, base, err))
			}
			m.has[base] = true
		}
	}
	for k := range flat {
		m.flat = append(m.flat, k)
	}
	sort.Strings(m.flat)
	for k := range m.has {
		m.keys = append(m.keys, k)
	}
	sort.Strings(m.keys)
	// One printer per language, built here rather than per Render call: a
	// printer is safe for concurrent use, and building one allocates.
	for _, l := range Languages() {
		m.printers[l] = message.NewPrinter(l.Tag(), message.Catalog(b))
	}
	return m
}

// Render formats the message key in lang with args. An unknown key renders as
// the key itself, so a missing translation is visible but never fatal.
func (m *Messages) Render(lang Language, key string, args ...any) string {
	p, ok := m.printers[lang]
	if !ok {
		p = m.printers[German]
	}
	return p.Sprintf(key, args...)
}

// Has reports whether Render knows key (a plural text counts under its base
// key, without "#one" or "#other").
func (m *Messages) Has(key string) bool { return m.has[key] }

// Keys lists every key Render knows, sorted: the keys of the tables, with a
// plural text listed under its base key as well.
func (m *Messages) Keys() []string { return slices.Clone(m.keys) }

// Missing lists "lang:key" for every key that some language has and another
// lacks (a plural text needs both forms in every language); tests assert it
// is empty.
func (m *Messages) Missing() []string {
	var out []string
	for _, k := range m.flat {
		for _, l := range Languages() {
			if _, ok := m.text[l][k]; !ok {
				out = append(out, string(l)+":"+k)
			}
		}
	}
	for _, l := range Languages() {
		for k := range m.text[l] {
			if base, ok := strings.CutSuffix(k, pluralOne); ok {
				if _, other := m.text[l][base+pluralOther]; !other {
					out = append(out, string(l)+":"+base+pluralOther)
				}
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}
