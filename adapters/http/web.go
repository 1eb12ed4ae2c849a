package http

// The core of the server-rendered web UI: templates with one layout,
// the data every page gets, the language of a page, static assets, CSRF
// protected forms and error pages. The pages live in web_*.go; each page
// handler follows the same pattern:
//
//	GET:  c, ok := h.webCaller(w, r)       // or h.requireRole for /shop, /operator
//	      p := h.newPage(w, r, c, "title.key")
//	      p.Data = ...
//	      h.render(w, r, http.StatusOK, "page", p)
//	POST: c, ok := h.webPost(w, r)           // body limit, form, CSRF check first
//	      ... call the service; on a *fairshops.ValidationError:
//	      h.renderInvalid(w, r, c, "page", "title.key", err, data, labels) // 422, errors next to fields
//	      on success: seeOther(w, r, "/somewhere?done=key")      // post/redirect/get
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
// is a portal article's body, rendered by the portal from Markdown without
// raw HTML (see web_public.go).

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/mediation"
)

//go:embed web/templates/*.html web/static/*
var webFiles embed.FS

// Web UI settings.
const (
	// webMaxForm bounds the body of a web form.
	webMaxForm = 64 << 10
	// langCookie keeps the reader's choice of language for a year.
	langCookie = "ks_lang"
	langMaxAge = 365 * 24 * 60 * 60
	// assetMaxAge is the cache lifetime of a static file whose URL carries
	// its current content hash.
	assetMaxAge = 365 * 24 * 60 * 60
)

// webUI holds what the web pages need, built once by registerWeb: the
// parsed templates per language, the merged message tables and the static
// files with their hashes. It is immutable after newWebUI.
type webUI struct {
	pages  map[fairshops.Language]map[string]*template.Template
	msgs   *fairshops.Messages
	keys   map[string]bool
	assets map[string]webAsset
	loc    *time.Location
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
	ui.pages = map[fairshops.Language]map[string]*template.Template{}
	for _, lang := range fairshops.Languages() {
		base, err := template.New("layout.html").Funcs(ui.funcs(lang)).ParseFS(webFiles, partials...)
		if err != nil {
			return nil, err
		}
		ui.pages[lang] = map[string]*template.Template{}
		for _, f := range pages {
			clone, err := base.Clone()
			if err != nil {
				return nil, err
			}
			t, err := clone.ParseFS(webFiles, f)
			if err != nil {
				return nil, err
			}
			ui.pages[lang][strings.TrimSuffix(path.Base(f), ".html")] = t
		}
	}
	return ui, nil
}

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

// webUser is who is logged in, as pages show it.
type webUser struct {
	Login    string
	Operator bool
	Outbox   bool // the operator console has the outbox page
	ShopID   string
}

// webPage is the root (.) of every template: the page's language and
// title, who is logged in, the CSRF token for its forms, the form state,
// a notice after a post/redirect/get and the page's own data.
type webPage struct {
	Lang  fairshops.Language
	Title string // translated
	// Path is the request's path and query: the target of the language
	// switch and of the login's way back.
	Path   string
	User   *webUser
	CSRF   string
	Notice string   // translated; set from ?done=<key> by newPage
	Form   *webForm // never nil
	Data   any
	// Main is the id of the main content, the target of "skip to content".
	Main string
}

// webForm is the state of a page's form: what was typed and what is wrong.
// Errors are keyed by the JSON path of the field ("contact.email"), the
// same key the services report in a *fairshops.ValidationError.
type webForm struct {
	Values  url.Values
	Errors  map[string][]string
	Summary []webFieldError // every error in order, for the summary above the form
	Message string          // a form-level message (e.g. a refused CSRF token)
}

// webFieldError is one error of the summary, linked to its field.
type webFieldError struct {
	Field  string
	ID     string // the field's element id, "" when the form has no such field
	Label  string
	Reason string
}

// Get returns the value typed into a field.
func (f *webForm) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a checkbox or radio value was chosen.
func (f *webForm) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Err returns the reasons of a field's errors.
func (f *webForm) Err(name string) []string { return f.Errors[name] }

// Invalid reports whether the form has errors.
func (f *webForm) Invalid() bool { return len(f.Summary) > 0 || f.Message != "" }

// addError records a field's error. An empty label means the form has no
// such field: the summary then shows the reason without a link.
func (f *webForm) addError(field, label, reason string) {
	if f.Errors == nil {
		f.Errors = map[string][]string{}
	}
	f.Errors[field] = append(f.Errors[field], reason)
	e := webFieldError{Field: field, Label: label, Reason: reason}
	if label != "" {
		e.ID = fieldID(field)
	}
	f.Summary = append(f.Summary, e)
}

// webField is one form field as the partials "input", "textarea",
// "select", "checkbox" and "radios" render it: a label, the value typed,
// the errors next to it (linked with aria-describedby).
type webField struct {
	Name     string
	ID       string
	Label    string
	Type     string // input type: text (default), email, date, number, ...
	Value    string
	Checked  bool
	Errors   []string
	Required bool
	HintText string
	Options  []webOption
	Max      int    // maxlength, 0 for none
	Auto     string // the autocomplete attribute, "" for none
	form     *webForm
}

// webOption is one choice of a select or a radio group.
type webOption struct {
	Value, Label string
}

// newWebField builds the field name of form f with its label.
func newWebField(f *webForm, name, label string) *webField {
	if f == nil {
		f = &webForm{}
	}
	return &webField{Name: name, ID: fieldID(name), Label: label, Type: "text", Value: f.Get(name),
		Errors: f.Err(name), form: f}
}

// fieldID is the element id of a field: "f-" and its name with every
// character but letters and digits as "-".
func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range name {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// As returns the field with an input type.
func (f *webField) As(typ string) *webField { c := *f; c.Type = typ; return &c }

// Req returns the field marked required.
func (f *webField) Req() *webField { c := *f; c.Required = true; return &c }

// Autocomplete returns the field with an autocomplete token ("email").
func (f *webField) Autocomplete(token string) *webField { c := *f; c.Auto = token; return &c }

// Hint returns the field with a hint shown under its label.
func (f *webField) Hint(text string) *webField { c := *f; c.HintText = text; return &c }

// MaxLen returns the field with a maximum length.
func (f *webField) MaxLen(n int) *webField { c := *f; c.Max = n; return &c }

// Check returns the field as a checkbox with the value "true", checked when
// the form has that value (or, when the form is empty, when def is true).
func (f *webField) Check(def bool) *webField {
	c := *f
	c.Type = "checkbox"
	if c.form != nil && len(c.form.Values) > 0 {
		c.Checked = c.form.Has(c.Name, "true")
	} else {
		c.Checked = def
	}
	return &c
}

// Chosen reports whether value is the field's chosen option.
func (f *webField) Chosen(value string) bool { return f.Value == value }

// ErrID is the id of the element holding the field's errors.
func (f *webField) ErrID() string { return f.ID + "-err" }

// HintID is the id of the element holding the field's hint.
func (f *webField) HintID() string { return f.ID + "-hint" }

// Describedby lists the ids that describe the field (hint, errors).
func (f *webField) Describedby() string {
	var ids []string
	if f.HintText != "" {
		ids = append(ids, f.HintID())
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ErrID())
	}
	return strings.Join(ids, " ")
}

// webLanguage is the language of a page: a valid ?lang=, else the ks_lang
// cookie, else Accept-Language, else German.
func webLanguage(r *http.Request) fairshops.Language {
	if l, err := fairshops.ParseLanguage(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	if ck, err := r.Cookie(langCookie); err == nil {
		if l, err := fairshops.ParseLanguage(ck.Value); err == nil {
			return l
		}
	}
	return fairshops.NegotiateLanguage(r.Header.Values("Accept-Language")...)
}

// webCaller reads who sends a web request. A session cookie that is no
// longer valid is deleted and the caller treated as anonymous, so that an
// expired login never locks anyone out of the public pages.
func (h *Handler) webCaller(w http.ResponseWriter, r *http.Request) caller {
	if r.Header.Get("Authorization") != "" {
		// The web UI works with cookies only; a bearer credential belongs
		// to the API.
		r.Header.Del("Authorization")
	}
	c, err := h.identify(r)
	if err != nil {
		http.SetCookie(w, h.cookie(sessionCookie, "", "/", -1))
		c = caller{}
		if ck, err := r.Cookie(consumerCook); err == nil && ck.Value != "" {
			c.consumer = fairshops.Token(ck.Value)
		}
	}
	c.lang = webLanguage(r)
	return c
}

// requireRole lets through a caller logged in with the role; anyone not
// logged in is sent to /login (and back afterwards), anyone logged in with
// another role gets the 404 page, so that a shop cannot tell the
// operator's pages exist.
func (h *Handler) requireRole(w http.ResponseWriter, r *http.Request, role account.Role) (caller, bool) {
	c := h.webCaller(w, r)
	if c.account == nil {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			seeOther(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
		} else {
			seeOther(w, r, "/login")
		}
		return c, false
	}
	if c.account.Role != role {
		h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, "", "", nil))
		return c, false
	}
	return c, true
}

// webPost prepares a POST of a web form: the body is limited to
// webMaxForm, the form parsed and the CSRF token checked before anything
// else. It answers itself (413, 400 or 403 with a clear message) and
// returns false when the request must go no further.
func (h *Handler) webPost(w http.ResponseWriter, r *http.Request) (caller, bool) {
	c := h.webCaller(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, webMaxForm)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		p := h.newPage(w, r, c, "error.title")
		if errors.As(err, &tooLarge) {
			p.Data = webErrorData{Status: http.StatusRequestEntityTooLarge, Heading: h.web.t(c.lang, "error.too_large"),
				Text: h.web.t(c.lang, "error.too_large.text")}
			h.render(w, r, http.StatusRequestEntityTooLarge, "error", p)
			return c, false
		}
		p.Data = webErrorData{Status: http.StatusBadRequest, Heading: h.web.t(c.lang, "error.bad_request"),
			Text: h.web.t(c.lang, "error.bad_request.text")}
		h.render(w, r, http.StatusBadRequest, "error", p)
		return c, false
	}
	if err := h.checkCSRF(r, c); err != nil {
		h.webError(w, r, c, err)
		return c, false
	}
	return c, true
}

// allowWrite applies the stricter per-client limit of logins and filings
// and answers 429 with a page when it is exceeded.
func (h *Handler) allowWrite(w http.ResponseWriter, r *http.Request, c caller) bool {
	ok, wait := h.writes.allow(clientKey(r, h.trustProxy))
	if ok {
		return true
	}
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", fmt.Sprint(secs))
	p := h.newPage(w, r, c, "error.title")
	p.Data = webErrorData{Status: http.StatusTooManyRequests, Heading: h.web.t(c.lang, "error.too_many"),
		Text: h.web.t(c.lang, "error.too_many.text", secs)}
	h.render(w, r, http.StatusTooManyRequests, "error", p)
	return false
}

// newPage builds the data of a page with a fresh CSRF token for its forms.
// titleKey is a message key; a ?done=<key> parameter becomes the notice
// when "done.<key>" is a message key (never a text from the URL).
func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, c caller, titleKey string, args ...any) *webPage {
	p := &webPage{Lang: c.lang, Title: h.web.t(c.lang, titleKey, args...), Path: r.URL.RequestURI(),
		Form: &webForm{Values: url.Values{}}, Main: "main"}
	if !p.Lang.Valid() {
		p.Lang = fairshops.German
	}
	if c.account != nil {
		op := c.account.Role == account.Operator
		p.User = &webUser{Login: c.account.Login, Operator: op, Outbox: op && h.outbox != nil, ShopID: c.shopID()}
	}
	if done := r.URL.Query().Get("done"); done != "" && h.web.keys["done."+done] {
		p.Notice = h.web.t(c.lang, "done."+done)
	}
	if _, err := h.ensureCSRFCookie(w, r); err == nil {
		if tok, err := h.csrf.issue(csrfBinding(r, c)); err == nil {
			p.CSRF = tok
		}
	}
	return p
}

// render executes a page template with the layout and writes it with the
// status. The page is rendered into a buffer first, so a failing template
// gives a clean 500 rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *webPage) {
	t := h.web.pages[p.Lang][name]
	if t == nil {
		h.log.ErrorContext(r.Context(), "web: no such template", "template", name)
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

// seeOther redirects with 303 to a path of this service: the answer to
// every successful POST (post/redirect/get).
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath returns p when it is a path of this service ("/..." but not
// "//..." or "/\..."), else "/": the guard of every redirect target that
// comes from a request (no open redirects).
func localPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}

// webErrorData is the data of the error page.
type webErrorData struct {
	Status  int
	Heading string
	Text    string
	Reasons []string
}

// webError renders the error page for err with the status of its kind:
// 404 (NotFound, and foreign objects, which the services report as
// NotFound), 403 (Forbidden, a refused CSRF token), 409 (Conflict,
// NotAllowed, with the reasons), 422 (Invalid, when no form can show it)
// and 500 (Internal, logged and never shown).
func (h *Handler) webError(w http.ResponseWriter, r *http.Request, c caller, err error) {
	if clientGone(w, r, err) {
		return
	}
	kind := fairshops.KindOf(err)
	status := statusOf(kind)
	p := h.newPage(w, r, c, "error.title")
	d := webErrorData{Status: status}
	switch {
	case isCSRFError(err):
		d.Heading, d.Text = h.web.t(c.lang, "error.csrf"), h.web.t(c.lang, "error.csrf.text")
	case kind == fairshops.NotFound:
		d.Heading, d.Text = h.web.t(c.lang, "error.not_found"), h.web.t(c.lang, "error.not_found.text")
	case kind == fairshops.Forbidden:
		d.Heading, d.Text = h.web.t(c.lang, "error.forbidden"), h.web.t(c.lang, "error.forbidden.text")
	case kind == fairshops.Conflict:
		d.Heading, d.Text = h.web.t(c.lang, "error.conflict"), h.web.t(c.lang, "error.conflict.text")
	case kind == fairshops.NotAllowed:
		d.Heading, d.Text = h.web.t(c.lang, "error.not_allowed"), h.web.t(c.lang, "error.not_allowed.text")
		d.Reasons = h.notAllowedReasons(c.lang, err)
	case kind == fairshops.Invalid:
		d.Heading, d.Text = h.web.t(c.lang, "error.invalid"), h.web.t(c.lang, "error.invalid.text")
		var ve *fairshops.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Fields {
				d.Reasons = append(d.Reasons, strings.TrimPrefix(f.Field+": ", ": ")+f.Reason(c.lang))
			}
		}
	default:
		h.log.ErrorContext(r.Context(), "web request failed", "path", r.URL.Path, "err", err)
		d.Heading, d.Text = h.web.t(c.lang, "error.internal"), h.web.t(c.lang, "error.internal.text")
	}
	p.Data = d
	h.render(w, r, status, "error", p)
}

// notAllowedReasons says in words why a move was refused: every reason of a
// mediation refusal, or the state a complaint or case is in.
func (h *Handler) notAllowedReasons(lang fairshops.Language, err error) []string {
	var ref *mediation.Refusal
	if errors.As(err, &ref) {
		return ref.Texts(lang)
	}
	var me *complaint.MoveError
	if errors.As(err, &me) {
		return []string{h.web.t(lang, "error.state", h.web.t(lang, "complaint.state."+string(me.State)))}
	}
	return nil
}

// renderInvalid re-renders a form page with 422: every field error of err
// next to its field (keyed by its JSON path), what was typed kept. label
// names a field for the error summary, "" for a field the form does not
// show (its reason is then listed without a link). An error that is no
// *fairshops.ValidationError goes to webError.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, c caller, name, titleKey string,
	err error, data any, label func(field string) string, titleArgs ...any) {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, titleKey, titleArgs...)
	p.Form.Values = r.PostForm
	addValidationErrors(p.Form, err, c.lang, label)
	p.Data = data
	h.render(w, r, http.StatusUnprocessableEntity, name, p)
}

// addValidationErrors adds every field error of a *fairshops.ValidationError
// to the form, with its reason in lang; see renderInvalid for label.
func addValidationErrors(f *webForm, err error, lang fairshops.Language, label func(field string) string) {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, fe := range ve.Fields {
		l := ""
		if label != nil {
			l = label(fe.Field)
		}
		f.addError(fe.Field, l, fe.Reason(lang))
	}
}

// langSwitch answers GET /lang/{lang}: it keeps the choice in the ks_lang
// cookie and sends the reader back where they came from (?back=, a local
// path only).
func (h *Handler) langSwitch(w http.ResponseWriter, r *http.Request) {
	l, err := fairshops.ParseLanguage(r.PathValue("lang"))
	if err != nil {
		h.webError(w, r, h.webCaller(w, r), fairshops.E("web", fairshops.NotFound, "", "", nil))
		return
	}
	ck := h.cookie(langCookie, string(l), "/", langMaxAge)
	ck.HttpOnly = true
	http.SetCookie(w, ck)
	back, err := url.Parse(localPath(r.URL.Query().Get("back")))
	if err != nil {
		back = &url.URL{Path: "/"}
	}
	// A ?lang= in the way back would override the cookie: drop it.
	q := back.Query()
	q.Del("lang")
	back.RawQuery = q.Encode()
	seeOther(w, r, localPath(back.RequestURI()))
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

// webNotFound renders the 404 page for a path no route takes.
func (h *Handler) webNotFound(w http.ResponseWriter, r *http.Request) {
	h.webError(w, r, h.webCaller(w, r), fairshops.E("web", fairshops.NotFound, "", "no such page", nil))
}
