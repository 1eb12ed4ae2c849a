// Package figures defines the service figures of a shop per calendar month:
// how fast and how reliably it answers complaints, how many complaints it
// gets per 1,000 orders (when it reports its orders), how often mediation
// requests about it lead to a mediation, and how many settlements are kept.
// The figures are for the shop itself, the operator, and, when the shop opts
// in (fairshops.Shop.PublicFigures), the public.
//
// The flow: a Store counts the figures of one shop and month range in the
// database (adapters/sql: SQLite and PostgreSQL) or in memory
// (adapters/memory, with Compute over plain records); the Service checks who
// asks (the shop itself or the operator; the public only when the shop opted
// in) and turns the counts into a Report, withholding from the public every
// figure drawn from fewer than MinPublic cases. figures/storetest holds the
// conformance suite every Store passes against hand-computed values.
//
// The exact definitions (docs/adr-service-figures.md):
//   - Complaints of a month: the shop's complaints forwarded to it in the
//     month (their forwarding day, Europe/Berlin), without the
//     displeasure-only ones (they ask for no answer). Withdrawn complaints
//     count: a withdrawal before the deadline without an answer decides
//     nothing about the deadline (no outcome) and has no answer time, so it
//     changes only the count; one after a missed deadline stays missed.
//   - Answer time: whole calendar days from the forwarding day to the day of
//     the shop's first answer, less the days the shop's answer clock was
//     paused while it waited on the consumer's reply to its question
//     (complaint.Clock.PausedDays; AnswerDays), over the month's answered
//     complaints. The deadline outcome needs no such care: a pause moves
//     the deadline itself. Median
//     and p90 are the discrete percentiles (PostgreSQL's percentile_disc):
//     the value at position ceil(p·n) of the sorted answer times.
//   - Within the deadline: of the month's complaints whose deadline is
//     decided (complaint.OutcomeOf: answered on time, late, or missed), the
//     share answered on or before the last day.
//   - Complaints per 1,000 orders: the month's complaints against the
//     order count the shop reported for the month, if it reported one.
//   - Mediation acceptance: of the mediation requests about the shop's
//     complaints made in the month whose request was decided (the case
//     opened, was declined, or its decision deadline passed), the share
//     that opened.
//   - Settlements kept: of those requests that ended settled, the ones kept
//     (Store.SettlementsKept: today every settlement without a recorded
//     breach).
//
// Nothing here reads a booking, let alone its purpose: the figures of two
// shops that differ only in why they booked a module are equal.
package figures
