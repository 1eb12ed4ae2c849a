// Command server runs the whole Konfliktservice: the JSON API and the web
// UI (adapters/http) over the complaint, mediation, portal, shop and
// account services, on SQLite or PostgreSQL (adapters/sql), with the outbox
// relay delivering events as signed webhooks and e-mails (adapters/notify).
//
//	go run ./examples/server                           # http://localhost:8080, SQLite file konfliktservice.db
//	go run ./examples/server -db 'postgres://konflikt@localhost/konflikt?search_path=konflikt'
//	go run ./examples/server -addr :8080 -base-url https://konflikt.example.org -demo=false
//
// # Flow
//
// Start: read flags (each also from KONFLIKTSERVICE_<FLAG>, e.g.
// KONFLIKTSERVICE_SMTP_HOST), open the database (migrating it), build the
// services, create the operator login if it does not exist (password from
// KONFLIKTSERVICE_OPERATOR_PASSWORD or generated), and with -demo (the
// default) the demo data: a shop with Streitmoderation in consumer mode, a
// second shop with Beschwerdeservice only, the demo shop's login and API
// key, and a complaint. Each step creates only what is missing, so every
// later start on the same database leaves the data alone. The start prints
// the URLs on stdout; the credentials it created go once to the secrets
// file (mode 0600, -secrets-file; stderr names it), never to stdout, which
// carries the logs. Invitation and reset mails go by SMTP; without a mail
// server their links go to stderr.
//
// Serve: the Konfliktservice handler under "/", plus GET /healthz (a
// database read) and GET /metrics (Prometheus: requests and durations by
// route pattern and status, relay deliveries by event type and outcome,
// timer runs, the SQL group commit's transactions and writes, Go runtime
// and process). Beside it run the outbox relay
// (webhooks from the -webhooks file, mails when -smtp-host is set, else a
// log line per event with its type and ID) and a ticker that runs the
// complaints' and cases' deadlines and reminders, prunes expired sessions
// and deletes outbox events delivered more than -outbox-keep ago (30 days;
// pending and undeliverable ones stay) every -timer-interval.
//
// Stop (SIGINT, SIGTERM): stop accepting, answer the requests in flight,
// let the relay finish its batch and the timers their run, close the
// database; all within -shutdown-timeout, after which what is left is cut
// off (undelivered events stay in the outbox for the next start).
//
// # Security notes
//
// /metrics and /healthz are served on the service's own address, without
// authentication; they name no person, but a public deployment should let
// only its monitoring reach /metrics (a rule in the TLS proxy in front).
//
// Cookies carry the Secure flag and responses HSTS unless
// -insecure-cookies is set; it defaults to true only when the server
// listens on a loopback address and its base URL is plain http (the
// zero-set-up local start), because browsers drop Secure cookies over
// plain http. Behind a TLS proxy set -base-url to the https address.
// CSRF tokens are signed with a random key per start (a restart ends open
// forms, not sessions); several processes behind one balancer need a
// shared key in KONFLIKTSERVICE_CSRF_KEY. Rate limits are per client
// address; -rate-limit and -write-limit raise them for load tests or
// switch them off ("off"), which a public server should never do. The
// service's log lines carry no secrets, tokens, request paths, client
// addresses or personal data (net/http's own error lines, such as a
// recovered panic, may name a client address).
package main
