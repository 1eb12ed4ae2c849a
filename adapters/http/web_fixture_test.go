package http_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// webEnv is a complete service for the web tests: a registry with shops,
// complaints, mediation, the portal and accounts, all in memory, on a
// manual clock (2026-11-25 09:00 UTC).
type webEnv struct {
	srv        *httptest.Server
	h          *kshttp.Handler
	clock      *fairshops.ManualClock
	reg        *fairshops.Registry
	db         *memory.DB
	complaints *complaint.Service
	mediation  *mediation.Service
	claims     *carrierclaim.Service // carrier claims (web_carrier.go)
	accounts   *account.Service
	portal     *portal.Service
	outbox     *fakeOutbox // one event given up: deadEventID
	mails      *mailbox    // invitation and reset mails (accounts_fixture_test.go)
}

// Passwords of the test accounts.
const (
	operatorLogin = "anna"
	shopLogin     = "demo"
	otherLogin    = "other"
	testPassword  = "correct horse battery staple"
)

// newWebEnv starts the service. Shops: "demo-shop" (licensed,
// Streitmoderation in the mode consumer), "other-shop" (licensed,
// Beschwerdeservice), "no-seal" (did not pass, nothing booked) and
// "paused" (suspended).
// Options change the handler's config before it is built.
func newWebEnv(t testing.TB, opts ...func(*kshttp.Config)) *webEnv {
	t.Helper()
	ctx := context.Background()
	e := &webEnv{clock: fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)), db: memory.New()}
	var err error
	e.reg, err = fairshops.NewRegistry(fairshops.RegistryConfig{Store: e.db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: e.clock})
	require.NoError(t, err)
	shops := []fairshops.Shop{
		{ID: "demo-shop", Name: "Demo-Shop", Domain: "demo.example",
			Seal:       fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2027-06-30")},
			Conditions: []string{"Rückgabe 30 Tage"},
			Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
				Purpose: fairshops.NeededForStandard, MediationMode: fairshops.ConsumerMode}}},
		{ID: "other-shop", Name: "Anderer Shop", Domain: "other.example", Seal: fairshops.Seal{Status: fairshops.Licensed},
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"),
				Purpose: fairshops.ExtraTrust}}},
		{ID: "no-seal", Name: "Ohne Siegel", Domain: "noseal.example", Seal: fairshops.Seal{Status: fairshops.NotPassed}},
		{ID: "paused", Name: "Pausiert", Domain: "paused.example", Seal: fairshops.Seal{Status: fairshops.Suspended}},
	}
	for _, s := range shops {
		_, err := e.reg.Register(ctx, s)
		require.NoError(t, err)
	}
	// The complaint service takes review requests (ADRDirective); the
	// handler offers them only with its own setting (kshttp.Config.ADRDirective).
	e.complaints, err = complaint.NewService(complaint.Config{Store: e.db.Complaints(), Shops: e.reg, Clock: e.clock, Files: e.db.Files(),
		Cases: complaint.Erasers{mediation.NewEraser(e.db.Cases(), e.clock), carrierclaim.NewEraser(e.db.Claims(), e.db.Shares(), e.clock)}, ADRDirective: true})
	require.NoError(t, err)
	e.mediation, err = mediation.NewService(mediation.Config{Store: e.db.Cases(), Complaints: mediation.ComplaintsOf(e.complaints),
		Shops: e.reg, Clock: e.clock})
	require.NoError(t, err)
	lib, err := apiLibrary()
	require.NoError(t, err)
	e.portal, err = portal.NewService(ctx, portal.Config{Store: memory.New().Articles(), Library: lib, SeedIfEmpty: true})
	require.NoError(t, err)
	logins := memory.New()
	e.mails = &mailbox{}
	e.accounts, err = account.NewService(account.Config{Accounts: logins.Accounts(), APIKeys: logins.APIKeys(), Sessions: logins.Sessions(),
		Tokens: logins.Tokens(), Throttles: logins.Throttles(), Mailer: e.mails, Shops: e.reg, Clock: e.clock, BcryptCost: bcrypt.MinCost})
	require.NoError(t, err)
	addLogin(t, logins.Accounts(), e.clock.Now(), "", operatorLogin)
	addLogin(t, logins.Accounts(), e.clock.Now(), "demo-shop", shopLogin)
	addLogin(t, logins.Accounts(), e.clock.Now(), "other-shop", otherLogin)
	e.outbox = &fakeOutbox{}
	e.outbox.add(deadEventID, e.clock.Now().Add(-time.Hour), "webhook answered 410 <b>Gone</b>")
	macros, err := complaint.NewMacros(e.db.Macros(), e.clock)
	require.NoError(t, err)
	figs, err := figures.NewService(figures.Config{Store: e.db.Figures(), Shops: e.reg})
	require.NoError(t, err)
	notifySettings, err := shopnotify.NewService(shopnotify.Config{Store: e.db.NotifySettings(), Shops: e.reg, Clock: e.clock,
		CheckURL: (&notify.Webhooks{}).CheckURL})
	require.NoError(t, err)
	e.claims, err = carrierclaim.NewService(carrierclaim.Config{Store: e.db.Claims(), Complaints: e.complaints, Clock: e.clock,
		Shares: e.db.Shares(), Files: e.complaints, Documents: e.db.Documents()})
	require.NoError(t, err)
	cfg := kshttp.Config{Registry: e.reg, Complaints: e.complaints, Mediation: e.mediation, Portal: e.portal, Claims: e.claims,
		Accounts: e.accounts, Outbox: e.outbox, Macros: macros, Figures: figs, NotifySettings: notifySettings, ShopReads: e.db.ShopReads(),
		Clock: e.clock, InsecureCookies: true, Audit: e.db.Audit(),
		Limit: kshttp.RateLimit{Rate: rate.Inf}, WriteLimit: kshttp.RateLimit{Rate: rate.Inf}}
	for _, o := range opts {
		o(&cfg)
	}
	e.h, err = kshttp.New(cfg)
	require.NoError(t, err)
	e.srv = httptest.NewServer(e.h)
	t.Cleanup(e.srv.Close)
	return e
}

// deadEventID is the event the test outbox holds as given up.
const deadEventID = "ev_dead"

// fakeOutbox is the outbox as the operator console sees it (the SQL
// adapter's Dead and Requeue are tested in adapters/sql).
type fakeOutbox struct {
	mu      sync.Mutex
	entries []fairshops.OutboxEntry
}

// add appends a given-up event about a complaint of demo-shop.
func (o *fakeOutbox) add(id string, deadAt time.Time, lastError string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.entries = append(o.entries, fairshops.OutboxEntry{Seq: int64(len(o.entries) + 1),
		Event:    fairshops.Event{ID: id, Type: complaint.EventSubmitted, Subject: "c_unknown", ShopID: "demo-shop", At: deadAt},
		Attempts: 8, DeadAt: deadAt, LastError: lastError})
}

func (o *fakeOutbox) Dead(_ context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []fairshops.OutboxEntry
	for _, e := range o.entries {
		if e.Seq > after && !e.DeadAt.IsZero() && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (o *fakeOutbox) Requeue(_ context.Context, id string, now time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, e := range o.entries {
		if e.Event.ID != id {
			continue
		}
		if e.DeadAt.IsZero() {
			return fairshops.E("fake.Requeue", fairshops.Conflict, id, "not given up", nil)
		}
		o.entries[i].DeadAt, o.entries[i].Attempts, o.entries[i].NextAttemptAt = time.Time{}, 0, now
		return nil
	}
	return fairshops.E("fake.Requeue", fairshops.NotFound, id, "", nil)
}

// browser is a client with its own cookies that does not follow redirects,
// so that tests see every 303.
type browser struct {
	t    *testing.T
	env  *webEnv
	c    *http.Client
	lang string // Accept-Language
}

func (e *webEnv) browser(t *testing.T, lang string) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, env: e, lang: lang, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer as the tests read it.
type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.env.srv.URL+path, body)
	require.NoError(b.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.c.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return page{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

func (b *browser) get(path string) page { b.t.Helper(); return b.do(http.MethodGet, path, nil) }

// post sends a form; a nil form sends an empty one.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return b.do(http.MethodPost, path, form)
}

// submit loads the page at from, takes its CSRF token, and posts the form
// to action with it.
func (b *browser) submit(from, action string, form url.Values) page {
	b.t.Helper()
	p := b.get(from)
	require.Equal(b.t, http.StatusOK, p.status, "GET %s: %s", from, p.body)
	return b.post(action, withCSRF(form, p.csrf(b.t)))
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the page's CSRF token.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	require.NotNil(t, m, "no csrf field in page")
	return html.UnescapeString(m[1])
}

func withCSRF(form url.Values, token string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	out.Set("csrf", token)
	return out
}

// login logs the browser in and checks where it lands.
func (b *browser) login(login, wantLocation string) {
	b.t.Helper()
	p := b.submit("/login", "/login", url.Values{"login": {login}, "password": {testPassword}})
	require.Equal(b.t, http.StatusSeeOther, p.status, p.body)
	require.Equal(b.t, wantLocation, p.header.Get("Location"))
}

// contains asserts that the page holds every text.
func (p page) contains(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		require.Contains(t, p.body, s)
	}
}

// lacks asserts that the page holds none of the texts.
func (p page) lacks(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		require.NotContains(t, p.body, s)
	}
}

// fileComplaint files a delivery complaint (overdue: the findings favour
// the consumer) through the service and returns its ID and the consumer's
// token.
func (e *webEnv) fileComplaint(t *testing.T, shopID, description string) (string, fairshops.Token) {
	t.Helper()
	return e.fileFacts(t, shopID, `"category":"delivery","order_date":"2026-10-01",
		"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-20",
		"description":`+jsonString(description))
}

// fileFacts files a complaint with the facts (JSON members without braces)
// and a fixed contact.
func (e *webEnv) fileFacts(t *testing.T, shopID, facts string) (string, fairshops.Token) {
	t.Helper()
	in, err := complaint.DecodeIntake([]byte(`{` + facts + `,"contact":{"name":"Erika Muster","email":"erika@example.org"}}`))
	require.NoError(t, err)
	c, tok, err := e.complaints.Submit(context.Background(), shopID, in)
	require.NoError(t, err)
	return c.ID, tok
}

// consumer returns a browser that followed the private link of a
// complaint.
func (e *webEnv) consumer(t *testing.T, lang, id string, tok fairshops.Token) *browser {
	t.Helper()
	b := e.browser(t, lang)
	p := b.get("/c/" + id + "?t=" + tok.Reveal())
	require.Equal(t, http.StatusSeeOther, p.status)
	return b
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
