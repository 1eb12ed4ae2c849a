// Package http is the HTTP face of the Konfliktservice: one http.Handler
// with the JSON API v1 (DESIGN.md section 6) that a shop platform mounts in
// its own mux, or that examples/server serves.
//
// Errors are application/problem+json (RFC 9457) with every wrong field in
// "errors": [{"field", "code", "reason"}], in the caller's language (lang query
// parameter or Accept-Language, German by default). The status comes from the
// error's fairshops.Kind, in one place (problem.go).
//
// # JSON API
//
// openapi.yaml describes every endpoint (routes.go, api_*.go), and a test
// checks real requests and answers against it. A consumer files a complaint
// (POST /api/v1/shops/{shop}/complaints) and gets its private token once;
// with "Authorization: Bearer <token>" they read it, write messages, make
// the lifecycle moves their role allows and request and answer a dispute
// moderation (/api/v1/complaints/{id}/..., /api/v1/cases/{id}/...). A shop
// uses an API key ("Bearer ksk_...", stored hashed, issued at
// /api/v1/keys) or a session cookie (POST /api/v1/session) and sees its own
// complaints, cases and private data only; the operator logs in the same
// way and sees everything. Callers are mapped to the domain principals in
// one place (identity.go); the services decide what each may do, and an
// object the caller may not see answers 404 like one that does not exist.
// Unsafe calls made with a cookie need a one-time CSRF token
// (X-CSRF-Token, from GET /api/v1/session). Bodies are strict JSON objects:
// application/json only (415), bounded (413), unknown keys and every other
// problem reported together (422); a bad lang parameter is a 400. Logins
// and complaint filings go through a stricter per-client rate limit (429).
//
// # Web UI
//
// The same handler serves the server-rendered web UI (web_*.go, templates
// and static files embedded from web/): html/template with one
// layout, German and English (?lang=, the ks_lang cookie set by the
// language switch /lang/{de|en}, or Accept-Language), no JavaScript needed.
// The public pages are the landing page, a shop's ID page (/shops/{shop},
// fairshops.View only) with the complaint form, and the topic portal
// (/portal). A consumer follows a complaint through the private link
// /c/{id}?t=<token>, which sets a cookie scoped to /c/{id} and redirects so
// the token leaves the address. Shops log in at /login and work under
// /shop; the operator console is under /operator (with Config.Outbox also
// the events the relays gave up, at /operator/outbox, to deliver again
// once their cause is fixed). Every form is a POST with
// a one-time CSRF token checked before anything else, and every successful
// POST redirects (303) to a page. No user text is rendered unescaped; the
// only trusted HTML is a portal article body rendered from Markdown without
// raw HTML.
//
// # Routes and who may call them
//
// Every route of the API and the web UI is in one table (routes.go),
// grouped by who may call it: ops (the health probe, static files),
// anyone, the consumer with the complaint's token (web), a party to a
// complaint or case (API), a shop or the operator, the shop named in the
// path or the operator, a shop, the operator, and a login session. Each
// group carries the condition under which its routes exist (the services
// they need are configured; else they answer 404). At registration every
// handler is wrapped in the guard of its rule (guard.go): the guard checks
// the lang parameter (API), reads the caller once, checks a form post's
// CSRF token before anything else (web; the API checks it for calls made
// with a cookie), refuses whoever the rule keeps out (401/403/404 problems
// for the API; the login or the 404 page for the web UI) and puts the
// caller into the request's context, where the handler takes it
// (callerOf). Handlers check no access themselves; what a caller may do
// with one object (this shop's complaint, this consumer's case) is the
// services' decision.
//
// A new route goes into routes.go, into the group of the callers it is
// for (a new group with a new rule needs a guard in guard.go and a line in
// the tests' policy, routes_test.go). The table refuses a route without a
// rule, and the tests walk the registered routes: every rule must be at
// least as strict as its area demands, every guard must refuse whoever its
// rule keeps out, every unsafe route must refuse a request without a CSRF
// token, and every API route must have a row in the authorisation matrix
// (authz_api_test.go).
//
// # Files
//
// One package, two faces: api_*.go are the JSON API (api_input.go its
// strict JSON input and paging), web_*.go the web UI (web_ui.go templates
// and assets, web_form.go the form and field model, web_request.go the
// request plumbing and error pages, then one file per audience and the
// message tables). Shared by both: handler.go (Config, New, ServeHTTP),
// routes.go and guard.go, identity.go (who a request is, cookies, CSRF
// binding), csrf.go, security.go (headers, rate limits) and problem.go
// (the kind-to-status map). The faces stay one package because they share
// all of that and one route table, and a shop platform mounts one
// http.Handler; docs/adr-routes.md says why in full.
package http
