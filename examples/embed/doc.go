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
// platform mounts its API under /konflikt/ in its own mux, beside its home
// page at /:
//
//	konflikt, _ := kshttp.New(kshttp.Config{..., Prefix: "/konflikt"})
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /{$}", p.home)                                      // the platform's own page
//	mux.Handle("/konflikt/api/", http.StripPrefix("/konflikt", konflikt)) // complaint intake and answers
//
// StripPrefix gives the handler its own paths; Config.Prefix makes it put
// the prefix back into what it links to (the Location of a filed complaint
// is /konflikt/api/v1/complaints/{id}, the index at /konflikt/api/v1 lists
// /konflikt/api/v1/...). Only the API is mounted: the web UI's pages link
// root-relative (/shops/..., /c/...), so they belong at the root of a host
// of their own (examples/server). The home page links only to what the
// platform serves: the shop's public view, the API's index and its
// description.
//
// # The flow
//
// A consumer files a complaint (from the platform's shop front, here with
// curl):
//
//	curl -H 'Content-Type: application/json' -d '{"category":"delivery","order_date":"2026-11-20","order_value":{"amount":"49.90","currency":"EUR"},"order_ref":"A-1001","description":"Die Kaffeemühle ist nicht angekommen.","contact":{"name":"Erika Muster","email":"erika@example.org"}}' http://localhost:8081/konflikt/api/v1/shops/mein-shop/complaints
//
// and gets its ID and a private token. The shop's back office, with the API
// key printed at the first start (ksk_...), lists its complaints and answers
// one (c_...: the ID from the filing):
//
//	curl -H 'Authorization: Bearer ksk_...' http://localhost:8081/konflikt/api/v1/complaints
//	curl -H 'Authorization: Bearer ksk_...' -H 'Content-Type: application/json' -d '{"body":"Wir schicken heute Ersatz."}' http://localhost:8081/konflikt/api/v1/complaints/c_.../messages
//
// and the consumer reads the answer with the token (<token>: from the
// filing):
//
//	curl -H 'Authorization: Bearer <token>' http://localhost:8081/konflikt/api/v1/complaints/c_...
//
// Nothing else runs here: no outbox relay (the events stay in the outbox
// table until the platform runs notify.Relay over sqlstore's DB), no
// timers, no web UI; examples/server shows all of that.
package main
