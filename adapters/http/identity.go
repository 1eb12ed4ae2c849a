package http

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// Cookie names. Every cookie is HttpOnly and Secure unless
// Config.InsecureCookies says otherwise (plain-http development), and
// SameSite=Strict, except the two that must survive arriving from a link
// on another site (see navCookie): the consumer's and the web login's
// session, which are SameSite=Lax.
const (
	sessionCookie = "ks_session"  // an operator's or a shop's login session token
	csrfCookie    = "ks_csrf"     // the browser's CSRF binding: random, not secret to its owner
	consumerCook  = "ks_consumer" // a consumer's complaint token, set from the private link
)

// caller is who sent a request, as far as the request proves it.
type caller struct {
	lang fairshops.Language
	// account is set for an operator or shop: from the session cookie or,
	// for shop platforms, from "Authorization: Bearer ksk_...".
	account *account.Identity
	// viaCookie is true when account came from the session cookie: unsafe
	// requests must then carry a CSRF token.
	viaCookie bool
	session   fairshops.Token
	// consumer is a complaint token: "Authorization: Bearer <token>" on the
	// API, the consumer cookie in the web UI.
	consumer fairshops.Token
}

// errNoAccounts: an account credential was sent, but the handler has no
// account service.
var errNoAccounts = fairshops.E("http", fairshops.Forbidden, "", "logins are not configured", nil)

// identify reads the credentials of a request. A credential that is present
// but wrong is an error (401/403), never silently ignored; no credential at
// all is an anonymous caller.
func (h *Handler) identify(r *http.Request) (caller, error) {
	c := caller{lang: requestLanguage(r)}
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, value, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || value == "" {
			return c, account.ErrBadCredentials
		}
		tok := fairshops.Token(strings.TrimSpace(value))
		if strings.HasPrefix(tok.Reveal(), account.APIKeyPrefix) {
			if h.accounts == nil {
				return c, errNoAccounts
			}
			id, err := h.accounts.AuthenticateAPIKey(r.Context(), tok)
			if err != nil {
				return c, err
			}
			c.account = &id
			return c, nil
		}
		c.consumer = tok
		return c, nil
	}
	if ck, err := h.readCookie(r, sessionCookie); err == nil && ck.Value != "" {
		if h.accounts == nil {
			return c, errNoAccounts
		}
		tok := fairshops.Token(ck.Value)
		id, err := h.accounts.Authenticate(r.Context(), tok)
		if err != nil {
			return c, err
		}
		c.account, c.viaCookie, c.session = &id, true, tok
	}
	if ck, err := h.readCookie(r, consumerCook); err == nil && ck.Value != "" {
		c.consumer = fairshops.Token(ck.Value)
	}
	return c, nil
}

// principal is the caller as the domain services (complaint, mediation)
// see them: the operator (named by login for the history) or a shop when
// logged in, else the consumer with the complaint's token.
func (c caller) principal() (fairshops.Principal, bool) {
	switch {
	case c.account != nil && c.account.Role == account.Operator:
		return fairshops.AsOperator(c.account.Login), true
	case c.account != nil && c.account.Role == account.Shop:
		return fairshops.AsShop(c.account.ShopID), true
	case c.consumer != "":
		return fairshops.AsConsumer(c.consumer), true
	}
	return fairshops.Principal{}, false
}

// isOperator reports whether the caller is logged in as the operator.
// identity is the caller's account identity; the zero Identity for none.
func (c caller) identity() account.Identity {
	if c.account == nil {
		return account.Identity{}
	}
	return *c.account
}

func (c caller) isOperator() bool { return c.account != nil && c.account.Role == account.Operator }

// shopID is the shop the caller is logged in as, or "".
func (c caller) shopID() string {
	if c.account != nil && c.account.Role == account.Shop {
		return c.account.ShopID
	}
	return ""
}

// csrfBinding is what a CSRF token of this browser is bound to: its CSRF
// cookie and, when logged in, its session.
func (h *Handler) csrfBinding(r *http.Request, c caller) string {
	b := ""
	if ck, err := h.readCookie(r, csrfCookie); err == nil {
		b = ck.Value
	}
	if c.session != "" {
		b += "|" + c.session.Hash()
	}
	return b
}

// ensureCSRFCookie makes sure the browser has a CSRF binding cookie and
// returns its value (set on this response when new).
func (h *Handler) ensureCSRFCookie(w http.ResponseWriter, r *http.Request) (string, error) {
	if ck, err := h.readCookie(r, csrfCookie); err == nil && len(ck.Value) >= 22 {
		return ck.Value, nil
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	v := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, h.cookie(csrfCookie, v, "/", 0))
	r.AddCookie(&http.Cookie{Name: h.cookieName(csrfCookie), Value: v})
	return v, nil
}

// cookie builds a cookie with the handler's security settings; maxAge 0
// makes a session cookie, a negative one deletes it.
func (h *Handler) cookie(name, value, path string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: h.cookieName(name), Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: !h.insecureCookies, SameSite: http.SameSiteStrictMode,
	}
}

// siteCookies are the cookies for the whole site (Path=/); the others are
// scoped to the pages of one complaint or one form.
var siteCookies = map[string]bool{sessionCookie: true, csrfCookie: true, langCookie: true}

// cookieName is the name a cookie has on the wire. Under https (secure
// cookies, the default) the browser is told what the cookie promises by
// its prefix: __Host- for the cookies of the whole site (Secure, Path=/, no
// Domain: no other host, not even a subdomain, and no plain-http page can
// set or shadow it), __Secure- for the path-scoped ones (Secure; __Host-
// needs Path=/). Over plain http (-insecure-cookies, development only)
// browsers refuse prefixed cookies, so the bare name is used.
func (h *Handler) cookieName(name string) string {
	switch {
	case h.insecureCookies:
		return name
	case siteCookies[name]:
		return "__Host-" + name
	default:
		return "__Secure-" + name
	}
}

// readCookie returns the request's cookie of that (unprefixed) name.
func (h *Handler) readCookie(r *http.Request, name string) (*http.Cookie, error) {
	return r.Cookie(h.cookieName(name))
}

// navCookie is cookie with SameSite=Lax: for the cookies that say who
// someone is when they arrive from a link on another site (the private
// link in the consumer's webmail, a notification to a shop). Browsers
// withhold Strict cookies from such a navigation and from the redirects
// that follow it, so the consumer would meet the 404 page on their first
// click (the browser test clicks the link in a "webmail" on another
// site). Lax cookies go along only with top-level navigations by safe
// methods (GET), never with another site's POST, frame or fetch, and every
// unsafe request needs a CSRF token besides.
func (h *Handler) navCookie(name, value, path string, maxAge int) *http.Cookie {
	c := h.cookie(name, value, path, maxAge)
	c.SameSite = http.SameSiteLaxMode
	return c
}

// checkCSRF verifies the CSRF token of an unsafe request made with cookies:
// the form field "csrf" or the header X-CSRF-Token.
func (h *Handler) checkCSRF(r *http.Request, c caller) error {
	tok := r.Header.Get("X-CSRF-Token")
	// A multipart body is never parsed here (that would buffer its files):
	// its token comes in the header, or from the text fields a guard read
	// (webMultipart).
	if tok == "" && (!isMultipart(r) || r.PostForm != nil) {
		tok = r.PostFormValue("csrf")
	}
	if err := h.csrf.check(h.csrfBinding(r, c), tok); err != nil {
		return fairshops.E("http.csrf", fairshops.Forbidden, "", err.Error(), nil)
	}
	return nil
}

// isCSRFError reports whether err is a refused CSRF token.
func isCSRFError(err error) bool {
	var e *fairshops.Error
	return errors.As(err, &e) && e.Op == "http.csrf"
}
