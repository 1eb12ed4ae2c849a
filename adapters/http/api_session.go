package http

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// Logins and API keys. A login (operator or shop) opens a session: its
// token goes into an HttpOnly, SameSite=Strict, Secure cookie, and unsafe
// calls made with that cookie must carry a one-time CSRF token in the
// X-CSRF-Token header, which POST and GET /api/v1/session hand out. Shop
// platforms use API keys instead ("Authorization: Bearer ksk_..."), which
// a shop issues here; only their hashes are stored, the key is shown once.

// apiSessionView is who is logged in, with a fresh CSRF token for the next
// unsafe call when the caller uses the session cookie.
type apiSessionView struct {
	Login     string       `json:"login"`
	Role      account.Role `json:"role"`
	ShopID    string       `json:"shop,omitempty"`
	ExpiresAt *time.Time   `json:"expires_at,omitempty"`
	CSRFToken string       `json:"csrf_token,omitempty"`
}

// login answers POST /api/v1/session {"login", "password"}: 200 with the
// session cookie set, 401 for a wrong login or password (the same answer
// for both), rate-limited per client like complaint filings, and 429 with
// Retry-After while the login waits after failures (known and unknown
// logins alike).
func (h *Handler) apiLogin(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	if ok, wait := h.writes.allow(h.clientKey(r)); !ok {
		tooMany(w, lang, wait)
		return
	}
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "login", "password")
	login, password := o.Str(&p, "login", true), o.Str(&p, "password", true)
	if h.apiDecodeFailed(w, r, &p, "http.login") {
		return
	}
	sess, tok, err := h.accounts.Login(r.Context(), login, password)
	if errors.Is(err, account.ErrBadCredentials) {
		h.recordAs(r, audit.Actor{}, audit.LoginFailed, audit.Login(login), "bad_credentials")
		apiUnauthorized(w, lang)
		return
	}
	if wait, ok := throttled(err); ok {
		h.recordAs(r, audit.Actor{}, audit.LoginFailed, audit.Login(login), "throttled")
		tooMany(w, lang, wait)
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.recordAs(r, sessionActor(sess), audit.LoginSucceeded, audit.Account(sess.AccountID), "api")
	h.apiStartSession(w, r, "http.login", sess, tok)
}

// apiStartSession answers a call that opened a login session (a login, a
// password change): the session cookie, the browser's CSRF cookie when it
// has none, and the session with a CSRF token for the next call.
func (h *Handler) apiStartSession(w http.ResponseWriter, r *http.Request, op string, sess *account.Session, tok fairshops.Token) {
	maxAge := int(sess.ExpiresAt.Sub(h.clock.Now()) / time.Second)
	http.SetCookie(w, h.cookie(sessionCookie, tok.Reveal(), "/", max(maxAge, 1)))
	if _, err := h.ensureCSRFCookie(w, r); err != nil {
		h.writeError(w, r, fairshops.E(op, fairshops.Internal, "", "csrf cookie", err))
		return
	}
	csrf, err := h.csrf.issue(h.csrfBinding(r, caller{session: tok}))
	if err != nil {
		h.writeError(w, r, fairshops.E(op, fairshops.Internal, "", "csrf token", err))
		return
	}
	exp := sess.ExpiresAt
	writeJSON(w, http.StatusOK, apiSessionView{Login: sess.Login, Role: sess.Role, ShopID: sess.ShopID,
		ExpiresAt: &exp, CSRFToken: csrf})
}

// session answers GET /api/v1/session: who the caller is, and for a
// session cookie a fresh CSRF token (each token is good for one call).
func (h *Handler) apiSession(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	v := apiSessionView{Login: c.account.Login, Role: c.account.Role, ShopID: c.account.ShopID}
	if c.viaCookie {
		if _, err := h.ensureCSRFCookie(w, r); err != nil {
			h.writeError(w, r, fairshops.E("http.session", fairshops.Internal, "", "csrf cookie", err))
			return
		}
		tok, err := h.csrf.issue(h.csrfBinding(r, c))
		if err != nil {
			h.writeError(w, r, fairshops.E("http.session", fairshops.Internal, "", "csrf token", err))
			return
		}
		v.CSRFToken = tok
	}
	writeJSON(w, http.StatusOK, v)
}

// logout answers DELETE /api/v1/session: the session ends and its cookie
// is deleted (the route's guard answers 401 without a session cookie).
func (h *Handler) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.Logout(r.Context(), callerOf(r).session); err != nil {
		h.writeError(w, r, err)
		return
	}
	if c := callerOf(r); c.account != nil {
		h.record(r, audit.Logout, audit.Account(c.account.AccountID), "api")
	}
	http.SetCookie(w, h.cookie(sessionCookie, "", "/", -1))
	w.WriteHeader(http.StatusNoContent)
}

// apiKeyView is an API key; Key is set only in the answer that issues it.
type apiKeyView struct {
	*account.APIKey
	Key string `json:"key,omitempty"`
}

// issueKey answers POST /api/v1/keys {"label"} (a shop): 201 with the key,
// shown this once.
func (h *Handler) apiIssueKey(w http.ResponseWriter, r *http.Request) {
	lang, c := requestLanguage(r), callerOf(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "label")
	label := o.Str(&p, "label", false)
	if h.apiDecodeFailed(w, r, &p, "http.issueKey") {
		return
	}
	k, secret, err := h.accounts.IssueAPIKey(r.Context(), c.shopID(), label)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.APIKeyCreated, audit.APIKey(k.ID), "api")
	w.Header().Set("Location", h.prefix+"/api/v1/keys/"+url.PathEscape(k.ID))
	writeJSON(w, http.StatusCreated, apiKeyView{APIKey: k, Key: secret.Reveal()})
}

// listKeys answers GET /api/v1/keys (a shop): its keys, without secrets.
func (h *Handler) apiListKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := h.accounts.APIKeys(r.Context(), callerOf(r).shopID())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiKeyView, len(keys))
	for i, k := range keys {
		items[i] = apiKeyView{APIKey: k}
	}
	writeJSON(w, http.StatusOK, apiPage[apiKeyView]{Items: items})
}

// revokeKey answers DELETE /api/v1/keys/{id} (a shop): 204; 404 for a key
// of another shop or none.
func (h *Handler) apiRevokeKey(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.RevokeAPIKey(r.Context(), callerOf(r).shopID(), r.PathValue("id")); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.APIKeyRevoked, audit.APIKey(r.PathValue("id")), "api")
	w.WriteHeader(http.StatusNoContent)
}
