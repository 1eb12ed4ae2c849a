package mediation

import (
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Reason is why a request for a case is refused or a case declined. Each
// reason has a plain-language text in German and English (Reason.Text),
// shown to the requester.
type Reason string

// The reasons. NotBooked, NotForwarded, AlreadySettled, TimeBarred,
// AbusiveCostDeclined, OutOfScope and WrongRequester are those of the
// issue; CaseExists, ComplaintClosed and ShopDeclined are additions (a case
// that runs or ran, a complaint that was withdrawn or closed, a shop that
// declined a consumer's request in the mode shop_discretion).
const (
	ReasonNotBooked           Reason = "not_booked"            // no Streitmoderation booked on the request date
	ReasonNotForwarded        Reason = "not_forwarded"         // the claim was not first raised with the shop
	ReasonAlreadySettled      Reason = "already_settled"       // a case settled it, or the complaint was resolved
	ReasonCaseExists          Reason = "case_exists"           // a case about the complaint runs or has ended
	ReasonComplaintClosed     Reason = "complaint_closed"      // the complaint was withdrawn or closed
	ReasonTimeBarred          Reason = "time_barred"           // warranty.expired, not doubtful, and the shop invoked limitation (§214)
	ReasonAbusiveCostDeclined Reason = "abusive_cost_declined" // marked abusive, and the consumer declined the fee
	ReasonOutOfScope          Reason = "out_of_scope"          // not a consumer dispute (scope.not_consumer)
	ReasonWrongRequester      Reason = "wrong_requester"       // the shop's mode does not let this role request
	ReasonShopDeclined        Reason = "shop_declined"         // the shop declined the consumer's request
	// ReasonShopMayAnswer: the consumer asked before the shop answered and
	// before its answer period ended (issue 13.3); only at request time.
	ReasonShopMayAnswer Reason = "shop_may_answer"
)

// Reasons lists every reason.
func Reasons() []Reason {
	return []Reason{ReasonNotBooked, ReasonNotForwarded, ReasonAlreadySettled, ReasonCaseExists,
		ReasonComplaintClosed, ReasonTimeBarred, ReasonAbusiveCostDeclined, ReasonOutOfScope,
		ReasonWrongRequester, ReasonShopDeclined, ReasonShopMayAnswer, ReasonNoReply}
}

// Valid reports whether r is one of Reasons.
func (r Reason) Valid() bool { return slices.Contains(Reasons(), r) }

// Text returns the reason in plain language.
func (r Reason) Text(lang fairshops.Language) string {
	return messages().Render(lang, "refusal."+string(r))
}

// operatorReasons are the reasons an operator may give when it declines a
// request by hand; the others arise from moves (abusive_cost_declined,
// shop_declined) or only at request time (wrong_requester).
func operatorReasons() []Reason {
	return []Reason{ReasonNotBooked, ReasonNotForwarded, ReasonAlreadySettled, ReasonCaseExists,
		ReasonComplaintClosed, ReasonTimeBarred, ReasonOutOfScope}
}

// Refusal is the error a request for a case gets when it may not be made:
// every reason that applies, each with a text for the requester. Its kind
// is fairshops.NotAllowed; match it with errors.As.
type Refusal struct {
	Reasons []Reason
	// AnswerDue is the last day the shop may answer, set with
	// ReasonShopMayAnswer: the texts name it.
	AnswerDue fairshops.Date
}

func (r *Refusal) Error() string {
	parts := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		parts[i] = string(x)
	}
	return "mediation.Request: not allowed: refused: " + strings.Join(parts, ", ")
}

// Unwrap makes errors.Is(err, fairshops.ErrNotAllowed) hold.
func (r *Refusal) Unwrap() error { return fairshops.ErrNotAllowed }

// Has reports whether the refusal names the reason.
func (r *Refusal) Has(x Reason) bool { return slices.Contains(r.Reasons, x) }

// Texts returns the reasons in plain language.
func (r *Refusal) Texts(lang fairshops.Language) []string {
	out := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		out[i] = r.Text(x, lang)
	}
	return out
}

// Text returns one reason of the refusal in plain language, with the day
// the shop may answer until for ReasonShopMayAnswer.
func (r *Refusal) Text(x Reason, lang fairshops.Language) string {
	if x == ReasonShopMayAnswer && !r.AnswerDue.IsZero() {
		return messages().Render(lang, "refusal.shop_may_answer.until", FormatDate(r.AnswerDue, lang))
	}
	return x.Text(lang)
}

// Indicator is a sign from the pre-check that a consumer's request may be
// abusive (domain/mediation.md, "Cost").
type Indicator string

// The indicators.
const (
	IndicatorClearForShop Indicator = "clear_for_shop" // the pre-check found the case clear in the shop's favour
	IndicatorDispleasure  Indicator = "displeasure"    // the complaint is displeasure only
	IndicatorNoRealCase   Indicator = "no_real_case"   // no finding favours the consumer or is doubtful
)

// Text returns the indicator in plain language.
func (i Indicator) Text(lang fairshops.Language) string {
	return messages().Render(lang, "indicator."+string(i))
}

// abuseIndicators reads the pre-check for the signs of an abusive request.
func abuseIndicators(r precheck.Result) []Indicator {
	var out []Indicator
	consumer, shop, doubtful := 0, 0, 0
	for _, f := range r.Findings {
		switch f.Favours {
		case precheck.FavoursConsumer:
			consumer++
		case precheck.FavoursShop:
			shop++
		case precheck.FavoursDoubtful:
			doubtful++
		}
	}
	if r.Clarity == precheck.Clear && shop > 0 && consumer == 0 {
		out = append(out, IndicatorClearForShop)
	}
	if r.Clarity == precheck.Displeasure {
		out = append(out, IndicatorDispleasure)
	}
	if consumer == 0 && doubtful == 0 {
		out = append(out, IndicatorNoRealCase)
	}
	return out
}

func hasRule(r precheck.Result, id precheck.RuleID) bool {
	for _, f := range r.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}
