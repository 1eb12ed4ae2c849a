package http_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
	"github.com/fairshops/konfliktservice/fairshops/casefile"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// The API tests run the handler on memory stores with two shops: shop-1
// (books Streitmoderation in the mode the test asks for) and shop-2, each
// with a complaint, an API key and a web login, and an operator login.

const (
	apiShop1, apiShop2  = "shop-1", "shop-2"
	apiOperatorLogin    = "olga"
	apiShopLogin        = "shop1-web"
	apiPassword         = "correct horse battery staple"
	apiMaxBody          = 16 << 10
	apiDeliveryFacts    = `"category":"delivery","order_date":"2026-10-01","order_value":{"amount":"20","currency":"EUR"},"description":"Paket kam nie an.","contacted_shop_on":"2026-10-20"`
	apiReturnFacts      = `"category":"return","order_date":"2026-10-01","delivery_date":"2026-10-03","order_value":{"amount":"20","currency":"EUR"},"goods_returned_on":"2026-10-05","refund_received":true,"description":"Ich will mehr."`
	apiTransitFacts     = `"category":"delivery","order_date":"2026-10-01","delivery_date":"2026-11-20","damaged_in_transit":true,"order_value":{"amount":"20","currency":"EUR"},"description":"Karton zerdrückt, Vase zerbrochen."`
	apiDispleasureFacts = `"category":"other","order_date":"2026-10-01","order_value":{"amount":"20","currency":"EUR"},"description":"Unfreundlich am Telefon."`
	apiContact          = `"contact":{"name":"Erika Muster","email":"erika@example.org"}`
)

// The case-file keys of the API tests: the current one and a retired one.
var apiCaseFileKey, apiRetiredKey = func() (casefile.Key, casefile.Key) {
	cur, err := casefile.NewKey("ks-test-2", []byte(strings.Repeat("k", 32)))
	if err != nil {
		panic(err)
	}
	old, err := casefile.NewKey("ks-test-1", []byte(strings.Repeat("o", 32)))
	if err != nil {
		panic(err)
	}
	return cur, old
}()

// apiLibrary is the portal's shipped content, loaded once (immutable).
var apiLibrary = sync.OnceValues(portal.LoadDefault)

// apiSharedPortal is a portal with the shipped articles that tests which
// never edit articles share: building its index is most of a world's cost.
// Tests that edit articles get their own (apiWorldOptions.ownPortal).
var apiSharedPortal = sync.OnceValues(func() (*apiPortal, error) {
	lib, err := apiLibrary()
	if err != nil {
		return nil, err
	}
	store := memory.New().Articles()
	svc, err := portal.NewService(context.Background(), portal.Config{Store: store, Library: lib, SeedIfEmpty: true})
	if err != nil {
		return nil, err
	}
	return &apiPortal{store: store, svc: svc}, nil
})

type apiPortal struct {
	store *memory.ArticleStore
	svc   *portal.Service
}

// worldOptions shape a world.
type apiWorldOptions struct {
	mode          fairshops.MediationMode // shop-1's mediation mode; default consumer
	manualForward bool                    // the operator forwards complaints
	facts         string                  // the facts of complaint A; default deliveryFacts
	writeLimit    kshttp.RateLimit        // default: off
	ownPortal     bool                    // a portal of its own, for tests that edit articles
	logger        *slog.Logger            // the handler's logger; default slog.Default()
	adrDirective  bool                    // the revised ADR Directive's setting (review.go)
}

// world is one handler with its stores and credentials.
type apiWorld struct {
	t     testing.TB
	ctx   context.Context
	h     *kshttp.Handler
	clock *fairshops.ManualClock

	db       *memory.DB
	articles *memory.ArticleStore
	logins   *memory.DB

	reg        *fairshops.Registry
	complaints *complaint.Service
	mediation  *mediation.Service
	claims     *carrierclaim.Service
	portal     *portal.Service
	accounts   *account.Service

	// complaint A (shop-1) and B (shop-2) with their consumer tokens
	complaintA, tokenA string
	complaintB, tokenB string
	// the carrier claim on complaint B (shop-2) and its carrier's link token
	claimB, carrierToken string
	keyShop1, keyShop2   string // API keys
	keyIDShop1           string
	shopSession          apiSession
	operatorSession      apiSession
	mails                *mailbox // invitation and reset mails (accounts_api_test.go)
}

// session is a browser's login: its session and CSRF cookies.
type apiSession struct {
	token, csrfCookie string
}

func newAPIWorld(t testing.TB, o apiWorldOptions) *apiWorld {
	t.Helper()
	if o.mode == "" {
		o.mode = fairshops.ConsumerMode
	}
	if o.facts == "" {
		o.facts = apiDeliveryFacts
	}
	if o.writeLimit == (kshttp.RateLimit{}) {
		o.writeLimit = kshttp.RateLimit{Rate: rate.Inf}
	}
	ctx := context.Background()
	w := &apiWorld{t: t, ctx: ctx, clock: fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)),
		db: memory.New(), logins: memory.New()}
	var err error
	w.reg, err = fairshops.NewRegistry(fairshops.RegistryConfig{Store: w.db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: w.clock})
	require.NoError(t, err)
	for id, mode := range map[string]fairshops.MediationMode{apiShop1: o.mode, apiShop2: fairshops.ConsumerMode} {
		_, err = w.reg.Register(ctx, fairshops.Shop{ID: id, Name: "Shop " + id, Domain: id + ".example",
			Seal: fairshops.Seal{Status: fairshops.Licensed}, Fulfilled: []string{"must.hotline_hours"},
			Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
				Purpose: fairshops.NeededForStandard, MediationMode: mode}}})
		require.NoError(t, err)
	}
	store := w.db.Complaints()
	w.complaints, err = complaint.NewService(complaint.Config{Store: store, Shops: w.reg, Clock: w.clock,
		ManualForward: o.manualForward, Files: w.db.Files(), ADRDirective: o.adrDirective})
	require.NoError(t, err)
	w.mediation, err = mediation.NewService(mediation.Config{Store: w.db.Cases(), Complaints: mediation.ComplaintsOf(w.complaints),
		Shops: w.reg, Clock: w.clock})
	require.NoError(t, err)
	if o.ownPortal {
		lib, err := apiLibrary()
		require.NoError(t, err)
		w.articles = memory.New().Articles()
		w.portal, err = portal.NewService(ctx, portal.Config{Store: w.articles, Library: lib, SeedIfEmpty: true})
		require.NoError(t, err)
	} else {
		shared, err := apiSharedPortal()
		require.NoError(t, err)
		w.articles, w.portal = shared.store, shared.svc
	}
	w.mails = &mailbox{}
	w.accounts, err = account.NewService(account.Config{Accounts: w.logins.Accounts(), APIKeys: w.logins.APIKeys(), Sessions: w.logins.Sessions(),
		Tokens: w.logins.Tokens(), Throttles: w.logins.Throttles(), Mailer: w.mails, Shops: w.reg, Clock: w.clock, BcryptCost: bcrypt.MinCost})
	require.NoError(t, err)
	addLogin(t, w.logins.Accounts(), w.clock.Now(), "", apiOperatorLogin)
	addLogin(t, w.logins.Accounts(), w.clock.Now(), apiShop1, apiShopLogin)
	k1, key1, err := w.accounts.IssueAPIKey(ctx, apiShop1, "ERP")
	require.NoError(t, err)
	_, key2, err := w.accounts.IssueAPIKey(ctx, apiShop2, "ERP")
	require.NoError(t, err)
	w.keyShop1, w.keyShop2, w.keyIDShop1 = key1.Reveal(), key2.Reveal(), k1.ID

	figs, err := figures.NewService(figures.Config{Store: w.db.Figures(), Shops: w.reg})
	require.NoError(t, err)
	notifySettings, err := shopnotify.NewService(shopnotify.Config{Store: w.db.NotifySettings(), Shops: w.reg, Clock: w.clock,
		CheckURL: (&notify.Webhooks{}).CheckURL})
	require.NoError(t, err)
	w.claims, err = carrierclaim.NewService(carrierclaim.Config{Store: w.db.Claims(), Complaints: w.complaints, Clock: w.clock,
		Shares: w.db.Shares(), Files: w.complaints, Documents: w.db.Documents()})
	require.NoError(t, err)
	w.h, err = kshttp.New(kshttp.Config{Registry: w.reg, Complaints: w.complaints, Mediation: w.mediation,
		Claims: w.claims, Portal: w.portal, Accounts: w.accounts, Figures: figs, Clock: w.clock, MaxBody: apiMaxBody,
		NotifySettings: notifySettings, ShopReads: w.db.ShopReads(),
		Limit: kshttp.RateLimit{Rate: rate.Inf}, WriteLimit: o.writeLimit, CSRFKey: []byte("0123456789abcdef0123456789abcdef"),
		Logger: o.logger, CaseFileKey: &apiCaseFileKey, Audit: w.db.Audit(), PublishedKeys: []casefile.PublicKey{apiRetiredKey.Public()},
		ADRDirective: o.adrDirective})
	require.NoError(t, err)

	w.complaintA, w.tokenA = w.file(apiShop1, o.facts)
	w.complaintB, w.tokenB = w.file(apiShop2, apiDeliveryFacts)
	w.claimB, w.carrierToken = w.seedCarrierClaim(w.complaintB, apiShop2)
	w.shopSession = w.login(apiShopLogin)
	w.operatorSession = w.login(apiOperatorLogin)
	return w
}

// file files a complaint through the service and returns its ID and token.
func (w *apiWorld) file(shop, facts string) (string, string) {
	w.t.Helper()
	in, err := complaint.DecodeIntake([]byte("{" + facts + "," + apiContact + "}"))
	require.NoError(w.t, err)
	c, tok, err := w.complaints.Submit(w.ctx, shop, in)
	require.NoError(w.t, err)
	return c.ID, tok.Reveal()
}

// login logs in through the API and keeps the cookies it sets.
func (w *apiWorld) login(login string) apiSession {
	w.t.Helper()
	rec := w.serve(httptest.NewRequest("POST", "/api/v1/session",
		strings.NewReader(`{"login":"`+login+`","password":"`+apiPassword+`"}`)), "application/json")
	require.Equal(w.t, 200, rec.Code, rec.Body.String())
	var s apiSession
	for _, c := range rec.Result().Cookies() {
		switch c.Name {
		case "__Host-ks_session":
			s.token = c.Value
		case "__Host-ks_csrf":
			s.csrfCookie = c.Value
		}
	}
	require.NotEmpty(w.t, s.token)
	require.NotEmpty(w.t, s.csrfCookie)
	return s
}

func (w *apiWorld) serve(r *http.Request, contentType string) *httptest.ResponseRecorder {
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	return rec
}

// csrfToken asks GET /api/v1/session for a fresh CSRF token of a session.
func (w *apiWorld) csrfToken(s apiSession) string {
	w.t.Helper()
	r := httptest.NewRequest("GET", "/api/v1/session", nil)
	s.addCookies(r)
	rec := w.serve(r, "")
	require.Equal(w.t, 200, rec.Code, rec.Body.String())
	var v struct {
		CSRF string `json:"csrf_token"`
	}
	require.NoError(w.t, json.Unmarshal(rec.Body.Bytes(), &v))
	require.NotEmpty(w.t, v.CSRF)
	return v.CSRF
}

func (s apiSession) addCookies(r *http.Request) {
	r.AddCookie(&http.Cookie{Name: "__Host-ks_session", Value: s.token})
	r.AddCookie(&http.Cookie{Name: "__Host-ks_csrf", Value: s.csrfCookie})
}

// role is who sends a request in the tests.
type apiRole int

const (
	asAnonymous     apiRole = iota
	asConsumer              // the consumer of complaint A (its token)
	asOtherConsumer         // the consumer of complaint B, a foreign object for A
	asShopKey               // shop-1 by API key
	asOtherShopKey          // shop-2 by API key: A and its case are foreign
	asShopCookie            // shop-1 by session cookie with a CSRF token
	asShopNoCSRF            // shop-1 by session cookie without a CSRF token
	asOperator              // the operator by session cookie with a CSRF token
	asCarrier               // the carrier's claims desk with the link token of complaint B's claim
	apiNumRoles
)

func (r apiRole) String() string {
	return [...]string{"anonymous", "consumer", "other consumer", "shop key", "other shop key", "shop cookie",
		"shop cookie without csrf", "operator", "carrier"}[r]
}

// authorize adds the role's credentials to a request.
func (w *apiWorld) authorize(r *http.Request, who apiRole) {
	w.t.Helper()
	switch who {
	case asConsumer:
		r.Header.Set("Authorization", "Bearer "+w.tokenA)
	case asOtherConsumer:
		r.Header.Set("Authorization", "Bearer "+w.tokenB)
	case asCarrier:
		r.Header.Set("Authorization", "Bearer "+w.carrierToken)
	case asShopKey:
		r.Header.Set("Authorization", "Bearer "+w.keyShop1)
	case asOtherShopKey:
		r.Header.Set("Authorization", "Bearer "+w.keyShop2)
	case asShopCookie, asShopNoCSRF:
		unsafe := r.Method != "GET" && r.Method != "HEAD"
		if who == asShopCookie && unsafe {
			r.Header.Set("X-CSRF-Token", w.csrfToken(w.shopSession))
		}
		w.shopSession.addCookies(r)
	case asOperator:
		if r.Method != "GET" && r.Method != "HEAD" {
			r.Header.Set("X-CSRF-Token", w.csrfToken(w.operatorSession))
		}
		w.operatorSession.addCookies(r)
	}
}

// call sends a request as a role; a body is sent as application/json.
func (w *apiWorld) call(who apiRole, method, path, body string) *httptest.ResponseRecorder {
	w.t.Helper()
	var rd io.Reader
	ct := ""
	switch {
	case strings.HasPrefix(body, uploadMarker):
		rd, ct = uploadRequestBody(w.t, body)
	case body != "":
		rd, ct = strings.NewReader(body), "application/json"
	}
	r := httptest.NewRequest(method, path, rd)
	w.authorize(r, who)
	return w.serve(r, ct)
}

// must calls as a role and requires a status; it returns the decoded body.
func (w *apiWorld) must(who apiRole, method, path, body string, status int) map[string]any {
	w.t.Helper()
	rec := w.call(who, method, path, body)
	require.Equal(w.t, status, rec.Code, "%s %s as %s: %s", method, path, who, rec.Body.String())
	out := map[string]any{}
	if rec.Body.Len() > 0 {
		require.NoError(w.t, json.Unmarshal(rec.Body.Bytes(), &out))
	}
	return out
}

// snapshot is everything the stores hold that a request could change:
// refused requests must leave it as it was.
func (w *apiWorld) snapshot() string {
	w.t.Helper()
	complaints, err := w.db.Complaints().List(w.ctx, complaint.Filter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	cases, err := w.db.Cases().List(w.ctx, mediation.Filter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	shops, err := w.db.Shops().List(w.ctx, fairshops.ShopFilter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	list, err := w.articles.List(w.ctx, portal.ListFilter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	// Every write to an article raises its version: slug and version show
	// any change, without encoding every article's text for each request.
	articles := make(map[string]int64, len(list))
	for _, a := range list {
		articles[a.Slug] = a.Version
	}
	keys1, err := w.logins.APIKeys().List(w.ctx, account.KeyFilter{ShopID: apiShop1})
	require.NoError(w.t, err)
	keys2, err := w.logins.APIKeys().List(w.ctx, account.KeyFilter{ShopID: apiShop2})
	require.NoError(w.t, err)
	var files []*complaint.Attachment
	for _, c := range complaints {
		list, err := w.db.Files().ByComplaint(w.ctx, c.ID)
		require.NoError(w.t, err)
		files = append(files, list...)
	}
	var figs [][]figures.Month
	for _, shop := range []string{apiShop1, apiShop2} {
		m, err := w.db.Figures().Figures(w.ctx, figures.LastMonths(shop, w.reg.Today(), 3))
		require.NoError(w.t, err)
		figs = append(figs, m)
	}
	var notifySettings []*shopnotify.Settings
	for _, id := range []string{apiShop1, apiShop2} {
		if st, err := w.db.NotifySettings().Get(w.ctx, id); err == nil {
			notifySettings = append(notifySettings, st)
		}
	}
	claims, err := w.db.Claims().List(w.ctx, carrierclaim.Filter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	var docs []*complaint.Attachment
	for _, cl := range claims {
		list, err := w.db.Documents().ByClaim(w.ctx, cl.ID)
		require.NoError(w.t, err)
		docs = append(docs, list...)
	}
	b, err := json.Marshal(map[string]any{"events": len(w.db.Events()), "complaints": complaints, "cases": cases,
		"claims": claims, "documents": docs,
		"shops": shops, "figures": figs, "articles": articles, "keys": [][]*account.APIKey{keys1, keys2}, "files": files, "logins": w.loginsSnapshot(),
		"notify": notifySettings})
	require.NoError(w.t, err)
	return string(b)
}

// Case set-ups: each brings the case about complaint A to a state and
// returns its ID.

func (w *apiWorld) caseRequested() string {
	w.t.Helper()
	w.shopAnswers(w.complaintA)
	c, err := w.mediation.Request(w.ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: fairshops.Token(w.tokenA)},
		mediation.RequestInput{ComplaintID: w.complaintA})
	require.NoError(w.t, err)
	return c.ID
}

func (w *apiWorld) opPrincipal() fairshops.Principal {
	return fairshops.Principal{Role: fairshops.RoleOperator, Name: apiOperatorLogin}
}

func (w *apiWorld) shopPrincipal() fairshops.Principal {
	return fairshops.Principal{Role: fairshops.RoleShop, ShopID: apiShop1}
}

func (w *apiWorld) consumerPrincipal() fairshops.Principal {
	return fairshops.Principal{Role: fairshops.RoleConsumer, Token: fairshops.Token(w.tokenA)}
}

func (w *apiWorld) caseOpen() string {
	w.t.Helper()
	id := w.caseRequested()
	_, err := w.mediation.AcceptRequest(w.ctx, w.opPrincipal(), id)
	require.NoError(w.t, err)
	return id
}

func (w *apiWorld) caseAwaitingCost() string {
	w.t.Helper()
	id := w.caseRequested()
	_, err := w.mediation.MarkAbusive(w.ctx, w.opPrincipal(), id)
	require.NoError(w.t, err)
	return id
}

// caseFileComplete has a statement from both parties.
func (w *apiWorld) caseFileComplete() string {
	w.t.Helper()
	id := w.caseOpen()
	_, err := w.mediation.AddStatement(w.ctx, w.consumerPrincipal(), id, mediation.StatementInput{Text: "Das Paket kam nie an."})
	require.NoError(w.t, err)
	_, err = w.mediation.AddStatement(w.ctx, w.shopPrincipal(), id, mediation.StatementInput{Text: "Wir haben es verschickt."})
	require.NoError(w.t, err)
	return id
}

// caseDraft has a generated draft; it returns the case and the draft's
// options as JSON.
func (w *apiWorld) caseDraft() (string, string) {
	w.t.Helper()
	id := w.caseFileComplete()
	c, err := w.mediation.GenerateDraft(w.ctx, w.opPrincipal(), id)
	require.NoError(w.t, err)
	opts, err := json.Marshal(c.Draft.Options)
	require.NoError(w.t, err)
	return id, string(opts)
}

// caseProposed has a proposal; it returns the case, the proposal and its
// first option.
func (w *apiWorld) caseProposed() (string, string, string) {
	w.t.Helper()
	id, _ := w.caseDraft()
	c, err := w.mediation.SendProposal(w.ctx, w.opPrincipal(), id)
	require.NoError(w.t, err)
	p := c.Current()
	return id, p.ID, p.Draft.Options[0].ID
}
