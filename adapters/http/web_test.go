package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWebLanding(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct {
		name   string
		lang   string
		path   string
		want   []string
		htmlLn string
	}{
		{name: "German by default", path: "/", htmlLn: `<html lang="de">`,
			want: []string{"Ärger mit einem Online-Shop?", "Zum Inhalt springen", "Im Themenportal suchen", `action="/portal"`}},
		{name: "English by Accept-Language", lang: "en-GB,en;q=0.9", path: "/", htmlLn: `<html lang="en">`,
			want: []string{"Trouble with an online shop?", "Skip to content", "Search the topic portal"}},
		{name: "English by parameter", path: "/?lang=en", htmlLn: `<html lang="en">`, want: []string{"How it works"}},
		{name: "German by parameter over the header", lang: "en", path: "/?lang=de", htmlLn: `<html lang="de">`,
			want: []string{"So funktioniert es"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, tt.lang).get(tt.path)
			require.Equal(t, http.StatusOK, p.status)
			require.Equal(t, "text/html; charset=utf-8", p.header.Get("Content-Type"))
			p.contains(t, tt.htmlLn, `href="#main"`, `<main id="main"`, `/static/site.css?v=`)
			p.contains(t, tt.want...)
			require.Contains(t, p.header.Get("Content-Security-Policy"), "script-src 'self'")
			require.Equal(t, "no-store", p.header.Get("Cache-Control"))
		})
	}
}

func TestWebLanguageSwitch(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	p := b.get("/lang/en?back=" + "/portal%3Fq%3Dwiderruf%26lang%3Dde")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/portal?q=widerruf", p.header.Get("Location"), "the way back drops ?lang")
	ck := p.header.Get("Set-Cookie")
	require.Contains(t, ck, "ks_lang=en")
	require.Contains(t, ck, "HttpOnly")
	require.Contains(t, ck, "SameSite=Strict")
	// The cookie beats Accept-Language from now on.
	p = b.get("/")
	p.contains(t, `<html lang="en">`, `aria-current="true">English`)

	tests := []struct{ name, path, want string }{
		{"open redirect refused", "/lang/de?back=https://evil.example/", "/"},
		{"scheme-relative refused", "/lang/de?back=//evil.example/", "/"},
		{"no way back", "/lang/de", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.get(tt.path)
			require.Equal(t, http.StatusSeeOther, p.status)
			require.Equal(t, tt.want, p.header.Get("Location"))
		})
	}
	require.Equal(t, http.StatusNotFound, b.get("/lang/fr").status)
}

func TestWebStatic(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "")
	landing := b.get("/")
	i := strings.Index(landing.body, "/static/site.css?v=")
	require.Positive(t, i)
	url := landing.body[i:]
	url = url[:strings.IndexByte(url, '"')]

	p := b.get(url)
	require.Equal(t, http.StatusOK, p.status)
	require.Equal(t, "text/css; charset=utf-8", p.header.Get("Content-Type"))
	require.Equal(t, "public, max-age=31536000, immutable", p.header.Get("Cache-Control"))
	require.Contains(t, p.body, "focus-visible")

	p = b.get("/static/site.css?v=old")
	require.Equal(t, http.StatusOK, p.status)
	require.Equal(t, "no-cache", p.header.Get("Cache-Control"), "a stale version is revalidated")
	require.Equal(t, http.StatusNotFound, b.get("/static/nope.css").status)
}

func TestWebNotFound(t *testing.T) {
	e := newWebEnv(t)
	tests := []struct{ name, lang, want string }{
		{"German", "de", "Seite nicht gefunden"},
		{"English", "en", "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.browser(t, tt.lang).get("/no/such/page")
			require.Equal(t, http.StatusNotFound, p.status)
			require.Equal(t, "text/html; charset=utf-8", p.header.Get("Content-Type"))
			p.contains(t, tt.want)
		})
	}
	// The API keeps answering problem+json.
	p := e.browser(t, "").get("/api/v1/nothing")
	require.Equal(t, http.StatusNotFound, p.status)
	require.Equal(t, "application/problem+json", p.header.Get("Content-Type"))
}

func TestWebFindShop(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "")
	p := b.get("/shops?id=%20Demo-Shop%20")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/shops/demo-shop", p.header.Get("Location"))
	p = b.get("/shops?id=")
	require.Equal(t, "/", p.header.Get("Location"))
}

// BenchmarkWebShopPage renders a shop's ID page, the most visited page.
func BenchmarkWebShopPage(b *testing.B) {
	e := newWebEnv(b)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/shops/demo-shop", nil)
	client := e.srv.Client()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatal(err, resp)
		}
		_ = resp.Body.Close()
	}
}
