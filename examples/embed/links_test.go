package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// newTestPlatform is the platform on a fresh SQLite file behind a loopback
// server, with the shop's API key.
func newTestPlatform(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	db, dialect, err := openPool(filepath.Join(t.TempDir(), "shop.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	p, key, err := newPlatform(context.Background(), db, dialect, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Close()) })
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv, key
}

// send makes one request and returns the status and the body.
func send(t *testing.T, method, url, bearer, contentType, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

var (
	htmlLink = regexp.MustCompile(`(?i)\b(?:href|action|src)="([^"]*)"`)
	codePath = regexp.MustCompile(`<code>(?:GET|POST|PUT|DELETE) (/[^<]*)</code>`)
)

// TestEmbedLinks crawls the platform from its home page: every href,
// action and src of its pages, every path it names in <code>, the links of
// the API's index (path templates filled with the shop, a filed complaint),
// and the Location of a filing. None may be a 404 or a server error: the
// platform links to nothing it does not serve, and the mounted handler's
// links carry the prefix.
func TestEmbedLinks(t *testing.T) {
	srv, key := newTestPlatform(t)
	status, hdr, body := send(t, "POST", srv.URL+prefix+"/api/v1/shops/"+shopID+"/complaints", "", "application/json",
		`{"category":"delivery","order_date":"2026-11-20","order_value":{"amount":"49.90","currency":"EUR"},`+
			`"contact":{"name":"Erika Muster","email":"erika@example.org"}}`)
	require.Equal(t, http.StatusCreated, status, "%s", body)
	var filed struct{ ID, Token string }
	require.NoError(t, json.Unmarshal(body, &filed))
	fill := strings.NewReplacer("{shop}", shopID, "{id}", filed.ID)

	seen := map[string]bool{}
	queue := []string{"/", hdr.Get("Location")}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		require.True(t, strings.HasPrefix(path, "/"), "a link on this host: %q", path)
		status, hdr, body := send(t, "GET", srv.URL+path, key, "", "")
		require.NotEqual(t, http.StatusNotFound, status, "GET %s", path)
		require.Less(t, status, 500, "GET %s", path)
		switch ct := hdr.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/html"):
			for _, m := range htmlLink.FindAllStringSubmatch(string(body), -1) {
				queue = append(queue, m[1])
			}
			for _, m := range codePath.FindAllStringSubmatch(string(body), -1) {
				queue = append(queue, m[1])
			}
		case strings.HasPrefix(ct, "application/json") && path == prefix+"/api/v1":
			var idx struct {
				Description struct{ Href string }
				Links       []struct{ Method, Href string }
			}
			require.NoError(t, json.Unmarshal(body, &idx))
			require.NotEmpty(t, idx.Links)
			queue = append(queue, idx.Description.Href)
			for _, l := range idx.Links {
				require.True(t, strings.HasPrefix(l.Href, prefix+"/api/v1"), l.Href)
				// A GET of a path served only for another method is a 405
				// (the path exists), never a 404. A template with a
				// placeholder the platform cannot fill (a file, a case)
				// names no object: it is not followed.
				if href := fill.Replace(l.Href); !strings.Contains(href, "{") {
					queue = append(queue, href)
				}
			}
		}
	}
	for _, want := range []string{prefix + "/api/v1", prefix + "/api/v1/openapi.yaml", prefix + "/api/v1/shops/" + shopID,
		prefix + "/api/v1/shops/" + shopID + "/complaints", prefix + "/api/v1/complaints/" + filed.ID} {
		require.True(t, seen[want], "the crawl reached %s", want)
	}
}

// curlCommand is a curl line of the package doc, as a request.
type curlCommand struct {
	method, url, body string
	headers           map[string]string
}

// docCurls reads the curl examples of doc.go: each is one line
// "//\tcurl [-H 'K: V']... [-d 'BODY'] URL" (no line continuations, so
// that it can be pasted as it stands).
func docCurls(t *testing.T) []curlCommand {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	var out []curlCommand
	for _, line := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(line, "//\tcurl ")
		if !ok {
			continue
		}
		require.False(t, strings.HasSuffix(rest, `\`), "one line per command: %s", line)
		args := shellWords(t, rest)
		c := curlCommand{method: "GET", headers: map[string]string{}}
		for i := 0; i < len(args); i++ {
			switch args[i] {
			case "-H":
				k, v, ok := strings.Cut(args[i+1], ": ")
				require.True(t, ok, args[i+1])
				c.headers[k] = v
				i++
			case "-d":
				c.body, c.method = args[i+1], "POST"
				i++
			default:
				require.False(t, strings.HasPrefix(args[i], "-"), "an option the test knows: %s", args[i])
				c.url = args[i]
			}
		}
		out = append(out, c)
	}
	return out
}

// shellWords splits a command line as sh does for plain words and
// single-quoted strings (all the doc uses).
func shellWords(t *testing.T, s string) []string {
	var words []string
	var cur strings.Builder
	in, quoted := false, false
	for _, r := range s {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, in = true, true
		case r == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	require.False(t, quoted, "unbalanced quote in %s", s)
	if in {
		words = append(words, cur.String())
	}
	return words
}

// TestEmbedDocCurl runs the curl examples of the package doc as written,
// against the platform: only the host (localhost:8081), the key printed at
// the start (ksk_...), the complaint's ID (c_...) and its token (<token>)
// are filled in, as a reader does.
func TestEmbedDocCurl(t *testing.T) {
	srv, key := newTestPlatform(t)
	curls := docCurls(t)
	require.Len(t, curls, 4, "filing, the shop's list and answer, the consumer's read")
	var filed struct{ ID, Token string }
	for i, c := range curls {
		fill := strings.NewReplacer("http://localhost:8081", srv.URL, "ksk_...", key, "c_...", filed.ID, "<token>", filed.Token)
		bearer := strings.TrimPrefix(fill.Replace(c.headers["Authorization"]), "Bearer ")
		status, _, body := send(t, c.method, fill.Replace(c.url), bearer, c.headers["Content-Type"], c.body)
		switch i {
		case 0:
			require.Equal(t, http.StatusCreated, status, "%s", body)
			require.NoError(t, json.Unmarshal(body, &filed))
			require.NotEmpty(t, filed.Token)
		case 1:
			require.Equal(t, http.StatusOK, status, "%s", body)
			require.Contains(t, string(body), filed.ID)
		case 2:
			require.Equal(t, http.StatusCreated, status, "%s", body)
		case 3:
			require.Equal(t, http.StatusOK, status, "%s", body)
			require.Contains(t, string(body), "Wir schicken heute Ersatz.")
			require.Contains(t, string(body), `"state":"answered"`)
		}
	}
}
