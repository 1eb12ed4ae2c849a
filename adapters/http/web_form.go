package http

// The form and field model of the web UI: what a form holds (the values
// typed and the errors, keyed by the JSON path the services report in a
// *fairshops.ValidationError) and how the partials render one field.

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// webForm is the state of a page's form: what was typed and what is wrong.
// Errors are keyed by the JSON path of the field ("contact.email"), the
// same key the services report in a *fairshops.ValidationError.
type webForm struct {
	Values  url.Values
	Errors  map[string][]string
	Summary []webFieldError // every error in order, for the summary above the form
	Message string          // a form-level message (e.g. a refused CSRF token)
}

// webFieldError is one error of the summary, linked to its field.
type webFieldError struct {
	Field  string
	ID     string // the field's element id, "" when the form has no such field
	Label  string
	Reason string
}

// Get returns the value typed into a field.
func (f *webForm) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a checkbox or radio value was chosen.
func (f *webForm) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Err returns the reasons of a field's errors.
func (f *webForm) Err(name string) []string { return f.Errors[name] }

// Invalid reports whether the form has errors.
func (f *webForm) Invalid() bool { return len(f.Summary) > 0 || f.Message != "" }

// addError records a field's error. An empty label means the form has no
// such field: the summary then shows the reason without a link.
func (f *webForm) addError(field, label, reason string) {
	if f.Errors == nil {
		f.Errors = map[string][]string{}
	}
	f.Errors[field] = append(f.Errors[field], reason)
	e := webFieldError{Field: field, Label: label, Reason: reason}
	if label != "" {
		e.ID = fieldID(field)
	}
	f.Summary = append(f.Summary, e)
}

// webField is one form field as the partials "input", "textarea",
// "select", "checkbox" and "radios" render it: a label, the value typed,
// the errors next to it (linked with aria-describedby).
type webField struct {
	Name     string
	ID       string
	Label    string
	Type     string // input type: text (default), email, date, number, ...
	Value    string
	Checked  bool
	Errors   []string
	Required bool
	HintText string
	Options  []webOption
	Max      int    // maxlength, 0 for none
	Auto     string // the autocomplete attribute, "" for none
	form     *webForm
}

// webOption is one choice of a select or a radio group.
type webOption struct {
	Value, Label string
}

// newWebField builds the field name of form f with its label.
func newWebField(f *webForm, name, label string) *webField {
	if f == nil {
		f = &webForm{}
	}
	return &webField{Name: name, ID: fieldID(name), Label: label, Type: "text", Value: f.Get(name),
		Errors: f.Err(name), form: f}
}

// fieldID is the element id of a field: "f-" and its name with every
// character but letters and digits as "-".
func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range name {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// As returns the field with an input type.
func (f *webField) As(typ string) *webField { c := *f; c.Type = typ; return &c }

// Req returns the field marked required.
func (f *webField) Req() *webField { c := *f; c.Required = true; return &c }

// Autocomplete returns the field with an autocomplete token ("email").
func (f *webField) Autocomplete(token string) *webField { c := *f; c.Auto = token; return &c }

// Hint returns the field with a hint shown under its label.
func (f *webField) Hint(text string) *webField { c := *f; c.HintText = text; return &c }

// MaxLen returns the field with a maximum length.
func (f *webField) MaxLen(n int) *webField { c := *f; c.Max = n; return &c }

// Check returns the field as a checkbox with the value "true", checked when
// the form has that value (or, when the form is empty, when def is true).
func (f *webField) Check(def bool) *webField {
	c := *f
	c.Type = "checkbox"
	if c.form != nil && len(c.form.Values) > 0 {
		c.Checked = c.form.Has(c.Name, "true")
	} else {
		c.Checked = def
	}
	return &c
}

// Chosen reports whether value is the field's chosen option.
func (f *webField) Chosen(value string) bool { return f.Value == value }

// ErrID is the id of the element holding the field's errors.
func (f *webField) ErrID() string { return f.ID + "-err" }

// HintID is the id of the element holding the field's hint.
func (f *webField) HintID() string { return f.ID + "-hint" }

// Describedby lists the ids that describe the field (hint, errors).
func (f *webField) Describedby() string {
	var ids []string
	if f.HintText != "" {
		ids = append(ids, f.HintID())
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ErrID())
	}
	return strings.Join(ids, " ")
}

// renderInvalid re-renders a form page with 422: every field error of err
// next to its field (keyed by its JSON path), what was typed kept. label
// names a field for the error summary, "" for a field the form does not
// show (its reason is then listed without a link). An error that is no
// *fairshops.ValidationError goes to webError.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, c caller, name, titleKey string,
	err error, data any, label func(field string) string, titleArgs ...any) {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, titleKey, titleArgs...)
	p.Form.Values = r.PostForm
	addValidationErrors(p.Form, err, c.lang, label)
	p.Data = data
	h.render(w, r, http.StatusUnprocessableEntity, name, p)
}

// addValidationErrors adds every field error of a *fairshops.ValidationError
// to the form, with its reason in lang; see renderInvalid for label.
func addValidationErrors(f *webForm, err error, lang fairshops.Language, label func(field string) string) {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, fe := range ve.Fields {
		l := ""
		if label != nil {
			l = label(fe.Field)
		}
		f.addError(fe.Field, l, fe.Reason(lang))
	}
}
