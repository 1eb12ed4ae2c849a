package http

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Config holds what the Handler serves. Registry is required.
type Config struct {
	Registry *fairshops.Registry
	// Logger receives internal errors; slog.Default when nil.
	Logger *slog.Logger
	// MaxBody bounds request bodies in bytes; DefaultMaxBody when zero.
	MaxBody int64
}

// DefaultMaxBody is the default limit of a request body.
const DefaultMaxBody = 256 << 10

// Handler is the mountable http.Handler of the service.
type Handler struct {
	reg     *fairshops.Registry
	log     *slog.Logger
	maxBody int64
	mux     *http.ServeMux
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
	h := &Handler{reg: cfg.Registry, log: cfg.Logger, maxBody: cfg.MaxBody, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBody
	}
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.HandleFunc("GET /api/v1/catalogue", h.catalogue)
	h.mux.HandleFunc("POST /api/v1/assessments", h.assess)
	h.mux.HandleFunc("GET /api/v1/shops/{shop}", h.shop)
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
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
			Type: "https://konfliktservice.example/problems/method_not_allowed", Title: "Method not allowed",
			Status: http.StatusMethodNotAllowed,
		})
		return
	}
	h.writeError(w, r, fairshops.E("http", fairshops.NotFound, "", "no such endpoint", nil))
}

func (h *Handler) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) catalogue(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, h.reg.Catalogue())
}

func (h *Handler) assess(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.language(w, r)
	if !ok {
		return
	}
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	cat := h.reg.Catalogue()
	facts, err := fairshops.DecodeShopFacts(body, cat)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	on := facts.AsOf
	if on.IsZero() {
		on = h.reg.Today()
	}
	a := cat.Assess(facts.Fulfilled, facts.Bookings, on)
	writeJSON(w, http.StatusOK, a.Report(cat, lang))
}

func (h *Handler) shop(w http.ResponseWriter, r *http.Request) {
	v, err := h.reg.View(r.Context(), r.PathValue("shop"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
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
