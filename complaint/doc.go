// Package complaint is the complaint service (Beschwerdeservice): a consumer
// files a complaint about a shop, the service pre-checks it, forwards it to
// the shop, watches the shop's answer period, and keeps the thread and an
// audit history until the complaint is resolved, escalated to dispute
// moderation, withdrawn or closed.
//
// # Filing
//
// The HTTP layer decodes the body of POST /api/v1/shops/{shop}/complaints
// with DecodeIntake: the complaint's facts at the top level, exactly as
// POST /api/v1/precheck takes them (package precheck reads them; the free
// text is "description"), plus "contact" {name, email, phone}, "order_ref"
// and "lang". Every problem is reported at once as a
// *fairshops.ValidationError with JSON paths and reasons in German and
// English. Service.Submit then, in this order:
//
//  1. validates the intake again as of today (Intake.Validate: no fact date
//     after the filing date);
//  2. asks Shops (the fairshops.Registry) for the shop's entitlements today:
//     without Beschwerdeservice or Streitmoderation the field "shop" fails
//     with reason not_booked, and an unknown shop is NotFound;
//  3. draws the consumer's private token (256 random bits; only its SHA-256
//     is stored, in Complaint.TokenHash), a complaint ID and a reference for
//     people (NewReference: "KS-7KQ4-M2XF", unique, drawn again on a clash);
//  4. runs precheck.Check as of today and stores the Result with the
//     complaint;
//  5. makes the moves submitted -> checked -> forwarded (unless
//     Config.ManualForward: then the operator forwards with Forward), which
//     starts the shop's answer period; a complaint that only voices
//     displeasure (clarity "displeasure") is forwarded and confirmed
//     (closed) at once, nothing more;
//  6. writes the complaint, its history and its events in one Store.Create.
//
// The token is returned once and exists nowhere else, but for the
// confirmation mail: with Config.Links the Service hands the private link to
// the LinkMailer right after storing the complaint (never to the outbox).
//
// # Links sent again
//
// ResendLinks gives every complaint of an e-mail address (Store.ByEmail) a
// fresh token, so that old links stop working, and mails the fresh links
// with an overview link (Config.Overviews; Overview, OpenFromOverview). It
// answers alike for known and unknown addresses. ByReference finds a
// complaint by its reference for the operator and the shop.
// docs/adr-private-links.md gives the reasons.
//
// # Lifecycle
//
// Transitions is the table of moves (state x move x role -> next state);
// Next looks a move up in it. A role that may never make a move gets
// Forbidden, a move that is not possible in the current state (or for this
// complaint: a displeasure-only one, an answer period still running)
// NotAllowed; both wrap a *MoveError naming state, move and role.
//
//	submitted --check--> checked --forward--> forwarded --answer--> answered
//	forwarded, answered --resolve (consumer, operator)--> resolved
//	forwarded, answered --escalate (consumer, operator)--> escalated
//	any open state --withdraw (consumer)--> withdrawn
//	forwarded, answer period over --close_deadline_missed--> closed
//	forwarded displeasure-only --confirm_displeasure--> closed
//
// A shop cannot resolve a complaint: only the consumer (or the operator) can
// say it is settled. The shop's first message on a forwarded complaint is its
// answer. Every change appends to the History: who (role, plus the shop's ID
// or the operator's name, never a token), what, when, chained by SHA-256 so
// that VerifyHistory can check an exported history.
//
// # Deadlines and timers
//
// The answer period is calendar.End(forwarding date, Days(AnswerDays),
// State): 7 days by default, ending on the next working day when the last
// day is a Saturday, Sunday or public holiday (BGB §193). Dates are read in
// Config.Location (Europe/Berlin) from the injected Clock. The reminder is
// due ReminderDays (2) days before the end. Complaint.NextDue holds the day
// the next timer fires; Service.ProcessDue, called by a ticker, asks
// Store.Due for the complaints due today and emits complaint.reminder and
// complaint.deadline_missed exactly once each: the complaint records that
// they were sent in the same Update that writes the event, and conflicting
// runs retry on the fresh complaint. A missed deadline does not close the
// complaint; the consumer or the operator may then close it
// (CloseDeadlineMissed) or escalate it.
//
// # Re-check under new rules
//
// A complaint keeps the pre-check made at filing (Complaint.Precheck, with
// the rules revision it was made under): the consumer saw that answer, and
// it is never rewritten. When the rules change, the operator asks what the
// current rules say about the stored facts: Recheck for one complaint,
// RecheckOpen for every open one whose answer changes (a dry run: the
// findings, clarity, dates, standard violations and missing facts that
// change, precheck.Diff), as of the check date of the result the complaint
// stands on, so that only the change of the rules shows, not the passage of
// time. ApplyRecheck records it beside the filed result
// (Complaint.Rechecks), appends the history entry "rechecked" and, only
// when the operator says so, writes complaint.rechecked for the parties.
// See docs/adr-recheck.md.
//
// # Human review of the pre-check
//
// With Config.ADRDirective (the revised ADR Directive) the consumer may ask
// that a person reviews the automated pre-check the complaint stands on
// (RequestReview, once per pre-check result). The operator answers within
// ReviewWorkingDays working days of Config.State (AnswerReview; the open
// reviews: Reviews, Store.Reviews); ProcessDue marks an unanswered review
// overdue once. See review.go and docs/adr-adr-directive.md.
//
// # Access
//
// Every method takes a fairshops.Principal: the consumer with the
// complaint's token, the shop by its ID, or the operator. The rules:
//   - the consumer whose token matches the complaint's token hash (compared
//     in constant time), the shop the complaint is about once it was
//     forwarded to it, and the operator may read a complaint and act on it
//     as the lifecycle allows their role;
//   - anyone else (another token, another shop, the shop before forwarding)
//     gets NotFound, exactly as for a complaint that does not exist, so
//     nothing reveals whether an ID exists;
//   - a malformed principal (no or unknown role, a shop without an ID, a
//     consumer without a token, an operator name that is no single line of
//     at most MaxName characters, System) gets Forbidden before anything is
//     read;
//   - a caller who may read the complaint but whose role may never make the
//     move gets Forbidden; a move the role may make, but not now (state,
//     deadline, displeasure-only complaint), gets NotAllowed.
//
// The Service never returns the token hash.
//
// # Store and events
//
// Store is the port the adapters implement (adapters/memory, adapters/sql);
// complaint/storetest is the conformance suite they all pass. Each change is
// one Create or Update with optimistic versions: a stale write fails with
// Conflict and writes nothing. The events (EventSubmitted ... EventClosed,
// each with a unique ID) go to the outbox in the same unit of work. Their
// EventData names the complaint, the shop, the state, the category, the
// deadline and the language, never the token, the consumer's name, e-mail
// address or phone number, or a message body: a notifier that must write to
// the consumer looks the contact up by the complaint's ID.
package complaint
