package http

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/mediation"
)

// The operators' queue of complaints (issue 14, item 4): searched and
// filtered in the store (complaint.Service.Search), paged by cursor, with
// the views "mine" and "unassigned"; internal notes and the assignment on
// the complaint page; the filtered queue as CSV. docs/adr-queue-search.md.

// queueParams are the URL parameters of the queue's filters, in the order
// links carry them.
var queueParams = []string{"q", "state", "shop", "violation", "overdue", "view", "cstate"}

// opQueueQuery reads the queue's filters from the URL; an unknown value of
// a choice is NotFound, as an unknown page.
func (h *Handler) opQueueQuery(r *http.Request, c caller) (complaint.Query, error) {
	const op = "web.operator.queue"
	q := r.URL.Query()
	out := complaint.Query{Text: q.Get("q"), ShopID: q.Get("shop"), After: q.Get("after")}
	bad := func(what string) error { return fairshops.E(op, fairshops.NotFound, "", "no such "+what, nil) }
	switch st := q.Get("state"); st {
	case "":
		out.States = openStates()
	case "all":
	default:
		if !complaint.State(st).Valid() {
			return out, bad("state")
		}
		out.States = []complaint.State{complaint.State(st)}
	}
	switch v := q.Get("violation"); v {
	case "":
	case "yes", "no":
		b := v == "yes"
		out.Violation = &b
	default:
		return out, bad("violation filter")
	}
	switch q.Get("overdue") {
	case "":
	case "true":
		out.Overdue = true
	default:
		return out, bad("overdue filter")
	}
	switch q.Get("view") {
	case "":
	case "mine":
		out.AssignedTo = c.account.Login
	case "unassigned":
		out.Unassigned = true
	default:
		return out, bad("view")
	}
	return out, nil
}

// queueLink is the queue's URL with its filters and extra parameters.
func queueLink(path string, q url.Values, extra ...string) string {
	v := url.Values{}
	for _, k := range queueParams {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// opQueueFilters adds the search and filter fields of the queue.
func (h *Handler) opQueueFilters(d *opQueueData, lang fairshops.Language) {
	d.Search = newWebField(d.Filter, "q", h.web.t(lang, "op.queue.search")).As("search").MaxLen(200).
		Hint(h.web.t(lang, "op.queue.search.hint"))
	d.Violation = newWebField(d.Filter, "violation", h.web.t(lang, "op.queue.violation"))
	d.Violation.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.queue.any")},
		{Value: "yes", Label: h.web.t(lang, "op.queue.violation.yes")},
		{Value: "no", Label: h.web.t(lang, "op.queue.violation.no")}}
	d.View = newWebField(d.Filter, "view", h.web.t(lang, "op.queue.view"))
	d.View.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.queue.view.all")},
		{Value: "mine", Label: h.web.t(lang, "op.queue.view.mine")},
		{Value: "unassigned", Label: h.web.t(lang, "op.queue.view.unassigned")}}
	d.Overdue = newWebField(d.Filter, "overdue", h.web.t(lang, "op.queue.overdue_only")).Check(false)
}

// opFillComplaints fills the queue's complaints: one page from the store.
func (h *Handler) opFillComplaints(w http.ResponseWriter, r *http.Request, c caller, d *opQueueData) bool {
	query, err := h.opQueueQuery(r, c)
	if err != nil {
		h.webError(w, r, c, err)
		return false
	}
	query.Limit = opPageSize
	list, err := h.complaints.Search(r.Context(), opPrincipal(c), query)
	if err != nil {
		h.webError(w, r, c, err)
		return false
	}
	for _, s := range list {
		row := opQueueRow{ID: s.ID, Reference: s.Reference, Shop: s.ShopID, Category: s.Category.Label(c.lang), Name: s.Contact.Name,
			OrderRef: s.OrderRef, Excerpt: s.Excerpt, AssignedTo: s.AssignedTo, Violation: s.Violation,
			State: h.web.t(c.lang, "complaint.state."+string(s.State)), Filed: fairshops.DateOf(s.CreatedAt, h.web.loc)}
		if s.State == complaint.Forwarded && !s.AnswerDue.IsZero() {
			row.AnswerDue = s.AnswerDue
			row.Overdue = d.Today.After(s.AnswerDue)
		}
		switch {
		case s.Displeasure:
			row.Note = h.web.t(c.lang, "op.queue.displeasure")
		case s.State == complaint.Checked:
			row.Note = h.web.t(c.lang, "op.queue.to_forward")
		}
		d.Rows = append(d.Rows, row)
	}
	q := r.URL.Query()
	if query.After != "" {
		d.Prev = queueLink("/operator", q)
	}
	if len(list) == opPageSize {
		d.Next = queueLink("/operator", q, "after", list[len(list)-1].ID)
	}
	d.Export = queueLink("/operator/complaints.csv", q)
	return true
}

// csvCell neutralises a cell that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return; OWASP "CSV
// injection"): it gets a leading apostrophe, which spreadsheets show as
// text and do not evaluate.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// opExport answers GET /operator/complaints.csv with the queue's filters:
// every matching complaint (not only one page), streamed page by page from
// the store, as UTF-8 CSV with a byte order mark (so that Excel reads the
// umlauts) and a header row in the operator's language.
func (h *Handler) opExport(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	query, err := h.opQueueQuery(r, c)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	query.After, query.Limit = "", fairshops.MaxLimit
	first, err := h.complaints.Search(r.Context(), opPrincipal(c), query)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	// The query is not recorded: its search text may name a consumer.
	h.record(r, audit.QueueExported, audit.Queue(), "csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="complaints-`+h.opToday().String()+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	header := []string{}
	for _, k := range []string{"id", "shop", "state", "category", "filed", "answer_due", "order_ref", "name",
		"email", "violation", "assigned_to", "excerpt", "reference"} {
		header = append(header, h.web.t(c.lang, "op.csv."+k))
	}
	_ = cw.Write(header)
	yes, no := h.web.t(c.lang, "op.yes"), h.web.t(c.lang, "op.no")
	for list := first; ; {
		for _, s := range list {
			due := ""
			if !s.AnswerDue.IsZero() {
				due = s.AnswerDue.String()
			}
			violation := no
			if s.Violation {
				violation = yes
			}
			rec := []string{s.ID, s.ShopID, string(s.State), string(s.Category),
				fairshops.DateOf(s.CreatedAt, h.web.loc).String(), due, s.OrderRef, s.Contact.Name,
				s.Contact.Email, violation, s.AssignedTo, s.Excerpt, s.Reference}
			for i := range rec {
				rec[i] = csvCell(rec[i])
			}
			if err := cw.Write(rec); err != nil {
				return // the client went away
			}
		}
		if len(list) < query.Limit {
			break
		}
		query.After = list[len(list)-1].ID
		if list, err = h.complaints.Search(r.Context(), opPrincipal(c), query); err != nil {
			// The status is sent: end the file where it broke, and log why.
			h.log.ErrorContext(r.Context(), "csv export stopped", "err", err)
			break
		}
	}
	cw.Flush()
}

// opComplaintNote answers POST /operator/complaints/{id}/notes: an
// internal note, shown only to operators in the history; an invalid text
// comes back next to the field with what was typed.
func (h *Handler) opComplaintNote(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	body := strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n")
	_, err := h.complaints.AddNote(r.Context(), opPrincipal(c), id, body)
	h.opAfterComplaintForm(w, r, c, id, err, "op_noted#history", func(string) string { return "note" }, "op.complaint.note")
}

// opComplaintAssign answers POST /operator/complaints/{id}/assign:
// to=me assigns the complaint to the operator's own account, to=none to
// nobody.
func (h *Handler) opComplaintAssign(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	var login, done string
	switch r.PostFormValue("to") {
	case "me":
		login, done = c.account.Login, "op_assigned"
	case "none":
		done = "op_unassigned"
	default:
		h.webError(w, r, c, fairshops.E("web.operator.assign", fairshops.Invalid, id, "to: me or none", nil))
		return
	}
	if _, err := h.complaints.Assign(r.Context(), opPrincipal(c), id, login); err != nil {
		h.opRefusal(w, r, c, err)
		return
	}
	h.record(r, audit.ComplaintAssigned, audit.Complaint(id), r.PostFormValue("to"))
	seeOther(w, r, "/operator/complaints/"+url.PathEscape(id)+"?done="+done)
}

// sendBlocked says why the proposal cannot be sent yet, for the draft page
// of a case where sending is the next step of the moderator: the parties'
// statement period still runs (until when), no draft exists, or a
// proposal went out and only a revision both sides ask for may follow.
// Empty where sending is not the next step.
func (h *Handler) sendBlocked(cs *mediation.Case, lang fairshops.Language) string {
	date := func(d fairshops.Date) string { return fairshops.FormatterFor(lang).Date(d) }
	switch {
	case cs.State == mediation.Open || cs.State == mediation.Statements && cs.FileCompleteOn.IsZero():
		if cs.Deadline.Kind == mediation.DeadlineStatements {
			return h.web.t(lang, "op.case.send_blocked.statements_until", date(cs.Deadline.Due))
		}
		return h.web.t(lang, "op.case.send_blocked.statements")
	case cs.State == mediation.Proposed:
		if cs.Deadline.Kind == mediation.DeadlineAnswers {
			return h.web.t(lang, "op.case.send_blocked.proposed_until", date(cs.Deadline.Due))
		}
		return h.web.t(lang, "op.case.send_blocked.proposed")
	case cs.State == mediation.Statements && cs.Draft == nil:
		return h.web.t(lang, "op.case.send_blocked.no_draft")
	}
	return ""
}
