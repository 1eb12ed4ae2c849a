package notify

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// GenericTemplate is the template used for an event type without one of its own.
const GenericTemplate = "generic"

// The parts every mail template has, as suffixes of the template names: a
// text/template "<type>/subject" and "<type>/text" in mail.<lang>.txt, and an
// html/template "<type>/html" in mail.<lang>.html.
const (
	partSubject = "/subject"
	partText    = "/text"
	partHTML    = "/html"
)

//go:embed templates/*.txt templates/*.html
var templateFiles embed.FS

// defaultTemplates parses the embedded templates once; they are immutable.
var defaultTemplates = sync.OnceValues(func() (*Templates, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	return ParseTemplates(sub)
})

// DefaultTemplates returns the mail templates shipped with the service, in
// German and English.
func DefaultTemplates() (*Templates, error) { return defaultTemplates() }

// Templates renders the mails of the events in every language: a subject
// line, a plain-text body and an HTML body per event type. Plain text comes
// from text/template; HTML from html/template, which escapes every value, so
// text a user typed (a name, a shop's name) is never inserted raw. It is safe
// for concurrent use.
type Templates struct {
	text map[fairshops.Language]*texttemplate.Template
	html map[fairshops.Language]*htmltemplate.Template
}

// TemplateData is what a mail template sees.
type TemplateData struct {
	// Event is the event the mail is about; Event.Subject is the ID of the
	// complaint or case, the reference a reader quotes.
	Event fairshops.Event
	// Data is the event's payload decoded from JSON (nil when it has none).
	Data map[string]any
	// Due is the day of the deadline the event is about (the shop's answer
	// deadline of a complaint, a case's running deadline, an obligation's
	// day), zero when there is none. Render fills it from Event.Data when
	// it is zero, with the payload type of the event's domain, so templates
	// never read the payload's own key for it ({{date .Due}}).
	Due fairshops.Date
	// Name, Role and Lang describe the recipient; Name may be empty.
	Name string
	Role string
	Lang fairshops.Language
	// Link is the link the wiring filled for this recipient: the consumer's
	// private link, the shop's view of the case; empty when there is none.
	Link string
	// Vars are further values the wiring filled (for example "shop_name";
	// "automated" when the ADR Directive's setting is on: the consumer's
	// mails about the pre-check then say that it is automated).
	Vars map[string]string
}

// Rendered is a mail ready to be sent.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// ParseTemplates reads mail.de.txt, mail.de.html, mail.en.txt and
// mail.en.html (one pair per language of fairshops.Languages) from fsys.
func ParseTemplates(fsys fs.FS) (*Templates, error) {
	t := &Templates{
		text: map[fairshops.Language]*texttemplate.Template{},
		html: map[fairshops.Language]*htmltemplate.Template{},
	}
	for _, lang := range fairshops.Languages() {
		funcs := templateFuncs(lang)
		tt, err := texttemplate.New("mail").Funcs(funcs).ParseFS(fsys, "mail."+string(lang)+".txt")
		if err != nil {
			return nil, fmt.Errorf("mail templates %s: %w", lang, err)
		}
		ht, err := htmltemplate.New("mail").Funcs(funcs).ParseFS(fsys, "mail."+string(lang)+".html")
		if err != nil {
			return nil, fmt.Errorf("mail templates %s: %w", lang, err)
		}
		if ht.Lookup("layout") == nil {
			return nil, fmt.Errorf("mail templates %s: no layout template", lang)
		}
		t.text[lang], t.html[lang] = tt, ht
	}
	if missing := t.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("mail templates incomplete: %s", strings.Join(missing, ", "))
	}
	return t, nil
}

// Types lists the event types with templates of their own (and "generic"),
// sorted.
func (t *Templates) Types() []string {
	seen := map[string]bool{}
	for _, tt := range t.text {
		for _, tmpl := range tt.Templates() {
			if name, ok := strings.CutSuffix(tmpl.Name(), partSubject); ok {
				seen[name] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Missing lists "lang:type/part" for every part of a template that some
// language has and another lacks, and for the generic template; tests and
// ParseTemplates assert it is empty.
func (t *Templates) Missing() []string {
	types := t.Types()
	if !slices.Contains(types, GenericTemplate) {
		types = append(types, GenericTemplate)
	}
	var out []string
	for _, typ := range types {
		for _, lang := range fairshops.Languages() {
			for _, part := range []string{partSubject, partText, partHTML} {
				if !t.has(lang, typ+part) {
					out = append(out, string(lang)+":"+typ+part)
				}
			}
		}
	}
	return out
}

func (t *Templates) has(lang fairshops.Language, name string) bool {
	if strings.HasSuffix(name, partHTML) {
		ht := t.html[lang]
		return ht != nil && ht.Lookup(name) != nil
	}
	tt := t.text[lang]
	return tt != nil && tt.Lookup(name) != nil
}

// Render renders the mail for data.Event in lang (German when lang is not
// supported), with the generic template when the event type has none.
func (t *Templates) Render(lang fairshops.Language, data TemplateData) (Rendered, error) {
	if !lang.Valid() {
		lang = fairshops.German
	}
	data.Lang = lang
	if data.Due.IsZero() {
		data.Due = eventDue(data.Event)
	}
	typ := data.Event.Type
	if !t.has(lang, typ+partSubject) {
		typ = GenericTemplate
	}
	var subject, text, body bytes.Buffer
	if err := t.text[lang].ExecuteTemplate(&subject, typ+partSubject, data); err != nil {
		return Rendered{}, fmt.Errorf("render %s subject: %w", typ, err)
	}
	if err := t.text[lang].ExecuteTemplate(&text, typ+partText, data); err != nil {
		return Rendered{}, fmt.Errorf("render %s text: %w", typ, err)
	}
	if err := t.html[lang].ExecuteTemplate(&body, typ+partHTML, data); err != nil {
		return Rendered{}, fmt.Errorf("render %s html: %w", typ, err)
	}
	r := Rendered{Subject: oneLine(subject.String()), Text: tidyText(text.String())}
	var page bytes.Buffer
	layout := struct {
		TemplateData
		Subject string
		Body    htmltemplate.HTML
	}{TemplateData: data, Subject: r.Subject, Body: htmltemplate.HTML(body.String())} // escaped by html/template above
	if err := t.html[lang].ExecuteTemplate(&page, "layout", layout); err != nil {
		return Rendered{}, fmt.Errorf("render %s layout: %w", typ, err)
	}
	r.HTML = page.String()
	return r, nil
}

// decodeData decodes an event payload into a map for the templates; a payload
// that is not a JSON object gives nil (templates guard every field).
func decodeData(raw json.RawMessage) map[string]any {
	if len(raw) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil
	}
	return m
}

// templateFuncs are the helpers of the templates of one language.
func templateFuncs(lang fairshops.Language) map[string]any {
	return map[string]any{
		"date": func(v any) string { return formatDate(lang, v) },
		// money renders an amount as the payloads carry it ({"amount":
		// "32.4", "currency": "EUR"}) the way readers of lang write it.
		"money": func(v any) string { return formatMoney(lang, v) },
		// datetime renders an RFC 3339 instant in Europe/Berlin.
		"datetime": func(v any) string {
			if s, ok := v.(string); ok {
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					return fairshops.FormatterFor(lang).DateTime(t.In(fairshops.Berlin()))
				}
			}
			return formatDate(lang, v)
		},
	}
}

// formatMoney renders a payload's amount with fairshops.Formatter ("32,40
// EUR", "32.40 EUR"); what does not decode as fairshops.Money is printed as
// it is.
func formatMoney(lang fairshops.Language, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var m fairshops.Money
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Sprint(v)
	}
	return fairshops.FormatterFor(lang).Money(m)
}

// formatDate renders a date the way readers of lang write it, with
// fairshops.Formatter: 01.03.2026 in German, 1 March 2026 in English. It accepts "YYYY-MM-DD", an RFC 3339 time
// (read in Europe/Berlin), a time.Time or a fairshops.Date; anything else is
// printed as it is, and nil as nothing.
func formatDate(lang fairshops.Language, v any) string {
	var d fairshops.Date
	switch x := v.(type) {
	case nil:
		return ""
	case fairshops.Date:
		d = x
	case time.Time:
		d = fairshops.DateOf(x, fairshops.Berlin())
	case string:
		if pd, err := fairshops.ParseDate(x); err == nil {
			d = pd
		} else if t, err := time.Parse(time.RFC3339, x); err == nil {
			d = fairshops.DateOf(t, fairshops.Berlin())
		} else {
			return x
		}
	default:
		return fmt.Sprint(v)
	}
	return fairshops.FormatterFor(lang).Date(d)
}

// oneLine turns a rendered subject into one header-safe line: control
// characters (CR, LF, tabs) become spaces and runs of spaces collapse.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// textWidth is the longest line of a plain-text mail, as RFC 5322 suggests
// (78) less room for quoting in replies.
const textWidth = 76

// tidyText trims the blank lines template actions leave behind (no leading
// or trailing blank lines, at most one blank line in a row, no trailing
// spaces), wraps long lines at word boundaries, and ends with a newline.
func tidyText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
			out = append(out, "")
			continue
		}
		blank = false
		out = append(out, wrap(l, textWidth)...)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n"
}

// wrap breaks a line into lines of at most width characters at spaces; a
// word longer than width (a link) stands on a line of its own, unbroken.
func wrap(line string, width int) []string {
	if utf8.RuneCountInString(line) <= width {
		return []string{line}
	}
	var out []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Fields(line) {
		w := utf8.RuneCountInString(word)
		if n > 0 && n+1+w > width {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(word)
		n += w
	}
	if n > 0 {
		out = append(out, cur.String())
	}
	return out
}
