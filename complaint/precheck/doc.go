// Package precheck is the first, deterministic check of a complaint: the
// facts a consumer gives (docs/precheck-rules.md, the JSON names of the v1
// API) go in, a Result comes out that says which rules of German consumer
// law the facts touch, whom each finding favours, how clear the case is,
// which facts are missing, which criteria of the Fair Shops Standard the
// findings show to be breached, and a few plain-language tips.
//
// # Flow
//
//  1. Intake: DecodeFacts reads a JSON object strictly (unknown keys, wrong
//     types, bad dates and amounts, invalid UTF-8) and runs Validate;
//     facts built in Go call Validate directly; ReadFacts does both for
//     facts embedded in a larger document (the complaint package's filing).
//     Every wrong field is reported at once in one
//     *fairshops.ValidationError, with the shared reason codes of
//     fairshops/reasons.go, in German and English.
//  2. Check(facts, asOf, Options) evaluates every rule of the table (Rules)
//     in its order. It is pure: the check date comes in, no clock is read,
//     and the same input always gives the same Result. Every period (the
//     withdrawal period, the refund period, the warranty and presumption
//     periods, the delivery time, the month for data requests, the cure
//     period) is counted by fairshops/calendar, with BGB §193 for periods
//     within which someone has to declare or perform (withdrawal, refund,
//     delivery, cure, data request) and for limitation of warranty claims,
//     and without it for the presumption of §477, in which a defect has to
//     show. Since rules revision 2 (Revision) the consumer's state
//     (consumer_state) ends the consumer's periods and the shop's seat
//     (Options.ShopState, else shop_state) the shop's; where the state is
//     unknown, every state's end is computed and a finding whose answer
//     differs between the earliest and the latest end is doubtful.
//  3. The Result holds messages as keys with arguments, so that a stored
//     result renders in any language later: Message.Render for one message,
//     Result.Localize for the whole answer of the API in German or English.
//
// # Choices the rules page leaves open
//
//   - A rule whose facts are missing does not fire; it adds the fact to
//     missing_facts when the fact would decide it. Any missing fact keeps the
//     clarity doubtful.
//   - When the buyer is no consumer, the consumer-law rules are skipped
//     (RuleInfo.ConsumerLaw); the tip to contact the shop, the data
//     protection rules (the GDPR protects every person) and the displeasure
//     rule still run.
//   - The defect was noticed by the check date at the latest: with no
//     defect_noticed_on, the presumption is judged by the check date where
//     that settles it, and limitation is doubtful up to four months after
//     its two years (§475e(3): the defect may have shown on the last day).
//   - A withdrawal whose exception the shop claims is not "valid" for the
//     refund rules until the exception is settled.
//   - The basis of rules whose paragraphs were renumbered follows the order
//     date, the day the contract was concluded (RuleInfo.Earlier): the
//     presumption is §477(1) (one year) since 2022, §477 a.F. (six months)
//     for 2018-2021 and §476 a.F. before 2018.
//
// docs/precheck-rules.md is the rules page with the fixes made against the
// law and the full list of these choices.
package precheck
