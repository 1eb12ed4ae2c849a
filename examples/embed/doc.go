// Command embed is the smallest shop platform that embeds the
// Konfliktservice: its own net/http mux with its own pages, its own
// database, and the complaint intake and the shop's answer flow mounted
// from the library.
//
//	go run ./examples/embed                    # http://localhost:8081, SQLite file embed-shop.db
//	go run ./examples/embed -db 'postgres://shop@localhost/shop?search_path=shop'
//
// # What it shows
//
// The platform opens its database itself (a *sql.DB with its own driver
// settings) and hands the same pool to sqlstore.New, which adds the
// Konfliktservice's tables beside the platform's own (a table of orders
// here) and migrates them; closing sqlstore's DB leaves the pool to the
// platform. On SQLite the Konfliktservice must migrate first: the adapter
// refuses a file with tables it does not know and no migration record of
// its own. On PostgreSQL give it a schema of its own (search_path).
//
// On that database it builds the three services the intake needs: the
// shop registry (with the platform's one shop, booked with
// Beschwerdeservice), the complaint service and the account service for
// the shop's API key. The Konfliktservice handler (adapters/http) gets
// only those services, so it serves only their endpoints, and the
// platform mounts it at /api/ in its own mux, beside its home page at /:
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /{$}", p.home)   // the platform's own page
//	mux.Handle("/api/", konflikt)        // complaint intake and answers
//
// Why /api/ and not a prefix such as /konflikt/ with http.StripPrefix: the
// handler's answers are root-relative (the Location of a filed complaint
// is /api/v1/complaints/{id}, the web UI's links are /shops/..., /c/...),
// so under a stripped prefix they would point into the platform's own
// routes. Mount it where its paths are true.
//
// # The flow
//
// A consumer files a complaint (from the platform's shop front, here with
// curl):
//
//	curl -H 'Content-Type: application/json' -d @complaint.json http://localhost:8081/api/v1/shops/mein-shop/complaints
//
// and gets its ID and a private token. The shop's back office, with the API
// key printed at the first start, lists its complaints and answers:
//
//	curl -H 'Authorization: Bearer ksk_...' http://localhost:8081/api/v1/complaints
//	curl -H 'Authorization: Bearer ksk_...' -H 'Content-Type: application/json' \
//	     -d '{"body":"Wir schicken heute Ersatz."}' http://localhost:8081/api/v1/complaints/c_.../messages
//
// and the consumer reads the answer with the token:
//
//	curl -H 'Authorization: Bearer <token>' http://localhost:8081/api/v1/complaints/c_...
//
// Nothing else runs here: no outbox relay (the events stay in the outbox
// table until the platform runs notify.Relay over sqlstore's DB), no
// timers, no web UI; examples/server shows all of that.
package main
