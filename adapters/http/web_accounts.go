package http

import (
	"errors"
	"net/http"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The account pages (issue 14, item 1; docs/adr-accounts.md): the links
// of invitation and reset mails (/invite/{token}, /reset/{token}), the
// request of a reset link (/reset, the same answer for every login), the
// account page of a logged-in person (/account: password, sessions) and
// the operator's accounts page (/operator/accounts: invite, open
// invitations, revoke). Passwords typed are never shown again: a refused
// form comes back with its password fields empty.

// passwordFields are the form fields that hold passwords.
var passwordFields = []string{"password", "password2", "current_password"}

// forgetPasswords removes what was typed into password fields from the
// form before it is shown again.
func forgetPasswords(r *http.Request) {
	for _, f := range passwordFields {
		r.PostForm.Del(f)
		r.Form.Del(f)
	}
}

// linkData is the page of an invitation or reset link.
type linkData struct {
	Invalid bool // unknown, used, revoked or expired: the page says so
	Action  string
	Link    *account.OneTimeToken
}

// accountLabels names the fields of the account forms.
func (h *Handler) accountLabels(lang fairshops.Language) func(string) string {
	return func(field string) string {
		switch field {
		case "login", "email", "role", "shop_id", "lang", "password", "password2", "current_password":
			return h.web.t(lang, "account.field."+field)
		}
		return ""
	}
}

// linkPage renders the page of a link of purpose: the password form, or
// (404) the page that says the link does not work.
func (h *Handler) linkPage(w http.ResponseWriter, r *http.Request, purpose account.Purpose, page, title string) {
	c := callerOf(r)
	tok := r.PathValue("token")
	d := linkData{Action: r.URL.Path}
	var err error
	if tokenPattern.MatchString(tok) {
		d.Link, err = h.accounts.Link(r.Context(), purpose, fairshops.Token(tok))
	} else {
		err = account.ErrLinkInvalid
	}
	status := http.StatusOK
	switch {
	case errors.Is(err, account.ErrLinkInvalid):
		d.Invalid, status = true, http.StatusNotFound
	case err != nil:
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, title)
	p.Data = d
	h.render(w, r, status, page, p)
}

// setWithLink handles the post of a link's password form: the two
// passwords must match, then set does the work; a refused password shows
// the form again, a dead link the page that says so.
func (h *Handler) setWithLink(w http.ResponseWriter, r *http.Request, purpose account.Purpose, page, title, done string,
	set func(fairshops.Token, string) error) {
	c := callerOf(r)
	if !h.allowWrite(w, r, c) {
		return
	}
	tok := r.PathValue("token")
	password := r.PostFormValue("password")
	var err error
	switch {
	case !tokenPattern.MatchString(tok):
		err = account.ErrLinkInvalid
	case password != r.PostFormValue("password2"):
		var p fairshops.Problems
		p.Add("password2", fairshops.ReasonMismatch, h.web.t(c.lang, "account.field.password"))
		err = p.Err("web.setPassword")
	default:
		err = set(fairshops.Token(tok), password)
	}
	switch {
	case err == nil:
		seeOther(w, r, "/login?done="+done)
	case errors.Is(err, account.ErrLinkInvalid):
		p := h.newPage(w, r, c, title)
		p.Data = linkData{Invalid: true}
		h.render(w, r, http.StatusNotFound, page, p)
	case fairshops.KindOf(err) == fairshops.Invalid:
		link, lerr := h.accounts.Link(r.Context(), purpose, fairshops.Token(tok))
		if lerr != nil {
			h.webError(w, r, c, lerr)
			return
		}
		forgetPasswords(r)
		h.renderInvalid(w, r, c, page, title, err, linkData{Action: r.URL.Path, Link: link}, h.accountLabels(c.lang))
	default:
		h.webError(w, r, c, err)
	}
}

// invitePage answers GET /invite/{token}: the invitee sets a password.
func (h *Handler) invitePage(w http.ResponseWriter, r *http.Request) {
	h.linkPage(w, r, account.Invitation, "invite", "invite.title")
}

// acceptInvite answers POST /invite/{token}: the account is created and
// the invitee sent to the login.
func (h *Handler) acceptInvite(w http.ResponseWriter, r *http.Request) {
	h.setWithLink(w, r, account.Invitation, "invite", "invite.title", "invited", func(tok fairshops.Token, pw string) error {
		a, err := h.accounts.AcceptInvitation(r.Context(), tok, pw)
		if err == nil {
			h.recordAs(r, accountActor(a), audit.AccountCreated, audit.Account(a.ID), "invitation")
		}
		return err
	})
}

// resetPage answers GET /reset/{token}: a new password.
func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) {
	h.linkPage(w, r, account.Reset, "reset", "reset.title")
}

// resetPassword answers POST /reset/{token}.
func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	h.setWithLink(w, r, account.Reset, "reset", "reset.title", "password_reset", func(tok fairshops.Token, pw string) error {
		a, err := h.accounts.ResetPassword(r.Context(), tok, pw)
		if err == nil {
			h.recordAs(r, accountActor(a), audit.PasswordReset, audit.Account(a.ID), "link")
		}
		return err
	})
}

// resetRequestPage answers GET /reset: the login whose password is
// forgotten.
func (h *Handler) resetRequestPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p := h.newPage(w, r, c, "reset.request.title")
	h.render(w, r, http.StatusOK, "reset_request", p)
}

// requestReset answers POST /reset: the same answer for every login (a
// known one with an e-mail address gets a link); failures are logged,
// not shown, or they would tell which logins exist.
func (h *Handler) requestReset(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !h.allowWrite(w, r, c) {
		return
	}
	login := strings.TrimSpace(r.PostFormValue("login"))
	if login == "" {
		var p fairshops.Problems
		p.Add("login", fairshops.ReasonRequired)
		h.renderInvalid(w, r, c, "reset_request", "reset.request.title", p.Err("web.requestReset"), nil, h.accountLabels(c.lang))
		return
	}
	h.askReset(r, login, c.lang)
	seeOther(w, r, "/reset?done=reset_sent")
}

// accountPage answers GET /account: who is logged in, how many sessions
// are open, the password form and "log out everywhere".
func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	ov, err := h.accounts.Overview(r.Context(), c.identity())
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "account.title")
	p.Data = ov
	h.render(w, r, http.StatusOK, "account", p)
}

// changePassword answers POST /account/password: every session of the
// account ends, and this browser gets a fresh one.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !h.allowWrite(w, r, c) {
		return
	}
	next := r.PostFormValue("password")
	var err error
	var tok fairshops.Token
	if next != r.PostFormValue("password2") {
		var p fairshops.Problems
		p.Add("password2", fairshops.ReasonMismatch, h.web.t(c.lang, "account.field.password"))
		err = p.Err("web.changePassword")
	} else {
		_, tok, err = h.accounts.ChangePassword(r.Context(), c.identity(), r.PostFormValue("current_password"), next)
	}
	if wait, ok := throttled(err); ok {
		h.tooManyPage(w, r, c, wait)
		return
	}
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		ov, oerr := h.accounts.Overview(r.Context(), c.identity())
		if oerr != nil {
			h.webError(w, r, c, oerr)
			return
		}
		forgetPasswords(r)
		h.renderInvalid(w, r, c, "account", "account.title", err, ov, h.accountLabels(c.lang))
		return
	}
	h.record(r, audit.PasswordChanged, audit.Account(c.account.AccountID), "web")
	http.SetCookie(w, h.navCookie(sessionCookie, tok.Reveal(), "/", 0))
	seeOther(w, r, "/account?done=password_changed")
}

// endSessions answers POST /account/sessions/end: every session of the
// account ends, this one included.
func (h *Handler) endSessions(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if _, err := h.accounts.LogoutEverywhere(r.Context(), c.identity()); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.SessionsEnded, audit.Account(c.account.AccountID), "web")
	http.SetCookie(w, h.cookie(sessionCookie, "", "/", -1))
	seeOther(w, r, "/login?done=logout_all")
}

// opAccountsData is the operator's accounts page.
type opAccountsData struct {
	Accounts    []*account.Account
	Invitations []*account.OneTimeToken
	Roles       []webOption
	Shops       []webOption
	Langs       []webOption
}

// opAccountsPage gathers the accounts page: the first page of accounts
// (MaxLimit), the open invitations and the shops to invite a login for.
func (h *Handler) opAccountsPage(r *http.Request, lang fairshops.Language) (*opAccountsData, error) {
	as, err := h.accounts.List(r.Context(), account.AccountFilter{Limit: fairshops.MaxLimit})
	if err != nil {
		return nil, err
	}
	invs, err := h.accounts.Invitations(r.Context())
	if err != nil {
		return nil, err
	}
	shops, err := h.reg.List(r.Context(), fairshops.ShopFilter{Limit: fairshops.MaxLimit})
	if err != nil {
		return nil, err
	}
	d := &opAccountsData{Accounts: as, Invitations: invs,
		Roles: []webOption{{Value: string(account.Shop), Label: h.web.t(lang, "account.role.shop")},
			{Value: string(account.Operator), Label: h.web.t(lang, "account.role.operator")}},
		Shops: []webOption{{Value: "", Label: h.web.t(lang, "op.accounts.no_shop")}},
		Langs: []webOption{{Value: "de", Label: "Deutsch"}, {Value: "en", Label: "English"}}}
	for _, s := range shops {
		d.Shops = append(d.Shops, webOption{Value: s.ID, Label: s.Name + " (" + s.ID + ")"})
	}
	return d, nil
}

// opAccounts answers GET /operator/accounts.
func (h *Handler) opAccounts(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	d, err := h.opAccountsPage(r, c.lang)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.accounts.title")
	p.Form.Values.Set("role", string(account.Shop))
	p.Form.Values.Set("lang", string(c.lang))
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_accounts", p)
}

// opInvite answers POST /operator/accounts/invitations: the invitation is
// mailed; a shop login needs a shop of the registry (account.Config.Shops).
func (h *Handler) opInvite(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	in := account.InviteInput{Role: account.Role(r.PostFormValue("role")), Login: strings.TrimSpace(r.PostFormValue("login")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Lang: fairshops.Language(r.PostFormValue("lang"))}
	if in.Role == account.Shop {
		in.ShopID = r.PostFormValue("shop_id")
	}
	inv, err := h.accounts.Invite(r.Context(), c.identity(), in)
	if err == nil {
		h.record(r, audit.InvitationSent, audit.Invitation(inv.ID), string(inv.Role))
	}
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		d, derr := h.opAccountsPage(r, c.lang)
		if derr != nil {
			h.webError(w, r, c, derr)
			return
		}
		h.renderInvalid(w, r, c, "operator_accounts", "op.accounts.title", err, d, h.accountLabels(c.lang))
		return
	}
	seeOther(w, r, "/operator/accounts?done=op_invited")
}

// opRevokeInvitation answers POST /operator/accounts/invitations/{id}/revoke.
func (h *Handler) opRevokeInvitation(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if err := h.accounts.RevokeInvitation(r.Context(), r.PathValue("id")); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.InvitationRevoked, audit.Invitation(r.PathValue("id")), "")
	seeOther(w, r, "/operator/accounts?done=op_invitation_revoked")
}
