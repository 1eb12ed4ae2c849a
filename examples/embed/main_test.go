package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
)

// call sends a JSON request to the platform and decodes the answer.
func call(t *testing.T, h http.Handler, method, path, bearer, body string, out any) int {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	req.RemoteAddr = "192.0.2.1:1234"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if out != nil && rec.Code < 300 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), out), "%s", rec.Body)
	}
	return rec.Code
}

// fileAndAnswer files a complaint through the platform's mux, lets the
// shop list and answer it with its API key, and lets the consumer read the
// answer with the token.
func fileAndAnswer(t *testing.T, pool func(t *testing.T) (string, sqlstore.Dialect)) {
	ctx := context.Background()
	dsn, _ := pool(t)
	db, dialect, err := openPool(dsn)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	p, key, err := newPlatform(ctx, db, dialect, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(key, "ksk_"), key)

	// The platform's own page, from its own table.
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), "A-1001: Kaffeemühle")

	var filed struct{ ID, Token string }
	status := call(t, p, http.MethodPost, prefix+"/api/v1/shops/"+shopID+"/complaints", "", fmt.Sprintf(
		`{"category":"delivery","order_date":%q,"order_value":{"amount":"49.90","currency":"EUR"},"order_ref":"A-1001",`+
			`"description":"Die Kaffeemühle ist nicht angekommen.","contact":{"name":"Erika Muster","email":"erika@example.org"}}`,
		time.Now().AddDate(0, 0, -14).Format(time.DateOnly)), &filed)
	require.Equal(t, http.StatusCreated, status)
	require.NotEmpty(t, filed.Token)

	var inbox struct {
		Items []struct{ ID, State string }
	}
	require.Equal(t, http.StatusOK, call(t, p, http.MethodGet, prefix+"/api/v1/complaints", key, "", &inbox))
	require.Len(t, inbox.Items, 1)
	require.Equal(t, filed.ID, inbox.Items[0].ID)
	require.Equal(t, "forwarded", inbox.Items[0].State)

	require.Equal(t, http.StatusCreated, call(t, p, http.MethodPost, prefix+"/api/v1/complaints/"+filed.ID+"/messages", key,
		`{"body":"Wir schicken heute eine neue Mühle."}`, nil))

	var got struct {
		State    string
		Messages []struct{ Author, Body string }
	}
	require.Equal(t, http.StatusOK, call(t, p, http.MethodGet, prefix+"/api/v1/complaints/"+filed.ID, filed.Token, "", &got))
	require.Equal(t, "answered", got.State)
	require.Len(t, got.Messages, 1)
	require.Equal(t, "Wir schicken heute eine neue Mühle.", got.Messages[0].Body)

	// Only the intake's API is mounted, under the prefix: no web UI, no
	// portal, no mediation, nothing at the root.
	for _, path := range []string{"/login", "/portal", prefix + "/login", prefix + "/shops/" + shopID, prefix + "/",
		prefix + "/api/v1/portal/articles", prefix + "/api/v1/cases", "/api/v1/complaints", "/shops/" + shopID} {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		require.Equal(t, http.StatusNotFound, rec.Code, path)
	}

	// A second start on the same database finds the shop and issues no
	// second key.
	require.NoError(t, p.Close())
	again, key2, err := newPlatform(ctx, db, dialect, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.Empty(t, key2)
	require.Equal(t, http.StatusOK, call(t, again, http.MethodGet, prefix+"/api/v1/complaints", key, "", &inbox))
	require.Len(t, inbox.Items, 1)
	require.NoError(t, again.Close())
}

func TestEmbedSQLite(t *testing.T) {
	fileAndAnswer(t, func(t *testing.T) (string, sqlstore.Dialect) {
		return filepath.Join(t.TempDir(), "shop.db"), sqlstore.SQLite
	})
}

func TestEmbedPostgres(t *testing.T) {
	fileAndAnswer(t, func(t *testing.T) (string, sqlstore.Dialect) {
		return sqltest.PostgresDSN(t), sqlstore.Postgres
	})
}

// TestRun starts the command as a user would and checks that it prints
// the key once and stops cleanly.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shop.db")}, &out, ready)
	}()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, <-done)
	require.Regexp(t, regexp.MustCompile(`API key \(shown once\): ksk_`), out.String())
}
