package http

import (
	"time"

	"encoding/json"
	"errors"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/fairshops/casefile"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// Config holds what the Handler serves. Registry is required; a service
// left nil switches its endpoints off (they answer 404), so a shop platform
// can mount only what it uses.
type Config struct {
	Registry   *fairshops.Registry
	Complaints *complaint.Service
	Mediation  *mediation.Service
	Portal     *portal.Service
	Accounts   *account.Service // logins and API keys; nil: no logins
	// Outbox lets the operator console list the events relays gave up and
	// put them back in the queue (*sqlstore.DB implements it); nil: no
	// such page.
	Outbox OutboxAdmin
	// Macros are the operators' canned replies (web_operator_macros.go);
	// nil: no such pages.
	Macros *complaint.Macros
	// Figures answers the shops' service figures (web_figures.go); nil: no
	// such pages or calls.
	Figures *figures.Service
	// NotifySettings are where the shops' notifications go (e-mail,
	// webhook URL, signing secret): the shop edits them on its settings
	// page and through the API, the operator sees and resets them
	// (web_shop_notify.go, api_shop_notify.go); nil: not offered.
	NotifySettings *shopnotify.Service
	// ShopReads keeps when a shop last opened each complaint, for the
	// unread marker of its inbox and the API's list items (web_shop.go,
	// shop_unread.go); nil: no marker.
	ShopReads complaint.ShopReads
	// Claims are the shops' claims against their carriers (api_carrier.go,
	// web_carrier.go); nil: no such routes or page sections.
	Claims *carrierclaim.Service
	Clock  fairshops.Clock // default: the system clock
	// Logger receives internal errors; slog.Default when nil.
	Logger *slog.Logger
	// MaxBody bounds request bodies in bytes; DefaultMaxBody when zero.
	MaxBody int64
	// Limit is the per-client rate limit of all requests, and WriteLimit the
	// stricter one of logins and filings; zero values take the defaults
	// (DefaultLimit, DefaultWriteLimit). A Rate of rate.Inf switches one off.
	Limit, WriteLimit RateLimit
	// TrustProxy lists the networks of the reverse proxies in front of the
	// handler (e.g. 127.0.0.1/32 for a TLS proxy on the same machine). A
	// request from such an address is attributed to the client the proxies
	// name in X-Forwarded-For (read from the right, across every trusted
	// proxy), for rate limits and logs, and its X-Forwarded-Proto is
	// believed. Empty: the header is ignored and the peer is the client.
	TrustProxy []netip.Prefix
	// CSRFKey signs CSRF tokens; random per process when empty (tokens then
	// do not survive a restart, and several processes need a shared key).
	CSRFKey []byte
	// InsecureCookies drops the Secure flag (plain-http development only) and
	// the HSTS header.
	InsecureCookies bool
	// CaseFileKey seals case files (GET /api/v1/complaints/{id}/casefile);
	// nil: no case files. PublishedKeys are served at
	// /.well-known/konfliktservice-keys.json for verification: the current
	// key's public half and every retired one (see fairshops/casefile).
	CaseFileKey   *casefile.Key
	PublishedKeys []casefile.PublicKey
	// ResendLimit is the per-address limit of requests for links (over it
	// the answer stays the same and no mail goes out), ResendClientLimit the
	// per-client one (429); zero values take DefaultResendLimit and
	// DefaultResendClientLimit (access.go).
	ResendLimit, ResendClientLimit RateLimit
	// Prefix is the path under which the platform mounts the handler with
	// http.StripPrefix ("/konflikt"; "" at the root): the API's Location
	// headers and the links of its index carry it. It starts with a slash
	// and does not end with one. The web UI's pages do not use it: mount
	// them at the root, or serve only the API under a prefix.
	Prefix string
	// Legal are the links of the footer (imprint, privacy policy,
	// accessibility statement); empty ones are left out.
	Legal LegalLinks
	// Audit is the operators' audit log (web_operator_audit.go): logins,
	// bookings, article edits, re-queued events, exports, ... are recorded
	// there, and the operator reads it at /operator/audit and GET
	// /api/v1/audit. nil: nothing is recorded, no such page.
	Audit audit.Log
	// ADRDirective labels every pre-check a reader sees (pages and the
	// API's precheck.automated) as an automated, rule-based first check,
	// as the revised ADR Directive (EU) 2025/2647 asks; off by default
	// (docs/adr-adr-directive.md). Set mediation.Config.ADRDirective too.
	ADRDirective bool
}

// Default rate limits per client.
var (
	DefaultLimit      = RateLimit{Rate: 50, Burst: 100}
	DefaultWriteLimit = RateLimit{Rate: 1, Burst: 10}
)

// DefaultMaxBody is the default limit of a request body.
const DefaultMaxBody = 256 << 10

// Handler is the mountable http.Handler of the service.
type Handler struct {
	reg             *fairshops.Registry
	complaints      *complaint.Service
	mediation       *mediation.Service
	portal          *portal.Service
	accounts        *account.Service
	outbox          OutboxAdmin
	macros          *complaint.Macros
	figures         *figures.Service
	notifySettings  *shopnotify.Service
	shopReads       complaint.ShopReads
	claims          *carrierclaim.Service
	clock           fairshops.Clock
	log             *slog.Logger
	maxBody         int64
	mux             *http.ServeMux
	limit, writes   *limiter
	trustProxy      []netip.Prefix
	caseKey         *casefile.Key
	publishedKeys   []casefile.PublicKey
	csrf            *csrfGuard
	insecureCookies bool
	web             *webUI     // the web UI's templates, texts and assets (web_ui.go)
	table           []route    // the registered routes (routes.go)
	prefix          string     // Config.Prefix
	views           *viewCache // the public views of shops (publicview.go)
	fastView        bool       // the public view answered from its cache before routing (publicview.go)

	resendAddr, resendClient *limiter       // requests for links (access.go)
	bg                       sync.WaitGroup // background work started by requests
	legal                    LegalLinks
	audit                    *audit.Recorder // nil: no audit log (audit.go)
	adrDirective             bool            // Config.ADRDirective
}

// New checks the config and returns the handler with every route.
func New(cfg Config) (*Handler, error) {
	var p fairshops.Problems
	if cfg.Registry == nil {
		p.Add("Registry", fairshops.ReasonRequired)
	}
	if cfg.Prefix != "" && (!strings.HasPrefix(cfg.Prefix, "/") || strings.HasSuffix(cfg.Prefix, "/") ||
		strings.ContainsAny(cfg.Prefix, "?#{} ")) {
		p.Add("Prefix", fairshops.ReasonInvalidFormat, "/path")
	}
	cfg.Legal.check(&p)
	if err := p.Err("http.New"); err != nil {
		return nil, err
	}
	h := &Handler{
		reg: cfg.Registry, complaints: cfg.Complaints, mediation: cfg.Mediation, portal: cfg.Portal,
		accounts: cfg.Accounts, outbox: cfg.Outbox, macros: cfg.Macros, figures: cfg.Figures, notifySettings: cfg.NotifySettings, shopReads: cfg.ShopReads, claims: cfg.Claims, clock: cfg.Clock, log: cfg.Logger, maxBody: cfg.MaxBody, mux: http.NewServeMux(),
		trustProxy: cfg.TrustProxy, insecureCookies: cfg.InsecureCookies, prefix: cfg.Prefix, legal: cfg.Legal,
		adrDirective: cfg.ADRDirective,
		caseKey:      cfg.CaseFileKey, publishedKeys: cfg.PublishedKeys,
		views: newViewCache(viewCacheSize, viewTTL),
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.clock == nil {
		h.clock = fairshops.SystemClock{}
	}
	if cfg.Audit != nil {
		h.audit = audit.NewRecorder(cfg.Audit, h.clock)
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBody
	}
	if cfg.Limit == (RateLimit{}) {
		cfg.Limit = DefaultLimit
	}
	if cfg.WriteLimit == (RateLimit{}) {
		cfg.WriteLimit = DefaultWriteLimit
	}
	h.limit = newLimiter(cfg.Limit, h.clock.Now)
	h.writes = newLimiter(cfg.WriteLimit, h.clock.Now)
	if cfg.ResendLimit == (RateLimit{}) {
		cfg.ResendLimit = DefaultResendLimit
	}
	if cfg.ResendClientLimit == (RateLimit{}) {
		cfg.ResendClientLimit = DefaultResendClientLimit
	}
	h.resendAddr = newLimiter(cfg.ResendLimit, h.clock.Now)
	h.resendClient = newLimiter(cfg.ResendClientLimit, h.clock.Now)
	csrf, err := newCSRFGuard(cfg.CSRFKey, 2*time.Hour, h.clock.Now, nil)
	if err != nil {
		return nil, fairshops.E("http.New", fairshops.Internal, "", "csrf key", err)
	}
	h.csrf = csrf
	if h.web, err = sharedWebUI(); err != nil {
		return nil, fairshops.E("http.New", fairshops.Internal, "", "web templates", err)
	}
	if err := h.register(); err != nil {
		return nil, fairshops.E("http.New", fairshops.Internal, "", "routes", err)
	}
	return h, nil
}

// ServeHTTP implements http.Handler: the per-client rate limit, the public
// view from its cache, then security headers and the routes.
//
// The rate limit comes first, so a flood of revalidations is limited like
// any other; then a revalidation of a shop's public view is answered from
// the cache with its own, shorter set of headers (revalidated), and a
// plain read of it from a fresh cache entry without routing (servedView,
// docs/adr-public-view-cache.md); every other answer gets the security
// headers and no-store.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.limit.off() {
		if ok, wait := h.limit.allow(h.clientKey(r)); !ok {
			h.defaultHeaders(w)
			tooMany(w, requestLanguage(r), wait)
			return
		}
	}
	if h.revalidated(w, r) {
		return
	}
	if h.servedView(w, r) {
		return
	}
	h.defaultHeaders(w)
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.noRoute(w, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// defaultHeaders are the headers of every answer but a 304 of a public
// view: the security headers and Cache-Control: no-store (a shared slice:
// Header.Set would allocate one per request).
func (h *Handler) defaultHeaders(w http.ResponseWriter) {
	securityHeaders(w, !h.insecureCookies)
	w.Header()["Cache-Control"] = noStoreHeader
}

// noStoreHeader is Cache-Control: no-store as a header value; nobody may
// write into it (len = cap = 1: an Add copies it).
var noStoreHeader = []string{"no-store"}

// noRoute answers a request no route takes: 405 with the allowed methods when
// the path exists under another method, else 404, both as problem+json.
func (h *Handler) noRoute(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeProblem(w, Problem{
			Type:   "https://konfliktservice.example/problems/method_not_allowed",
			Title:  apiMessages().Render(requestLanguage(r), "problem.method_not_allowed"),
			Status: http.StatusMethodNotAllowed,
		})
		return
	}
	if h.web != nil && !strings.HasPrefix(r.URL.Path, "/api/") {
		h.webNotFound(w, r)
		return
	}
	h.writeError(w, r, fairshops.E("http", fairshops.NotFound, "", "no such endpoint", nil))
}

func (h *Handler) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// language reads the lang query parameter, or else Accept-Language; an
// unknown lang parameter is a 400.
func (h *Handler) language(w http.ResponseWriter, r *http.Request) (fairshops.Language, bool) {
	if q := queryLang(r); q != "" {
		l, err := fairshops.ParseLanguage(q)
		if err != nil {
			badRequest(w, http.StatusBadRequest, "lang", fairshops.ReasonUnknownValue, requestLanguage(r), q, fairshops.OneOf(fairshops.Languages()))
			return "", false
		}
		return l, true
	}
	return requestLanguage(r), true
}

// requestLanguage is the language to answer in, never failing: a valid lang
// parameter, else Accept-Language, else German.
func requestLanguage(r *http.Request) fairshops.Language {
	if q := queryLang(r); q != "" {
		if l, err := fairshops.ParseLanguage(q); err == nil {
			return l
		}
	}
	return fairshops.NegotiateLanguage(r.Header.Values("Accept-Language")...)
}

// queryLang is the lang query parameter; a request without a query (most
// of them) parses none.
func queryLang(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return r.URL.Query().Get("lang")
}

// readJSON checks the content type and reads a bounded body.
func (h *Handler) readJSON(w http.ResponseWriter, r *http.Request, lang fairshops.Language) ([]byte, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		badRequest(w, http.StatusUnsupportedMediaType, "Content-Type", fairshops.ReasonInvalidFormat, lang, "application/json")
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			badRequest(w, http.StatusRequestEntityTooLarge, "", fairshops.ReasonTooLarge, lang, h.maxBody)
			return nil, false
		}
		badRequest(w, http.StatusBadRequest, "", fairshops.ReasonSyntax, lang, "unreadable body")
		return nil, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	_ = enc.Encode(v)
}

// Wait waits for the background work that requests started (the mails of
// requests for links, access.go): a server calls it after http.Server's
// Shutdown, so that no such mail is cut off.
func (h *Handler) Wait() { h.bg.Wait() }
