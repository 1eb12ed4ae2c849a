package precheck

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/shopspring/decimal"
)

// MaxDescription is the most runes the free-text description may hold.
const MaxDescription = 5000

// The dates Validate accepts. The calendar counts periods from 1970-01-01 to
// 9999-12-31; the latest date leaves room for the longest period the rules
// count (2 years of warranty, 12 months + 14 days of withdrawal, §193).
func minFactDate() fairshops.Date { return fairshops.NewDate(1970, time.January, 1) }
func maxFactDate() fairshops.Date { return fairshops.NewDate(9996, time.December, 31) }

// Validate checks facts built in Go (DecodeFacts runs the same checks on
// JSON) and returns a *fairshops.ValidationError listing every wrong field
// by its JSON name, or nil:
//
//   - category: required and known;
//   - order_date: required, except for the categories not_ordered and data
//     (Category.NeedsOrder);
//   - order_value: required (a currency is given) except for not_ordered
//     and data, the amount not negative,
//     at most 4 decimal places and at most 10^12, a known ISO 4217 currency
//     in canonical form; delivery_cost the same, in the currency of
//     order_value;
//   - every date between 1970-01-01 and 9996-12-31;
//   - past events (order, delivery, contact, withdrawal, return, defect, cure
//     request, data request) not after the check date: asOf, or when asOf
//     is zero the facts' as_of; with neither, this check is skipped. The
//     promised delivery date and the additional deadline may lie ahead;
//   - no contradictory dates (see below);
//   - withdrawal_exception and desired_resolution known when given;
//   - consumer_state and shop_state (revision 2): calendar.State values
//     that are Valid;
//   - description: valid UTF-8, at most MaxDescription runes, no control
//     characters but tab and newline (a CR is accepted only as part of a
//     CRLF line break, which browsers send for text areas), and no markup:
//     "<" followed by a letter, "/", "!" or "?" (a tag, an end tag, a comment
//     or doctype, a processing instruction) is refused with reason "markup".
//     Nothing is silently changed.
//
// Contradictory dates: a date that may not precede another gets the reason
// "before" with the other field's JSON name, checked in the order listed and
// reported once, for the first one it precedes:
//
//   - delivery_date, promised_delivery_date, contacted_shop_on,
//     withdrawal_declared_on: not before order_date (a withdrawal before
//     delivery is valid, so it is not compared with delivery_date; contact
//     about a complaint needs an order);
//   - goods_returned_on: not before delivery_date, withdrawal_declared_on
//     (goods sent back before the withdrawal was declared are no withdrawal,
//     BGB §355(1) sentence 3: we take the dates as mistyped), order_date;
//   - defect_noticed_on: not before delivery_date, order_date;
//   - cure_requested_on: not before defect_noticed_on, delivery_date,
//     order_date;
//   - additional_deadline_until: not before cure_requested_on, order_date,
//     additional_deadline_set_on (revision 2);
//   - additional_deadline_set_on, informed_about_withdrawal_on (revision 2,
//     past events): not before order_date.
//
// data_request_on is not compared with the order: a shop may hold data
// from before it (a newsletter, an account).
func (f *Facts) Validate(asOf fairshops.Date) error {
	var p fairshops.Problems
	f.validate(&p, "", asOf, nil)
	return p.Err("precheck.Validate")
}

// validator adds content problems under a path prefix, leaving out fields
// that already have a problem of their own (skip).
type validator struct {
	p      *fairshops.Problems
	prefix string
	skip   func(field string) bool
}

func (v *validator) add(field, code string, args ...any) {
	if v.skip != nil && v.skip(field) {
		return
	}
	v.p.Add(joinPath(v.prefix, field), code, args...)
}

func joinPath(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// dateField is one date of the facts with its JSON name.
type dateField struct {
	name      string
	d         fairshops.Date
	past      bool     // an event that has happened: not after the check date
	notBefore []string // the dates it may not precede, most specific first
}

func (f *Facts) dates() []dateField {
	return []dateField{
		{"order_date", f.OrderDate, true, nil},
		{"delivery_date", f.DeliveryDate, true, []string{"order_date"}},
		{"promised_delivery_date", f.PromisedDeliveryDate, false, []string{"order_date"}},
		{"contacted_shop_on", f.ContactedShopOn, true, []string{"order_date"}},
		{"withdrawal_declared_on", f.WithdrawalDeclaredOn, true, []string{"order_date"}},
		{"goods_returned_on", f.GoodsReturnedOn, true, []string{"delivery_date", "withdrawal_declared_on", "order_date"}},
		{"defect_noticed_on", f.DefectNoticedOn, true, []string{"delivery_date", "order_date"}},
		{"cure_requested_on", f.CureRequestedOn, true, []string{"defect_noticed_on", "delivery_date", "order_date"}},
		{"additional_deadline_until", f.AdditionalDeadlineUntil, false, []string{"cure_requested_on", "order_date"}},
		{"data_request_on", f.DataRequestOn, true, nil},
		{"as_of", f.AsOf, false, nil},
		// revision 2
		{"additional_deadline_set_on", f.AdditionalDeadlineSetOn, true, []string{"order_date"}},
		{"informed_about_withdrawal_on", f.InformedAboutWithdrawalOn, true, []string{"order_date"}},
	}
}

func (f *Facts) validate(p *fairshops.Problems, prefix string, asOf fairshops.Date, skip func(string) bool) {
	v := &validator{p: p, prefix: prefix, skip: skip}
	switch {
	case f.Category == "":
		v.add("category", fairshops.ReasonRequired)
	case !f.Category.Valid():
		v.add("category", fairshops.ReasonUnknownValue, string(f.Category), fairshops.OneOf(Categories()))
	}
	if f.OrderDate.IsZero() && f.Category.NeedsOrder() {
		v.add("order_date", fairshops.ReasonRequired)
	}

	// Dates: range, then the past, then their order.
	if asOf.IsZero() {
		asOf = f.AsOf
	}
	if asOf.Before(minFactDate()) || asOf.After(maxFactDate()) {
		asOf = fairshops.Date{} // reported below when it is the facts' as_of
	}
	dates := f.dates()
	inRange := make(map[string]fairshops.Date, len(dates))
	for _, df := range dates {
		switch {
		case df.d.IsZero():
			continue
		case df.d.Before(minFactDate()):
			v.add(df.name, fairshops.ReasonBefore, minFactDate().String())
			continue
		case df.d.After(maxFactDate()):
			v.add(df.name, fairshops.ReasonAfter, maxFactDate().String())
			continue
		}
		inRange[df.name] = df.d
		if df.past && !asOf.IsZero() && df.d.After(asOf) {
			v.add(df.name, fairshops.ReasonInFuture)
		}
	}
	for _, df := range dates {
		d, ok := inRange[df.name]
		if !ok {
			continue
		}
		for _, other := range df.notBefore {
			if o, ok := inRange[other]; ok && d.Before(o) {
				v.add(df.name, fairshops.ReasonBefore, other)
				break
			}
		}
	}

	// Money.
	orderOK := checkMoney(v, "order_value", &f.OrderValue, f.Category.NeedsOrder())
	if f.DeliveryCost != nil {
		costOK := checkMoney(v, "delivery_cost", f.DeliveryCost, false)
		if orderOK && costOK && f.DeliveryCost.Currency != f.OrderValue.Currency {
			v.add("delivery_cost.currency", fairshops.ReasonMismatch, "order_value.currency")
		}
	}

	// Enums.
	if f.WithdrawalException != "" && !f.WithdrawalException.Valid() {
		v.add("withdrawal_exception", fairshops.ReasonUnknownValue, string(f.WithdrawalException), fairshops.OneOf(WithdrawalExceptions()))
	}
	if f.DesiredResolution != "" && !f.DesiredResolution.Valid() {
		v.add("desired_resolution", fairshops.ReasonUnknownValue, string(f.DesiredResolution), fairshops.OneOf(Resolutions()))
	}
	// revision 2: a further period ends after the day it was set; a state
	// built in Go must be one calendar knows.
	if !f.AdditionalDeadlineSetOn.IsZero() && !f.AdditionalDeadlineUntil.IsZero() &&
		f.AdditionalDeadlineUntil.Before(f.AdditionalDeadlineSetOn) {
		v.add("additional_deadline_until", fairshops.ReasonBefore, "additional_deadline_set_on")
	}
	if !f.ConsumerState.Valid() {
		v.add("consumer_state", fairshops.ReasonUnknownValue, f.ConsumerState.String())
	}
	if !f.ShopState.Valid() {
		v.add("shop_state", fairshops.ReasonUnknownValue, f.ShopState.String())
	}

	for _, pr := range TextProblems(f.Description, MaxDescription) {
		v.add("description", pr.Code, pr.Args...)
	}
}

// checkMoney checks an amount built in Go as jsonin.Object.Money checks JSON
// input, and reports whether it is usable.
func checkMoney(v *validator, field string, m *fairshops.Money, required bool) bool {
	if m.Currency == "" && m.Amount.IsZero() {
		if required {
			v.add(field, fairshops.ReasonRequired)
		}
		return false
	}
	ok := true
	maxAmount := decimal.New(1, jsonin.MaxAmountExp)
	switch {
	case m.Amount.IsNegative():
		v.add(field+".amount", fairshops.ReasonNegative)
		ok = false
	case m.Amount.GreaterThan(maxAmount):
		v.add(field+".amount", fairshops.ReasonTooLarge, maxAmount.String())
		ok = false
	case !m.Amount.Equal(m.Amount.Truncate(4)):
		v.add(field+".amount", fairshops.ReasonInvalidFormat, "at most 4 decimal places")
		ok = false
	}
	switch c, err := fairshops.ParseCurrency(string(m.Currency)); {
	case m.Currency == "":
		v.add(field+".currency", fairshops.ReasonRequired)
		ok = false
	case err != nil || c != m.Currency:
		v.add(field+".currency", fairshops.ReasonCurrency, string(m.Currency))
		ok = false
	}
	return ok
}

// TextProblems checks a consumer's free text and returns one problem per
// kind found (field left empty), in this order: invalid_utf8, too_long
// (more than maxRunes runes; args: maxRunes), control_chars (anything of
// Unicode category Cc but tab, newline and the CR of a CRLF), format_chars
// (fairshops.IsHiddenFormat: bidi controls, zero-width spaces), markup ("<"
// followed by a letter, "/", "!" or "?"). The complaint package uses it for
// its other texts, so that every text of a complaint follows one rule.
func TextProblems(s string, maxRunes int) []fairshops.FieldError {
	var out []fairshops.FieldError
	if !utf8.ValidString(s) {
		out = append(out, fairshops.FieldError{Code: fairshops.ReasonInvalidUTF8})
	}
	if utf8.RuneCountInString(s) > maxRunes {
		out = append(out, fairshops.FieldError{Code: fairshops.ReasonTooLong, Args: []any{maxRunes}})
	}
	if hasControl(s) {
		out = append(out, fairshops.FieldError{Code: fairshops.ReasonControlChars})
	}
	if fairshops.HasHiddenFormat(s) {
		out = append(out, fairshops.FieldError{Code: fairshops.ReasonFormatChars})
	}
	if hasMarkup(s) {
		out = append(out, fairshops.FieldError{Code: fairshops.ReasonMarkup})
	}
	return out
}

func hasControl(s string) bool {
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				return true
			}
		case unicode.IsControl(r):
			return true
		}
	}
	return false
}

func hasMarkup(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		rest := s[i+1:]
		r, _ := utf8.DecodeRuneInString(rest)
		if r == '/' || r == '!' || r == '?' || (r != utf8.RuneError && unicode.IsLetter(r)) {
			return true
		}
		j := strings.IndexByte(rest, '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
