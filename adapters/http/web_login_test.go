package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestWebLoginPage(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct{ lang, want string }{
		{"de", "Hier melden sich Shops und das Team des Konfliktservice an."},
		{"en", "Shops and the conflict service's staff log in here."},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			p := e.browser(t, tt.lang).get("/login")
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, strings.ReplaceAll(tt.want, "'", "&#39;"), `name="login"`, `type="password"`, `autocomplete="current-password"`,
				`name="csrf"`, `name="next" value="/"`)
		})
	}
}

func TestWebLogin(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name, login, next, want string
	}{
		{name: "operator", login: operatorLogin, want: "/operator"},
		{name: "shop", login: shopLogin, want: "/shop"},
		{name: "shop, back to its page", login: shopLogin, next: "/shop/keys", want: "/shop/keys"},
		{name: "shop, not to the operator's page", login: shopLogin, next: "/operator/shops", want: "/shop"},
		{name: "no open redirect", login: operatorLogin, next: "//evil.example/operator", want: "/operator"},
		{name: "login in capitals", login: strings.ToUpper(shopLogin), want: "/shop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t, "de")
			p := b.submit("/login?next="+url.QueryEscape(tt.next), "/login",
				url.Values{"login": {tt.login}, "password": {testPassword}, "next": {tt.next}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			require.Equal(t, tt.want, p.header.Get("Location"))
			ck := p.header.Get("Set-Cookie")
			require.Contains(t, ck, "ks_session=")
			require.Contains(t, ck, "Path=/;")
			require.Contains(t, ck, "HttpOnly")
			require.Contains(t, ck, "SameSite=Lax")
			// Logged in: /login leads home.
			p = b.get("/login")
			require.Equal(t, http.StatusSeeOther, p.status)
		})
	}
}

func TestWebLoginRefused(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{name: "wrong password", form: url.Values{"login": {shopLogin}, "password": {"nope"}}, status: http.StatusUnauthorized,
			want: []string{"Benutzername oder Passwort stimmen nicht.", `value="demo"`}},
		{name: "unknown login", form: url.Values{"login": {"nobody"}, "password": {"nope"}}, status: http.StatusUnauthorized,
			want: []string{"Benutzername oder Passwort stimmen nicht."}},
		{name: "nothing typed", form: url.Values{}, status: http.StatusUnprocessableEntity,
			want: []string{`href="#f-login"`, `href="#f-password"`, `id="f-password-err"`, "Angabe fehlt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, "de").submit("/login", "/login", tt.form)
			require.Equal(t, tt.status, p.status)
			p.contains(t, tt.want...)
			require.NotContains(t, p.header.Get("Set-Cookie"), "ks_session=")
			require.NotContains(t, p.body, `value="nope"`, "a password is never shown again")
		})
	}
}

func TestWebLoginCSRF(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "en")
	form := url.Values{"login": {shopLogin}, "password": {testPassword}}
	p := b.post("/login", form)
	require.Equal(t, http.StatusForbidden, p.status)
	p.contains(t, "The form has expired")
	require.NotContains(t, p.header.Get("Set-Cookie"), "ks_session=")

	tok := b.get("/login").csrf(t)
	require.Equal(t, http.StatusSeeOther, b.post("/login", withCSRF(form, tok)).status)
	other := e.browser(t, "en")
	p = other.post("/login", withCSRF(form, tok))
	require.Equal(t, http.StatusForbidden, p.status, "a token of another browser, and spent")
}

func TestWebSecureCookies(t *testing.T) {
	e := newWebEnv(t, func(c *kshttp.Config) { c.InsecureCookies = false })
	b := e.browser(t, "de")
	// Over plain http a browser drops Secure cookies: send the CSRF cookie
	// by hand.
	page := b.get("/login")
	var csrf string
	for _, ck := range page.header.Values("Set-Cookie") {
		require.Contains(t, ck, "Secure")
		if strings.HasPrefix(ck, "__Host-ks_csrf=") {
			csrf = strings.TrimPrefix(strings.Split(ck, ";")[0], "__Host-ks_csrf=")
			require.Contains(t, ck, "Path=/;", "__Host- cookies are for the whole site")
		}
	}
	require.NotEmpty(t, csrf)
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
		strings.NewReader(withCSRF(url.Values{"login": {shopLogin}, "password": {testPassword}}, page.csrf(t)).Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "__Host-ks_csrf", Value: csrf})
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	ck := resp.Header.Get("Set-Cookie")
	require.True(t, strings.HasPrefix(ck, "__Host-ks_session="), ck)
	require.Contains(t, ck, "; Secure")
	require.Contains(t, ck, "HttpOnly")
	require.Contains(t, ck, "SameSite=Lax")
	require.Contains(t, resp.Header.Get("Strict-Transport-Security"), "max-age=")
}

func TestWebLogout(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	b.login(shopLogin, "/shop")
	p := b.get("/shop")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Abmelden (demo)")
	var session string
	for _, ck := range b.c.Jar.Cookies(mustURL(t, e.srv.URL)) {
		if ck.Name == "ks_session" {
			session = ck.Value
		}
	}
	require.NotEmpty(t, session)

	p = b.post("/logout", url.Values{"csrf": {p.csrf(t)}})
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/login?done=logout", p.header.Get("Location"))
	require.Contains(t, p.header.Get("Set-Cookie"), "ks_session=;")
	_, err := e.accounts.Authenticate(context.Background(), fairshops.Token(session))
	require.Error(t, err, "the session is ended on the server too")
	p = b.get("/login?done=logout")
	p.contains(t, "Sie sind abgemeldet.")
	p = b.get("/shop")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/login?next=%2Fshop", p.header.Get("Location"))
}

func TestWebStaleSession(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	b.c.Jar.SetCookies(mustURL(t, e.srv.URL), []*http.Cookie{{Name: "ks_session", Value: "stale", Path: "/"}})
	p := b.get("/")
	require.Equal(t, http.StatusOK, p.status, "a stale session never locks anyone out of public pages")
	require.Contains(t, strings.Join(p.header.Values("Set-Cookie"), "\n"), "ks_session=;")
	p = b.get("/shop")
	require.Equal(t, http.StatusSeeOther, p.status)
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
