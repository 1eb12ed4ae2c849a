package http

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The complaint form asks the facts of domain/precheck-rules.md step by
// step: first the category, then the order, what happened, what the
// consumer already did, what they want, and how to reach them. Its field
// names are the JSON paths of the intake (POST
// /api/v1/shops/{shop}/complaints), so the form is turned into that JSON
// document and read by complaint.DecodeIntake: the web form and the API
// check the same rules and report errors under the same names.

// factKind is how a fact is asked.
type factKind uint8

const (
	factDate factKind = iota
	factBool
	factException
	factMoney
	// factAnswer is a yes/no question that decides a consumer's rights:
	// asked, never assumed. It has no default; "I don't know" is an
	// answer, sent to the intake as an absent fact (see answerValues).
	factAnswer
)

// The values of a yes/no/don't-know question in the form.
const (
	answerYes     = "true"
	answerNo      = "false"
	answerUnknown = "unknown"
)

// answerValues maps a form answer to the intake's value; "unknown" and
// anything else are left out of the intake (the pre-check reads an absent
// buyer_is_consumer or informed_about_withdrawal as true: see
// docs/adr-complaint-form.md).
func answerValue(v string) (bool, bool) {
	switch v {
	case answerYes:
		return true, true
	case answerNo:
		return false, true
	}
	return false, false
}

// formFact is one fact of the form that depends on the category.
type formFact struct {
	Name string
	Kind factKind
	// Step is the section it is asked in: "order", "events" (what
	// happened) or "done" (what the consumer did).
	Step string
	// Default is the value of a checkbox on an empty form.
	Default bool
	// Categories are the categories whose rules read the fact.
	Categories []precheck.Category
}

// categoryFacts lists the facts the form asks besides the common ones
// (order date, order value, first contact, buyer is a consumer, desired
// resolution, description), with the categories whose rules read each.
func categoryFacts() []formFact {
	const (
		nad = precheck.NotAsDescribed
		no  = precheck.NotOrdered
		del = precheck.Delivery
		ret = precheck.Return
		pay = precheck.Payment
		wd  = precheck.Withdrawal
		war = precheck.Warranty
		dat = precheck.Data
	)
	return []formFact{
		{Name: "delivery_cost", Kind: factMoney, Step: "order", Categories: []precheck.Category{ret, pay, wd}},
		{Name: "promised_delivery_date", Kind: factDate, Step: "events", Categories: []precheck.Category{del}},
		{Name: "delivery_date", Kind: factDate, Step: "events", Categories: []precheck.Category{nad, no, del, ret, pay, wd, war}},
		{Name: "damaged_in_transit", Kind: factBool, Step: "events", Categories: []precheck.Category{del, war, nad}},
		{Name: "defect_noticed_on", Kind: factDate, Step: "events", Categories: []precheck.Category{nad, war}},
		{Name: "informed_about_withdrawal", Kind: factAnswer, Step: "events", Categories: []precheck.Category{ret, wd}},
		{Name: "withdrawal_exception", Kind: factException, Step: "events", Categories: []precheck.Category{wd, ret}},
		{Name: "withdrawal_function_missing", Kind: factBool, Step: "events", Categories: []precheck.Category{wd}},
		{Name: "shop_rejected_late_notice", Kind: factBool, Step: "events", Categories: []precheck.Category{nad, del, war}},
		{Name: "refund_received", Kind: factBool, Step: "events", Categories: []precheck.Category{ret, pay, wd}},
		{Name: "data_request_answered", Kind: factBool, Step: "events", Categories: []precheck.Category{dat}},
		{Name: "withdrawal_declared_on", Kind: factDate, Step: "done", Categories: []precheck.Category{ret, pay, wd}},
		{Name: "goods_returned_on", Kind: factDate, Step: "done", Categories: []precheck.Category{ret, pay, wd}},
		{Name: "cure_requested_on", Kind: factDate, Step: "done", Categories: []precheck.Category{nad, war}},
		{Name: "additional_deadline_until", Kind: factDate, Step: "done", Categories: []precheck.Category{nad, del, war}},
		{Name: "data_request_on", Kind: factDate, Step: "done", Categories: []precheck.Category{dat}},
	}
}

// asks reports whether the form asks the fact for the category.
func (f formFact) asks(c precheck.Category) bool { return slices.Contains(f.Categories, c) }

// ForCategories is the value of the data-categories attribute that the
// script uses to show the fact for the chosen category without a reload.
func (f formFact) ForCategories() string {
	ss := make([]string, len(f.Categories))
	for i, c := range f.Categories {
		ss[i] = string(c)
	}
	return strings.Join(ss, " ")
}

// IsDate, IsBool, IsException and IsMoney tell the template how to ask.
func (f formFact) IsDate() bool      { return f.Kind == factDate }
func (f formFact) IsBool() bool      { return f.Kind == factBool }
func (f formFact) IsException() bool { return f.Kind == factException }
func (f formFact) IsMoney() bool     { return f.Kind == factMoney }
func (f formFact) IsAnswer() bool    { return f.Kind == factAnswer }

// germanDate matches a date typed the German way (25.11.2026), which
// browsers without a date picker let people type.
var germanDate = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)

// formDate turns a typed date into YYYY-MM-DD when it is written the
// German way; anything else is passed on for the intake to judge.
func formDate(s string) string {
	s = strings.TrimSpace(s)
	if m := germanDate.FindStringSubmatch(s); m != nil {
		return m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
	}
	return s
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// formAmount turns a typed amount into a plain decimal: "49,90" and
// "1.234,50" (German) become "49.90" and "1234.50"; anything else is passed
// on for the intake to judge.
func formAmount(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if i := strings.LastIndexByte(s, ','); i >= 0 && i > strings.LastIndexByte(s, '.') {
		s = strings.ReplaceAll(s[:i], ".", "") + "." + s[i+1:]
	}
	return s
}

// intakeDocument builds the intake JSON from a posted complaint form: the
// common facts, the facts the chosen category asks (the others are left
// out, so a fact typed before the category was changed does not count),
// the contact and the order reference, in the page's language.
func intakeDocument(form map[string][]string, lang fairshops.Language) ([]byte, precheck.Category) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	cat := precheck.Category(get("category"))
	doc := map[string]any{"lang": string(lang)}
	if cat != "" {
		doc["category"] = string(cat)
	}
	putDate := func(name string) {
		if v := get(name); v != "" {
			doc[name] = formDate(v)
		}
	}
	putMoney := func(name, currency string) {
		amount := get(name + ".amount")
		if amount == "" && (name != "order_value" || (cat.Valid() && !cat.NeedsOrder())) {
			return
		}
		m := map[string]any{"currency": strings.ToUpper(currency)}
		if amount != "" {
			m["amount"] = formAmount(amount)
		}
		doc[name] = m
	}
	putDate("order_date")
	currency := get("order_value.currency")
	putMoney("order_value", currency)
	putDate("contacted_shop_on")
	if b, ok := answerValue(get("buyer_is_consumer")); ok {
		doc["buyer_is_consumer"] = b
	}
	if v := get("desired_resolution"); v != "" {
		doc["desired_resolution"] = v
	}
	if v, ok := form["description"]; ok && len(v) > 0 && strings.TrimSpace(v[0]) != "" {
		doc["description"] = v[0]
	}
	for _, f := range categoryFacts() {
		if !f.asks(cat) {
			continue
		}
		switch f.Kind {
		case factDate:
			putDate(f.Name)
		case factBool:
			doc[f.Name] = get(f.Name) == "true"
		case factException:
			if v := get(f.Name); v != "" {
				doc[f.Name] = v
			}
		case factMoney:
			putMoney(f.Name, currency)
		case factAnswer:
			if b, ok := answerValue(get(f.Name)); ok {
				doc[f.Name] = b
			}
		}
	}
	contact := map[string]any{"name": get("contact.name"), "email": get("contact.email")}
	if v := get("contact.phone"); v != "" {
		contact["phone"] = v
	}
	doc["contact"] = contact
	if v := get("order_ref"); v != "" {
		doc["order_ref"] = v
	}
	// Maps of strings, bools and maps always encode.
	data, _ := json.Marshal(doc)
	return data, cat
}

// unanswered lists the yes/no questions of the form that the consumer
// left without an answer (yes, no or "I don't know"): whether they bought
// as a private person, and the questions of the category that decide
// their rights. The intake cannot tell "not asked" from "not known", so
// the form checks them itself; nothing is asked before a category is
// chosen.
func unanswered(form map[string][]string, cat precheck.Category) []string {
	if !cat.Valid() {
		return nil
	}
	answered := func(name string) bool {
		v := form[name]
		return len(v) > 0 && (v[0] == answerYes || v[0] == answerNo || v[0] == answerUnknown)
	}
	var out []string
	if !answered("buyer_is_consumer") {
		out = append(out, "buyer_is_consumer")
	}
	for _, f := range categoryFacts() {
		if f.Kind == factAnswer && f.asks(cat) && !answered(f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

// formFieldOf is the form field that shows an intake error: errors about a
// whole money value go to its amount.
func formFieldOf(field string) string {
	switch field {
	case "order_value", "delivery_cost":
		return field + ".amount"
	}
	return field
}

// complaintFieldLabel names a field of the complaint form for the error
// summary; "" for errors the form has no field for (e.g. "shop").
func (h *Handler) complaintFieldLabel(lang fairshops.Language) func(string) string {
	return func(field string) string {
		switch field {
		case "contact.name", "contact.email", "contact.phone", "order_ref", "order_value.currency":
			return h.web.t(lang, "complaint.form."+field)
		case "order_value.amount":
			return precheck.FactLabel("order_value", lang)
		case "delivery_cost.amount":
			return precheck.FactLabel("delivery_cost", lang)
		case "category", "order_date", "contacted_shop_on", "buyer_is_consumer", "desired_resolution", "description":
			return precheck.FactLabel(field, lang)
		}
		for _, f := range categoryFacts() {
			if f.Name == field && f.Kind != factMoney {
				return precheck.FactLabel(field, lang)
			}
		}
		return ""
	}
}

// remapIntakeErrors moves the errors of an intake to the form fields that
// show them (formFieldOf); the delivery cost's currency, which the form
// takes from the order value, is reported once, at the order value.
func remapIntakeErrors(err error) error {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &fairshops.ValidationError{Op: ve.Op}
	for _, f := range ve.Fields {
		if f.Field == "delivery_cost.currency" {
			// The form asks one currency, the order's: its error is
			// already reported there.
			continue
		}
		f.Field = formFieldOf(f.Field)
		out.Fields = append(out.Fields, f)
	}
	return out
}

// complaintFormData is what the complaint form page shows.
type complaintFormData struct {
	Shop       fairshops.View
	Category   precheck.Category
	Categories []webOption
	Facts      []formFact
	Resolution []webOption
	Exceptions []webOption
	Answers    []webOption // yes, no, I don't know
	// MaxDescription and the other limits go into maxlength attributes.
	MaxDescription, MaxName, MaxEmail, MaxPhone, MaxOrderRef int
	// MaxFiles and MaxFileMB are the limits of the files sent with the form.
	MaxFiles  int
	MaxFileMB int64
}

// OrderRequired reports whether the category needs the order date and
// value (all but not_ordered and data: precheck.Category.NeedsOrder).
func (d complaintFormData) OrderRequired() bool { return d.Category.NeedsOrder() }

// Shows reports whether the fact is shown for the chosen category.
func (d complaintFormData) Shows(f formFact) bool { return f.asks(d.Category) }

// factView is one category fact as the partial "fact" asks it.
type factView struct {
	Form  *webForm
	Fact  formFact
	Shown bool
	Data  complaintFormData
}

// Ask returns the view of a fact for the partial "fact".
func (d complaintFormData) Ask(f *webForm, fact formFact) factView {
	return factView{Form: f, Fact: fact, Shown: d.Shows(fact), Data: d}
}

// FactsOf returns the facts asked in a step, for every category (the
// template hides those of other categories).
func (d complaintFormData) FactsOf(step string) []formFact {
	var out []formFact
	for _, f := range d.Facts {
		if f.Step == step {
			out = append(out, f)
		}
	}
	return out
}

// newComplaintFormData builds the form's choices in lang.
func newComplaintFormData(v fairshops.View, cat precheck.Category, lang fairshops.Language, t func(string) string) complaintFormData {
	d := complaintFormData{Shop: v, Category: cat, Facts: categoryFacts(),
		MaxDescription: precheck.MaxDescription, MaxName: complaint.MaxName, MaxEmail: complaint.MaxEmail,
		MaxPhone: complaint.MaxPhone, MaxOrderRef: complaint.MaxOrderRef}
	for _, c := range precheck.Categories() {
		d.Categories = append(d.Categories, webOption{Value: string(c), Label: c.Label(lang)})
	}
	d.Resolution = []webOption{{Value: "", Label: t("complaint.form.none")}}
	for _, r := range precheck.Resolutions() {
		d.Resolution = append(d.Resolution, webOption{Value: string(r),
			Label: precheck.Messages().Render(lang, "resolution."+string(r))})
	}
	d.Answers = []webOption{{Value: answerYes, Label: t("complaint.answer.yes")},
		{Value: answerNo, Label: t("complaint.answer.no")}, {Value: answerUnknown, Label: t("complaint.answer.unknown")}}
	d.Exceptions = []webOption{{Value: "", Label: t("complaint.form.no_exception")}}
	for _, e := range precheck.WithdrawalExceptions() {
		d.Exceptions = append(d.Exceptions, webOption{Value: string(e),
			Label: precheck.Messages().Render(lang, "exception."+string(e))})
	}
	return d
}
