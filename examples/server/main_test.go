package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// syncBuffer is a bytes.Buffer safe for the server's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is a fake environment for run.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// server is one run of the command under test.
type server struct {
	base    string
	out     *syncBuffer // stdout: the banner and the logs
	errOut  *syncBuffer // stderr: where the secrets went
	secrets string      // the -secrets-file of the run
	cancel  context.CancelFunc
	done    chan error
}

// start runs the server with args on 127.0.0.1:0 and waits until it
// accepts connections.
func start(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &syncBuffer{}, errOut: &syncBuffer{}, cancel: cancel, done: make(chan error, 1),
		secrets: filepath.Join(t.TempDir(), "secrets.txt")}
	ready := make(chan string, 1)
	// The case-file key goes to a directory of the test's own unless a
	// test names one (a PostgreSQL run would put it in the working directory).
	// The lowest bcrypt cost the flag allows: under the race detector a
	// hash at the default cost takes seconds of CPU, and a test logs in often.
	args = append([]string{"-addr", "127.0.0.1:0", "-secrets-file", s.secrets,
		"-casefile-key", filepath.Join(t.TempDir(), "casefile.key"), "-bcrypt-cost", "10"}, args...)
	go func() { s.done <- run(ctx, args, getenv, s.out, s.errOut, ready) }()
	select {
	case addr := <-ready:
		s.base = "http://" + addr
	case err := <-s.done:
		cancel()
		t.Fatalf("server did not start: %v\n%s", err, s.out)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// secretsText returns the secrets file of the run, "" when the run wrote
// none; it requires mode 0600 and that stdout holds none of it and stderr
// names the file.
func (s *server) secretsText(t *testing.T) string {
	t.Helper()
	fi, err := os.Stat(s.secrets)
	if errors.Is(err, os.ErrNotExist) {
		require.NotContains(t, s.errOut.String(), "first-start logins written")
		return ""
	}
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "only the owner reads the secrets")
	data, err := os.ReadFile(s.secrets)
	require.NoError(t, err)
	require.Equal(t, "first-start logins written to "+s.secrets+" (mode 0600)\n", s.errOut.String())
	require.NotRegexp(t, passwordLine, s.out.String(), "no secret on stdout, the log stream")
	require.NotRegexp(t, apiKeyLine, s.out.String())
	require.NotContains(t, s.out.String(), "/c/c_")
	return string(data)
}

// stop cancels the run and requires a clean shutdown.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	require.NoError(t, <-s.done, "shutdown\n%s", s.out)
	require.Regexp(t, `msg"?[=:]"shut down"`, s.out.String())
}

// do sends a request and returns the status and body.
func (s *server) do(t *testing.T, method, path, bearer, body string) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, r)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// intake is a complaint as the API takes it.
func intake(orderRef string) string {
	return fmt.Sprintf(`{"category":"delivery","order_date":%q,"order_value":{"amount":"19.99","currency":"EUR"},`+
		`"description":"Das Paket ist nicht angekommen.","order_ref":%q,`+
		`"contact":{"name":"Erika Muster","email":"erika@example.org"}}`,
		time.Now().AddDate(0, 0, -10).Format(time.DateOnly), orderRef)
}

// webhookReceiver collects verified webhook deliveries.
type webhookReceiver struct {
	*httptest.Server
	secret notify.Secret
	got    chan notify.Payload
}

func newWebhookReceiver(t *testing.T) *webhookReceiver {
	t.Helper()
	w := &webhookReceiver{secret: notify.NewSecret("whsec_test_0123456789"), got: make(chan notify.Payload, 64)}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil || notify.Verify(w.secret, notify.HeadersOf(r.Header), body, time.Now(), 0) != nil {
			http.Error(rw, "bad signature", http.StatusUnauthorized)
			return
		}
		var p notify.Payload
		if json.Unmarshal(body, &p) != nil {
			http.Error(rw, "bad body", http.StatusBadRequest)
			return
		}
		w.got <- p
	}))
	t.Cleanup(w.Close)
	return w
}

// shopsFile writes a -webhooks file sending demo-shop's events to w.
func (w *webhookReceiver) shopsFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shops.json")
	data := fmt.Sprintf(`{"demo-shop": {"url": %q, "secret": %q}}`, w.URL+"/hooks", w.secret.Reveal())
	require.NoError(t, os.WriteFile(path, []byte(data), 0o600))
	return path
}

// next waits for the next delivery of the given type.
func (w *webhookReceiver) next(t *testing.T, typ string) notify.Payload {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case p := <-w.got:
			if p.Type == typ {
				return p
			}
		case <-timeout:
			t.Fatalf("no %s webhook within 30s", typ)
		}
	}
}

// exercise runs the checks every database must pass: a complaint filed
// over HTTP and read back with its token, its events delivered as signed
// webhooks and counted, health, metrics, and a clean shutdown.
func exercise(t *testing.T, dsn string) {
	hooks := newWebhookReceiver(t)
	s := start(t, env(nil), "-db", dsn, "-webhooks", hooks.shopsFile(t), "-webhooks-allow-http", "-webhooks-allow-networks", "127.0.0.1/32,::1")

	status, body := s.do(t, http.MethodPost, "/api/v1/shops/demo-shop/complaints", "", intake("T-1"))
	require.Equal(t, http.StatusCreated, status, "%s", body)
	var filed struct{ ID, Token string }
	require.NoError(t, json.Unmarshal(body, &filed))
	require.NotEmpty(t, filed.Token)
	status, body = s.do(t, http.MethodGet, "/api/v1/complaints/"+filed.ID, filed.Token, "")
	require.Equal(t, http.StatusOK, status, "%s", body)

	// The relay delivers in outbox order, one event after the other: once
	// the forwarded event of our complaint arrives, its submitted event
	// was delivered and counted.
	for {
		p := hooks.next(t, "complaint.forwarded")
		if p.Subject == filed.ID {
			break
		}
	}

	status, body = s.do(t, http.MethodGet, "/healthz", "", "")
	require.Equal(t, http.StatusOK, status)
	require.JSONEq(t, `{"status":"ok","database":"ok"}`, string(body))

	status, body = s.do(t, http.MethodGet, "/metrics", "", "")
	require.Equal(t, http.StatusOK, status)
	metrics := string(body)
	for _, want := range []string{
		`konfliktservice_http_requests_total{code="201",route="POST /api/v1/shops/{shop}/complaints"} 1`,
		`konfliktservice_http_requests_total{code="200",route="GET /api/v1/complaints/{id}"} 1`,
		`konfliktservice_http_requests_total{code="200",route="GET /healthz"} 1`,
		`konfliktservice_relay_deliveries_total{outcome="delivered",type="complaint.submitted"} 2`,
		`konfliktservice_http_request_duration_seconds_bucket{code="201",route="POST /api/v1/shops/{shop}/complaints",le="+Inf"} 1`,
		`konfliktservice_timer_runs_total{job="complaint_deadlines",result="ok"}`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		require.Contains(t, metrics, want)
	}
	// On SQLite the filing and the demo data went through the group
	// commit; PostgreSQL runs without one by default.
	if strings.HasPrefix(dsn, "postgres") || strings.Contains(dsn, "host=") {
		require.Contains(t, metrics, "konfliktservice_sql_writes_total 0\n")
	} else {
		require.Regexp(t, `(?m)^konfliktservice_sql_write_transactions_total [1-9]`, metrics)
		require.Regexp(t, `(?m)^konfliktservice_sql_writes_total [1-9]`, metrics)
	}
	s.stop(t)

	// Nothing private went to the log: no token, no contact data, no
	// first-start secret.
	require.Contains(t, s.secretsText(t), "operator login")
	out := s.out.String()
	for _, secret := range []string{filed.Token, "erika@example.org", "Erika Muster", hooks.secret.Reveal()} {
		require.NotContains(t, out, secret)
	}
}

func TestRunSQLite(t *testing.T) {
	t.Parallel()
	exercise(t, filepath.Join(t.TempDir(), "konflikt.db"))
}

func TestRunPostgres(t *testing.T) {
	t.Parallel()
	exercise(t, sqltest.PostgresDSN(t))
}

var (
	passwordLine = regexp.MustCompile(`(operator|shop) login +(\S+) +password: (\S+)`)
	apiKeyLine   = regexp.MustCompile(`API key +(ksk_\S+)`)
)

// TestRunTwiceOnOneDatabase starts the server twice on one file: the
// second start seeds nothing again, prints no credentials, and the first
// start's credentials still work.
func TestRunTwiceOnOneDatabase(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "konflikt.db")
	first := start(t, env(map[string]string{envOperatorPassword: "operator-secret-123"}), "-db", dsn)
	first.stop(t)
	out := first.secretsText(t)
	logins := map[string][2]string{}
	for _, m := range passwordLine.FindAllStringSubmatch(out, -1) {
		logins[m[1]] = [2]string{m[2], m[3]}
	}
	require.Equal(t, map[string][2]string{
		"operator": {"operator", "operator-secret-123"}, // from the environment
		"shop":     {"demo-shop", logins["shop"][1]},
	}, logins, out)
	require.Len(t, logins["shop"][1], 24)
	key := apiKeyLine.FindStringSubmatch(out)
	require.NotNil(t, key, out)
	require.Contains(t, out, "/c/c_")

	second := start(t, env(nil), "-db", dsn)
	for _, l := range logins {
		status, body := second.do(t, http.MethodPost, "/api/v1/session", "",
			fmt.Sprintf(`{"login":%q,"password":%q}`, l[0], l[1]))
		require.Equal(t, http.StatusOK, status, "login %s: %s", l[0], body)
	}
	status, body := second.do(t, http.MethodGet, "/api/v1/complaints", key[1], "")
	require.Equal(t, http.StatusOK, status, "%s", body)
	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(body, &list), "%s", body)
	require.Len(t, list.Items, 1, "one demo complaint, not one per start: %s", body)
	for _, shop := range []string{demoShopID, demoShop2ID} {
		status, _ := second.do(t, http.MethodGet, "/api/v1/shops/"+shop, "", "")
		require.Equal(t, http.StatusOK, status, shop)
	}
	second.stop(t)

	require.Empty(t, second.secretsText(t), "the second start created no secret")
	out = second.out.String()
	require.NotRegexp(t, passwordLine, out)
	require.NotRegexp(t, apiKeyLine, out)
	require.Contains(t, out, `operator login "operator" exists since`)
	require.Contains(t, out, `shop login "demo-shop" exists since`)
}

func TestRunWithoutDemo(t *testing.T) {
	t.Parallel()
	s := start(t, env(nil), "-db", filepath.Join(t.TempDir(), "k.db"), "-demo=false", "-log-format", "json")
	status, _ := s.do(t, http.MethodGet, "/api/v1/shops/"+demoShopID, "", "")
	require.Equal(t, http.StatusNotFound, status)
	s.stop(t)
	secrets := s.secretsText(t)
	require.Regexp(t, passwordLine, secrets, "the operator login is created without -demo too")
	require.NotContains(t, secrets, "shop login")
	require.Contains(t, s.out.String(), `"msg":"serving"`)
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"-addr", "nope", "-log-format", "xml"}, env(nil), &out, &out, nil)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	err = run(context.Background(), []string{"-nope"}, env(nil), &out, &out, nil)
	require.Error(t, err)
	require.Contains(t, out.String(), "flag provided but not defined: -nope")
}

func TestRunRefusesForeignDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "not-a-db")
	require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("x"), 4096), 0o600))
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", path}, env(nil), io.Discard, io.Discard, nil)
	require.ErrorContains(t, err, "open database")
}

// benchmarkFiling files complaints over HTTP on loopback against the whole
// server in this process, from 64 concurrent clients (run it with
// -cpuprofile to see where a filing's time goes; internal/bench/httpload
// compares it with a bare handler in separate processes).
func benchmarkFiling(b *testing.B, dsn string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", dsn, "-rate-limit", "off", "-write-limit", "off",
			"-log-level", "warn", "-secrets-file", filepath.Join(b.TempDir(), "secrets.txt")}, env(nil), io.Discard, io.Discard, ready)
	}()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		b.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	body := intake("BENCH")
	b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(base+"/api/v1/shops/demo-shop/complaints", "application/json", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.StopTimer()
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

func BenchmarkFilingSQLite(b *testing.B) {
	benchmarkFiling(b, filepath.Join(b.TempDir(), "bench.db"))
}

func BenchmarkFilingPostgres(b *testing.B) {
	benchmarkFiling(b, sqltest.PostgresDSN(b))
}
