package http

// The request plumbing of the web UI: the language and the caller of a
// page, the data every page gets, the write limit, redirects, the error
// pages and the language switch.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/mediation"
)

// Web request settings.
const (
	// webMaxForm bounds the body of a web form (a route may allow more:
	// route.form).
	webMaxForm = 64 << 10
	// langCookie keeps the reader's choice of language for a year.
	langCookie = "ks_lang"
	langMaxAge = 365 * 24 * 60 * 60
)

// webUser is who is logged in, as pages show it.
type webUser struct {
	Login    string
	Operator bool
	Outbox   bool // the operator console has the outbox page
	Reviews  bool // the operator console has the page of open reviews (review.go)
	Audit    bool // the operator console has the audit log page
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
	// Legal are the footer's links to the operator's legal pages.
	Legal LegalLinks
}

// webLanguage is the language of a page: a valid ?lang=, else the ks_lang
// cookie, else Accept-Language, else German.
func (h *Handler) webLanguage(r *http.Request) fairshops.Language {
	if l, err := fairshops.ParseLanguage(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	if ck, err := h.readCookie(r, langCookie); err == nil {
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
		if ck, err := h.readCookie(r, consumerCook); err == nil && ck.Value != "" {
			c.consumer = fairshops.Token(ck.Value)
		}
	}
	c.lang = h.webLanguage(r)
	return c
}

// allowWrite applies the stricter per-client limit of logins and filings
// and answers 429 with a page when it is exceeded.
func (h *Handler) allowWrite(w http.ResponseWriter, r *http.Request, c caller) bool {
	ok, wait := h.writes.allow(h.clientKey(r))
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
		Form: &webForm{Values: url.Values{}}, Main: "main", Legal: h.legal}
	if !p.Lang.Valid() {
		p.Lang = fairshops.German
	}
	if c.account != nil {
		op := c.account.Role == account.Operator
		p.User = &webUser{Login: c.account.Login, Operator: op, Outbox: op && h.outbox != nil, Audit: op && h.audit != nil, ShopID: c.shopID(),
			Reviews: op && h.reviewsOn()}
	}
	if done := r.URL.Query().Get("done"); done != "" && h.web.keys["done."+done] {
		p.Notice = h.web.t(c.lang, "done."+done)
	}
	if _, err := h.ensureCSRFCookie(w, r); err == nil {
		if tok, err := h.csrf.issue(h.csrfBinding(r, c)); err == nil {
			p.CSRF = tok
		}
	}
	return p
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
	// Resend offers "send me my link again" (a consumer's page not found).
	Resend bool
}

// webError renders the error page for err with the status of its kind:
// 404 (NotFound, and foreign objects, which the services report as
// NotFound), 403 (Forbidden, a refused CSRF token), 409 (Conflict,
// NotAllowed, with the reasons), 422 (Invalid, when no form can show it)
// 503 (Canceled: the request's deadline passed; a warning, not an error)
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
		d.Resend = h.complaints != nil && (strings.HasPrefix(r.URL.Path, "/c/") || strings.HasPrefix(r.URL.Path, "/access/"))
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
	case kind == fairshops.Canceled:
		// The request ran out of time: no failure of ours to log as an error.
		h.log.WarnContext(r.Context(), "web request timed out", "path", r.URL.Path, "err", err)
		d.Heading, d.Text = h.web.t(c.lang, "error.unavailable"), h.web.t(c.lang, "error.unavailable.text")
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

// langSwitch answers GET /lang/{lang}: it keeps the choice in the ks_lang
// cookie and sends the reader back where they came from (?back=, a local
// path only).
func (h *Handler) langSwitch(w http.ResponseWriter, r *http.Request) {
	l, err := fairshops.ParseLanguage(r.PathValue("lang"))
	if err != nil {
		h.webError(w, r, callerOf(r), fairshops.E("web", fairshops.NotFound, "", "", nil))
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

// webNotFound renders the 404 page for a path no route takes.
func (h *Handler) webNotFound(w http.ResponseWriter, r *http.Request) {
	h.webError(w, r, h.webCaller(w, r), fairshops.E("web", fairshops.NotFound, "", "no such page", nil))
}
