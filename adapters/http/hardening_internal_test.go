package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClientIP: behind trusted proxies the client is the first address from
// the right of X-Forwarded-For that no trusted proxy has; without trusted
// proxies (before: a bool that trusted the last hop of anyone) the header
// counts for nothing.
func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name    string
		trust   []netip.Prefix
		remote  string
		xff     []string
		want    string
		wantKey string
	}{
		{name: "no proxy trusted", remote: "203.0.113.7:5000", xff: []string{"198.51.100.1"}, want: "203.0.113.7"},
		{name: "header from an untrusted peer", trust: proxies, remote: "203.0.113.7:5000", xff: []string{"198.51.100.1"}, want: "203.0.113.7"},
		{name: "behind the local proxy", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"198.51.100.1"}, want: "198.51.100.1"},
		{name: "spoofed entries left of the proxy's", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"1.2.3.4, 198.51.100.1"}, want: "198.51.100.1"},
		{name: "two trusted proxies", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"198.51.100.1, 10.1.2.3"}, want: "198.51.100.1"},
		{name: "several header lines", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"1.2.3.4", "198.51.100.1", "10.0.0.9"}, want: "198.51.100.1"},
		{name: "garbage hop", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"198.51.100.1, unknown"}, want: "127.0.0.1"},
		{name: "only proxies", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"10.0.0.1"}, want: "10.0.0.1"},
		{name: "no header", trust: proxies, remote: "127.0.0.1:4000", want: "127.0.0.1"},
		{name: "IPv6 client cut to /64", trust: proxies, remote: "127.0.0.1:4000", xff: []string{"2001:db8:1:2:3:4:5:6"},
			want: "2001:db8:1:2:3:4:5:6", wantKey: "2001:db8:1:2::/64"},
		{name: "IPv4-mapped peer", trust: proxies, remote: "[::ffff:127.0.0.1]:4000", xff: []string{"198.51.100.1"}, want: "198.51.100.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := &Handler{trustProxy: tc.trust}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			require.Equal(t, tc.want, h.clientIP(r).String())
			want := tc.wantKey
			if want == "" {
				want = tc.want
			}
			require.Equal(t, want, h.clientKey(r))
		})
	}
}

// TestForwardedProto: X-Forwarded-Proto counts only from a trusted proxy.
func TestForwardedProto(t *testing.T) {
	h := &Handler{trustProxy: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Forwarded-Proto", "http")
	r.RemoteAddr = "127.0.0.1:1"
	require.Equal(t, "http", h.forwardedProto(r))
	r.RemoteAddr = "203.0.113.7:1"
	require.Empty(t, h.forwardedProto(r))
	r.RemoteAddr = "127.0.0.1:1"
	r.Header.Set("X-Forwarded-Proto", "javascript")
	require.Empty(t, h.forwardedProto(r))
}

// TestCookiePrefixes: under https the site-wide cookies are __Host- (Path=/,
// Secure, no Domain) and the path-scoped ones __Secure-; a cookie of the
// bare name (as a sibling subdomain or a plain-http page could set it) is
// not read. Over plain http (development) names stay bare.
func TestCookiePrefixes(t *testing.T) {
	h, accts := identityHandler(t)
	h.insecureCookies = false
	_, err := accts.CreateOperator(context.Background(), "anna", "correct horse battery")
	require.NoError(t, err)
	_, sess, err := accts.Login(context.Background(), "anna", "correct horse battery")
	require.NoError(t, err)

	for name, want := range map[string]string{
		sessionCookie: "__Host-ks_session", csrfCookie: "__Host-ks_csrf", langCookie: "__Host-ks_lang",
		consumerCook: "__Secure-ks_consumer", filedCookie: "__Secure-ks_filed", keyCookie: "__Secure-ks_key",
	} {
		require.Equal(t, want, h.cookieName(name))
		ck := h.cookie(name, "v", "/", 0)
		require.Equal(t, want, ck.Name)
		require.True(t, ck.Secure)
		require.Empty(t, ck.Domain)
	}

	rec := httptest.NewRecorder()
	_, err = h.ensureCSRFCookie(rec, httptest.NewRequest("GET", "/login", nil))
	require.NoError(t, err)
	set := rec.Result().Cookies()
	require.Len(t, set, 1)
	require.Equal(t, "__Host-ks_csrf", set[0].Name)
	require.Equal(t, "/", set[0].Path)

	bare := httptest.NewRequest("GET", "/operator", nil)
	bare.AddCookie(&http.Cookie{Name: "ks_session", Value: sess.Reveal()})
	c, err := h.identify(bare)
	require.NoError(t, err)
	require.Nil(t, c.account, "a cookie without its prefix is not read")

	prefixed := httptest.NewRequest("GET", "/operator", nil)
	prefixed.AddCookie(&http.Cookie{Name: "__Host-ks_session", Value: sess.Reveal()})
	c, err = h.identify(prefixed)
	require.NoError(t, err)
	require.NotNil(t, c.account)

	h.insecureCookies = true
	require.Equal(t, "ks_session", h.cookieName(sessionCookie))
	require.Equal(t, "ks_consumer", h.cookieName(consumerCook))
}
