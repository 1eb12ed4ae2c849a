package http

import (
	"time"

	"encoding/json"
	"errors"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
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
	Clock  fairshops.Clock // default: the system clock
	// Logger receives internal errors; slog.Default when nil.
	Logger *slog.Logger
	// MaxBody bounds request bodies in bytes; DefaultMaxBody when zero.
	MaxBody int64
	// Limit is the per-client rate limit of all requests, and WriteLimit the
	// stricter one of logins and filings; zero values take the defaults
	// (DefaultLimit, DefaultWriteLimit). A Rate of rate.Inf switches one off.
	Limit, WriteLimit RateLimit
	// TrustProxy makes rate limits key on the last X-Forwarded-For hop.
	TrustProxy bool
	// CSRFKey signs CSRF tokens; random per process when empty (tokens then
	// do not survive a restart, and several processes need a shared key).
	CSRFKey []byte
	// InsecureCookies drops the Secure flag (plain-http development only) and
	// the HSTS header.
	InsecureCookies bool
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
	clock           fairshops.Clock
	log             *slog.Logger
	maxBody         int64
	mux             *http.ServeMux
	limit, writes   *limiter
	trustProxy      bool
	csrf            *csrfGuard
	insecureCookies bool
	web             *webUI  // the web UI's templates, texts and assets (web_ui.go)
	table           []route // the registered routes (routes.go)
}

// New checks the config and returns the handler with every route.
func New(cfg Config) (*Handler, error) {
	var p fairshops.Problems
	if cfg.Registry == nil {
		p.Add("Registry", fairshops.ReasonRequired)
	}
	if err := p.Err("http.New"); err != nil {
		return nil, err
	}
	h := &Handler{
		reg: cfg.Registry, complaints: cfg.Complaints, mediation: cfg.Mediation, portal: cfg.Portal,
		accounts: cfg.Accounts, outbox: cfg.Outbox, macros: cfg.Macros, clock: cfg.Clock, log: cfg.Logger, maxBody: cfg.MaxBody, mux: http.NewServeMux(),
		trustProxy: cfg.TrustProxy, insecureCookies: cfg.InsecureCookies,
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.clock == nil {
		h.clock = fairshops.SystemClock{}
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

// ServeHTTP implements http.Handler: security headers, the per-client rate
// limit, then the routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w, !h.insecureCookies)
	w.Header().Set("Cache-Control", "no-store")
	if ok, wait := h.limit.allow(clientKey(r, h.trustProxy)); !ok {
		tooMany(w, requestLanguage(r), wait)
		return
	}
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.noRoute(w, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

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
	if q := r.URL.Query().Get("lang"); q != "" {
		l, err := fairshops.ParseLanguage(q)
		if err != nil {
			badRequest(w, http.StatusBadRequest, "lang", fairshops.ReasonUnknownValue, requestLanguage(r), q)
			return "", false
		}
		return l, true
	}
	return requestLanguage(r), true
}

// requestLanguage is the language to answer in, never failing: a valid lang
// parameter, else Accept-Language, else German.
func requestLanguage(r *http.Request) fairshops.Language {
	if l, err := fairshops.ParseLanguage(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	return fairshops.NegotiateLanguage(r.Header.Values("Accept-Language")...)
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
