package http

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The draft editor. Its fields are named by the JSON paths of the options
// ("options[1].duties[0].due"), so that the errors of
// mediation.ValidateOptions land next to their fields. The form holds one
// row more than the draft has options (and one duty row more than an option
// has duties) to add one; a row without a kind (a duty without an action)
// is left out, and so is an option marked for removal. Rows left out shift
// the indexes of the options sent to the service: errors are renamed back
// to the rows of the form (draftRows).

// opDraftEditor is the draft editor as the template renders it.
type opDraftEditor struct {
	Currency string
	Rows     []opOptionRow
	// Errors are those of the options as a whole (none, too many).
	Errors []string
}

// opOptionRow is one option of the editor.
type opOptionRow struct {
	N       int    // 1-based, for the legend
	ID      string // the option's ID as stored, "" for a new one
	Orig    string // the hidden field's name that keeps the stored ID
	IDField *webField
	Kind    *webField
	Amount  *webField
	Percent *webField
	Return  *webField
	Note    *webField
	Remove  *webField
	Parts   []string
	Duties  []opDutyRow
	// DutiesID and DutiesErr are the duties' fieldset and the errors of
	// the list as a whole ("at least one duty", "the amounts do not add
	// up").
	DutiesID  string
	DutiesErr []string
}

// opDutyRow is one duty of an option in the editor.
type opDutyRow struct {
	N      int
	Party  *webField
	Action *webField
	Amount *webField
	Due    *webField
}

func optField(i int, name string) string { return "options[" + strconv.Itoa(i) + "]." + name }

func dutyField(i, j int, name string) string {
	return "options[" + strconv.Itoa(i) + "].duties[" + strconv.Itoa(j) + "]." + name
}

// fillDraftForm puts the draft's options into the form values.
func fillDraftForm(v url.Values, options []mediation.Option, lang fairshops.Language) {
	for i, o := range options {
		v.Set(optField(i, "orig"), o.ID)
		v.Set(optField(i, "id"), o.ID)
		v.Set(optField(i, "kind"), string(o.Kind))
		if !o.Amount.IsZero() {
			v.Set(optField(i, "amount"), formatAmount(o.Amount, lang))
		}
		if !o.Percent.IsZero() {
			v.Set(optField(i, "percent"), formatDecimal(o.Percent, lang))
		}
		if o.ShopPaysReturn {
			v.Set(optField(i, "shop_pays_return"), "true")
		}
		v.Set(optField(i, "note"), o.Note)
		for j, du := range o.Duties {
			v.Set(dutyField(i, j, "party"), string(du.Party))
			v.Set(dutyField(i, j, "action"), string(du.Action))
			if du.Amount != nil {
				v.Set(dutyField(i, j, "amount"), formatAmount(*du.Amount, lang))
			}
			v.Set(dutyField(i, j, "due"), du.Due.String())
		}
	}
}

// rowsIn counts the rows of a list in the form values: one more than the
// highest index that has a field with the prefix (e.g. "options[1]") and a
// value, so that the empty row the form adds does not pile up.
func rowsIn(v url.Values, prefix func(i int) string, most int) int {
	n := 0
	for i := range most {
		p := prefix(i)
		for k, vs := range v {
			if strings.HasPrefix(k, p) && slices.ContainsFunc(vs, func(s string) bool { return strings.TrimSpace(s) != "" }) {
				n = i + 1
				break
			}
		}
	}
	return n
}

// opEditor builds the editor's rows from the form.
func (h *Handler) opEditor(f *webForm, cs *mediation.Case, lang fairshops.Language) *opDraftEditor {
	t := func(key string, args ...any) string { return h.web.t(lang, key, args...) }
	ms := mediation.Messages()
	ed := &opDraftEditor{Currency: string(cs.Limit.Currency), Errors: f.Err("options")}
	kinds := []webOption{{Value: "", Label: t("op.draft.kind.none")}}
	for _, k := range mediation.Kinds() {
		kinds = append(kinds, webOption{Value: string(k), Label: k.Name(lang)})
	}
	parties := []webOption{{Value: "", Label: t("op.draft.party.choose")}}
	for _, r := range []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop} {
		parties = append(parties, webOption{Value: string(r), Label: ms.Render(lang, "role."+string(r))})
	}
	actions := []webOption{{Value: "", Label: t("op.draft.action.none")}}
	for _, a := range mediation.Actions() {
		actions = append(actions, webOption{Value: string(a), Label: t("op.act." + string(a))})
	}
	stored := map[string]mediation.Option{}
	if cs.Draft != nil {
		for _, o := range cs.Draft.Options {
			stored[o.ID] = o
		}
	}
	n := min(rowsIn(f.Values, func(i int) string { return "options[" + strconv.Itoa(i) + "]" }, mediation.MaxOptions)+1,
		mediation.MaxOptions)
	for i := range n {
		row := opOptionRow{N: i + 1, ID: f.Get(optField(i, "orig")), Orig: optField(i, "orig")}
		row.IDField = newWebField(f, optField(i, "id"), t("op.draft.id")).MaxLen(16).Hint(t("op.draft.id.hint"))
		row.Kind = newWebField(f, optField(i, "kind"), t("op.draft.kind"))
		row.Kind.Options = kinds
		row.Amount = newWebField(f, optField(i, "amount"), t("op.draft.amount", ed.Currency)).MaxLen(20).
			Hint(t("op.draft.amount.hint"))
		row.Percent = newWebField(f, optField(i, "percent"), t("op.draft.percent")).MaxLen(20).Hint(t("op.draft.percent.hint"))
		row.Return = newWebField(f, optField(i, "shop_pays_return"), t("op.draft.return")).Check(false)
		row.Note = newWebField(f, optField(i, "note"), t("op.draft.note")).MaxLen(mediation.MaxNoteRunes)
		if row.ID != "" {
			row.Remove = newWebField(f, optField(i, "remove"), t("op.draft.remove")).Check(false)
		}
		if o, ok := stored[row.ID]; ok {
			for _, pt := range o.Parts {
				row.Parts = append(row.Parts, ms.Render(lang, "part."+pt.Label)+": "+fairshops.FormatterFor(lang).Money(pt.Amount))
			}
		}
		row.DutiesID = fieldID(optField(i, "duties"))
		row.DutiesErr = f.Err(optField(i, "duties"))
		dn := min(rowsIn(f.Values, func(j int) string { return "options[" + strconv.Itoa(i) + "].duties[" + strconv.Itoa(j) + "]" },
			mediation.MaxDuties)+1, mediation.MaxDuties)
		for j := range dn {
			du := opDutyRow{N: j + 1}
			du.Party = newWebField(f, dutyField(i, j, "party"), t("op.draft.party"))
			du.Party.Options = parties
			du.Action = newWebField(f, dutyField(i, j, "action"), t("op.draft.action"))
			du.Action.Options = actions
			du.Amount = newWebField(f, dutyField(i, j, "amount"), t("op.draft.duty_amount")).MaxLen(20)
			du.Due = newWebField(f, dutyField(i, j, "due"), t("op.draft.due")).As("date")
			row.Duties = append(row.Duties, du)
		}
		ed.Rows = append(ed.Rows, row)
	}
	return ed
}

// draftRows maps the options sent to the service back to the rows of the
// form: opt[k] is the form row of option k, duty[k][m] the row of its m-th
// duty.
type draftRows struct {
	opt  []int
	duty [][]int
}

var (
	optionPath = regexp.MustCompile(`^options\[(\d+)\](.*)$`)
	dutyPath   = regexp.MustCompile(`^\.duties\[(\d+)\](.*)$`)
)

// rename turns the path of an error about the options sent into the path
// of the form's field: row indexes instead of slice indexes, the currency
// of an amount onto the amount, and the parts and instalments of an option
// (which the editor keeps, not shows as fields) onto its amount.
func (dr draftRows) rename(field string) string {
	m := optionPath.FindStringSubmatch(field)
	if m == nil {
		return field
	}
	k, _ := strconv.Atoi(m[1])
	if k >= len(dr.opt) {
		return field
	}
	row, rest := dr.opt[k], m[2]
	if dm := dutyPath.FindStringSubmatch(rest); dm != nil {
		j, _ := strconv.Atoi(dm[1])
		if j < len(dr.duty[k]) {
			rest = ".duties[" + strconv.Itoa(dr.duty[k][j]) + "]" + dm[2]
		}
	}
	rest = strings.TrimSuffix(rest, ".currency")
	if strings.HasPrefix(rest, ".parts") || strings.HasPrefix(rest, ".instalments") {
		rest = ".amount"
	}
	return "options[" + strconv.Itoa(row) + "]" + rest
}

// readDraft reads the options of the editor. Problems of the form itself
// (a number or date that cannot be read) are added to p under the form's
// field names. A stored option keeps its rationale, and its parts and
// instalments while its kind and amount stay as they were; a new option
// rests on the draft's rationale.
func readDraft(v url.Values, cs *mediation.Case, lim mediation.Limits, p *fairshops.Problems) ([]mediation.Option, draftRows) {
	cur := lim.Currency
	stored := map[string]mediation.Option{}
	var base mediation.Rationale
	if cs.Draft != nil {
		base = cs.Draft.Rationale
		for _, o := range cs.Draft.Options {
			stored[o.ID] = o
		}
	}
	var out []mediation.Option
	var rows draftRows
	for i := range mediation.MaxOptions {
		kind := strings.TrimSpace(v.Get(optField(i, "kind")))
		if kind == "" || v.Get(optField(i, "remove")) == "true" {
			continue
		}
		o := mediation.Option{ID: strings.TrimSpace(v.Get(optField(i, "id"))), Kind: mediation.Kind(kind),
			Amount: fairshops.Zero(cur), ShopPaysReturn: v.Get(optField(i, "shop_pays_return")) == "true",
			Note: strings.ReplaceAll(v.Get(optField(i, "note")), "\r\n", "\n"), Duties: []mediation.Duty{}}
		if s := v.Get(optField(i, "amount")); strings.TrimSpace(s) != "" {
			if d, ok := parseDecimal(s); ok {
				o.Amount = fairshops.NewMoney(d, cur)
			} else {
				p.Add(optField(i, "amount"), fairshops.ReasonInvalidFormat, "12.50")
			}
		}
		if s := v.Get(optField(i, "percent")); strings.TrimSpace(s) != "" {
			if d, ok := parseDecimal(s); ok {
				o.Percent = d
				if o.Kind == mediation.KindPriceReduction && strings.TrimSpace(v.Get(optField(i, "amount"))) == "" {
					// The amount a percentage gives, as ValidateOptions
					// computes it.
					o.Amount = lim.OrderValue.Mul(d.Div(decimal.NewFromInt(100))).Round()
				}
			} else {
				p.Add(optField(i, "percent"), fairshops.ReasonInvalidFormat, "20")
			}
		}
		var dutyRows []int
		for j := range mediation.MaxDuties {
			action := strings.TrimSpace(v.Get(dutyField(i, j, "action")))
			if action == "" {
				continue
			}
			du := mediation.Duty{Party: fairshops.Role(v.Get(dutyField(i, j, "party"))), Action: mediation.Action(action)}
			if s := v.Get(dutyField(i, j, "amount")); strings.TrimSpace(s) != "" {
				if d, ok := parseDecimal(s); ok {
					m := fairshops.NewMoney(d, cur)
					du.Amount = &m
				} else {
					p.Add(dutyField(i, j, "amount"), fairshops.ReasonInvalidFormat, "12.50")
				}
			}
			if s := strings.TrimSpace(v.Get(dutyField(i, j, "due"))); s != "" {
				if d, err := fairshops.ParseDate(s); err == nil {
					du.Due = d
				} else {
					p.Add(dutyField(i, j, "due"), fairshops.ReasonInvalidDate)
				}
			}
			o.Duties = append(o.Duties, du)
			dutyRows = append(dutyRows, j)
		}
		o.Rationale = base
		if old, ok := stored[v.Get(optField(i, "orig"))]; ok {
			o.Rationale = old.Rationale
			if old.Kind == o.Kind && old.Amount.Round().Amount.Equal(o.Amount.Amount) {
				o.Parts, o.Instalments = old.Parts, old.Instalments
			}
		}
		out = append(out, o)
		rows.opt = append(rows.opt, i)
		rows.duty = append(rows.duty, dutyRows)
	}
	return out, rows
}

// opCaseEditDraft answers POST /operator/cases/{id}/draft: the edited
// options replace the draft's. Every error, of the form and of the
// service's checks, comes back at once next to its field.
func (h *Handler) opCaseEditDraft(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	cs, err := h.mediation.Get(r.Context(), opMediator(c), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	var pr fairshops.Problems
	lim := mediation.LimitsOf(cs.Facts, h.opToday())
	options, rows := readDraft(r.PostForm, cs, lim, &pr)
	if pr.Len() > 0 {
		// Report the service's checks of what could be read too, except for
		// the fields that could not be read.
		var own *fairshops.ValidationError
		errors.As(pr.Err(""), &own)
		seen := map[string]bool{}
		for _, fe := range own.Fields {
			seen[fe.Field] = true
		}
		var ve *fairshops.ValidationError
		if errors.As(mediation.ValidateOptions(options, lim), &ve) {
			for _, fe := range ve.Fields {
				if f := rows.rename(fe.Field); !seen[f] {
					pr.Add(f, fe.Code, fe.Args...)
				}
			}
		}
		err = pr.Err("web.operator.draft")
	} else {
		_, err = h.mediation.EditDraft(r.Context(), opMediator(c), id, options)
	}
	if err == nil {
		seeOther(w, r, "/operator/cases/"+url.PathEscape(id)+"?done=op_draft_saved#draft")
		return
	}
	if fairshops.KindOf(err) != fairshops.Invalid {
		h.opRefusal(w, r, c, err)
		return
	}
	rename := rows.rename
	if pr.Len() > 0 {
		rename = nil // already the form's names
	}
	p := h.opPostedPage(w, r, c, "op.case.title", err, rename, func(f string) string { return h.opDraftLabel(c.lang, f) }, cs.ID)
	h.opRenderCase(w, r, c, p, cs, http.StatusUnprocessableEntity)
}

// opDraftLabel names a field of the editor for the error summary: "Option
// 2, duty 1: due date"; "" for a field the editor does not show.
func (h *Handler) opDraftLabel(lang fairshops.Language, field string) string {
	if field == "options" {
		return h.web.t(lang, "op.draft.options")
	}
	if field == "value_with_defect" || strings.HasPrefix(field, "value_with_defect.") {
		return h.web.t(lang, "op.case.value_with_defect.short")
	}
	m := optionPath.FindStringSubmatch(field)
	if m == nil {
		return ""
	}
	i, _ := strconv.Atoi(m[1])
	prefix := h.web.t(lang, "op.draft.option_n", i+1)
	rest := m[2]
	if dm := dutyPath.FindStringSubmatch(rest); dm != nil {
		j, _ := strconv.Atoi(dm[1])
		prefix += ", " + h.web.t(lang, "op.draft.duty_n", j+1)
		rest = dm[2]
	}
	key := map[string]string{".id": "op.draft.id", ".kind": "op.draft.kind", ".amount": "op.draft.amount.short",
		".percent": "op.draft.percent", ".shop_pays_return": "op.draft.return", ".note": "op.draft.note",
		".duties": "op.draft.duties", ".party": "op.draft.party", ".action": "op.draft.action", ".due": "op.draft.due"}[rest]
	if key == "" {
		return ""
	}
	return prefix + ": " + h.web.t(lang, key)
}

// formatDecimal writes a plain decimal with the decimal mark of lang and no
// grouping, as a form field shows it.
func formatDecimal(d decimal.Decimal, lang fairshops.Language) string {
	s := d.String()
	if lang == fairshops.German {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatAmount writes an amount for a form field: rounded to the minor
// unit, with the decimal mark of lang, no grouping and no currency.
func formatAmount(m fairshops.Money, lang fairshops.Language) string {
	s := m.Amount.StringFixed(m.Currency.Scale())
	if lang == fairshops.German {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// parseDecimal reads a number as people type it: "12,50", "12.50",
// "1.234,50" or "1,234.50" (the last mark is the decimal mark); no
// exponents, at most 40 characters (the bound keeps numbers small).
func parseDecimal(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 || strings.ContainsAny(s, "eE") {
		return decimal.Decimal{}, false
	}
	if i := strings.LastIndexAny(s, ",."); i >= 0 {
		intPart := strings.NewReplacer(",", "", ".", "").Replace(s[:i])
		s = intPart + "." + s[i+1:]
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}
