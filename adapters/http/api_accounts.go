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

// Accounts on the JSON API (issue 14, item 1; docs/adr-accounts.md): the
// operator invites shop logins and operators and lists accounts and open
// invitations; the invitee accepts with the token of the mailed link;
// anyone asks for a reset link (the same answer for every login) and sets
// a new password with it; a logged-in person changes their password, sees
// their account and ends every session. Tokens travel in bodies, never in
// paths, so that no access log holds one.

// apiInvitationView is an open invitation (never its token).
type apiInvitationView struct {
	*account.OneTimeToken
}

// apiInvite answers POST /api/v1/invitations {"role", "shop_id", "login",
// "email", "lang"} (the operator): 201 with the invitation; the link goes
// to the invitee by mail only.
func (h *Handler) apiInvite(w http.ResponseWriter, r *http.Request) {
	lang, c := requestLanguage(r), callerOf(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "role", "shop_id", "login", "email", "lang")
	in := account.InviteInput{Role: account.Role(o.Str(&p, "role", true)), ShopID: o.Str(&p, "shop_id", false),
		Login: o.Str(&p, "login", true), Email: o.Str(&p, "email", true), Lang: fairshops.Language(o.Str(&p, "lang", false))}
	if h.apiDecodeFailed(w, r, &p, "http.invite") {
		return
	}
	inv, err := h.accounts.Invite(r.Context(), c.identity(), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.InvitationSent, audit.Invitation(inv.ID), string(inv.Role))
	w.Header().Set("Location", "/api/v1/invitations/"+url.PathEscape(inv.ID))
	writeJSON(w, http.StatusCreated, apiInvitationView{inv})
}

// apiListInvitations answers GET /api/v1/invitations (the operator): the
// open invitations, oldest first.
func (h *Handler) apiListInvitations(w http.ResponseWriter, r *http.Request) {
	invs, err := h.accounts.Invitations(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiInvitationView, len(invs))
	for i, inv := range invs {
		items[i] = apiInvitationView{inv}
	}
	writeJSON(w, http.StatusOK, apiPage[apiInvitationView]{Items: items})
}

// apiRevokeInvitation answers DELETE /api/v1/invitations/{id} (the
// operator): 204; the link no longer works.
func (h *Handler) apiRevokeInvitation(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.RevokeInvitation(r.Context(), r.PathValue("id")); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.InvitationRevoked, audit.Invitation(r.PathValue("id")), "")
	w.WriteHeader(http.StatusNoContent)
}

// apiListAccounts answers GET /api/v1/accounts?after=&limit= (the
// operator): one page of accounts, ordered by ID.
func (h *Handler) apiListAccounts(w http.ResponseWriter, r *http.Request) {
	limit, ok := apiQueryInt(w, r, requestLanguage(r), "limit", 1, fairshops.MaxLimit)
	if !ok {
		return
	}
	f := account.AccountFilter{After: r.URL.Query().Get("after"), Limit: fairshops.PageLimit(int(limit))}
	as, err := h.accounts.List(r.Context(), f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newAPIPage(as, f.Limit, func(a *account.Account) string { return a.ID }))
}

// apiAcceptInvitation answers POST /api/v1/invitations/accept {"token",
// "password"} (anyone with the link): 201 with the new account; 404 for an
// unknown, used, revoked or expired link (one answer for all four).
func (h *Handler) apiAcceptInvitation(w http.ResponseWriter, r *http.Request) {
	h.apiWithLink(w, r, "http.acceptInvitation", func(tok fairshops.Token, password string) {
		a, err := h.accounts.AcceptInvitation(r.Context(), tok, password)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		h.recordAs(r, accountActor(a), audit.AccountCreated, audit.Account(a.ID), "invitation")
		writeJSON(w, http.StatusCreated, a)
	})
}

// apiConfirmReset answers POST /api/v1/password-resets/confirm {"token",
// "password"} (anyone with the link): 204; every session of the account
// ends.
func (h *Handler) apiConfirmReset(w http.ResponseWriter, r *http.Request) {
	h.apiWithLink(w, r, "http.confirmReset", func(tok fairshops.Token, password string) {
		a, err := h.accounts.ResetPassword(r.Context(), tok, password)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		h.recordAs(r, accountActor(a), audit.PasswordReset, audit.Account(a.ID), "link")
		w.WriteHeader(http.StatusNoContent)
	})
}

// apiWithLink reads {"token", "password"} under the write limit and hands
// them to use.
func (h *Handler) apiWithLink(w http.ResponseWriter, r *http.Request, op string, use func(fairshops.Token, string)) {
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
	o.Only(&p, "token", "password")
	tok, password := o.Str(&p, "token", true), o.Str(&p, "password", true)
	if h.apiDecodeFailed(w, r, &p, op) {
		return
	}
	use(fairshops.Token(tok), password)
}

// apiRequestReset answers POST /api/v1/password-resets {"login"} (anyone):
// 202 {"accepted": true} for every login, known or not; a known one with an e-mail address
// gets a link by mail. A failure to store or send is logged, not shown:
// showing it would tell that the login exists.
func (h *Handler) apiRequestReset(w http.ResponseWriter, r *http.Request) {
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
	o.Only(&p, "login", "lang")
	login := o.Str(&p, "login", true)
	mailLang := fairshops.Language(o.Str(&p, "lang", false))
	if h.apiDecodeFailed(w, r, &p, "http.requestReset") {
		return
	}
	if mailLang == "" {
		mailLang = lang
	}
	h.askReset(r, login, mailLang)
	writeJSON(w, http.StatusAccepted, struct {
		Accepted bool `json:"accepted"`
	}{true})
}

// apiChangePassword answers PUT /api/v1/session/password
// {"current_password", "password"} (a login session by cookie): 200 with a
// fresh session (its cookie set) and CSRF token; every other session of
// the account has ended. A wrong current password is a 422 with the field
// (and a failed login: 429 with Retry-After while the login waits).
func (h *Handler) apiChangePassword(w http.ResponseWriter, r *http.Request) {
	lang, c := requestLanguage(r), callerOf(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "current_password", "password")
	current, next := o.Str(&p, "current_password", true), o.Str(&p, "password", true)
	if h.apiDecodeFailed(w, r, &p, "http.changePassword") {
		return
	}
	sess, tok, err := h.accounts.ChangePassword(r.Context(), c.identity(), current, next)
	if wait, ok := throttled(err); ok {
		tooMany(w, lang, wait)
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.PasswordChanged, audit.Account(sess.AccountID), "api")
	h.apiStartSession(w, r, "http.changePassword", sess, tok)
}

// apiAccount answers GET /api/v1/account (a login session by cookie): the
// account and how many sessions it has open.
func (h *Handler) apiAccount(w http.ResponseWriter, r *http.Request) {
	ov, err := h.accounts.Overview(r.Context(), callerOf(r).identity())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ov)
}

// apiLogoutEverywhere answers DELETE /api/v1/sessions (a login session by
// cookie): every session of the account ends, this one included; 204.
func (h *Handler) apiLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if _, err := h.accounts.LogoutEverywhere(r.Context(), callerOf(r).identity()); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.SessionsEnded, audit.Account(callerOf(r).account.AccountID), "api")
	http.SetCookie(w, h.cookie(sessionCookie, "", "/", -1))
	w.WriteHeader(http.StatusNoContent)
}

// askReset asks for a reset link; a failure is logged, never shown
// (it would tell that the login exists). Without invitations and resets
// configured there is nothing to log.
func (h *Handler) askReset(r *http.Request, login string, lang fairshops.Language) {
	err := h.accounts.RequestReset(r.Context(), login, lang)
	if err != nil && fairshops.KindOf(err) != fairshops.NotAllowed {
		h.log.ErrorContext(r.Context(), "password reset request failed", "err", err)
	}
}

// throttled reports the wait of a login (or password change) refused for
// too many failures; the caller answers 429 with Retry-After, as the
// per-client limit does.
func throttled(err error) (time.Duration, bool) {
	var te *account.ThrottledError
	if errors.As(err, &te) {
		return te.Wait, true
	}
	return 0, false
}
