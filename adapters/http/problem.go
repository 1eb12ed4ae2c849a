package http

import (
	"context"
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
// happens. Canceled is 503 Service Unavailable: the request ran out of time
// (a deadline), which a retry may cure; a client that went away gets no
// answer at all (see clientGone).
func statusOf(k fairshops.Kind) int {
	switch k {
	case fairshops.Canceled:
		return http.StatusServiceUnavailable
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

// statusClientClosedRequest is the status recorded (in access logs and
// metrics, as nginx does) for a request whose client went away before the
// answer: it is written without a body and never reaches anybody.
const statusClientClosedRequest = 499

// clientGone answers a request that failed because its client went away
// (the request's own context was canceled): no body, no error log line, and
// 499 for the middleware that counts statuses. It reports whether it did.
func clientGone(w http.ResponseWriter, r *http.Request, err error) bool {
	if fairshops.KindOf(err) != fairshops.Canceled || !errors.Is(r.Context().Err(), context.Canceled) {
		return false
	}
	w.WriteHeader(statusClientClosedRequest)
	return true
}

// writeError answers with the problem for err. Internal errors are logged
// with their cause and answered without it. A canceled request is no
// failure of the service: a client that went away gets nothing (clientGone),
// a deadline that passed gets 503 and a warning, never an error line.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(w, r, err) {
		return
	}
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
	switch {
	case kind == fairshops.Internal:
		h.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	case kind == fairshops.Canceled:
		h.log.WarnContext(r.Context(), "request timed out", slog.String("path", r.URL.Path), slog.Any("err", err))
	case ve == nil:
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

// badRequestFields answers 400 with several wrong fields at once.
func badRequestFields(w http.ResponseWriter, lang fairshops.Language, fields []fairshops.FieldError) {
	p := Problem{
		Type:   "https://konfliktservice.example/problems/bad_request",
		Title:  apiMessages().Render(lang, "problem.bad_request"),
		Status: http.StatusBadRequest,
	}
	for _, f := range fields {
		p.Errors = append(p.Errors, ProblemField{Field: f.Field, Code: f.Code, Reason: f.Reason(lang)})
	}
	writeProblem(w, p)
}
