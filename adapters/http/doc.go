// Package http is the HTTP face of the Konfliktservice: one http.Handler
// with the JSON API v1 (DESIGN.md section 6) that a shop platform mounts in
// its own mux, or that examples/server serves.
//
// Errors are application/problem+json (RFC 9457) with every wrong field in
// "errors": [{"field", "reason"}], in the caller's language (lang query
// parameter or Accept-Language, German by default). The status comes from the
// error's fairshops.Kind, in one place (problem.go).
//
// So far it serves the stateless and public parts of the standard: the
// catalogue, assessments and the public shop view. The complaint, mediation
// and portal endpoints and the web UI are added as their packages land.
package http
