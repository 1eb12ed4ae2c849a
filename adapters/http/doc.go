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
//
// # Web UI
//
// The same handler serves the server-rendered web UI (web.go, web_*.go,
// templates and static files embedded from web/): html/template with one
// layout, German and English (?lang=, the ks_lang cookie set by the
// language switch /lang/{de|en}, or Accept-Language), no JavaScript needed.
// The public pages are the landing page, a shop's ID page (/shops/{shop},
// fairshops.View only) with the complaint form, and the topic portal
// (/portal). A consumer follows a complaint through the private link
// /c/{id}?t=<token>, which sets a cookie scoped to /c/{id} and redirects so
// the token leaves the address. Shops log in at /login and work under
// /shop; the operator console is under /operator. Every form is a POST with
// a one-time CSRF token checked before anything else, and every successful
// POST redirects (303) to a page. No user text is rendered unescaped; the
// only trusted HTML is a portal article body rendered from Markdown without
// raw HTML.
package http
