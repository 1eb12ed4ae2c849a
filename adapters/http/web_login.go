package http

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// loginPage answers GET /login: one form for the operator and shops. A
// caller already logged in goes straight to their start page.
func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if c.account != nil {
		seeOther(w, r, homeOf(c.account.Role))
		return
	}
	p := h.newPage(w, r, c, "login.title")
	p.Form.Values.Set("next", localPath(r.URL.Query().Get("next")))
	h.render(w, r, http.StatusOK, "login", p)
}

// homeOf is where a role starts after login.
func homeOf(r account.Role) string {
	if r == account.Operator {
		return "/operator"
	}
	return "/shop"
}

// login answers POST /login: it checks the login with the write limit,
// opens a session and sets the session cookie (HttpOnly, Secure unless
// InsecureCookies, SameSite=Lax so that a link in a notification mail finds
// the session (see navCookie), Path=/), then sends the caller to
// ?next= when it is a page of their area, else to their start page. A
// wrong login or password gives the form again with one message that does
// not say which part was wrong.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !h.allowWrite(w, r, c) {
		return
	}
	if h.accounts == nil {
		h.webError(w, r, c, errNoAccounts)
		return
	}
	login, password := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	var p fairshops.Problems
	if login == "" {
		p.Add("login", fairshops.ReasonRequired)
	}
	if password == "" {
		p.Add("password", fairshops.ReasonRequired)
	}
	if err := p.Err("web.login"); err != nil {
		r.PostForm.Del("password")
		h.renderInvalid(w, r, c, "login", "login.title", err, nil, h.loginLabels(c.lang))
		return
	}
	sess, tok, err := h.accounts.Login(r.Context(), login, password)
	if wait, ok := throttled(err); ok {
		h.recordAs(r, audit.Actor{}, audit.LoginFailed, audit.Login(login), "throttled")
		secs := int(wait/time.Second) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		pg := h.newPage(w, r, c, "login.title")
		pg.Form.Values.Set("login", login)
		pg.Form.Values.Set("next", r.PostFormValue("next"))
		pg.Form.Message = h.web.t(c.lang, "login.throttled", secs)
		h.render(w, r, http.StatusTooManyRequests, "login", pg)
		return
	}
	if err != nil {
		if !errors.Is(err, account.ErrBadCredentials) {
			h.webError(w, r, c, err)
			return
		}
		h.recordAs(r, audit.Actor{}, audit.LoginFailed, audit.Login(login), "bad_credentials")
		pg := h.newPage(w, r, c, "login.title")
		pg.Form.Values.Set("login", login)
		pg.Form.Values.Set("next", r.PostFormValue("next"))
		pg.Form.Message = h.web.t(c.lang, "login.failed")
		h.render(w, r, http.StatusUnauthorized, "login", pg)
		return
	}
	h.recordAs(r, sessionActor(sess), audit.LoginSucceeded, audit.Account(sess.AccountID), "web")
	// A session cookie from before is replaced; the consumer's complaint
	// cookies stay (they are scoped to /c/{id}).
	http.SetCookie(w, h.navCookie(sessionCookie, tok.Reveal(), "/", 0))
	home := homeOf(sess.Role)
	next := localPath(r.PostFormValue("next"))
	if next == home || strings.HasPrefix(next, home+"/") || strings.HasPrefix(next, home+"?") {
		home = next
	}
	seeOther(w, r, home)
}

func (h *Handler) loginLabels(lang fairshops.Language) func(string) string {
	return func(field string) string {
		switch field {
		case "login", "password":
			return h.web.t(lang, "login."+field)
		}
		return ""
	}
}

// logout answers POST /logout: it ends the session and deletes the cookie.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if c.session != "" && h.accounts != nil {
		if err := h.accounts.Logout(r.Context(), c.session); err != nil {
			h.webError(w, r, c, err)
			return
		}
		if c.account != nil {
			h.record(r, audit.Logout, audit.Account(c.account.AccountID), "web")
		}
	}
	http.SetCookie(w, h.cookie(sessionCookie, "", "/", -1))
	seeOther(w, r, "/login?done=logout")
}
