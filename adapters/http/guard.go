package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// The guards: what register wraps around every handler, by the route's
// access rule (routes.go). A guard reads the caller once, refuses whoever
// the rule keeps out (in the answer of the route's face: a problem for the
// API, a page or a redirect to the login for the web UI), and hands the
// caller to the handler in the request's context (callerOf). For a web
// form post it limits and parses the form and checks its CSRF token before
// anything else.

// callerKey is the context key of the caller a guard established.
type callerKey struct{}

// callerOf returns the caller the route's guard established; a request
// that passed no guard (never a registered route but ops) is anonymous.
func callerOf(r *http.Request) caller {
	if c, ok := r.Context().Value(callerKey{}).(caller); ok {
		return c
	}
	return caller{lang: requestLanguage(r)}
}

// withCaller returns r carrying c for callerOf.
func withCaller(r *http.Request, c caller) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c))
}

// guard wraps a route's handler in the check of its access rule.
func (h *Handler) guard(rt route) http.Handler {
	switch {
	case rt.access == ops:
		return rt.handler
	case rt.api():
		return h.apiGuard(rt)
	default:
		return h.webGuard(rt)
	}
}

// apiGuard checks the lang parameter (400), then, unless anyone may call,
// the caller's credentials (401 for wrong ones, 403 for an unsafe call by
// cookie without a valid CSRF token) and the access rule.
func (h *Handler) apiGuard(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang, ok := h.language(w, r)
		if !ok || !apiQueryKnown(w, r, lang, rt.params) {
			return
		}
		if rt.access == anyone {
			rt.handler(w, r)
			return
		}
		c, ok := h.identified(w, r)
		if !ok || !h.apiAdmits(w, r, rt.access, c) {
			return
		}
		rt.handler(w, withCaller(r, c))
	}
}

// apiQueryKnown refuses a query parameter the route does not read (400, one
// unknown_field problem per parameter, the parameter as the field), as the
// body readers refuse unknown members: a misspelt filter must not silently
// widen a list.
func apiQueryKnown(w http.ResponseWriter, r *http.Request, lang fairshops.Language, known []string) bool {
	if r.URL.RawQuery == "" {
		return true
	}
	var unknown []string
	for k := range r.URL.Query() {
		if k != "lang" && !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return true
	}
	slices.Sort(unknown)
	fields := make([]fairshops.FieldError, len(unknown))
	for i, k := range unknown {
		fields[i] = fairshops.FieldError{Field: k, Code: fairshops.ReasonUnknownField}
	}
	badRequestFields(w, lang, fields)
	return false
}

// identified reads the caller's credentials and answers 401 for wrong ones.
// Unsafe requests authenticated by a cookie (a login session, or the
// consumer's cookie of the web UI) must carry a valid CSRF token: 403
// otherwise, also for a token used before.
func (h *Handler) identified(w http.ResponseWriter, r *http.Request) (caller, bool) {
	c, err := h.identify(r)
	if err != nil {
		apiUnauthorized(w, requestLanguage(r))
		return c, false
	}
	byCookie := c.viaCookie || (c.consumer != "" && r.Header.Get("Authorization") == "")
	if byCookie && r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := h.checkCSRF(r, c); err != nil {
			h.writeError(w, r, err)
			return c, false
		}
	}
	return c, true
}

// apiAdmits applies an access rule to an identified API caller and answers
// a refusal itself.
func (h *Handler) apiAdmits(w http.ResponseWriter, r *http.Request, a access, c caller) bool {
	switch a {
	case party:
		if c.account == nil && c.consumer == "" {
			h.apiNotFound(w, r)
			return false
		}
		return true
	case session:
		if !c.viaCookie {
			apiUnauthorized(w, c.lang)
			return false
		}
		return true
	case shopOrOperator, ownShopOrOperator, shopOnly, operatorOnly:
	default:
		h.writeError(w, r, fairshops.E("http", fairshops.Internal, "", "access "+a.String()+" on the API", nil))
		return false
	}
	switch {
	case c.account == nil && c.consumer != "":
		h.apiForbidden(w, r, "a complaint token opens its complaint only")
		return false
	case c.account == nil:
		apiUnauthorized(w, c.lang)
		return false
	}
	switch {
	case a == shopOnly && c.shopID() == "":
		h.apiForbidden(w, r, "shops only")
		return false
	case a == operatorOnly && !c.isOperator():
		h.apiForbidden(w, r, "operator only")
		return false
	case a == ownShopOrOperator && !c.isOperator() && c.shopID() != r.PathValue("shop"):
		h.apiForbidden(w, r, "the shop itself and the operator only")
		return false
	}
	return true
}

// webGuard reads the caller (webCaller), and for a form post limits the
// body, parses the form and checks its CSRF token before anything else
// (413, 400 or 403 with a clear page); then it applies the access rule.
func (h *Handler) webGuard(rt route) http.HandlerFunc {
	limit := rt.form
	if limit <= 0 {
		limit = webMaxForm
	}
	return func(w http.ResponseWriter, r *http.Request) {
		c := h.webCaller(w, r)
		if rt.unsafe() && rt.files && isMultipart(r) {
			var ok bool
			if r, ok = h.webMultipart(w, r, c); !ok {
				return
			}
		} else if rt.unsafe() && !h.webForm(w, r, c, limit) {
			return
		}
		if !h.webAdmits(w, r, rt.access, c) {
			return
		}
		rt.handler(w, withCaller(r, c))
	}
}

// webForm limits the body of a form post to limit bytes, parses the form
// and checks its CSRF token. It answers itself (413, 400 or 403) and
// returns false when the request must go no further.
func (h *Handler) webForm(w http.ResponseWriter, r *http.Request, c caller, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		p := h.newPage(w, r, c, "error.title")
		if errors.As(err, &tooLarge) {
			p.Data = webErrorData{Status: http.StatusRequestEntityTooLarge, Heading: h.web.t(c.lang, "error.too_large"),
				Text: h.web.t(c.lang, "error.too_large.text")}
			h.render(w, r, http.StatusRequestEntityTooLarge, "error", p)
			return false
		}
		p.Data = webErrorData{Status: http.StatusBadRequest, Heading: h.web.t(c.lang, "error.bad_request"),
			Text: h.web.t(c.lang, "error.bad_request.text")}
		h.render(w, r, http.StatusBadRequest, "error", p)
		return false
	}
	if err := h.checkCSRF(r, c); err != nil {
		h.webError(w, r, c, err)
		return false
	}
	return true
}

// webAdmits applies an access rule to a web caller and answers a refusal
// itself: the 404 page for a consumer page without the token and for a
// logged-in caller of another role (so that a shop cannot tell the
// operator's pages exist), the login for anyone not logged in (with the
// way back for a GET).
func (h *Handler) webAdmits(w http.ResponseWriter, r *http.Request, a access, c caller) bool {
	switch a {
	case anyone:
		return true
	case consumer:
		if r.Method == http.MethodGet && r.URL.Query().Has("t") {
			h.consumerLink(w, r, c)
			return false
		}
		if c.consumer == "" {
			h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, r.PathValue("id"), "", nil))
			return false
		}
		return true
	case shopOnly, operatorOnly, shopOrOperator:
	default:
		h.webError(w, r, c, fairshops.E("web", fairshops.Internal, "", "access "+a.String()+" on a page", nil))
		return false
	}
	if c.account == nil {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			seeOther(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
		} else {
			seeOther(w, r, "/login")
		}
		return false
	}
	role := account.Shop
	if a == operatorOnly {
		role = account.Operator
	}
	if a != shopOrOperator && c.account.Role != role {
		h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, "", "", nil))
		return false
	}
	return true
}

// consumerLink answers the private link GET /c/{id}?t=<token>, the
// consumer's way in: it sets the consumer cookie and redirects to
// /c/{id}, so the token leaves the address bar and the history. The token
// is checked against the complaint first: a wrong or outdated one gives the
// 404 page and leaves the cookie alone, so that a bad link (or one made by
// someone else) never replaces the valid token a browser holds.
func (h *Handler) consumerLink(w http.ResponseWriter, r *http.Request, c caller) {
	id, t := r.PathValue("id"), r.URL.Query().Get("t")
	if !tokenPattern.MatchString(t) {
		h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, id, "", nil))
		return
	}
	if _, err := h.complaints.Get(r.Context(), fairshops.AsConsumer(fairshops.Token(t)), id); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.setConsumerCookie(w, id, fairshops.Token(t))
	seeOther(w, r, consumerBase(id))
}
