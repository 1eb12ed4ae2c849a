package http

// The web UI's templates and assets. The pages live in web_*.go (one file
// per audience: web_public.go, web_consumer.go, web_login.go,
// web_shop.go, web_operator*.go); their routes and who may call them are in
// the route table (routes.go), whose guard (guard.go) reads the caller,
// checks every form post's CSRF token before anything else and refuses
// whoever the route is not for. A page handler then follows one pattern:
//
//	GET:  c := callerOf(r)                   // who, as the guard established
//	      p := h.newPage(w, r, c, "title.key")
//	      p.Data = ...
//	      h.render(w, r, http.StatusOK, "page", p)
//	POST: c := callerOf(r)                   // the form is parsed and its CSRF token checked
//	      ... call the service; on a *fairshops.ValidationError:
//	      h.renderInvalid(w, r, c, "page", "title.key", err, data, labels) // 422, errors next to fields
//	      on success: seeOther(w, r, "/somewhere?done=key")      // post/redirect/get
//
// The form and field model is in web_form.go, the request plumbing (the
// page's language and caller, the page data, redirects and error pages) in
// web_request.go.
//
// Templates are html/template files under web/templates: "layout.html"
// (the frame), files starting with "_" hold partials shared by every page
// (form fields, the pre-check), every other file is a page named after its
// file ("landing.html" -> "landing") that defines the blocks "main" and,
// optionally, "head". They are parsed once per language, so that the
// template function t translates without being told the language:
//
//	{{t "key" arg...}}      a UI text from the message tables (web_messages*.go)
//	{{asset "site.css"}}    the URL of a static file with its content hash
//	{{date .D}} {{money .M}} {{datetime .T}}  values in the page's language
//	{{template "input" (fld $.Form "contact.name" (t "label")).Req}}  a form field
//
// No user text is ever marked safe: the only template.HTML of the web UI
// are a portal article's body, rendered by the portal from Markdown without
// raw HTML (see web_public.go), and the service figures' charts, SVG built
// by svgchart.go, which escapes every text it writes (web_figures.go).

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

//go:embed web/templates/*.html web/static/*
var webFiles embed.FS

// assetMaxAge is the cache lifetime of a static file whose URL carries its
// current content hash.
const assetMaxAge = 365 * 24 * 60 * 60

// webUI holds what the web pages need, built once by New: the
// templates per language (each page parsed on its first render), the
// merged message tables and the static files with their hashes. It is
// immutable after newWebUI (a page's parse happens once, under its
// sync.OnceValues).
type webUI struct {
	pages  map[fairshops.Language]map[string]func() (*template.Template, error)
	msgs   *fairshops.Messages
	keys   map[string]bool
	assets map[string]webAsset
	loc    *time.Location
	// build is a digest of the templates, static files and texts: a page's
	// ETag changes with it (publicview.go).
	build string
}

// webAsset is one static file.
type webAsset struct {
	data  []byte
	hash  string // first 16 hex digits of its SHA-256
	ctype string
}

// newWebUI parses the templates and reads the static files; tables are the
// message tables of the web helpers (web_messages*.go), merged. A key that
// two tables define is an error, so that one table cannot silently change
// another's text.
func newWebUI(tables ...map[fairshops.Language]map[string]string) (*webUI, error) {
	merged := map[fairshops.Language]map[string]string{}
	for _, tab := range tables {
		for lang, entries := range tab {
			if merged[lang] == nil {
				merged[lang] = map[string]string{}
			}
			for k, v := range entries {
				if _, dup := merged[lang][k]; dup {
					return nil, fmt.Errorf("web: message %s/%s defined twice", lang, k)
				}
				merged[lang][k] = v
			}
		}
	}
	ui := &webUI{msgs: fairshops.NewMessages(merged), keys: map[string]bool{}, assets: map[string]webAsset{},
		loc: fairshops.Berlin()}
	for _, k := range ui.msgs.Keys() {
		ui.keys[k] = true
	}
	statics, err := fs.Glob(webFiles, "web/static/*")
	if err != nil {
		return nil, err
	}
	for _, name := range statics {
		data, err := webFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		ui.assets[path.Base(name)] = webAsset{data: data, hash: hex.EncodeToString(sum[:8]), ctype: ct}
	}
	files, err := fs.Glob(webFiles, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	var partials, pages []string
	for _, f := range files {
		switch base := path.Base(f); {
		case base == "layout.html" || strings.HasPrefix(base, "_"):
			partials = append(partials, f)
		default:
			pages = append(pages, f)
		}
	}
	// The layout and partials are parsed now (a broken one fails New); a
	// page is cloned from them and parsed on its first render: each clone
	// copies every partial's tree, and most processes never render most
	// pages (an operator's pages on a consumer-facing node, the other
	// language), so parsing all of them up front cost about 10 MB of
	// allocations at every start and set the heap's size for a long time.
	ui.pages = map[fairshops.Language]map[string]func() (*template.Template, error){}
	for _, lang := range fairshops.Languages() {
		base, err := template.New("layout.html").Funcs(ui.funcs(lang)).ParseFS(webFiles, partials...)
		if err != nil {
			return nil, err
		}
		var mu sync.Mutex // Clone of one base from several first renders at once
		ui.pages[lang] = map[string]func() (*template.Template, error){}
		for _, f := range pages {
			ui.pages[lang][strings.TrimSuffix(path.Base(f), ".html")] = sync.OnceValues(func() (*template.Template, error) {
				mu.Lock()
				clone, err := base.Clone()
				mu.Unlock()
				if err != nil {
					return nil, err
				}
				return clone.ParseFS(webFiles, f)
			})
		}
	}
	ui.build, err = webBuild(merged)
	if err != nil {
		return nil, err
	}
	return ui, nil
}

// sharedWebUI is the web UI every Handler of the process uses: it comes only
// from embedded files and the package's message tables and is immutable, so
// it is parsed once (parsing and cloning the templates of every page in two
// languages is most of the cost of New).
var sharedWebUI = sync.OnceValues(func() (*webUI, error) { return newWebUI(webText(), webOperatorText()) })

// t renders a UI text; a key that no table defines renders as itself, and
// a test checks that templates use only defined keys.
func (ui *webUI) t(lang fairshops.Language, key string, args ...any) string {
	return ui.msgs.Render(lang, key, args...)
}

// assetURL is the URL of a static file with its content hash, so that the
// file can be cached for a year and a new version is fetched at once.
func (ui *webUI) assetURL(name string) string {
	a, ok := ui.assets[name]
	if !ok {
		return "/static/" + url.PathEscape(name)
	}
	return "/static/" + url.PathEscape(name) + "?v=" + a.hash
}

// funcs are the template functions, bound to one language.
func (ui *webUI) funcs(lang fairshops.Language) template.FuncMap {
	return template.FuncMap{
		"t":     func(key string, args ...any) string { return ui.t(lang, key, args...) },
		"asset": ui.assetURL,
		"date": func(d fairshops.Date) string {
			if d.IsZero() {
				return ""
			}
			return fairshops.FormatterFor(lang).Date(d)
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return fairshops.FormatterFor(lang).DateTime(t.In(ui.loc))
		},
		"money":    func(m fairshops.Money) string { return fairshops.FormatterFor(lang).Money(m) },
		"category": func(c precheck.Category) string { return c.Label(lang) },
		"fact":     func(name string) string { return precheck.FactLabel(name, lang) },
		"factrows": func(f precheck.Facts) []opFact {
			return factRows(f, lang, ui.t(lang, "op.yes"), ui.t(lang, "op.no"))
		},
		"resolution": func(r precheck.Resolution) string { return precheck.Messages().Render(lang, "resolution."+string(r)) },
		"exception": func(e precheck.WithdrawalException) string {
			return precheck.Messages().Render(lang, "exception."+string(e))
		},
		"clarity": func(c precheck.Clarity) string { return precheck.Messages().Render(lang, "clarity."+string(c)) },
		"favours": func(f precheck.Favours) string { return precheck.Messages().Render(lang, "favours."+string(f)) },
		"fld":     newWebField,
		"choices": func(f *webField, opts []webOption) *webField { c := *f; c.Options = opts; return &c },
		"opt":     func(value, label string) webOption { return webOption{Value: value, Label: label} },
		"lower":   strings.ToLower,
	}
}

// render executes a page template with the layout and writes it with the
// status. The page is rendered into a buffer first, so a failing template
// gives a clean 500 rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *webPage) {
	page := h.web.pages[p.Lang][name]
	if page == nil {
		h.log.ErrorContext(r.Context(), "web: no such template", "template", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	t, err := page()
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: template does not parse", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		h.log.ErrorContext(r.Context(), "web: render failed", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", string(p.Lang))
	w.Header().Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// static answers GET /static/{name}: embedded files, cached for a year
// when the URL names the current content hash (asset adds it), else
// revalidated.
func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := h.web.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == a.hash {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d, immutable", assetMaxAge))
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", `"`+a.hash+`"`)
	if r.Header.Get("If-None-Match") == `"`+a.hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(a.data)
}

// webBuild digests every embedded web file and every text, in a fixed order.
func webBuild(texts map[fairshops.Language]map[string]string) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(webFiles, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := webFiles.ReadFile(name)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", err
	}
	for _, lang := range slices.Sorted(maps.Keys(texts)) {
		for _, k := range slices.Sorted(maps.Keys(texts[lang])) {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00", lang, k, texts[lang][k])
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
