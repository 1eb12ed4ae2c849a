package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestNodes runs three server processes on one PostgreSQL schema behind a
// round-robin reverse proxy on loopback, as docs/adr-multi-node.md
// describes: a session, a CSRF token and a private link work on whichever
// node answers; the timers of all nodes fire each due reminder and
// deadline exactly once; and a node killed with SIGKILL during a filing
// load loses no acknowledged complaint while the others go on.
func TestNodes(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	// Without -race even under go test -race: the subject is the
	// processes working together, and three race-instrumented servers
	// hashing passwords with bcrypt on two cores start too slowly. After
	// go vet (CI runs it first) the build is mostly a link.
	bin := buildServer(t, false)

	pool := &backendPool{}
	proxy := httptest.NewServer(pool.proxy())
	t.Cleanup(proxy.Close)

	const operatorPassword = "operator-secret-123"
	csrfKey := hex.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	env := procEnv(envCSRFKey+"="+csrfKey, envOperatorPassword+"="+operatorPassword)
	// One case-file key for all nodes, as one key file on shared storage.
	args := []string{"-db", dsn, "-base-url", proxy.URL, "-timer-interval", "1s",
		"-rate-limit", "off", "-write-limit", "off", "-casefile-key", filepath.Join(t.TempDir(), "casefile.key"),
		"-secrets-file", filepath.Join(t.TempDir(), "secrets.txt")}
	// Node c reads the same key from a file, as from a secret store.
	keyFile := filepath.Join(t.TempDir(), "csrf.key")
	require.NoError(t, os.WriteFile(keyFile, []byte(csrfKey+"\n"), 0o600))
	// The first node migrates and seeds; the others find it done.
	nodes := []*proc{startProc(t, "node-a", bin, env, args...)}
	nodes = append(nodes, startProc(t, "node-b", bin, env, args...),
		startProc(t, "node-c", bin, procEnv(envOperatorPassword+"="+operatorPassword), append(args, "-csrf-key-file", keyFile)...))
	for _, n := range nodes {
		pool.add(n.base)
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })

	t.Run("web", func(t *testing.T) { checkWebAcrossNodes(t, proxy.URL, nodes, operatorPassword) })
	t.Run("timers", func(t *testing.T) { checkTimersOnce(t, proxy.URL, dsn, nodes[:2], db) })
	t.Run("failover", func(t *testing.T) { checkFailover(t, proxy.URL, pool, nodes, db) })
}

// backendPool is the proxy's round robin; a node that refuses a
// connection is taken out, as a load balancer's health check would.
type backendPool struct {
	mu    sync.Mutex
	up    []string
	down  map[string]bool
	count int
}

func (p *backendPool) add(base string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = append(p.up, base)
}

func (p *backendPool) next() *url.URL {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		b := p.up[p.count%len(p.up)]
		p.count++
		if !p.down[strings.TrimPrefix(b, "http://")] {
			u, _ := url.Parse(b)
			return u
		}
	}
}

func (p *backendPool) markDown(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down == nil {
		p.down = map[string]bool{}
	}
	p.down[host] = true
}

// proxy forwards every request to the next node. A failed request is a
// 502 and is not retried: a filing is not idempotent.
func (p *backendPool) proxy() http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(p.next())
			r.SetXForwarded()
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, _ error) {
			p.markDown(r.URL.Host)
			w.WriteHeader(http.StatusBadGateway)
		},
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// browser is a cookie-keeping client that does not follow redirects.
// Cookies do not tell ports apart, so one jar serves every node.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header.Get("Location") + string(b)
}

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	require.NotNil(t, m, "no CSRF token in the page")
	return m[1]
}

// checkWebAcrossNodes logs in on one node with a form from another, uses
// the session and a CSRF token on a third, and opens a private link and
// answers through it on different nodes.
func checkWebAcrossNodes(t *testing.T, proxyURL string, nodes []*proc, operatorPassword string) {
	a, b, c := nodes[0].base, nodes[1].base, nodes[2].base
	op := browser(t)

	status, page := get(t, op, b+"/login")
	require.Equal(t, http.StatusOK, status, page)
	status, page = postForm(t, op, a+"/login", url.Values{
		"csrf": {csrfOf(t, page)}, "login": {"operator"}, "password": {operatorPassword}})
	require.Equal(t, http.StatusSeeOther, status, "a token of node b logs in on node a: %s", page)
	status, page = get(t, op, c+"/operator")
	require.Equal(t, http.StatusOK, status, "the session of node a on node c: %s", page)
	status, page = postForm(t, op, b+"/logout", url.Values{"csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusSeeOther, status, "a token of node c logs out on node b: %s", page)
	status, _ = get(t, op, a+"/operator")
	require.Equal(t, http.StatusSeeOther, status, "logged out on every node")

	// A complaint filed through the proxy; its private link on node c, an
	// answer through it on node a, read back on node b.
	filed := fileOne(t, proxyURL, "WEB-1")
	consumer := browser(t)
	status, page = get(t, consumer, c+"/c/"+filed.ID+"?t="+filed.Token)
	if status == http.StatusSeeOther { // the link sets the cookie and drops ?t=
		status, page = get(t, consumer, c+"/c/"+filed.ID)
	}
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "WEB-1")
	status, page = postForm(t, consumer, a+"/c/"+filed.ID+"/messages", url.Values{
		"csrf": {csrfOf(t, page)}, "body": {"Ich warte noch auf eine Antwort."}})
	require.Equal(t, http.StatusSeeOther, status, page)
	status, page = get(t, consumer, b+"/c/"+filed.ID)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Ich warte noch auf eine Antwort.")
}

// filing is an acknowledged complaint.
type filing struct {
	ID, Token, OrderRef string
}

// fileOne files a complaint through base and requires a 201.
func fileOne(t *testing.T, base, orderRef string) filing {
	t.Helper()
	status, f, body := file(base, orderRef)
	require.Equal(t, http.StatusCreated, status, body)
	return f
}

// file files a complaint for demo-shop; status 0 is a failed round trip.
func file(base, orderRef string) (int, filing, string) {
	resp, err := http.Post(base+"/api/v1/shops/"+demoShopID+"/complaints", "application/json", strings.NewReader(intake(orderRef)))
	if err != nil {
		return 0, filing{}, err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, filing{}, err.Error()
	}
	f := filing{OrderRef: orderRef}
	if resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(b, &f); err != nil {
			return 0, filing{}, err.Error()
		}
	}
	return resp.StatusCode, f, string(b)
}

// checkTimersOnce makes ten complaints due, half for a reminder and half
// for a missed deadline, while two nodes run their timers every second and
// four more timer runs, each on a connection pool of its own as another
// node would have, start at the same instant (the nodes' runs alone would
// seldom overlap), and requires exactly one event per due item once both
// nodes have completed further timer runs.
func checkTimersOnce(t *testing.T, proxyURL, dsn string, nodes []*proc, db *sqlstore.DB) {
	ctx := context.Background()
	today := fairshops.DateOf(time.Now(), fairshops.Berlin())
	var ids []string
	for i := range 10 {
		f := fileOne(t, proxyURL, fmt.Sprintf("DUE-%d", i))
		c, err := db.Complaints().Get(ctx, f.ID)
		require.NoError(t, err)
		require.Equal(t, complaint.Forwarded, c.State)
		if i%2 == 0 {
			c.ReminderOn, c.AnswerDue = today.AddDays(-1), today.AddDays(5)
		} else {
			c.ReminderOn, c.AnswerDue = today.AddDays(-5), today.AddDays(-1)
		}
		c.NextDue = c.Timer()
		require.NoError(t, db.Complaints().Update(ctx, c, nil))
		ids = append(ids, f.ID)
	}
	racers := make([]*complaint.Service, 4)
	for i := range racers {
		racers[i] = timerRacer(t, dsn)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	reports := make([]complaint.DueReport, len(racers))
	for i, svc := range racers {
		wg.Go(func() {
			<-start
			var err error
			if reports[i], err = svc.ProcessDue(ctx); err != nil {
				t.Errorf("process due: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	t.Logf("timer runs started at once: %+v", reports)

	// Wait until every complaint is done, then until each node has
	// finished two more runs of the job: any late duplicate would be in.
	deadline := time.Now().Add(45 * time.Second)
	for i := 0; i < len(ids); {
		c, err := db.Complaints().Get(ctx, ids[i])
		require.NoError(t, err)
		if (i%2 == 0 && c.Reminded) || (i%2 == 1 && c.DeadlineMissed) {
			i++
			continue
		}
		require.True(t, time.Now().Before(deadline), "complaint %s not processed within 45s", ids[i])
		time.Sleep(100 * time.Millisecond)
	}
	for _, n := range nodes {
		start := timerRuns(t, n)
		for timerRuns(t, n) < start+2 {
			require.True(t, time.Now().Before(deadline), "%s ran no timers", n.name)
			time.Sleep(100 * time.Millisecond)
		}
	}

	count := map[string]map[string]int{}
	for _, e := range allEvents(t, db) {
		if count[e.Event.Subject] == nil {
			count[e.Event.Subject] = map[string]int{}
		}
		count[e.Event.Subject][e.Event.Type]++
	}
	for i, id := range ids {
		got := count[id]
		if i%2 == 0 {
			require.Equal(t, 1, got[complaint.EventReminder], "reminders of %s: %v", id, got)
			require.Zero(t, got[complaint.EventDeadlineMissed], id)
		} else {
			require.LessOrEqual(t, got[complaint.EventReminder], 1, "reminders of %s: %v", id, got)
			require.Equal(t, 1, got[complaint.EventDeadlineMissed], "deadline events of %s: %v", id, got)
		}
	}
}

// timerRacer is a complaint service on a connection pool of its own.
func timerRacer(t *testing.T, dsn string) *complaint.Service {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	clock := fairshops.SystemClock{}
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock})
	require.NoError(t, err)
	return svc
}

var timerRunsLine = regexp.MustCompile(`(?m)^konfliktservice_timer_runs_total\{job="complaint_deadlines",result="ok"\} (\d+)$`)

// timerRuns is the count of finished complaint_deadlines runs of node n.
func timerRuns(t *testing.T, n *proc) int {
	t.Helper()
	_, body := get(t, http.DefaultClient, n.base+"/metrics")
	m := timerRunsLine.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	var runs int
	_, err := fmt.Sscan(m[1], &runs)
	require.NoError(t, err)
	return runs
}

func allEvents(t *testing.T, db *sqlstore.DB) []sqlstore.OutboxEvent {
	t.Helper()
	var out []sqlstore.OutboxEvent
	var after int64
	for {
		page, err := db.Outbox().List(context.Background(), after, fairshops.MaxLimit)
		require.NoError(t, err)
		out = append(out, page...)
		if len(page) < fairshops.MaxLimit {
			return out
		}
		after = page[len(page)-1].Seq
	}
}

// checkFailover files complaints through the proxy from several clients,
// kills one node with SIGKILL midway, and requires every acknowledged
// filing to be stored whole and readable on the survivors, which go on
// acknowledging filings.
func checkFailover(t *testing.T, proxyURL string, pool *backendPool, nodes []*proc, db *sqlstore.DB) {
	const (
		workers     = 6
		beforeKill  = 24
		afterKill   = 36
		loadTimeout = 60 * time.Second
	)
	var (
		mu        sync.Mutex
		acked     []filing
		ackedLate int // acknowledged after the kill
		killed    bool
		statuses  = map[int]int{}
		killNow   = make(chan struct{})
		stop      = make(chan struct{})
		stopOnce  sync.Once
		wg        sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				status, f, _ := file(proxyURL, fmt.Sprintf("LOAD-%d-%d", w, i))
				mu.Lock()
				statuses[status]++
				if status == http.StatusCreated {
					acked = append(acked, f)
					if killed {
						ackedLate++
					}
					if len(acked) == beforeKill {
						close(killNow)
					}
					if ackedLate == afterKill {
						stopOnce.Do(func() { close(stop) })
					}
				}
				mu.Unlock()
			}
		})
	}
	victim := nodes[1]
	select {
	case <-killNow:
	case <-time.After(loadTimeout):
		t.Fatalf("fewer than %d filings acknowledged in %v: %v", beforeKill, loadTimeout, statuses)
	}
	victim.kill(t)
	mu.Lock()
	killed = true
	mu.Unlock()
	select {
	case <-stop:
	case <-time.After(loadTimeout):
		stopOnce.Do(func() { close(stop) })
		wg.Wait()
		t.Fatalf("the survivors acknowledged %d filings in %v after the kill, want %d: %v", ackedLate, loadTimeout, afterKill, statuses)
	}
	wg.Wait()
	// Only acknowledgements and the proxy's 502 for the killed node.
	for status := range statuses {
		require.Contains(t, []int{http.StatusCreated, http.StatusBadGateway}, status, "statuses %v", statuses)
	}
	t.Logf("filings: %v (%d acknowledged, %d after the kill)", statuses, len(acked), ackedLate)

	survivors := []*proc{nodes[0], nodes[2]}
	for i, f := range acked {
		n := survivors[i%len(survivors)]
		status, body := n.do(t, http.MethodGet, "/api/v1/complaints/"+f.ID, f.Token, "")
		require.Equal(t, http.StatusOK, status, "%s on %s: %s", f.ID, n.name, body)
		var got struct {
			OrderRef string `json:"order_ref"`
		}
		require.NoError(t, json.Unmarshal(body, &got), body)
		require.Equal(t, f.OrderRef, got.OrderRef)

		c, err := db.Complaints().Get(context.Background(), f.ID)
		require.NoError(t, err)
		require.Equal(t, f.OrderRef, c.OrderRef)
		require.Equal(t, "Erika Muster", c.Contact.Name)
		require.Equal(t, "erika@example.org", c.Contact.Email)
		require.Equal(t, "Das Paket ist nicht angekommen.", c.Facts.Description)
		require.Equal(t, "19.99 EUR", c.Facts.OrderValue.String())
		require.NotEmpty(t, c.History)
		require.NoError(t, complaint.VerifyHistory(c.ID, c.History))
	}
	for _, n := range survivors {
		status, _ := n.do(t, http.MethodGet, "/healthz", "", "")
		require.Equal(t, http.StatusOK, status, n.name)
	}
	fileOne(t, proxyURL, "AFTER")
}

// do sends a request to the process; see server.do.
func (p *proc) do(t *testing.T, method, path, bearer, body string) (int, []byte) {
	t.Helper()
	return (&server{base: p.base}).do(t, method, path, bearer, body)
}
