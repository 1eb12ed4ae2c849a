package http_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// loginAs posts a login and returns the answer.
func (w *apiWorld) loginAs(login, password string) *httptest.ResponseRecorder {
	w.t.Helper()
	body := `{"login":"` + login + `","password":"` + password + `"}`
	return w.serve(httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(body)), "application/json")
}

// TestAPIInvitation: the operator invites a shop login; the invitee
// accepts with the token of the mail, logs in, and the link is then used
// up; an expired link and a revoked one are refused alike.
func TestAPIInvitation(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	inv := w.must(asOperator, "POST", "/api/v1/invitations",
		`{"role":"shop","shop_id":"shop-1","login":"Kasse-1","email":"kasse@shop.example","lang":"en"}`, 201)
	require.Equal(t, "kasse-1", inv["login"])
	require.NotContains(t, inv, "token")
	m := w.mails.last(t)
	require.Equal(t, account.Mail{Purpose: account.Invitation, To: "kasse@shop.example", Lang: fairshops.English,
		Login: "kasse-1", Role: account.Shop, ShopID: "shop-1", Token: m.Token, ExpiresAt: w.clock.Now().Add(7 * 24 * time.Hour)}, m)

	list := w.must(asOperator, "GET", "/api/v1/invitations", "", 200)
	require.Len(t, list["items"], 1)

	w.must(asAnonymous, "POST", "/api/v1/invitations/accept", `{"token":"`+m.Token.Reveal()+`","password":"kurz"}`, 422)
	acc := w.must(asAnonymous, "POST", "/api/v1/invitations/accept",
		`{"token":"`+m.Token.Reveal()+`","password":"mein eigenes Passwort"}`, 201)
	require.Equal(t, "kasse@shop.example", acc["email"])
	rec := w.loginAs("kasse-1", "mein eigenes Passwort")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	w.must(asAnonymous, "POST", "/api/v1/invitations/accept", `{"token":"`+m.Token.Reveal()+`","password":"ein anderes Passwort"}`, 404)

	_, late := w.invite("spaet")
	w.clock.Advance(7 * 24 * time.Hour)
	w.must(asAnonymous, "POST", "/api/v1/invitations/accept", `{"token":"`+late.Reveal()+`","password":"mein eigenes Passwort"}`, 404)

	w.shopSession, w.operatorSession = w.login(apiShopLogin), w.login(apiOperatorLogin)
	revoked, revokedTok := w.invite("widerrufen")
	w.must(asOperator, "DELETE", "/api/v1/invitations/"+revoked.ID, "", 204)
	w.must(asOperator, "DELETE", "/api/v1/invitations/"+revoked.ID, "", 404)
	w.must(asAnonymous, "POST", "/api/v1/invitations/accept", `{"token":"`+revokedTok.Reveal()+`","password":"mein eigenes Passwort"}`, 404)

	accounts := w.must(asOperator, "GET", "/api/v1/accounts?limit=500", "", 200)
	require.Len(t, accounts["items"], 3, "operator, shop login, the accepted invitation")
}

func TestAPIInviteRefusals(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	tests := []struct {
		name, body string
		want       []string
	}{
		{"unknown shop", `{"role":"shop","shop_id":"nope","login":"neu","email":"a@b.example"}`, []string{"shop_id: dangling"}},
		{"login taken", `{"role":"operator","login":"` + apiOperatorLogin + `","email":"a@b.example"}`, []string{"login: duplicate"}},
		{"bad role and email", `{"role":"admin","login":"neu","email":"nope"}`, []string{"role: unknown_value", "email: invalid_email"}},
		{"unknown member", `{"role":"operator","login":"neu","email":"a@b.example","password":"x"}`, []string{"password: unknown_field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := w.must(asOperator, "POST", "/api/v1/invitations", tt.body, 422)
			require.Equal(t, tt.want, problemFields(out))
		})
	}
	require.Zero(t, w.mails.count())
}

// problemFields lists "field: reason" of a problem document.
func problemFields(p map[string]any) []string {
	var out []string
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		out = append(out, m["field"].(string)+": "+m["code"].(string))
	}
	return out
}

// TestAPIPasswordResetSameAnswer: a reset request answers the same for a
// known login with an address, one without and an unknown one; only the
// first gets a mail. The link sets a new password once and ends every
// session.
func TestAPIPasswordResetSameAnswer(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	_, tok := w.invite("mit-mail")
	_, err := w.accounts.AcceptInvitation(w.ctx, tok, apiPassword)
	require.NoError(t, err)
	before := w.mails.count()
	var answers []string
	for _, login := range []string{"niemand", apiShopLogin, "mit-mail"} {
		rec := w.call(asAnonymous, "POST", "/api/v1/password-resets", `{"login":"`+login+`"}`)
		require.Equal(t, 202, rec.Code, login)
		answers = append(answers, rec.Body.String()+"|"+rec.Header().Get("Content-Type"))
	}
	require.Equal(t, []string{answers[0], answers[0], answers[0]}, answers, "one answer for every login")
	require.Equal(t, before+1, w.mails.count(), "a mail only for the login with an address")
	link := w.mails.last(t)
	require.Equal(t, account.Reset, link.Purpose)

	session := w.login("mit-mail")
	w.must(asAnonymous, "POST", "/api/v1/password-resets/confirm", `{"token":"`+link.Token.Reveal()+`","password":"mit-mail"}`, 422)
	w.must(asAnonymous, "POST", "/api/v1/password-resets/confirm", `{"token":"`+link.Token.Reveal()+`","password":"ein neues Passwort"}`, 204)
	r := httptest.NewRequest("GET", "/api/v1/session", nil)
	session.addCookies(r)
	require.Equal(t, 401, w.serve(r, "").Code, "the reset ended the session")
	require.Equal(t, 401, w.loginAs("mit-mail", apiPassword).Code)
	require.Equal(t, 200, w.loginAs("mit-mail", "ein neues Passwort").Code)
	w.must(asAnonymous, "POST", "/api/v1/password-resets/confirm", `{"token":"`+link.Token.Reveal()+`","password":"noch ein Passwort"}`, 404)
}

// TestAPILoginThrottled: after five failures in a row a login waits,
// known or unknown alike (429 with Retry-After); the right password does
// not get in while it waits.
func TestAPILoginThrottled(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	for _, login := range []string{apiShopLogin, "unbekannt"} {
		for range 5 {
			require.Equal(t, 401, w.loginAs(login, "falsches Passwort").Code)
		}
		rec := w.loginAs(login, apiPassword)
		require.Equal(t, 429, rec.Code, login)
		require.Equal(t, "2", rec.Header().Get("Retry-After"), "1 s, rounded up")
		require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	}
	w.clock.Advance(time.Second)
	require.Equal(t, 200, w.loginAs(apiShopLogin, apiPassword).Code, "after the wait")
}

// TestAPIChangePassword: the current password must be right; the change
// ends every session and hands the caller a fresh one; the account page
// counts the sessions.
func TestAPIChangePassword(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	other := w.login(apiShopLogin)
	out := w.must(asShopCookie, "GET", "/api/v1/account", "", 200)
	require.EqualValues(t, 2, out["sessions"])

	out = w.must(asShopCookie, "PUT", "/api/v1/session/password", `{"current_password":"falsch","password":"shop1-web"}`, 422)
	require.Equal(t, []string{"current_password: wrong", "password: not_allowed"}, problemFields(out))

	rec := w.call(asShopCookie, "PUT", "/api/v1/session/password",
		`{"current_password":"`+apiPassword+`","password":"ein neues langes Passwort"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var fresh apiSession
	for _, c := range rec.Result().Cookies() {
		if c.Name == "__Host-ks_session" {
			fresh.token = c.Value
		}
	}
	require.NotEmpty(t, fresh.token)
	fresh.csrfCookie = w.shopSession.csrfCookie
	for _, old := range []apiSession{other, w.shopSession} {
		r := httptest.NewRequest("GET", "/api/v1/session", nil)
		old.addCookies(r)
		require.Equal(t, 401, w.serve(r, "").Code, "every old session ended")
	}
	w.shopSession = fresh
	out = w.must(asShopCookie, "GET", "/api/v1/account", "", 200)
	require.EqualValues(t, 1, out["sessions"])
	w.must(asShopKey, "GET", "/api/v1/keys", "", 200) // API keys stay

	w.must(asShopCookie, "DELETE", "/api/v1/sessions", "", 204)
	r := httptest.NewRequest("GET", "/api/v1/account", nil)
	fresh.addCookies(r)
	rec = w.serve(r, "")
	require.Equal(t, 401, rec.Code)
	var p map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
}

// TestAPIChangePasswordThrottled: wrong current passwords count as
// failed logins; then the change answers 429 with Retry-After.
func TestAPIChangePasswordThrottled(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	for range 5 {
		w.must(asShopCookie, "PUT", "/api/v1/session/password", `{"current_password":"falsch geraten","password":"ein neues langes Passwort"}`, 422)
	}
	rec := w.call(asShopCookie, "PUT", "/api/v1/session/password", `{"current_password":"`+apiPassword+`","password":"ein neues langes Passwort"}`)
	require.Equal(t, 429, rec.Code, rec.Body.String())
	require.Equal(t, "2", rec.Header().Get("Retry-After"))
}
