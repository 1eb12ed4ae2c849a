package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The operators' canned replies (issue 14, item 4): a list with a form for
// a new one, a page per macro to edit or delete it, and on the complaint
// page a choice that pre-fills the message with the macro, its
// placeholders filled in (complaint.ExpandMacro, plain text).

// opMacrosData is what the macro pages show.
type opMacrosData struct {
	Macros       []*complaint.Macro
	Macro        *complaint.Macro // the one edited; nil on the list
	Title, Body  *webField
	Version      string
	Placeholders []string
}

func (h *Handler) opMacroFields(d *opMacrosData, f *webForm, lang fairshops.Language) {
	d.Title = newWebField(f, "title", h.web.t(lang, "op.macro.title_field")).Req().MaxLen(complaint.MaxMacroTitle)
	d.Body = newWebField(f, "body", h.web.t(lang, "op.macro.body")).Req().MaxLen(complaint.MaxMacroBody).
		Hint(h.web.t(lang, "op.macro.body.hint"))
	d.Placeholders = []string{complaint.PlaceholderReference, complaint.PlaceholderShop,
		complaint.PlaceholderConsumerName, complaint.PlaceholderAnswerDue, complaint.PlaceholderOrderRef}
}

// opMacros answers GET /operator/macros: every macro and the form for a new one.
func (h *Handler) opMacros(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	h.renderMacros(w, r, c, h.newPage(w, r, c, "op.macros.title"), http.StatusOK)
}

func (h *Handler) renderMacros(w http.ResponseWriter, r *http.Request, c caller, p *webPage, status int) {
	list, err := h.macros.List(r.Context(), opPrincipal(c))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d := opMacrosData{Macros: list}
	h.opMacroFields(&d, p.Form, c.lang)
	p.Data = d
	h.render(w, r, status, "operator_macros", p)
}

// macroLabel names a macro form's field in the error summary.
func (h *Handler) macroLabel(lang fairshops.Language) func(string) string {
	return func(field string) string {
		if field == "title" {
			return h.web.t(lang, "op.macro.title_field")
		}
		return h.web.t(lang, "op.macro.body")
	}
}

// opCreateMacro answers POST /operator/macros.
func (h *Handler) opCreateMacro(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	m, err := h.macros.Create(r.Context(), opPrincipal(c), r.PostFormValue("title"), crlf(r.PostFormValue("body")))
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		p := h.opPostedPage(w, r, c, "op.macros.title", err, nil, h.macroLabel(c.lang))
		h.renderMacros(w, r, c, p, http.StatusUnprocessableEntity)
		return
	}
	h.record(r, audit.MacroCreated, audit.Macro(m.ID), "")
	seeOther(w, r, "/operator/macros/"+url.PathEscape(m.ID)+"?done=op_macro_saved")
}

func crlf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// opMacro answers GET /operator/macros/{id}: the macro's edit form.
func (h *Handler) opMacro(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	m, err := h.macros.Get(r.Context(), opPrincipal(c), r.PathValue("id"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.macro.page_title", m.Title)
	p.Form.Values.Set("title", m.Title)
	p.Form.Values.Set("body", m.Body)
	h.renderMacro(w, r, c, p, m, http.StatusOK)
}

func (h *Handler) renderMacro(w http.ResponseWriter, r *http.Request, c caller, p *webPage, m *complaint.Macro, status int) {
	d := opMacrosData{Macro: m, Version: strconv.Itoa(m.Version)}
	h.opMacroFields(&d, p.Form, c.lang)
	p.Data = d
	h.render(w, r, status, "operator_macros", p)
}

// opSaveMacro answers POST /operator/macros/{id} (title, body, version).
func (h *Handler) opSaveMacro(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := h.macros.Save(r.Context(), opPrincipal(c), id, version, r.PostFormValue("title"), crlf(r.PostFormValue("body")))
	switch {
	case err == nil:
		h.record(r, audit.MacroUpdated, audit.Macro(id), "")
		seeOther(w, r, "/operator/macros/"+url.PathEscape(id)+"?done=op_macro_saved")
	case fairshops.KindOf(err) == fairshops.Invalid:
		m, gerr := h.macros.Get(r.Context(), opPrincipal(c), id)
		if gerr != nil {
			h.webError(w, r, c, gerr)
			return
		}
		p := h.opPostedPage(w, r, c, "op.macro.page_title", err, nil, h.macroLabel(c.lang), m.Title)
		h.renderMacro(w, r, c, p, m, http.StatusUnprocessableEntity)
	default:
		h.webError(w, r, c, err)
	}
}

// opDeleteMacro answers POST /operator/macros/{id}/delete (version).
func (h *Handler) opDeleteMacro(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := h.macros.Delete(r.Context(), opPrincipal(c), r.PathValue("id"), version); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.MacroDeleted, audit.Macro(r.PathValue("id")), "")
	seeOther(w, r, "/operator/macros?done=op_macro_deleted")
}

// opMacroChoice fills the complaint page's macro choice and, when the
// page was asked with ?macro=<id> and no message was typed, the message
// field with the macro's text for this complaint.
func (h *Handler) opMacroChoice(r *http.Request, c caller, d *opComplaintData, form *webForm) error {
	if h.macros == nil {
		return nil
	}
	list, err := h.macros.List(r.Context(), opPrincipal(c))
	if err != nil {
		return err
	}
	chosen := r.URL.Query().Get("macro")
	d.MacroField = newWebField(&webForm{Values: url.Values{"macro": {chosen}}}, "macro", h.web.t(c.lang, "op.complaint.macro"))
	d.MacroField.Options = []webOption{{Value: "", Label: h.web.t(c.lang, "op.complaint.macro.none")}}
	for _, m := range list {
		d.MacroField.Options = append(d.MacroField.Options, webOption{Value: m.ID, Label: m.Title})
		if m.ID == chosen && form.Get("body") == "" {
			cp := d.C
			v := complaint.MacroValues{Reference: cp.ID, Shop: d.ShopName, ConsumerName: cp.Contact.Name, OrderRef: cp.OrderRef}
			if !cp.AnswerDue.IsZero() {
				v.AnswerDue = fairshops.FormatterFor(cp.Lang).Date(cp.AnswerDue)
			}
			d.Body.Value = complaint.ExpandMacro(m.Body, v)
		}
	}
	return nil
}
