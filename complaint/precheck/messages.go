package precheck

import (
	"maps"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Message key prefixes of the package's message table.
const (
	ruleMessagePrefix = "rule."       // + rule ID: what a finding says
	tipPrefix         = "tip."        // + tip name: a plain-language tip
	categoryPrefix    = "category."   // + category key: the form's label
	factPrefix        = "fact."       // + fact JSON name: its label
	exceptionPrefix   = "exception."  // + withdrawal exception: its label
	resolutionPrefix  = "resolution." // + resolution: its label
	clarityPrefix     = "clarity."    // + clarity: its label
	favoursPrefix     = "favours."    // + favours: its label
	viewPrefix        = "view."       // + heading: headings of a text rendering
	shopPrefix        = "shop."       // + rule ID: what a finding means for the shop (ShopAdvice)
)

// messageTable is the text of every message key, in German
// (messages_de.go) and English (messages_en.go).
func messageTable() map[fairshops.Language]map[string]string {
	de, en := germanMessages(), englishMessages()
	maps.Copy(de, shopAdviceDE())
	maps.Copy(en, shopAdviceEN())
	return map[fairshops.Language]map[string]string{fairshops.German: de, fairshops.English: en}
}

// ShopAdvice is what a finding of the rule means for the shop and what it
// should do, written for the shop (the consumer's tips are not shown to
// it): every rule has one in every language (issue 14 item 3).
func ShopAdvice(rule RuleID) Message { return Message{Key: shopPrefix + string(rule)} }

// messageSet is the package's messages with a set of their keys.
type messageSet struct {
	*fairshops.Messages
	has map[string]bool
}

// messages returns the package's message set, built once; it is read-only.
var messages = sync.OnceValue(func() messageSet {
	table := messageTable()
	m := messageSet{Messages: fairshops.NewMessages(table), has: map[string]bool{}}
	for _, entries := range table {
		for k := range entries {
			m.has[k] = true
		}
	}
	return m
})

// Messages returns the message set of the package (rule messages, tips,
// labels of categories, facts, exceptions, resolutions, clarity and
// favours), for the service layer and for tests (Missing).
func Messages() *fairshops.Messages { return messages().Messages }

// Render returns the message in lang (German for an unsupported language).
// Arguments are rendered for the reader: a date (YYYY-MM-DD) as 29.12.2025
// or 29 December 2025, an amount ("19.99 EUR") with a decimal comma in
// German, and an argument that is itself a key of the package's messages
// (such as "exception.perishable") as that message.
func (m Message) Render(lang fairshops.Language) string {
	if !lang.Valid() {
		lang = fairshops.German
	}
	ms := messages()
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = renderArg(ms, lang, a)
	}
	return ms.Render(lang, m.Key, args...)
}

func renderArg(ms messageSet, lang fairshops.Language, a string) string {
	if ms.has[a] {
		return ms.Render(lang, a)
	}
	if len(a) == 10 {
		if d, err := fairshops.ParseDate(a); err == nil {
			return formatDate(d, lang)
		}
	}
	if lang == fairshops.German && isAmount(a) {
		return strings.Replace(a, ".", ",", 1)
	}
	return a
}

// formatDate writes a date as readers of lang expect it, with
// fairshops.Formatter.
func formatDate(d fairshops.Date, lang fairshops.Language) string {
	return fairshops.FormatterFor(lang).Date(d)
}

// isAmount reports whether s is an amount as fairshops.Money.String writes
// it: digits, an optional point and digits, a space, three capitals.
func isAmount(s string) bool {
	num, cur, ok := strings.Cut(s, " ")
	if !ok || len(cur) != 3 || num == "" {
		return false
	}
	for _, c := range cur {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	points := 0
	for _, c := range num {
		switch {
		case c == '.':
			points++
		case c < '0' || c > '9':
			return false
		}
	}
	return points <= 1 && num[0] != '.' && num[len(num)-1] != '.'
}

func exceptionKey(e WithdrawalException) string { return exceptionPrefix + string(e) }

// Label returns the label of the category in lang, as on the
// complaint form; an unknown category renders as its key.
func (c Category) Label(lang fairshops.Language) string {
	key := categoryPrefix + string(c)
	if !messages().has[key] {
		return string(c)
	}
	return messages().Render(lang, key)
}

// FactLabel returns the label of a fact (its JSON name) in lang; an unknown
// name renders as itself.
func FactLabel(name string, lang fairshops.Language) string {
	key := factPrefix + name
	if !messages().has[key] {
		return name
	}
	return messages().Render(lang, key)
}
