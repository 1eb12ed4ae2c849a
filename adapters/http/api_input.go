package http

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

// Strict JSON input of the API: a body must be a JSON object of the known
// keys only. Every problem of a body (unknown keys, wrong types, missing or
// bad values) is reported at once as a 422 problem with its JSON path.

// jsonBody reads a request body that must hold a JSON object: 415 for
// another content type, 413 for a body over the limit, 422 for malformed
// JSON or a value that is no object. With optional, an empty body is
// allowed and gives an empty object (the moves that take no input).
func (h *Handler) apiJsonBody(w http.ResponseWriter, r *http.Request, lang fairshops.Language, optional bool) (jsonin.Object, bool) {
	if optional && r.ContentLength == 0 {
		return apiEmptyObject(), true
	}
	body, ok := h.apiReadJSONOrEmpty(w, r, lang, optional)
	if !ok {
		return jsonin.Object{}, false
	}
	if optional && len(body) == 0 {
		return apiEmptyObject(), true
	}
	var p fairshops.Problems
	tree, ok := jsonin.DecodeReport(body, &p)
	if !ok {
		h.writeError(w, r, p.Err("http.decode"))
		return jsonin.Object{}, false
	}
	o, ok := jsonin.AsObject(tree, "", &p)
	if !ok {
		h.writeError(w, r, p.Err("http.decode"))
		return jsonin.Object{}, false
	}
	return o, true
}

// readJSONOrEmpty is readJSON, except that an optional body may be empty
// with any content type (a client that sends no body need not name one).
func (h *Handler) apiReadJSONOrEmpty(w http.ResponseWriter, r *http.Request, lang fairshops.Language, optional bool) ([]byte, bool) {
	if optional && r.Header.Get("Content-Type") == "" && r.ContentLength <= 0 {
		var one [1]byte
		if n, _ := r.Body.Read(one[:]); n == 0 {
			return nil, true
		}
		badRequest(w, http.StatusUnsupportedMediaType, "Content-Type", fairshops.ReasonInvalidFormat, lang, "application/json")
		return nil, false
	}
	return h.readJSON(w, r, lang)
}

func apiEmptyObject() jsonin.Object {
	var p fairshops.Problems
	o, _ := jsonin.AsObject(map[string]any{}, "", &p)
	return o
}

// apiStrings reads an optional array of strings; a non-string entry is a
// wrong_type problem at its index.
func apiStrings(o jsonin.Object, p *fairshops.Problems, key string, required bool) []string {
	raw := o.List(p, key, required)
	if raw == nil {
		return nil
	}
	out := make([]string, 0, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			p.Add(fmt.Sprintf("%s[%d]", o.Field(key), i), fairshops.ReasonWrongType, "string")
			continue
		}
		out = append(out, s)
	}
	return out
}

// apiObjects reads an array of objects and returns each with its path; a
// non-object entry is a wrong_type problem. raw holds the entries' maps, for
// values the jsonin.Object helpers do not read (a decimal that is no amount).
func apiObjects(o jsonin.Object, p *fairshops.Problems, key string, required bool) ([]jsonin.Object, []map[string]any) {
	raw := o.List(p, key, required)
	var objs []jsonin.Object
	var maps []map[string]any
	for i, v := range raw {
		obj, ok := jsonin.AsObject(v, fmt.Sprintf("%s[%d]", o.Field(key), i), p)
		if !ok {
			continue
		}
		objs = append(objs, obj)
		maps = append(maps, v.(map[string]any))
	}
	return objs, maps
}

// decodeFailed writes the problems of a body, if any, and reports whether it did.
func (h *Handler) apiDecodeFailed(w http.ResponseWriter, r *http.Request, p *fairshops.Problems, op string) bool {
	if err := p.Err(op); err != nil {
		h.writeError(w, r, err)
		return true
	}
	return false
}

// Query parameters.

// apiQueryInt reads an optional integer query parameter; one that is no
// integer in [lo, hi] is a 400.
func apiQueryInt(w http.ResponseWriter, r *http.Request, lang fairshops.Language, key string, lo, hi int64) (int64, bool) {
	s := r.URL.Query().Get(key)
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		badRequest(w, http.StatusBadRequest, key, fairshops.ReasonWrongType, lang, "integer")
		return 0, false
	case n < lo:
		badRequest(w, http.StatusBadRequest, key, fairshops.ReasonTooSmall, lang, lo)
		return 0, false
	case n > hi:
		badRequest(w, http.StatusBadRequest, key, fairshops.ReasonTooLarge, lang, hi)
		return 0, false
	}
	return n, true
}

// apiQueryBool reads an optional query parameter that is "true" or "false"
// (absent: false); anything else is a 400 naming the values it may take.
func apiQueryBool(w http.ResponseWriter, r *http.Request, lang fairshops.Language, key string) (bool, bool) {
	switch s := r.URL.Query().Get(key); s {
	case "", "false":
		return false, true
	case "true":
		return true, true
	default:
		badRequest(w, http.StatusBadRequest, key, fairshops.ReasonUnknownValue, lang, s, fairshops.OneOf([]string{"true", "false"}))
		return false, false
	}
}

// apiQueryDate reads an optional YYYY-MM-DD query parameter; a bad one is a 400.
func apiQueryDate(w http.ResponseWriter, r *http.Request, lang fairshops.Language, key string) (fairshops.Date, bool) {
	s := r.URL.Query().Get(key)
	if s == "" {
		return fairshops.Date{}, true
	}
	d, err := fairshops.ParseDate(s)
	if err != nil {
		badRequest(w, http.StatusBadRequest, key, fairshops.ReasonInvalidDate, lang)
		return fairshops.Date{}, false
	}
	return d, true
}

// apiPage is one page of a list: its items and, when the page is full, the
// cursor of the next page (the after parameter of the next request).
type apiPage[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// newAPIPage builds a page; id names an item for the cursor.
func newAPIPage[T any](items []T, limit int, id func(T) string) apiPage[T] {
	pg := apiPage[T]{Items: items}
	if pg.Items == nil {
		pg.Items = []T{}
	}
	if len(items) > 0 && len(items) >= fairshops.PageLimit(limit) {
		pg.Next = id(items[len(items)-1])
	}
	return pg
}

// Answers about the caller.

// apiUnauthorized answers 401: the endpoint needs credentials the request did
// not carry, or carried wrong ones.
func apiUnauthorized(w http.ResponseWriter, lang fairshops.Language) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="konfliktservice"`)
	writeProblem(w, Problem{
		Type:   "https://konfliktservice.example/problems/unauthorized",
		Title:  apiMessages().Render(lang, "problem.unauthorized"),
		Status: http.StatusUnauthorized,
	})
}

// forbidden answers 403 with a short detail.
func (h *Handler) apiForbidden(w http.ResponseWriter, r *http.Request, detail string) {
	h.writeError(w, r, fairshops.E("http", fairshops.Forbidden, "", detail, nil))
}

// notFound answers 404.
func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, r, fairshops.E("http", fairshops.NotFound, "", "", nil))
}

// apiBody is the start of a call with a required JSON body (the
// operator's calls): the language and the body, which must be a JSON
// object.
func (h *Handler) apiBody(w http.ResponseWriter, r *http.Request) (fairshops.Language, jsonin.Object, bool) {
	lang := requestLanguage(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	return lang, o, ok
}
