package portal

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fairshops/konfliktservice/fairshops"
)

//go:embed content
var embedded embed.FS

// LoadDefault loads the starter content shipped with the library.
func LoadDefault() (*Library, error) { return Load(embedded, "content") }

// LoadError is one problem of the content files, with file and line (0 when
// the problem concerns the whole file).
type LoadError struct {
	File string
	Line int
	fairshops.FieldError
}

// Error reads "file:line: field: reason".
func (e LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason(fairshops.English))
	return b.String()
}

// LoadErrors lists every problem found while loading content, sorted by
// file and line. errors.Is(err, fairshops.ErrInvalid) holds for it.
type LoadErrors []LoadError

// Error lists every problem, one per line.
func (e LoadErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "portal content: %d problem(s)", len(e))
	for _, le := range e {
		b.WriteString("\n\t")
		b.WriteString(le.Error())
	}
	return b.String()
}

// Unwrap makes errors.Is(err, fairshops.ErrInvalid) hold.
func (e LoadErrors) Unwrap() error { return fairshops.ErrInvalid }

// frontMatter is the YAML head of an article file.
type frontMatter struct {
	Slug     string   `yaml:"slug"`
	Lang     string   `yaml:"lang"`
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Topic    string   `yaml:"topic"`
	Tags     []string `yaml:"tags"`
	Related  []string `yaml:"related"`
	Keywords []string `yaml:"keywords"`
	Basis    []string `yaml:"basis"`
	Reviewed string   `yaml:"reviewed"`
}

// topicFile is one entry of topics.yaml.
type topicFile struct {
	Key     string            `yaml:"key"`
	Order   int               `yaml:"order"`
	Title   map[string]string `yaml:"title"`
	Summary map[string]string `yaml:"summary"`
}

// parsedFile is an article file after parsing, before it joins its article.
type parsedFile struct {
	name     string // path relative to the content directory
	fm       frontMatter
	lines    map[string]int // front matter key (or "key[i]") -> line
	body     string
	bodyLine int  // line of the body's first line
	badDate  bool // reviewed is set but not a date (reported already)
}

// loader collects problems while it reads the content.
type loader struct {
	errs LoadErrors
}

func (l *loader) add(file string, line int, field, code string, args ...any) {
	l.errs = append(l.errs, LoadError{File: file, Line: line, FieldError: fairshops.FieldError{Field: field, Code: code, Args: args}})
}

// Load reads the content directory dir of fsys: dir/topics.yaml and the
// articles dir/articles/<slug>.<lang>.md, each YAML front matter between
// "---" lines followed by a Markdown body. It checks everything the content
// rules require and returns every problem at once as LoadErrors, each with
// file and line; it never panics on bad content.
func Load(fsys fs.FS, dir string) (*Library, error) {
	l := &loader{}
	lib := &Library{Topics: l.loadTopics(fsys, path.Join(dir, "topics.yaml"))}
	// Without topics (topics.yaml is broken, and says so), articles are
	// not checked against them: one mistake, one report.
	var topics map[string]bool
	for _, t := range lib.Topics {
		if topics == nil {
			topics = map[string]bool{}
		}
		topics[t.Key] = true
	}

	names, err := fs.Glob(fsys, path.Join(dir, "articles", "*.md"))
	if err != nil {
		l.add(path.Join(dir, "articles"), 0, "", fairshops.ReasonSyntax, err.Error())
	}
	slices.Sort(names)
	var files []*parsedFile
	for _, name := range names {
		if f := l.parseFile(fsys, name, dir); f != nil {
			files = append(files, f)
		}
	}

	// Group by slug: (slug, lang) must be unique, German must exist.
	groups := map[string]map[fairshops.Language]*parsedFile{}
	var slugs []string
	for _, f := range files {
		lang := fairshops.Language(f.fm.Lang)
		g := groups[f.fm.Slug]
		if g == nil {
			g = map[fairshops.Language]*parsedFile{}
			groups[f.fm.Slug] = g
			slugs = append(slugs, f.fm.Slug)
		}
		if prev := g[lang]; prev != nil {
			l.add(f.name, f.lines["slug"], "slug", fairshops.ReasonDuplicate, fmt.Sprintf("%s/%s, also in %s", f.fm.Slug, lang, prev.name))
			continue
		}
		g[lang] = f
	}
	exists := func(s string) bool { _, ok := groups[s]; return ok }
	for _, slug := range slugs {
		g := groups[slug]
		de := g[fairshops.German]
		if de == nil {
			for _, lang := range sortedLangs(g) {
				l.add(g[lang].name, g[lang].lines["lang"], "translations.de", fairshops.ReasonRequired)
			}
			continue
		}
		a := articleOf(de)
		for _, lang := range sortedLangs(g) {
			if lang == fairshops.German {
				continue
			}
			f := g[lang]
			l.compareMeta(de, f)
			a.Translations = append(a.Translations, translationOf(f))
		}
		for _, is := range validate(&a, checkEnv{topics: topics, exists: exists}) {
			if is.field == "reviewed" && de.badDate {
				continue // reported as an invalid date
			}
			f := de
			if is.lang != "" && g[is.lang] != nil {
				f = g[is.lang]
			}
			l.add(f.name, f.lineOf(is), is.field, is.code, is.args...)
		}
		lib.Articles = append(lib.Articles, a)
	}
	slices.SortFunc(lib.Articles, func(a, b Article) int { return strings.Compare(a.Slug, b.Slug) })
	if len(l.errs) > 0 {
		slices.SortStableFunc(l.errs, func(a, b LoadError) int {
			return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		// One report per line and problem: an HTML element's opening and
		// closing tags, say, are one mistake.
		l.errs = slices.CompactFunc(l.errs, func(a, b LoadError) bool {
			return a.File == b.File && a.Line == b.Line && a.Field == b.Field && a.Code == b.Code
		})
		return nil, l.errs
	}
	return lib, nil
}

func sortedLangs(g map[fairshops.Language]*parsedFile) []fairshops.Language {
	var out []fairshops.Language
	for _, l := range fairshops.Languages() {
		if g[l] != nil {
			out = append(out, l)
		}
	}
	return out
}

// lineOf returns the file line of an issue.
func (f *parsedFile) lineOf(is issue) int {
	if is.key == "body" {
		if is.offset < 0 {
			return f.bodyLine
		}
		return f.bodyLine + strings.Count(f.body[:min(is.offset, len(f.body))], "\n")
	}
	if is.elem >= 0 {
		if n, ok := f.lines[fmt.Sprintf("%s[%d]", is.key, is.elem)]; ok {
			return n
		}
	}
	if n, ok := f.lines[is.key]; ok {
		return n
	}
	return 1
}

// compareMeta reports metadata of a translation file that differs from the
// German source file.
func (l *loader) compareMeta(de, f *parsedFile) {
	check := func(key string, same bool) {
		if !same {
			l.add(f.name, f.lineOf(issue{key: key, elem: -1}), key, fairshops.ReasonMismatch, path.Base(de.name))
		}
	}
	check("topic", de.fm.Topic == f.fm.Topic)
	check("tags", slices.Equal(de.fm.Tags, f.fm.Tags))
	check("related", slices.Equal(de.fm.Related, f.fm.Related))
	check("basis", slices.Equal(de.fm.Basis, f.fm.Basis))
	check("reviewed", de.fm.Reviewed == f.fm.Reviewed)
}

func articleOf(f *parsedFile) Article {
	a := Article{Slug: f.fm.Slug, Topic: f.fm.Topic, Tags: f.fm.Tags, Related: f.fm.Related, Basis: f.fm.Basis}
	a.Reviewed, _ = fairshops.ParseDate(f.fm.Reviewed) // checked in parseFile
	a.Translations = []Translation{translationOf(f)}
	return a
}

func translationOf(f *parsedFile) Translation {
	return Translation{Lang: fairshops.Language(f.fm.Lang), Title: f.fm.Title, Summary: f.fm.Summary, Keywords: f.fm.Keywords, Body: f.body}
}

var (
	yamlLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknown = regexp.MustCompile(`^field (\S+) not found in type`)
	fileName    = regexp.MustCompile(`^([^.]+)\.([a-z]{2,3})\.md$`)
)

// parseFile reads one article file and checks what only the file can tell:
// size, front matter syntax, the file name, lang and the date. It returns nil
// when the file cannot become part of an article.
func (l *loader) parseFile(fsys fs.FS, name, dir string) (pf *parsedFile) {
	rel := strings.TrimPrefix(name, dir+"/")
	defer func() {
		// yaml.v3 is fuzzed upstream, but a panic on one file must never
		// take the service down: report it as a problem of that file.
		if r := recover(); r != nil {
			l.add(rel, 0, "", fairshops.ReasonSyntax, fmt.Sprint(r))
			pf = nil
		}
	}()
	data, ok := l.readFile(fsys, name, rel)
	if !ok {
		return nil
	}
	head, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		l.add(rel, 1, "", fairshops.ReasonSyntax, "the file must start with YAML front matter between --- lines")
		return nil
	}
	// A leading newline makes yaml's line numbers the file's line numbers.
	src := append([]byte("\n"), head...)
	f := &parsedFile{name: rel, body: body, bodyLine: bodyLine, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		l.decodeError(rel, err, nil)
		return nil
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		l.add(rel, 1, "", fairshops.ReasonSyntax, "front matter must be a mapping of keys to values")
		return nil
	}
	keyAt := map[int]string{}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		f.lines[k.Value] = k.Line
		keyAt[k.Line] = k.Value
		for j, e := range v.Content {
			if v.Kind == yaml.SequenceNode {
				f.lines[fmt.Sprintf("%s[%d]", k.Value, j)] = e.Line
			}
		}
	}
	// After a type error yaml.v3 still fills the other fields: check them
	// too, so that every problem shows at once, but keep the file out.
	decoded, typeOnly := l.decodeStrict(rel, src, &f.fm, keyAt)
	if !decoded && !typeOnly {
		return nil
	}
	line := func(key string) int {
		if n, found := f.lines[key]; found {
			return n
		}
		return 1
	}
	checkDate := func() {
		if f.fm.Reviewed == "" {
			return
		}
		if _, err := fairshops.ParseDate(f.fm.Reviewed); err != nil {
			l.add(rel, line("reviewed"), "reviewed", fairshops.ReasonInvalidDate)
			f.badDate = true
		}
	}
	if !decoded {
		// yaml.v3 may leave any field empty after a type error: report
		// only what is certain, and keep the file out.
		checkDate()
		return nil
	}
	ok = true
	if m := fileName.FindStringSubmatch(path.Base(name)); m == nil {
		l.add(rel, 0, "", fairshops.ReasonInvalidFormat, "<slug>.<lang>.md")
		ok = false
	} else {
		if f.fm.Slug != m[1] {
			l.add(rel, line("slug"), "slug", fairshops.ReasonMismatch, "the file name "+path.Base(name))
		}
		if f.fm.Lang != m[2] {
			l.add(rel, line("lang"), "lang", fairshops.ReasonMismatch, "the file name "+path.Base(name))
		}
	}
	if f.fm.Slug == "" {
		l.add(rel, line("slug"), "slug", fairshops.ReasonRequired)
		ok = false
	}
	switch {
	case f.fm.Lang == "":
		l.add(rel, line("lang"), "lang", fairshops.ReasonRequired)
		ok = false
	case !fairshops.Language(f.fm.Lang).Valid():
		l.add(rel, line("lang"), "lang", fairshops.ReasonUnknownValue, clip(f.fm.Lang, 35))
		ok = false
	}
	checkDate()
	if !ok {
		return nil
	}
	return f
}

// readFile reads a content file, refusing one larger than MaxFileBytes.
func (l *loader) readFile(fsys fs.FS, name, rel string) ([]byte, bool) {
	info, err := fs.Stat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		l.add(rel, 0, "", fairshops.ReasonRequired)
		return nil, false
	}
	if err != nil {
		l.add(rel, 0, "", fairshops.ReasonSyntax, err.Error())
		return nil, false
	}
	if info.Size() > MaxFileBytes {
		l.add(rel, 0, "", fairshops.ReasonTooLarge, fmt.Sprintf("%d bytes", MaxFileBytes))
		return nil, false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.add(rel, 0, "", fairshops.ReasonSyntax, err.Error())
		return nil, false
	}
	if len(data) > MaxFileBytes {
		l.add(rel, 0, "", fairshops.ReasonTooLarge, fmt.Sprintf("%d bytes", MaxFileBytes))
		return nil, false
	}
	return data, true
}

// decodeStrict decodes YAML into v, rejecting unknown keys, and reports
// every error yaml.v3 gives with its line. src must start with the newline
// that aligns yaml's line numbers with the file's; keyAt names the key on a
// line, for errors that do not. typeOnly reports that every error was a type
// error or an unknown key, after which v holds the other fields.
func (l *loader) decodeStrict(rel string, src []byte, v any, keyAt map[int]string) (ok, typeOnly bool) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return true, false
	}
	return false, l.decodeError(rel, err, keyAt)
}

// decodeError reports a yaml.v3 error, one problem per message, and tells
// whether it was a type error (or unknown keys) only.
func (l *loader) decodeError(rel string, err error, keyAt map[int]string) (typeOnly bool) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs, typeOnly = te.Errors, true
	}
	for _, msg := range msgs {
		line, arg := 0, strings.TrimPrefix(msg, "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			arg = m[2]
		}
		if m := yamlUnknown.FindStringSubmatch(arg); m != nil {
			l.add(rel, line, m[1], fairshops.ReasonUnknownField)
			continue
		}
		if strings.Contains(arg, "cannot unmarshal") {
			arg = cleanTypeError(arg)
		}
		l.add(rel, line, keyAt[line], fairshops.ReasonSyntax, arg)
	}
	return typeOnly
}

// cleanTypeError shortens yaml.v3's "cannot unmarshal !!map into string" to
// words a content writer understands.
func cleanTypeError(msg string) string {
	r := strings.NewReplacer("!!seq", "a list", "!!map", "a mapping", "!!str", "a text", "!!int", "a number",
		"!!bool", "true/false", "!!float", "a number", "!!timestamp", "a date", "[]string", "a list of texts",
		"map[string]string", "a mapping of language to text")
	return r.Replace(msg)
}

// splitFrontMatter cuts a file into the YAML between the leading "---" line
// and the next "---" line, and the body after it, and returns the line
// number of the body's first line. CRLF line ends and a BOM are accepted.
func splitFrontMatter(data []byte) (head []byte, body string, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, "", 0, false
	}
	var i int
	switch {
	case bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")):
		i = 0
	default:
		j := bytes.Index(rest, []byte("\n---\n"))
		if j < 0 {
			if !bytes.HasSuffix(rest, []byte("\n---")) {
				return nil, "", 0, false
			}
			j = len(rest) - 4
		}
		i = j + 1
	}
	head = rest[:i]
	after := rest[i:]
	after = bytes.TrimPrefix(after, []byte("---"))
	after = bytes.TrimPrefix(after, []byte("\n"))
	bodyLine = 2 + bytes.Count(head, []byte("\n")) + 1
	return head, string(after), bodyLine, true
}

// loadTopics reads topics.yaml.
func (l *loader) loadTopics(fsys fs.FS, name string) []Topic {
	rel := path.Base(name)
	data, ok := l.readFile(fsys, name, rel)
	if !ok {
		return nil
	}
	var entries []topicFile
	if ok, _ := l.decodeStrict(rel, append([]byte("\n"), data...), &entries, nil); !ok {
		return nil
	}
	var root yaml.Node
	_ = yaml.Unmarshal(append([]byte("\n"), data...), &root)
	lineOf := func(i int) int {
		if len(root.Content) == 1 && i < len(root.Content[0].Content) {
			return root.Content[0].Content[i].Line
		}
		return 0
	}
	var out []Topic
	seen := map[string]bool{}
	for i, e := range entries {
		field := fmt.Sprintf("[%d]", i)
		line := lineOf(i)
		switch {
		case e.Key == "":
			l.add(rel, line, field+".key", fairshops.ReasonRequired)
		case !keyPattern.MatchString(e.Key):
			l.add(rel, line, field+".key", fairshops.ReasonInvalidFormat, "lower-case letters, digits and _")
		case seen[e.Key]:
			l.add(rel, line, field+".key", fairshops.ReasonDuplicate, e.Key)
		}
		seen[e.Key] = true
		t := Topic{Key: e.Key, Order: e.Order, Title: map[fairshops.Language]string{}, Summary: map[fairshops.Language]string{}}
		for _, part := range []struct {
			name string
			src  map[string]string
			dst  map[fairshops.Language]string
		}{{"title", e.Title, t.Title}, {"summary", e.Summary, t.Summary}} {
			for k, v := range part.src {
				if !fairshops.Language(k).Valid() {
					l.add(rel, line, field+"."+part.name+"."+clip(k, 10), fairshops.ReasonUnknownValue, clip(k, 10))
					continue
				}
				part.dst[fairshops.Language(k)] = v
			}
			for _, lang := range fairshops.Languages() {
				if strings.TrimSpace(part.dst[lang]) == "" {
					l.add(rel, line, field+"."+part.name+"."+string(lang), fairshops.ReasonRequired)
				}
			}
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		l.add(rel, 1, "", fairshops.ReasonRequired)
	}
	slices.SortStableFunc(out, func(a, b Topic) int { return a.Order - b.Order })
	return out
}
