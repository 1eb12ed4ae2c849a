// Command httpload measures complaint filing over HTTP: the whole
// Konfliktservice (examples/server) against a bare net/http handler that
// decodes the same JSON and writes the same complaint with its outbox
// event in one transaction, at the same durability, on the same database.
//
//	go run ./internal/bench/httpload                                  # SQLite, and PostgreSQL when configured
//	go run ./internal/bench/httpload -db sqlite -duration 10s -concurrency 64
//	go run ./internal/bench/httpload -db postgres -pg 'host=/tmp/pg/sock user=postgres dbname=postgres sslmode=disable'
//
// The flow, per database:
//
//  1. Build examples/server and start it as a child process on
//     127.0.0.1:0 with a fresh database (a SQLite file in a temporary
//     directory; a PostgreSQL schema of its own, dropped at the end), the
//     demo shop, the rate limits off (-rate-limit off -write-limit off:
//     one client on loopback would otherwise be held to 1 filing per
//     second) and warn-level logs; wait for /healthz. Start the bare
//     handler the same way: this program again with -serve-bare, so both
//     servers are separate processes competing for the same cores with the
//     same load generator. Let both idle a second and read their VmRSS
//     from /proc/<pid>/status (idle RSS).
//  2. Load them in turns, full then bare, for -rounds rounds: taking turns
//     spreads whatever else runs on the machine over both alike. Each turn
//     is -warmup (not measured) and -duration of -concurrency workers on
//     loopback, each sending POST /api/v1/shops/demo-shop/complaints one
//     after the other (a new order reference each time). Every answer's
//     status and latency is recorded; only 201 counts. VmRSS is sampled
//     every 100 ms (loaded RSS: the highest sample; VmHWM: the kernel's
//     peak, which it updates lazily) and the child's CPU time is read
//     from /proc/<pid>/stat at the start and end of each measurement.
//  3. Stop both with SIGTERM and wait for their clean exit.
//
// It prints per server the median filings per second over the rounds,
// p50 and p99 latency over all of them, errors, CPU per filing, idle and
// loaded RSS, and the ratio full/bare (the median of the rounds' ratios;
// target >= 0.5). PostgreSQL comes from -pg or FAIRSHOPS_TEST_POSTGRES and
// is skipped with a message when neither is set. Everything runs on
// loopback, with a bounded number of workers (at most 1024) for a bounded
// time (at most 5 minutes of load per server).
//
// What the two servers do per filing. Full: the Konfliktservice handler
// (security headers, rate-limit bookkeeping, strict JSON decoding and
// validation of every field, language negotiation), complaint.Service
// (pre-check, hash-chained history, token), the complaint row, three
// history rows and three outbox events in one unit of work (SQLite: the
// group commit), the JSON answer with the pre-check; meanwhile the relay
// claims and marks every event delivered (more writes), and the metrics
// middleware counts the request. Bare: decode the JSON into a struct,
// check that category and contact are there, insert the complaint row
// (facts as JSON) and one outbox row in one transaction, answer 201 with
// the ID and a token. SQLite runs with WAL and synchronous=FULL in both
// (the bare handler on one connection, one transaction per filing);
// PostgreSQL with a pool of 16 in both.
package main
