// Package mediation runs the Streitmoderation of the Fair Shops Standard: a
// dispute moderation between a consumer and a shop about a complaint that
// was filed and forwarded first. It aims at what a recognised consumer ADR
// body does, at a far lower cost. It is a moderation, not a judgment: a
// proposal binds only when both sides accept the same option, and then
// both give up further claims in the matter (domain/mediation.md).
//
// # Who may start a case
//
// The shop's mediation mode on the request date decides (Service.Request):
//
//   - shop_discretion: the shop starts a case, which opens at once; the
//     consumer may ask for one, which waits in requested until the shop
//     accepts or declines it (reason shop_declined).
//   - consumer: the consumer alone; the request waits in requested for the
//     operator, who accepts it, declines it with a reason, or marks it
//     abusive.
//   - operator_after_complaint: only the operator, and the case opens at
//     once.
//
// A request that may not be made gets a *Refusal listing every Reason at
// once (not_booked, not_forwarded, already_settled, case_exists,
// complaint_closed, time_barred, abusive_cost_declined, out_of_scope,
// wrong_requester, shop_declined), each with a German and an English text.
// Nothing is stored for a refused request. A case opens only while the shop
// has booked Streitmoderation, only about a complaint the shop was forwarded
// (contact.shop_first no longer open), never twice for one complaint, never
// for a buyer who is no consumer, and not on a consumer's request when the
// pre-check found the claim time-barred (warranty.expired, or
// withdrawal.expired when nothing else favours the consumer); a shop that
// asks for a case does not invoke the lapse of time.
//
// # Cost
//
// The shop pays the fee of a configurable schedule by dispute value in
// decimal EUR (DefaultFees, shown beside ReferenceADRFees with Fees.Quote).
// When the pre-check shows an abuse indicator (clear for the shop,
// displeasure only, no real case), the operator may mark a consumer's
// request abusive: the case waits in awaiting_cost_acceptance until the
// consumer accepts the fee (at most 30 EUR, VSBG §23) and the case opens,
// declines it (declined, abusive_cost_declined), or lets the deadline pass
// (expired).
//
// # Lifecycle
//
//	requested ──accept──▶ open ──statement──▶ statements ──send──▶ proposed ──both accept──▶ settled
//	    │  └─mark abusive─▶ awaiting_cost_acceptance ──accept cost──▶ open        │
//	    └─decline─▶ declined            └─decline cost─▶ declined                 ├─reject──▶ failed
//	                                                                               └─time──▶ expired
//
// Transitions returns the whole table (state x move x role -> states);
// Allowed checks a move against it. Any running case can be withdrawn by
// its requester (withdrawn) or left by the other party (failed). Each state
// that waits for someone has one Deadline, computed with calendar.End (BGB
// §187-§193): the decision on a request (3 weeks), the cost acceptance (14
// days), the statements (14 days from opening), the proposal (90 days from
// the complete file), the answers (14 days), and a revision (30 days).
// Service.ProcessDue sends a reminder before each deadline and applies it
// once passed, each exactly once. The file is complete when both parties
// have stated or the statements period ends with at least one statement; a
// case nobody stated in expires.
//
// # Proposals
//
// Propose drafts a proposal from the complaint's facts, its pre-check, the
// consumer's claim and the shop's offer: pure and deterministic, with the
// legal remedy in full when the findings favour the consumer, the claim not
// upheld (with a goodwill voucher) when they favour the shop, and the
// midpoint between claim and offer when they are doubtful. Each Option has
// a Kind, an exact amount in the order's currency (never above order value
// plus delivery cost; parts, instalments and duties add up exactly), who
// does what by when, and a Rationale citing the pre-check rule IDs. The
// moderator may edit the draft (checked by ValidateOptions, recorded in the
// history with the options before and after) and sends it.
//
// # Answers and settlement
//
// Each party accepts one option or rejects the proposal within the answer
// period. Both accept the same option: the case is settled and carries a
// Settlement (who owes what by when, both acceptances), rendered in German
// or English by Settlement.Render. A rejection ends the case as failed
// unless both parties ask for a revision, which the moderator may send once.
// Service.Notice tells the consumer how the case ended and, without a
// settlement, which other ways are open: the configured recognised consumer
// ADR body (Config.ADR, default the Universalschlichtungsstelle des Bundes),
// the courts, advice, the European Consumer Centre; it warns not to rely on
// a suspension of limitation and names the day the claim becomes
// time-barred without one (LimitationEnd).
//
// # Settlements carried out
//
// A settlement becomes Case.Obligations (DeriveObligations): one per duty,
// or per instalment, its date counted from the settlement and moved per
// §193 BGB, reminded once before it (mediation.obligation_reminder), with
// a grace of working days after it. The owing party confirms it performed,
// the receiving party that it received (Service.ConfirmObligation; the
// consumer's one click "money received"); an obligation nobody confirmed by
// the end of its grace is missed (mediation.obligation_missed), which
// reopens the case for the operator (Case.ReopenedOn, Filter.Reopened,
// Service.CloseReopened) and counts in the shop's figures
// (Service.ObligationFigures, CountObligations). When the owing party
// confirmed it performed and nothing arrived, the receiving party reports
// it not received from NotReceivedAfterDays after that confirmation on
// (Service.ReportNotReceived, mediation.obligation_disputed): the case is
// reopened, and the operator records the outcome after speaking to both
// sides (Service.ResolveObligation: done, or missed from that day). See
// docs/adr-settlement-obligations.md.
//
// # Statements with facts (revision 2)
//
// A statement may carry facts in the pre-check's names and the shop's
// defences (Defences; the consumer's are admissions). MergeFacts merges them
// with the complaint's facts: a fact is contested when the two sides give
// different values, settled otherwise; the pre-check re-runs on the merge
// and a finding that rests on a contested fact is doubtful. The engine
// proposes from that, and every option names its legal Basis. See
// docs/adr-mediation-facts.md.
//
// # Storage, events and history
//
// Store keeps cases with optimistic versions and writes each change's
// events (fairshops.Event, types mediation.*, payload EventData without
// tokens or contacts) in the same unit of work; mediation/storetest is the
// conformance suite every adapter runs. Every change appends to the case's
// History, a SHA-256 hash chain checked by VerifyHistory.
package mediation
