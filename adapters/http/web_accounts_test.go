package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops/account"
)

// TestWebInvitation: the operator invites a shop login on the accounts
// page; the invitee opens the mailed link, sets a password (after a
// mismatch, which shows no password again) and logs in; the link is then
// dead; the operator revokes another invitation.
func TestWebInvitation(t *testing.T) {
	e := newWebEnv(t)
	op := e.operator(t, "de")
	page := op.get("/operator/accounts")
	require.Equal(t, http.StatusOK, page.status)
	page.contains(t, "Konten und Einladungen", `<option value="demo-shop">`, "Keine offenen Einladungen.")

	p := op.submit("/operator/accounts", "/operator/accounts/invitations", url.Values{"role": {"shop"}, "shop_id": {"nope"},
		"login": {"X Y"}, "email": {"kein-mail"}, "lang": {"de"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, "verweist auf Unbekanntes", "keine gültige E-Mail-Adresse")
	require.Zero(t, e.mails.count())

	p = op.submit("/operator/accounts", "/operator/accounts/invitations", url.Values{"role": {"shop"}, "shop_id": {"demo-shop"},
		"login": {"neu-shop"}, "email": {"neu@demo-shop.example"}, "lang": {"de"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/operator/accounts?done=op_invited", p.header.Get("Location"))
	op.get("/operator/accounts?done=op_invited").contains(t, "Die Einladung ist versandt.", "neu@demo-shop.example")
	m := e.mails.last(t)
	require.Equal(t, account.Invitation, m.Purpose)
	link := "/invite/" + m.Token.Reveal()

	invitee := e.browser(t, "de")
	page = invitee.get(link)
	require.Equal(t, http.StatusOK, page.status)
	page.contains(t, "Sie sind als Zugang des Shops demo-shop eingeladen.", `id="invite-login">neu-shop<`)
	p = invitee.submit(link, link, url.Values{"password": {"ein sehr geheimes Passwort"}, "password2": {"ein anderes Passwort"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, "passt nicht zu Neues Passwort")
	p.lacks(t, "ein sehr geheimes Passwort", "ein anderes Passwort")
	p = invitee.submit(link, link, url.Values{"password": {"neu-shop"}, "password2": {"neu-shop"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, "hier nicht erlaubt")
	p = invitee.submit(link, link, url.Values{"password": {"ein sehr geheimes Passwort"}, "password2": {"ein sehr geheimes Passwort"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/login?done=invited", p.header.Get("Location"))
	invitee.get("/login?done=invited").contains(t, "Ihr Passwort ist festgelegt.")
	p = invitee.submit("/login", "/login", url.Values{"login": {"neu-shop"}, "password": {"ein sehr geheimes Passwort"}})
	require.Equal(t, "/shop", p.header.Get("Location"))
	require.Equal(t, http.StatusOK, invitee.get("/shop").status)

	dead := e.browser(t, "en").get(link)
	require.Equal(t, http.StatusNotFound, dead.status)
	dead.contains(t, "This link does not work")
	require.Equal(t, http.StatusNotFound, e.browser(t, "de").get("/invite/not-a-token").status)

	require.NoError(t, e.accounts.RequestReset(t.Context(), "neu-shop", "de")) // an account with an address now
	p = op.submit("/operator/accounts", "/operator/accounts/invitations", url.Values{"role": {"operator"},
		"login": {"bert"}, "email": {"bert@example.org"}, "lang": {"en"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	bert := e.mails.last(t)
	ids := regexp.MustCompile(`/operator/accounts/invitations/(inv_[a-z0-9]+)/revoke`).FindStringSubmatch(op.get("/operator/accounts").body)
	require.NotNil(t, ids)
	p = op.submit("/operator/accounts", "/operator/accounts/invitations/"+ids[1]+"/revoke", nil)
	require.Equal(t, "/operator/accounts?done=op_invitation_revoked", p.header.Get("Location"))
	require.Equal(t, http.StatusNotFound, e.browser(t, "de").get("/invite/"+bert.Token.Reveal()).status)
}

// TestWebPasswordReset: the reset request answers the same for every
// login; the mailed link sets a new password once.
func TestWebPasswordReset(t *testing.T) {
	e := newWebEnv(t)
	_, err := e.accounts.Invite(t.Context(), account.Identity{Role: account.Operator, Login: operatorLogin},
		account.InviteInput{Role: account.Shop, ShopID: "demo-shop", Login: "mit-mail", Email: "a@demo-shop.example"})
	require.NoError(t, err)
	_, err = e.accounts.AcceptInvitation(t.Context(), e.mails.last(t).Token, testPassword)
	require.NoError(t, err)

	anon := e.browser(t, "de")
	anon.get("/login").contains(t, `href="/reset"`, "Passwort vergessen?")
	before := e.mails.count()
	var answers []string
	for _, login := range []string{"niemand", shopLogin, "mit-mail"} {
		p := anon.submit("/reset", "/reset", url.Values{"login": {login}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		answers = append(answers, p.header.Get("Location")+"|"+p.body)
	}
	require.Equal(t, []string{answers[0], answers[0], answers[0]}, answers, "one answer for every login")
	require.Equal(t, "/reset?done=reset_sent", answers[0][:len("/reset?done=reset_sent")])
	require.Equal(t, before+1, e.mails.count())
	p := anon.submit("/reset", "/reset", url.Values{"login": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)

	shop := e.browser(t, "de")
	shop.login("mit-mail", "/shop")
	link := "/reset/" + e.mails.last(t).Token.Reveal()
	anon.get(link).contains(t, "Ein neues Passwort für den Benutzernamen mit-mail.")
	p = anon.submit(link, link, url.Values{"password": {"ein neues Passwort!"}, "password2": {"ein neues Passwort!"}})
	require.Equal(t, "/login?done=password_reset", p.header.Get("Location"))
	require.Equal(t, http.StatusSeeOther, shop.get("/shop").status, "the reset ended the session")
	p = anon.submit("/login", "/login", url.Values{"login": {"mit-mail"}, "password": {"ein neues Passwort!"}})
	require.Equal(t, "/shop", p.header.Get("Location"))
	require.Equal(t, http.StatusNotFound, anon.get(link).status, "a reset link works once")

	e.clock.Advance(2 * time.Hour)
	require.NoError(t, e.accounts.RequestReset(t.Context(), "mit-mail", "de"))
	late := "/reset/" + e.mails.last(t).Token.Reveal()
	e.clock.Advance(time.Hour)
	require.Equal(t, http.StatusNotFound, anon.get(late).status, "an expired reset link")
}

// TestWebAccountPage: the account page counts the sessions; a password
// change needs the current password, ends the other sessions and keeps
// this one; "log out everywhere" ends them all.
func TestWebAccountPage(t *testing.T) {
	e := newWebEnv(t)
	other := e.browser(t, "de")
	other.login(shopLogin, "/shop")
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")
	b.get("/shop").contains(t, `href="/account"`)
	page := b.get("/account")
	require.Equal(t, http.StatusOK, page.status)
	page.contains(t, `id="account-login">demo<`, "2 Sitzungen", "keine (kein Zurücksetzen")

	p := b.submit("/account", "/account/password", url.Values{"current_password": {"falsch"},
		"password": {"ein neues Passwort!"}, "password2": {"ein neues Passwort!"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, "stimmt nicht")
	p.lacks(t, "ein neues Passwort!")

	p = b.submit("/account", "/account/password", url.Values{"current_password": {testPassword},
		"password": {"ein neues Passwort!"}, "password2": {"ein neues Passwort!"}})
	require.Equal(t, "/account?done=password_changed", p.header.Get("Location"))
	page = b.get("/account?done=password_changed")
	require.Equal(t, http.StatusOK, page.status, "this browser stays logged in")
	page.contains(t, "Ihr Passwort ist geändert", "1 Sitzung")
	require.Equal(t, http.StatusSeeOther, other.get("/shop").status, "the other session ended")

	p = b.submit("/account", "/account/sessions/end", nil)
	require.Equal(t, "/login?done=logout_all", p.header.Get("Location"))
	require.Equal(t, http.StatusSeeOther, b.get("/account").status)
	require.Equal(t, "/login?next=%2Faccount", e.browser(t, "de").get("/account").header.Get("Location"))
}

// TestWebLoginThrottled: after five failures the login form answers 429
// with Retry-After for a known and an unknown login alike.
func TestWebLoginThrottled(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "en")
	for _, login := range []string{shopLogin, "unknown"} {
		for range 5 {
			p := b.submit("/login", "/login", url.Values{"login": {login}, "password": {"wrong password"}})
			require.Equal(t, http.StatusUnauthorized, p.status)
		}
		p := b.submit("/login", "/login", url.Values{"login": {login}, "password": {testPassword}})
		require.Equal(t, http.StatusTooManyRequests, p.status, login)
		require.Equal(t, "2", p.header.Get("Retry-After"))
		p.contains(t, "Too many failed logins. Please wait 2 seconds")
	}
}

// TestWebChangePasswordThrottled: the account page's form waits like the
// login after five wrong current passwords.
func TestWebChangePasswordThrottled(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")
	form := url.Values{"current_password": {"falsch geraten"}, "password": {"ein neues Passwort!"}, "password2": {"ein neues Passwort!"}}
	for range 5 {
		require.Equal(t, http.StatusUnprocessableEntity, b.submit("/account", "/account/password", form).status)
	}
	form.Set("current_password", testPassword)
	p := b.submit("/account", "/account/password", form)
	require.Equal(t, http.StatusTooManyRequests, p.status)
	require.Equal(t, "2", p.header.Get("Retry-After"))
}
