package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestInstrument(t *testing.T) {
	t.Parallel()
	m := newMetrics()
	inner := http.NewServeMux()
	inner.HandleFunc("POST /things/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
	inner.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	inner.HandleFunc("GET /silent", func(http.ResponseWriter, *http.Request) {})
	outer := http.NewServeMux()
	outer.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	outer.Handle(catchAll, inner)
	var logs bytes.Buffer
	h := m.instrument(outer, slog.New(slog.NewTextHandler(&logs, nil)))

	for _, r := range []struct{ method, path string }{
		{"POST", "/things/1"}, {"POST", "/things/2"}, {"GET", "/things/secret-token?t=abc"}, {"GET", "/silent"},
		{"GET", "/healthz"}, {"GET", "/random/probe"}, {"DELETE", "/things/1"},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(r.method, r.path, nil))
	}
	require.Equal(t, map[string]float64{
		"POST /things/{id}/201": 2, "GET /things/{id}/200": 1, "GET /silent/200": 1, "GET /healthz/418": 1,
		"unmatched/404": 1, "unmatched/405": 1,
	}, counters(t, m.reg, "konfliktservice_http_requests_total", "route", "code"))
	require.NotContains(t, logs.String(), "secret-token", "the access log names routes, not paths")
	require.NotContains(t, logs.String(), "abc")
	require.Contains(t, logs.String(), `route="GET /things/{id}" status=200`)
}

func TestStatusWriterKeepsTheFinalStatus(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	w := &statusWriter{ResponseWriter: rec}
	w.WriteHeader(http.StatusEarlyHints)
	w.WriteHeader(http.StatusAccepted)
	w.WriteHeader(http.StatusInternalServerError) // superfluous: ignored by net/http too
	require.Equal(t, http.StatusAccepted, w.status())
	require.Equal(t, rec, w.Unwrap())
}

// TestShutdownFinishesInFlightRequests holds a request in its handler
// while the shutdown starts: the request is answered in full, new
// connections are refused, and the shutdown waits for it.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "finished")
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	type answer struct {
		body string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- answer{string(b), err}
	}()
	<-entered

	shuttingDown := make(chan struct{})
	srv.RegisterOnShutdown(func() { close(shuttingDown) })
	bg := newBackground(discard())
	done := make(chan error, 1)
	go func() { done <- shutdown(10*time.Second, srv, errc, bg, discard()) }()
	<-shuttingDown
	// Shutdown closed the listener before it called the hook.
	_, err = net.Dial("tcp", ln.Addr().String())
	require.Error(t, err, "no new connections during the shutdown")
	select {
	case err := <-done:
		t.Fatalf("shutdown returned with a request in flight: %v", err)
	default:
	}
	close(release)
	a := <-got
	require.NoError(t, a.err)
	require.Equal(t, "finished", a.body)
	require.NoError(t, <-done)
}

func TestShutdownCutsOffAtTheDeadline(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	srv := &http.Server{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		close(entered)
		<-release
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go func() {
		if resp, err := http.Get("http://" + ln.Addr().String()); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	err = shutdown(50*time.Millisecond, srv, errc, newBackground(discard()), discard())
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestBackgroundFinishesTheRunInHand stops the timers while a job runs:
// the job completes with a live context, and nothing runs after it.
func TestBackgroundFinishesTheRunInHand(t *testing.T) {
	t.Parallel()
	bg := newBackground(discard())
	m := newMetrics()
	entered, release := make(chan struct{}), make(chan struct{})
	var runs, after atomic.Int32
	bg.goTimers(time.Hour, m, job{name: "slow", run: func(ctx context.Context) (slog.Attr, error) {
		runs.Add(1)
		close(entered)
		<-release
		return slog.Attr{}, ctx.Err()
	}}, job{name: "next", run: func(context.Context) (slog.Attr, error) {
		after.Add(1)
		return slog.Attr{}, nil
	}})
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- bg.Stop(context.Background()) }()
	<-bg.stopping
	// Stop waits for the job in hand.
	select {
	case err := <-stopped:
		t.Fatalf("stop returned while a job ran: %v", err)
	default:
	}
	close(release)
	require.NoError(t, <-stopped)
	require.Equal(t, int32(1), runs.Load())
	require.Equal(t, int32(0), after.Load(), "no job starts after Stop")
	require.Equal(t, map[string]float64{"slow/ok": 1},
		counters(t, m.reg, "konfliktservice_timer_runs_total", "job", "result"))
}

// TestBackgroundCutsOffAtTheDeadline: a job that does not end by itself
// is canceled when Stop's context ends.
func TestBackgroundCutsOffAtTheDeadline(t *testing.T) {
	t.Parallel()
	bg := newBackground(discard())
	entered := make(chan struct{})
	bg.goTimers(time.Hour, newMetrics(), job{name: "stuck", run: func(ctx context.Context) (slog.Attr, error) {
		close(entered)
		<-ctx.Done()
		return slog.Attr{}, ctx.Err()
	}})
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, bg.Stop(ctx), context.DeadlineExceeded)
}

func TestTimerErrorsAreCountedAndLogged(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	bg := newBackground(slog.New(slog.NewTextHandler(&logs, nil)))
	m := newMetrics()
	ran := make(chan struct{})
	bg.goTimers(time.Hour, m, job{name: "broken", run: func(context.Context) (slog.Attr, error) {
		defer close(ran)
		return slog.Attr{}, errors.New("store down")
	}})
	<-ran
	require.NoError(t, bg.Stop(context.Background()))
	require.Equal(t, map[string]float64{"broken/error": 1},
		counters(t, m.reg, "konfliktservice_timer_runs_total", "job", "result"))
	require.Contains(t, logs.String(), `job=broken err="store down"`)
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	db := sqltest.SQLite(t)
	var logs syncBuffer
	h := healthz(db, slog.New(slog.NewTextHandler(&logs, nil)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.JSONEq(t, `{"status":"ok","database":"ok"}`, rec.Body.String())

	require.NoError(t, db.Close())
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.JSONEq(t, `{"status":"unavailable","database":"unavailable"}`, rec.Body.String())
	require.Contains(t, logs.String(), "database does not answer")
}

func TestNewPassword(t *testing.T) {
	t.Parallel()
	pw, err := newPassword(strings.NewReader(strings.Repeat("x", 18)))
	require.NoError(t, err)
	require.Equal(t, "eHh4eHh4eHh4eHh4eHh4eHh4", pw)
	_, err = newPassword(strings.NewReader("short"))
	require.Error(t, err)
}

func TestSetUpIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sqltest.SQLite(t)
	svc, err := newServices(ctx, db, discard(), nil, nil, false, minBcryptCost)
	require.NoError(t, err)
	cfg := config{operator: "anna", demo: true}
	st := stores{accounts: db.Accounts(), complaints: db.Complaints()}
	first, err := setUp(ctx, cfg, st, svc.reg, svc.accounts, svc.complaints, "http://x")
	require.NoError(t, err)
	require.NotEmpty(t, first.operator.password)
	require.NotEmpty(t, first.shopLogin.password)
	require.NotEmpty(t, first.apiKey)
	require.True(t, strings.HasPrefix(first.complaintLink, "http://x/c/c_"), first.complaintLink)

	second, err := setUp(ctx, cfg, st, svc.reg, svc.accounts, svc.complaints, "http://x")
	require.NoError(t, err)
	require.Equal(t, seeding{
		operator:  credential{role: "operator", login: "anna", created: second.operator.created},
		shopLogin: credential{role: "shop", login: demoShopLogin, created: second.shopLogin.created},
		demo:      true,
	}, second)
	require.False(t, second.operator.created.IsZero())
	keys, err := svc.accounts.APIKeys(ctx, demoShopID)
	require.NoError(t, err)
	require.Len(t, keys, 1)

	// A revoked demo key is replaced by a new one on the next start.
	require.NoError(t, svc.accounts.RevokeAPIKey(ctx, demoShopID, keys[0].ID))
	third, err := setUp(ctx, cfg, st, svc.reg, svc.accounts, svc.complaints, "http://x")
	require.NoError(t, err)
	require.NotEmpty(t, third.apiKey)

	var out bytes.Buffer
	printBanner(&out, "http://x", "127.0.0.1:1", "SQLite k.db", second)
	require.Contains(t, out.String(), `operator login "anna" exists since`)
	require.NotContains(t, out.String(), "password:")
	require.NotContains(t, out.String(), "shown this once")
}

// TestRunAddsDemoDataLater: a database without demo data gets it
// on a start with -demo, and the operator login is left alone.
func TestRunAddsDemoDataLater(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "k.db")
	first := start(t, env(nil), "-db", dsn, "-demo=false")
	first.stop(t)
	second := start(t, env(nil), "-db", dsn)
	status, _ := second.do(t, http.MethodGet, "/api/v1/shops/"+demoShopID, "", "")
	require.Equal(t, http.StatusOK, status)
	second.stop(t)
	require.Contains(t, second.out.String(), `operator login "operator" exists since`)
	secrets := second.secretsText(t)
	require.Regexp(t, `shop login +demo-shop +password: `, secrets)
	require.NotContains(t, secrets, "operator login", "the operator existed")
}

// TestEnsureLoginLosesARace: when another process creates the login
// between the look-up and the creation, the start goes on without a
// password to print.
func TestEnsureLoginLosesARace(t *testing.T) {
	t.Parallel()
	got, err := ensureLogin(context.Background(), memory.New().Accounts(), "operator", "anna", "",
		func(string) error { return fairshops.E("test", fairshops.Conflict, "anna", "exists", nil) })
	require.NoError(t, err)
	require.Equal(t, "anna", got.login)
	require.Empty(t, got.password)

	_, err = ensureLogin(context.Background(), memory.New().Accounts(), "operator", "anna", "",
		func(string) error { return errors.New("store down") })
	require.ErrorContains(t, err, "store down")
}

// TestOutboxPruningJob: the timers' outbox job deletes delivered events
// older than -outbox-keep in batches, and is absent with -outbox-keep 0.
func TestOutboxPruningJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sqltest.SQLite(t)
	svc, err := newServices(ctx, db, discard(), nil, nil, false, minBcryptCost)
	require.NoError(t, err)
	names := func(jobs []job) []string {
		var out []string
		for _, j := range jobs {
			out = append(out, j.name)
		}
		return out
	}
	require.NotContains(t, names(svc.timerJobs(db, 0)), "outbox_pruning")
	jobs := svc.timerJobs(db, time.Hour)
	require.Contains(t, names(jobs), "outbox_pruning")

	// More delivered events than one batch, delivered two hours ago, and
	// one still pending.
	now := time.Now()
	const delivered = pruneBatch + 7
	events := make([]fairshops.Event, delivered+1)
	for i := range events {
		events[i], err = fairshops.NewEvent(fairshops.EventShopChanged, "pruned", "pruned", now, nil)
		require.NoError(t, err)
	}
	require.NoError(t, db.Shops().Create(ctx, storetest.SampleShop("pruned"), events))
	claimed, err := db.Outbox().Claim(ctx, "relay", delivered, time.Minute, now.Add(-2*time.Hour))
	require.NoError(t, err)
	require.Len(t, claimed, delivered)
	for _, e := range claimed {
		require.NoError(t, db.Outbox().MarkDelivered(ctx, e.Event.ID, "relay", now.Add(-2*time.Hour)))
	}
	all := func() []string { // every event's ID, page by page
		var ids []string
		for after := int64(0); ; {
			page, err := db.Outbox().List(ctx, after, fairshops.MaxLimit)
			require.NoError(t, err)
			if len(page) == 0 {
				return ids
			}
			for _, e := range page {
				ids = append(ids, e.Event.ID)
			}
			after = page[len(page)-1].Seq
		}
	}
	before := all()

	for _, j := range jobs {
		if j.name == "outbox_pruning" {
			did, err := j.run(ctx)
			require.NoError(t, err)
			require.Equal(t, slog.Int("pruned", delivered), did)
		}
	}
	after := all()
	require.Len(t, after, len(before)-delivered)
	require.Equal(t, events[delivered].ID, after[len(after)-1], "the pending event stays")
}

// TestSecretsFile: the secrets go beside the SQLite file by default, in the
// working directory on PostgreSQL, where -secrets-file says otherwise; a
// file that exists is appended to and set to mode 0600.
func TestSecretsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := config{db: filepath.Join(dir, "k.db")}
	require.Equal(t, filepath.Join(dir, secretsFileName), cfg.secretsPath(false))
	require.Equal(t, secretsFileName, cfg.secretsPath(true))
	cfg.secretsFile = "/run/secrets/x"
	require.Equal(t, "/run/secrets/x", cfg.secretsPath(false))

	path := filepath.Join(dir, "s.txt")
	require.NoError(t, os.WriteFile(path, []byte("before\n"), 0o644))
	at := time.Date(2026, 12, 6, 4, 0, 0, 0, time.UTC)
	s := seeding{operator: credential{role: "operator", login: "anna", password: "pw-123456789012"}, apiKey: "ksk_x"}
	require.NoError(t, writeSecrets(path, s.secrets(), at))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "before\n# Konfliktservice: created by the start at 2026-12-06T04:00:00Z; change the passwords on /account\n"+
		"operator login     anna  password: pw-123456789012\n"+
		"API key            ksk_x  (shop demo-shop: Authorization: Bearer <key>)\n\n", string(data))
	require.Empty(t, seeding{operator: credential{role: "operator", login: "anna"}}.secrets(), "nothing created, nothing secret")
	require.Error(t, writeSecrets(filepath.Join(dir, "missing", "s.txt"), "x", at))
}

// TestAccountMailWithoutMailServer: without -smtp-host an invitation's
// link goes to stderr, and the mailer refuses before run sets it up.
func TestAccountMailWithoutMailServer(t *testing.T) {
	t.Parallel()
	var errOut bytes.Buffer
	next, err := newAccountMailer(config{}, "http://127.0.0.1:1", &errOut)
	require.NoError(t, err)
	m := &accountMailer{}
	mail := account.Mail{Purpose: account.Invitation, To: "neu@shop.example", Login: "neu", Token: "tok123"}
	require.Error(t, m.SendAccountMail(context.Background(), mail), "not ready")
	m.next = next
	require.NoError(t, m.SendAccountMail(context.Background(), mail))
	require.Equal(t, "no mail server: the invitation mail for login neu (to neu@shop.example) has the link http://127.0.0.1:1/invite/tok123\n", errOut.String())
	smtp, err := newAccountMailer(config{smtp: smtpFlags{host: "localhost", port: 25, from: "a@b.example"}}, "http://x", &errOut)
	require.NoError(t, err)
	require.IsType(t, &notify.AccountMailer{}, smtp)
}

// TestTallyCompactionJob: the timers fold the dashboard's counters
// (sqlstore.DB.CompactTallies) on both databases without error, and the
// dashboard counts the same before and after.
func TestTallyCompactionJob(t *testing.T) {
	t.Parallel()
	for _, tg := range []struct {
		name string
		open func(testing.TB, ...sqlstore.Option) *sqlstore.DB
	}{{"sqlite", sqltest.SQLite}, {"postgres", sqltest.Postgres}} {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := tg.open(t)
			svc, err := newServices(ctx, db, discard(), nil, nil, false, minBcryptCost)
			require.NoError(t, err)
			for i := range 3 {
				c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_job_%d", i), "shop-job")
				require.NoError(t, db.Complaints().Create(ctx, c, nil))
			}
			q := complaint.StatsQuery{From: fairshops.MustDate("2020-01-01"), To: fairshops.MustDate("2030-12-31"),
				Today: fairshops.MustDate("2026-02-20"), Shops: 3}
			before, err := db.Complaints().Stats(ctx, q)
			require.NoError(t, err)
			var ran bool
			for _, j := range svc.timerJobs(db, 0) {
				if j.name == "tally_compaction" {
					_, err := j.run(ctx)
					require.NoError(t, err)
					ran = true
				}
			}
			require.True(t, ran, "the job is among the timers")
			after, err := db.Complaints().Stats(ctx, q)
			require.NoError(t, err)
			require.Equal(t, before, after)
			require.Equal(t, []complaint.ShopCount{{ShopID: "shop-job", Total: 3, Open: 3, Missed: 3}}, after.Shops)
		})
	}
}
