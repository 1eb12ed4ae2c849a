// Package fairshops is the Fair Shops Standard and the vocabulary every
// other package of the Konfliktservice speaks.
//
// It holds two things. First, the standard itself: the Catalogue of MUST
// and BONUS criteria (DefaultCatalogue, Load), the three modules
// (Themenportal, Beschwerdeservice, Streitmoderation) and their points, a
// shop's Bookings with their private Purpose, and the Assessment that says
// whether a shop meets the standard and what is missing (Catalogue.Assess,
// Registry for the shops themselves, View for their public ID page).
// Second, the shared value types the domain packages build on, so that a
// complaint, a mediation case and an HTTP answer mean the same thing by the
// same word.
//
// # The types everyone uses
//
//   - Errors: *Error (operation, Kind, entity, detail, cause) built with E,
//     or with Wrap, which takes the kind from the cause; KindOf reads the
//     kind of any error, and the sentinels ErrNotFound, ErrConflict, ... make
//     errors.Is work. A *ValidationError lists every wrong field of an input
//     at once (Problems collects them, FieldError.Reason renders one).
//     The kinds: Internal, NotFound, Conflict, Forbidden, Invalid,
//     NotAllowed, and Canceled for a context that was canceled or whose
//     deadline passed (recognised from context.Canceled and
//     context.DeadlineExceeded in the cause, even under an Internal
//     wrapper). adapters/http maps kinds to statuses in one place; Canceled
//     is answered with nothing when the client went away and with 503 when a
//     deadline passed, and is never logged as an error.
//   - Money (a decimal.Decimal with a Currency; never float64) and Date (a
//     calendar day; deadlines are counted in business days by the calendar
//     subpackage).
//   - Clock: every service takes one (SystemClock, or ManualClock in tests);
//     nothing reads time.Now directly.
//   - IDs and tokens: NewID and NewOrderedID for opaque, time-ordered IDs;
//     Token for a consumer's private link (stored only as its Hash, compared
//     in constant time with Matches).
//   - Language and Messages: German and English, NegotiateLanguage for
//     Accept-Language, and message catalogues rendered in the reader's
//     language.
//   - Event: what every state change yields, stored with the change in a
//     transactional outbox (OutboxEntry is the contract between the stores
//     that keep one and the relays that drain it).
//   - Principal, Role and Actor: who calls a service (AsConsumer, AsShop,
//     AsOperator) and who did something, as a history records it.
//   - History and Entry: the append-only, hash-chained audit trail of a
//     complaint or a case; History.Verify checks an exported one.
//
// # Where to go next
//
//   - complaint: filing a complaint, its pre-check (complaint/precheck), its
//     lifecycle and the shop's answer.
//   - mediation: the dispute moderation a complaint can escalate to; it
//     imports complaint (fairshops <- complaint <- mediation).
//   - portal: the topic portal's articles and search; it stands apart and
//     imports at most this package.
//   - adapters/memory and adapters/sql implement the stores, adapters/notify
//     the notifiers and the outbox relay, adapters/http the JSON API and the
//     web UI; examples/server wires them all together.
//
// docs/architecture.md draws these floors and walks one request through
// them.
package fairshops
