package http

import (
	_ "embed"
	"net/http"
	"regexp"
)

// The API explains itself: GET /api/v1 answers an index of every resource
// this handler serves, built from the route table (so it cannot drift from
// what is registered), and GET /api/v1/openapi.yaml the OpenAPI
// description, embedded from openapi.yaml.

//go:embed openapi.yaml
var openAPIDescription []byte

// openAPIVersion is info.version of the embedded description: the index
// reports the version the description documents.
var openAPIVersion = func() string {
	m := regexp.MustCompile(`(?m)^  version: "?([^"\n]+)"?$`).FindSubmatch(openAPIDescription)
	if m == nil {
		return ""
	}
	return string(m[1])
}()

// apiIndexView is the answer of GET /api/v1.
type apiIndexView struct {
	Name        string         `json:"name"`
	Version     string         `json:"version"`
	Description apiLink        `json:"description"`
	Links       []apiRouteLink `json:"links"`
}

// apiLink is a link to a document.
type apiLink struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

// apiRouteLink is one resource of the API: its method and path template
// (as in the description's paths), who may call it, and the query
// parameters it reads besides lang.
type apiRouteLink struct {
	Method string   `json:"method"`
	Href   string   `json:"href"`
	Access string   `json:"access"`
	Query  []string `json:"query,omitempty"`
}

// apiIndex answers GET /api/v1: the API's name, version, a link to its
// description and to every API route registered.
func (h *Handler) apiIndex(w http.ResponseWriter, _ *http.Request) {
	out := apiIndexView{Name: "Konfliktservice API", Version: openAPIVersion,
		Description: apiLink{Href: h.prefix + "/api/v1/openapi.yaml", Type: openAPIContentType},
		Links:       []apiRouteLink{}}
	for _, rt := range h.table {
		if rt.api() {
			out.Links = append(out.Links, apiRouteLink{Method: rt.method, Href: h.prefix + rt.pattern,
				Access: rt.access.String(), Query: rt.params})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// openAPIContentType is the media type of YAML (RFC 9512).
const openAPIContentType = "application/yaml"

// apiDescription answers GET /api/v1/openapi.yaml with the embedded
// description.
func (h *Handler) apiDescription(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", openAPIContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(openAPIDescription)
	}
}
