// Package sqlstore implements the stores of the Konfliktservice on
// database/sql, for SQLite (modernc.org/sqlite, pure Go: no cgo) and
// PostgreSQL (pgx). It lives in adapters/sql; it is named sqlstore so that
// it does not shadow database/sql in the files that use both.
//
// The flow it owns:
//
//   - Open (or New, on a pool of your own) picks the dialect from the DSN,
//     checks without writing that the database is empty or ours and not
//     newer than the program, and applies the embedded migrations (goose),
//     each in its own transaction.
//   - Every write is one unit of work: the state change, its optimistic
//     version check (UPDATE ... WHERE version = ?), and its domain events
//     in the outbox table, committed together or not at all. On SQLite all
//     writes go through a group commit: concurrent writes share one
//     transaction and one fsync, each with a savepoint of its own
//     (DB.WriteStats counts both, for metrics).
//   - Relays (adapters/notify) drain the outbox with Claim, MarkDelivered
//     and MarkFailed: at-least-once delivery, several relays side by side.
//
// The stores, each passing its package's conformance suite on both
// databases, come from accessors of *DB, as in adapters/memory: Shops
// (fairshops.ShopStore), Complaints (complaint.Store), Cases
// (mediation.Store), Articles (portal.Store), Accounts, APIKeys and Sessions
// (the account ports) and Outbox (the relays' notify.Source). Complaint and case histories are tables that are only ever
// appended to (the database refuses an UPDATE or DELETE of an entry), and
// the documents a store keeps as JSON use record types of this package,
// not the domain's API tags, with amounts as exact decimal text.
//
// Errors carry the kinds of package fairshops: NotFound, Conflict (a stale
// version, a unique-key clash, a busy database), Invalid (a bad DSN or
// option), Internal (everything else); see also ErrSchemaTooNew,
// ErrForeign, ErrCorrupt and ErrClosed. The choices behind all of this
// (durability, pools, dialect differences) are in docs/adr-sql.md.
package sqlstore
