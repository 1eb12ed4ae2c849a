package http

import "net/http/httptest"

// RouteInfo is a registered route as the external tests see it.
type RouteInfo struct {
	Method, Pattern string
	Access          string   // the access rule's name (access.String)
	API             bool     // a route of the JSON API, else of the web UI
	Query           []string // the query parameters an API route reads besides lang
}

// RoutesOf returns the routes h registered, in the order of the table.
func RoutesOf(h *Handler) []RouteInfo {
	out := make([]RouteInfo, len(h.table))
	for i, rt := range h.table {
		out[i] = RouteInfo{Method: rt.method, Pattern: rt.pattern, Access: rt.access.String(), API: rt.api(), Query: rt.params}
	}
	return out
}

// PatternOf returns the pattern of the registered route that takes a
// request, "" when none does.
func PatternOf(h *Handler, method, path string) string {
	_, pattern := h.mux.Handler(httptest.NewRequest(method, path, nil))
	return pattern
}
