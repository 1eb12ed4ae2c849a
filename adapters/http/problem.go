package http

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Problem is an RFC 9457 problem document with the field errors of a
// validation failure.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Errors []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one wrong input field.
type ProblemField struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// statusOf maps an error kind to an HTTP status: the one place where that
// happens.
func statusOf(k fairshops.Kind) int {
	switch k {
	case fairshops.NotFound:
		return http.StatusNotFound
	case fairshops.Conflict:
		return http.StatusConflict
	case fairshops.Forbidden:
		return http.StatusForbidden
	case fairshops.Invalid:
		return http.StatusUnprocessableEntity
	case fairshops.NotAllowed:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// writeError answers with the problem for err. Internal errors are logged
// with their cause and answered without it.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	lang := requestLanguage(r)
	kind := fairshops.KindOf(err)
	p := Problem{
		Type:   "https://konfliktservice.example/problems/" + kind.String(),
		Title:  problemTitle(lang, kind),
		Status: statusOf(kind),
	}
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			p.Errors = append(p.Errors, ProblemField{Field: f.Field, Code: f.Code, Reason: f.Reason(lang)})
		}
	}
	if kind == fairshops.Internal {
		h.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	} else if ve == nil {
		var e *fairshops.Error
		if errors.As(err, &e) && e.Detail != "" {
			p.Detail = e.Detail
		}
	}
	writeProblem(w, p)
}

// writeProblem writes a problem document.
func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// badRequest answers a request whose form is wrong (not its content): bad
// JSON, wrong content type, a body too large.
func badRequest(w http.ResponseWriter, status int, field, code string, lang fairshops.Language, args ...any) {
	fe := fairshops.FieldError{Field: field, Code: code, Args: args}
	writeProblem(w, Problem{
		Type:   "https://konfliktservice.example/problems/bad_request",
		Title:  apiMessages().Render(lang, "problem.bad_request"),
		Status: status,
		Errors: []ProblemField{{Field: field, Code: code, Reason: fe.Reason(lang)}},
	})
}
