package portal

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Limits of an article, checked by the loader and by Service.Save alike.
const (
	MaxSlugLen      = 80        // bytes
	MaxTitleRunes   = 200       // characters
	MaxSummaryRunes = 300       // characters
	MaxKeywords     = 50        // entries
	MaxKeywordRunes = 80        // characters
	MaxTags         = 30        // entries
	MaxRelated      = 20        // entries
	MaxBasis        = 20        // entries
	MaxBasisRunes   = 100       // characters
	MaxBodyBytes    = 64 << 10  // bytes of Markdown
	MaxFileBytes    = 256 << 10 // bytes of a content file
)

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	tagPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)
	keyPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// issue is one problem of an article. lang and key say where it sits in the
// content files (the translation, the front matter key or "body"), so that
// the loader can name file and line; field is its path for a
// *fairshops.ValidationError.
type issue struct {
	field  string
	code   string
	args   []any
	lang   fairshops.Language // "" for metadata
	key    string             // front matter key, "body", or "" for the file
	elem   int                // element of a list key, or -1
	offset int                // byte offset in the body, or -1
}

// checkEnv is what validation needs to know beyond the article.
type checkEnv struct {
	topics map[string]bool // nil: do not check the topic
	exists func(slug string) bool
}

// validate checks an article against the content rules and returns every
// problem.
func validate(a *Article, env checkEnv) []issue {
	var out []issue
	add := func(lang fairshops.Language, key string, elem int, code string, args ...any) {
		field := key
		if elem >= 0 {
			field = fmt.Sprintf("%s[%d]", key, elem)
		}
		if lang != "" {
			field = "translations." + string(lang) + "." + field
		}
		out = append(out, issue{field: field, code: code, args: args, lang: lang, key: key, elem: elem, offset: -1})
	}
	meta := func(key string, elem int, code string, args ...any) { add("", key, elem, code, args...) }

	switch {
	case a.Slug == "":
		meta("slug", -1, fairshops.ReasonRequired)
	case len(a.Slug) > MaxSlugLen:
		meta("slug", -1, fairshops.ReasonTooLong, MaxSlugLen)
	case !slugPattern.MatchString(a.Slug):
		meta("slug", -1, fairshops.ReasonInvalidFormat, "lower-case letters, digits and hyphens")
	}
	switch {
	case a.Topic == "":
		meta("topic", -1, fairshops.ReasonRequired)
	case env.topics != nil && !env.topics[a.Topic]:
		meta("topic", -1, fairshops.ReasonUnknownValue, clip(a.Topic, 40))
	}
	if len(a.Tags) == 0 {
		meta("tags", -1, fairshops.ReasonRequired)
	}
	checkList(a.Tags, MaxTags, func(code string, elem int, args ...any) { meta("tags", elem, code, args...) }, func(t string) (string, []any) {
		if !tagPattern.MatchString(t) {
			return fairshops.ReasonInvalidFormat, []any{"a category key or a rule ID such as withdrawal.in_period"}
		}
		return "", nil
	})
	checkList(a.Related, MaxRelated, func(code string, elem int, args ...any) { meta("related", elem, code, args...) }, func(s string) (string, []any) {
		switch {
		case !slugPattern.MatchString(s):
			return fairshops.ReasonInvalidFormat, []any{"a slug"}
		case s == a.Slug:
			return fairshops.ReasonNotAllowedHere, nil
		case env.exists != nil && !env.exists(s):
			return fairshops.ReasonDangling, []any{s}
		}
		return "", nil
	})
	checkList(a.Basis, MaxBasis, func(code string, elem int, args ...any) { meta("basis", elem, code, args...) }, func(s string) (string, []any) {
		return checkText(s, MaxBasisRunes)
	})
	if a.Reviewed.IsZero() {
		meta("reviewed", -1, fairshops.ReasonRequired)
	}

	if _, ok := a.Translation(fairshops.German); !ok {
		add(fairshops.German, "", -1, fairshops.ReasonRequired)
		out[len(out)-1].field = "translations.de"
	}
	seen := map[fairshops.Language]bool{}
	for i, t := range a.Translations {
		if !t.Lang.Valid() {
			meta(fmt.Sprintf("translations[%d].lang", i), -1, fairshops.ReasonUnknownValue, clip(string(t.Lang), 35))
			continue
		}
		if seen[t.Lang] {
			meta(fmt.Sprintf("translations[%d].lang", i), -1, fairshops.ReasonDuplicate, string(t.Lang))
			continue
		}
		seen[t.Lang] = true
		l := t.Lang
		if t.Title == "" {
			add(l, "title", -1, fairshops.ReasonRequired)
		} else if code, args := checkText(t.Title, MaxTitleRunes); code != "" {
			add(l, "title", -1, code, args...)
		}
		if t.Summary == "" {
			add(l, "summary", -1, fairshops.ReasonRequired)
		} else if code, args := checkText(t.Summary, MaxSummaryRunes); code != "" {
			add(l, "summary", -1, code, args...)
		}
		checkList(t.Keywords, MaxKeywords, func(code string, elem int, args ...any) { add(l, "keywords", elem, code, args...) }, func(s string) (string, []any) {
			return checkText(s, MaxKeywordRunes)
		})
		out = append(out, checkBody(l, t.Body, env)...)
	}
	return out
}

// checkList checks every element of a list and flags empty elements,
// duplicates and a list that is too long.
func checkList(list []string, limit int, add func(code string, elem int, args ...any), check func(string) (string, []any)) {
	if len(list) > limit {
		add(fairshops.ReasonTooMany, -1, limit)
		return
	}
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			add(fairshops.ReasonRequired, i)
			continue
		}
		if slices.Contains(list[:i], s) {
			add(fairshops.ReasonDuplicate, i, clip(s, 40))
			continue
		}
		if code, args := check(s); code != "" {
			add(code, i, args...)
		}
	}
}

// checkText checks a one-line text: valid UTF-8, no control characters, at
// most limit characters.
func checkText(s string, limit int) (string, []any) {
	switch {
	case !utf8.ValidString(s):
		return fairshops.ReasonInvalidUTF8, nil
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return fairshops.ReasonControlChars, nil
	case fairshops.HasHiddenFormat(s):
		return fairshops.ReasonFormatChars, nil
	case utf8.RuneCountInString(s) > limit:
		return fairshops.ReasonTooLong, []any{limit}
	}
	return "", nil
}

// checkBody checks a Markdown body: present, not too large, valid text, and
// free of what the content rules forbid (raw HTML, images, unsafe or dangling
// links).
func checkBody(lang fairshops.Language, body string, env checkEnv) []issue {
	field := "translations." + string(lang) + ".body"
	one := func(code string, offset int, args ...any) issue {
		return issue{field: field, code: code, args: args, lang: lang, key: "body", elem: -1, offset: offset}
	}
	switch {
	case strings.TrimSpace(body) == "":
		return []issue{one(fairshops.ReasonRequired, -1)}
	case len(body) > MaxBodyBytes:
		return []issue{one(fairshops.ReasonTooLarge, -1, fmt.Sprintf("%d bytes", MaxBodyBytes))}
	case !utf8.ValidString(body):
		return []issue{one(fairshops.ReasonInvalidUTF8, -1)}
	}
	var out []issue
	if i := strings.IndexFunc(body, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }); i >= 0 {
		out = append(out, one(fairshops.ReasonControlChars, i))
	}
	if i := strings.IndexFunc(body, fairshops.IsHiddenFormat); i >= 0 {
		out = append(out, one(fairshops.ReasonFormatChars, i))
	}
	_, links, problems := inspectBody(body)
	for _, p := range problems {
		switch p.code {
		case "markup":
			out = append(out, one(fairshops.ReasonMarkup, p.offset))
		case "image":
			out = append(out, one(fairshops.ReasonNotAllowedHere, p.offset))
		default:
			out = append(out, one(fairshops.ReasonInvalidFormat, p.offset, "a link to http, https, mailto or a path, not "+clip(p.arg, 40)))
		}
	}
	for _, l := range links {
		if env.exists != nil && !env.exists(l.arg) {
			out = append(out, one(fairshops.ReasonDangling, l.offset, "/portal/"+clip(l.arg, 60)))
		}
	}
	return out
}

// Validate checks an article with the rules of the content loader: topics
// lists the known topic keys, exists reports whether a related or linked
// slug exists (nil skips that check). It returns a *fairshops.ValidationError
// with every wrong field, or nil.
func Validate(a Article, topics []Topic, exists func(slug string) bool) error {
	env := checkEnv{topics: map[string]bool{}, exists: exists}
	for _, t := range topics {
		env.topics[t.Key] = true
	}
	var p fairshops.Problems
	for _, is := range validate(&a, env) {
		p.Add(is.field, is.code, is.args...)
	}
	return p.Err("portal.Validate")
}
