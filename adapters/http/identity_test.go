package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

func identityHandler(t *testing.T) (*Handler, *account.Service) {
	t.Helper()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue()})
	require.NoError(t, err)
	db := memory.New()
	accts, err := account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(), BcryptCost: bcrypt.MinCost})
	require.NoError(t, err)
	h, err := New(Config{Registry: reg, Accounts: accts, InsecureCookies: true})
	require.NoError(t, err)
	return h, accts
}

func TestIdentify(t *testing.T) {
	ctx := context.Background()
	h, accts := identityHandler(t)
	_, key, err := accts.IssueAPIKey(ctx, "mein-shop", "ERP")
	require.NoError(t, err)
	_, err = accts.CreateOperator(ctx, "anna", "correct horse battery")
	require.NoError(t, err)
	_, sess, err := accts.Login(ctx, "anna", "correct horse battery")
	require.NoError(t, err)

	tests := []struct {
		name      string
		header    string
		cookie    *http.Cookie
		wantErr   bool
		principal fairshops.Principal
		anonymous bool
		operator  bool
		shop      string
	}{
		{name: "anonymous", anonymous: true},
		{name: "shop API key", header: "Bearer " + key.Reveal(), principal: fairshops.AsShop("mein-shop"), shop: "mein-shop"},
		{name: "wrong API key", header: "Bearer ksk_nope", wantErr: true},
		{name: "consumer token", header: "Bearer abc", principal: fairshops.AsConsumer("abc")},
		{name: "basic auth is refused", header: "Basic YTpi", wantErr: true},
		{name: "empty bearer", header: "Bearer ", wantErr: true},
		{name: "operator session", cookie: &http.Cookie{Name: sessionCookie, Value: sess.Reveal()}, principal: fairshops.AsOperator("anna"), operator: true},
		{name: "stale session", cookie: &http.Cookie{Name: sessionCookie, Value: "nope"}, wantErr: true},
		{name: "consumer cookie", cookie: &http.Cookie{Name: consumerCook, Value: "tok"}, principal: fairshops.AsConsumer("tok")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			if tt.cookie != nil {
				r.AddCookie(tt.cookie)
			}
			c, err := h.identify(r)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			p, ok := c.principal()
			require.Equal(t, !tt.anonymous, ok)
			require.Equal(t, tt.principal, p)
			require.Equal(t, tt.operator, c.isOperator())
			require.Equal(t, tt.shop, c.shopID())
		})
	}
}

func TestCSRFFlowWithCookies(t *testing.T) {
	ctx := context.Background()
	h, accts := identityHandler(t)
	_, err := accts.CreateOperator(ctx, "anna", "correct horse battery")
	require.NoError(t, err)
	_, sess, err := accts.Login(ctx, "anna", "correct horse battery")
	require.NoError(t, err)

	// A page render sets the CSRF cookie and issues a token for the form.
	page := httptest.NewRequest("GET", "/operator", nil)
	page.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Reveal()})
	rec := httptest.NewRecorder()
	binding, err := h.ensureCSRFCookie(rec, page)
	require.NoError(t, err)
	set := rec.Result().Cookies()
	require.Len(t, set, 1)
	require.True(t, set[0].HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, set[0].SameSite)
	again, err := h.ensureCSRFCookie(httptest.NewRecorder(), page)
	require.NoError(t, err)
	require.Equal(t, binding, again, "the cookie is set once")
	c, err := h.identify(page)
	require.NoError(t, err)
	tok, err := h.csrf.issue(h.csrfBinding(page, c))
	require.NoError(t, err)

	post := func(token string) error {
		r := httptest.NewRequest("POST", "/operator/x", nil)
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Reveal()})
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: binding})
		r.Header.Set("X-CSRF-Token", token)
		c, err := h.identify(r)
		require.NoError(t, err)
		return h.checkCSRF(r, c)
	}
	require.NoError(t, post(tok))
	err = post(tok)
	require.True(t, isCSRFError(err), "a replayed token is refused: %v", err)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
	require.True(t, isCSRFError(post("")), "no token")

	require.Equal(t, -1, h.cookie("x", "", "/", -1).MaxAge)
	require.False(t, h.cookie("x", "", "/", 0).Secure, "InsecureCookies drops Secure for plain-http development")
}
