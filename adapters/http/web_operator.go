package http

// The operator console (/operator/...): the queue of complaints and cases,
// a complaint with its pre-check, thread, history and moves
// (web_operator_complaint.go), dispute moderation with the draft editor
// (web_operator_case.go), portal articles (web_operator_articles.go), shops
// with their bookings, purposes and assessment and the catalogue
// (web_operator_shops.go), the dashboard with its SVG charts
// (web_operator_dashboard.go, svgchart.go), and the events the relays gave
// up (web_operator_outbox.go).
//
// Every page needs an operator session: anyone not logged in is sent to
// /login, a logged-in shop gets the 404 page. Every form posts with a
// one-time CSRF token that is checked before anything else. Both are the
// business of the routes' guard (routes.go, guard.go); a handler takes
// the operator from callerOf. A successful post redirects (303) to a page
// that says what happened (?done=op_<key>). The operator sees what nobody
// else sees together: consumers' contact data and bookings' purposes;
// nothing of it leaves these pages.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// opPrincipal is the operator as the complaint service sees them.
func opPrincipal(c caller) fairshops.Principal { return fairshops.AsOperator(c.account.Login) }

// opMediator is the operator as the mediation service sees them.
func opMediator(c caller) fairshops.Principal {
	return fairshops.Principal{Role: fairshops.RoleOperator, Name: c.account.Login}
}

// opToday is the current date in Berlin, the date of every deadline.
func (h *Handler) opToday() fairshops.Date { return fairshops.DateOf(h.clock.Now(), h.web.loc) }

// opText renders a key of the console's table, or fallback when the table
// has no such key (a value from the data that has no label yet).
func (h *Handler) opText(lang fairshops.Language, key, fallback string, args ...any) string {
	if !h.web.keys[key] {
		return fallback
	}
	return h.web.t(lang, key, args...)
}

// opPostedPage builds the page that answers a form post with errors: what
// was typed and every field error of err next to its field (field names
// are the JSON paths the services report, after rename), plus a summary
// labelled by label. Pages whose fields are built in Go build them from
// the returned form, after this call.
func (h *Handler) opPostedPage(w http.ResponseWriter, r *http.Request, c caller, titleKey string, err error,
	rename func(string) string, label func(string) string, titleArgs ...any) *webPage {
	p := h.newPage(w, r, c, titleKey, titleArgs...)
	p.Form.Values = r.PostForm
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			field := fe.Field
			if rename != nil {
				field = rename(field)
			}
			l := ""
			if label != nil {
				l = label(field)
			}
			p.Form.addError(field, l, fe.Reason(c.lang))
		}
	}
	return p
}

// opRefusal renders the 409 page of a move the services refused, with the
// reasons in words where the console knows them: a mediation refusal, a
// complaint's state, or one of the mediation's refused moves.
func (h *Handler) opRefusal(w http.ResponseWriter, r *http.Request, c caller, err error) {
	if fairshops.KindOf(err) != fairshops.NotAllowed {
		h.webError(w, r, c, err)
		return
	}
	reasons := h.notAllowedReasons(c.lang, err)
	for _, cause := range []struct {
		err error
		key string
	}{
		{mediation.ErrFileIncomplete, "op.refused.file_incomplete"},
		{mediation.ErrNoDraft, "op.refused.no_draft"},
		{mediation.ErrRevisionUsed, "op.refused.revision_used"},
		{mediation.ErrNotAbusive, "op.refused.not_abusive"},
		{mediation.ErrDeadlinePassed, "op.refused.deadline_passed"},
	} {
		if errors.Is(err, cause.err) {
			reasons = append(reasons, h.web.t(c.lang, cause.key))
		}
	}
	var me *complaint.MoveError
	if errors.As(err, &me) && me.Reason != "" && me.Move == complaint.MoveCloseDeadlineMissed {
		reasons = append(reasons, h.web.t(c.lang, "op.refused.deadline_running"))
	}
	p := h.newPage(w, r, c, "error.title")
	p.Data = webErrorData{Status: http.StatusConflict, Heading: h.web.t(c.lang, "error.not_allowed"),
		Text: h.web.t(c.lang, "error.not_allowed.text"), Reasons: reasons}
	h.render(w, r, http.StatusConflict, "error", p)
}

// listIndex matches the index of a list element in a field path.
var listIndex = regexp.MustCompile(`\[\d+\]`)

// dropIndex names a list's field for the element of an error: the form has
// one field for the whole list ("tags[2]" -> "tags").
func dropIndex(field string) string { return listIndex.ReplaceAllString(field, "") }

// splitList reads a list typed one per line (lines) or separated by
// commas, trimmed, empty entries dropped.
func splitList(s string, lines bool) []string {
	var parts []string
	if lines {
		parts = strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	} else {
		parts = strings.Split(s, ",")
	}
	out := []string{}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// queue paging.
const (
	opPageSize = 50
	// opReadCap bounds how many cases one page of the queue reads: far
	// above what one operator handles, it keeps a page's work bounded.
	// Complaints are searched and counted in the store instead
	// (web_operator_queue.go, web_operator_dashboard.go).
	opReadCap = 20000
)

// readAll reads every item of a paged list, page by page by the ID of the
// last item, up to opReadCap; truncated reports that there were more.
func readAll[T any](page func(after string, limit int) ([]T, error), id func(T) string) (list []T, truncated bool, err error) {
	after := ""
	for {
		items, err := page(after, fairshops.MaxLimit)
		if err != nil {
			return nil, false, err
		}
		list = append(list, items...)
		if len(items) < fairshops.MaxLimit {
			return list, false, nil
		}
		if len(list) >= opReadCap {
			return list, true, nil
		}
		after = id(items[len(items)-1])
	}
}

// allCases reads every case that matches f, up to opReadCap.
func (h *Handler) allCases(ctx context.Context, p fairshops.Principal, f mediation.Filter) ([]*mediation.Case, bool, error) {
	return readAll(func(after string, limit int) ([]*mediation.Case, error) {
		f.After, f.Limit = after, limit
		return h.mediation.List(ctx, p, f)
	}, func(c *mediation.Case) string { return c.ID })
}

// opQueueRow is one complaint of the queue.
type opQueueRow struct {
	ID         string
	Reference  string
	Shop       string
	Category   string
	State      string
	Filed      fairshops.Date
	AnswerDue  fairshops.Date
	Overdue    bool
	Note       string // displeasure only, deadline missed, ...
	Name       string // the consumer's
	OrderRef   string
	Excerpt    string
	AssignedTo string
	Violation  bool
}

// opCaseRow is one case of the queue.
type opCaseRow struct {
	ID        string
	Complaint string
	Shop      string
	State     string
	Deadline  string
	Due       fairshops.Date
	Overdue   bool
	Reopened  bool // a missed obligation reopened the settled case (web_obligations.go)
}

// opQueueData is what the queue shows.
type opQueueData struct {
	Filter    *webForm // the filter's own state (the page's form is for posts)
	States    *webField
	Shops     *webField
	CStates   *webField
	Search    *webField
	Violation *webField
	View      *webField
	Overdue   *webField
	Rows      []opQueueRow
	Prev      string // the first page, when this is not it
	Next      string
	Export    string // the CSV of every complaint the filters select
	Truncated bool
	Cases     []opCaseRow
	Mediation bool
	Today     fairshops.Date
}

// opQueue answers GET /operator?q=&state=&shop=&violation=&overdue=&view=&cstate=&after=:
// complaints searched and filtered in the store, in filing order, one page
// after the cursor (web_operator_queue.go), and the cases by state and
// deadline.
func (h *Handler) opQueue(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	q := r.URL.Query()
	p := h.newPage(w, r, c, "op.queue.title")
	d := opQueueData{Filter: &webForm{Values: url.Values{"state": {q.Get("state")}, "shop": {q.Get("shop")},
		"cstate": {q.Get("cstate")}, "q": {q.Get("q")}, "violation": {q.Get("violation")},
		"overdue": {q.Get("overdue")}, "view": {q.Get("view")}}}, Mediation: h.mediation != nil, Today: h.opToday()}
	d.States = h.opStateField(d.Filter, c.lang)
	h.opQueueFilters(&d, c.lang)
	d.CStates = h.opCaseStateField(d.Filter, c.lang)
	shops, err := h.reg.List(r.Context(), fairshops.ShopFilter{Limit: fairshops.MaxLimit})
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d.Shops = newWebField(d.Filter, "shop", h.web.t(c.lang, "op.queue.shop"))
	d.Shops.Options = []webOption{{Value: "", Label: h.web.t(c.lang, "op.queue.all_shops")}}
	for _, s := range shops {
		d.Shops.Options = append(d.Shops.Options, webOption{Value: s.ID, Label: s.Name + " (" + s.ID + ")"})
	}
	if h.complaints != nil {
		if !h.opFillComplaints(w, r, c, &d) {
			return
		}
	}
	if h.mediation != nil {
		if !h.opFillCases(w, r, c, &d) {
			return
		}
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_queue", p)
}

// opStateField is the queue's filter by complaint state.
func (h *Handler) opStateField(f *webForm, lang fairshops.Language) *webField {
	fl := newWebField(f, "state", h.web.t(lang, "op.queue.state"))
	fl.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.queue.open")},
		{Value: "all", Label: h.web.t(lang, "op.queue.all")}}
	for _, st := range complaint.States() {
		fl.Options = append(fl.Options, webOption{Value: string(st), Label: h.web.t(lang, "complaint.state."+string(st))})
	}
	return fl
}

// opCaseStateField is the queue's filter by case state.
func (h *Handler) opCaseStateField(f *webForm, lang fairshops.Language) *webField {
	fl := newWebField(f, "cstate", h.web.t(lang, "op.queue.cstate"))
	fl.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.queue.running")},
		{Value: "all", Label: h.web.t(lang, "op.queue.all")}}
	for _, st := range mediation.States() {
		fl.Options = append(fl.Options, webOption{Value: string(st), Label: st.Name(lang)})
	}
	return fl
}

// openStates are the complaint states the queue shows by default.
func openStates() []complaint.State {
	var out []complaint.State
	for _, s := range complaint.States() {
		if !s.Final() {
			out = append(out, s)
		}
	}
	return out
}

// compareQueueRows orders the queue: overdue complaints first, then by
// answer deadline (earliest first; complaints without one last), then by
// filing date and ID.
func compareQueueRows(a, b opQueueRow) int {
	switch {
	case a.Overdue != b.Overdue:
		if a.Overdue {
			return -1
		}
		return 1
	case a.AnswerDue.IsZero() != b.AnswerDue.IsZero():
		if b.AnswerDue.IsZero() {
			return -1
		}
		return 1
	}
	if c := a.AnswerDue.Compare(b.AnswerDue); c != 0 {
		return c
	}
	if c := a.Filed.Compare(b.Filed); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func (h *Handler) opFillCases(w http.ResponseWriter, r *http.Request, c caller, d *opQueueData) bool {
	q := r.URL.Query()
	f := mediation.Filter{ShopID: q.Get("shop")}
	switch st := q.Get("cstate"); st {
	case "":
		for _, s := range mediation.States() {
			if !s.Final() {
				f.States = append(f.States, s)
			}
		}
	case "all":
	default:
		if !mediation.State(st).Valid() {
			h.webError(w, r, c, fairshops.E("web.operator", fairshops.NotFound, "", "no such state", nil))
			return false
		}
		f.States = []mediation.State{mediation.State(st)}
	}
	cases, truncated, err := h.allCases(r.Context(), opMediator(c), f)
	if err != nil {
		h.webError(w, r, c, err)
		return false
	}
	d.Truncated = d.Truncated || truncated
	for _, cs := range cases {
		row := opCaseRow{ID: cs.ID, Complaint: cs.ComplaintID, Shop: cs.ShopID, State: cs.State.Name(c.lang)}
		if cs.Deadline.Kind != "" {
			row.Deadline = h.web.t(c.lang, "op.deadline."+string(cs.Deadline.Kind))
			row.Due = cs.Deadline.Due
			row.Overdue = cs.Deadline.Passed(d.Today)
		}
		d.Cases = append(d.Cases, row)
	}
	// Whatever the filter by state, the cases a missed obligation reopened
	// stand in the queue until the operator closes them.
	rows, more, err := h.opReopenedRows(r.Context(), opMediator(c), f.ShopID, c.lang, d.Cases)
	if err != nil {
		h.webError(w, r, c, err)
		return false
	}
	d.Cases, d.Truncated = rows, d.Truncated || more
	slices.SortStableFunc(d.Cases, func(a, b opCaseRow) int {
		return compareQueueRows(opQueueRow{ID: a.ID, AnswerDue: a.Due, Overdue: a.Overdue},
			opQueueRow{ID: b.ID, AnswerDue: b.Due, Overdue: b.Overdue})
	})
	return true
}
