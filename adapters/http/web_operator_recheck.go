package http

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The re-check page of the operator console (/operator/rechecks): the open
// complaints whose pre-check answer changes under the current rules, each
// with its differences and a form that records the re-check (and, only
// when ticked, tells the parties). The complaint page shows the recorded
// re-checks with the same partial ("opchanges"). See docs/adr-recheck.md.

// opRecheckPage is how many changed complaints the page shows at once.
const opRecheckPage = 20

// opFindingChange is one changed finding in words.
type opFindingChange struct {
	Rule                    precheck.RuleID
	Change                  string // the change in words
	Before, After           *precheck.FindingView
	DatesBefore, DatesAfter []string // formatted in the reader's language
	DatesChanged            bool
}

// opChanges is a precheck.Changes in words.
type opChanges struct {
	FromRevision, ToRevision  int
	ClarityBefore             precheck.Clarity
	ClarityAfter              precheck.Clarity
	ClarityChanged            bool
	Findings                  []opFindingChange
	ViolationsAdded           []opCriterion
	ViolationsRemoved         []opCriterion
	MissingAdded, MissingGone []string // labels of the facts
}

// opRecheckRow is one complaint of the re-check page.
type opRecheckRow struct {
	ID, Shop, State string
	Version         int
	AsOf            fairshops.Date
	Changes         opChanges
}

// opRechecksData is what the re-check page shows.
type opRechecksData struct {
	Rows []opRecheckRow
	Next string
}

// opRecordedRecheck is a recorded re-check on the complaint page.
type opRecordedRecheck struct {
	At       time.Time
	By       string
	Notified bool
	Changes  opChanges
}

// opChangesOf puts the changes into words in lang.
func (h *Handler) opChangesOf(c precheck.Changes, lang fairshops.Language) opChanges {
	out := opChanges{FromRevision: c.FromRevision, ToRevision: c.ToRevision,
		ClarityBefore: c.ClarityBefore, ClarityAfter: c.ClarityAfter, ClarityChanged: c.ClarityBefore != c.ClarityAfter}
	dates := func(ds []string) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = historyDate(lang, d)
		}
		return out
	}
	for _, f := range c.Findings {
		out.Findings = append(out.Findings, opFindingChange{Rule: f.Rule,
			Change: h.web.t(lang, "op.recheck.change."+f.Change),
			Before: localFinding(f.Before, lang), After: localFinding(f.After, lang),
			DatesBefore: dates(f.DatesBefore), DatesAfter: dates(f.DatesAfter), DatesChanged: f.DatesChanged()})
	}
	criteria := func(ids []string) []opCriterion {
		var out []opCriterion
		for _, id := range ids {
			cr := opCriterion{ID: id, Title: id}
			if crit, ok := h.reg.Catalogue().Criterion(id); ok {
				cr.Title = crit.Title.In(lang)
			}
			out = append(out, cr)
		}
		return out
	}
	out.ViolationsAdded, out.ViolationsRemoved = criteria(c.StandardViolationsAdded), criteria(c.StandardViolationsRemoved)
	for _, n := range c.MissingFactsAdded {
		out.MissingAdded = append(out.MissingAdded, precheck.FactLabel(n, lang))
	}
	for _, n := range c.MissingFactsRemoved {
		out.MissingGone = append(out.MissingGone, precheck.FactLabel(n, lang))
	}
	return out
}

// opRechecks answers GET /operator/rechecks?after=: the open complaints
// whose answer changes under the current rules (a dry run, nothing is
// stored).
func (h *Handler) opRechecks(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	list, next, err := h.complaints.RecheckOpen(r.Context(), opPrincipal(c), r.URL.Query().Get("after"), opRecheckPage)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d := opRechecksData{Next: next}
	for _, x := range list {
		d.Rows = append(d.Rows, opRecheckRow{ID: x.Complaint, Shop: x.Shop,
			State: h.web.t(c.lang, "complaint.state."+string(x.State)), Version: x.Version, AsOf: x.After.AsOf,
			Changes: h.opChangesOf(x.Changes, c.lang)})
	}
	p := h.newPage(w, r, c, "op.recheck.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_rechecks", p)
}

// opRecordRecheck answers POST /operator/complaints/{id}/recheck
// (version, notify): the operator records the re-check; the parties are
// told only when notify is ticked.
func (h *Handler) opRecordRecheck(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.PostFormValue("version")) // a bad version is a stale one: Conflict
	notify := r.PostFormValue("notify") == "1"
	if _, err := h.complaints.ApplyRecheck(r.Context(), opPrincipal(c), id, version, notify); err != nil {
		h.opRefusal(w, r, c, err)
		return
	}
	seeOther(w, r, "/operator/complaints/"+url.PathEscape(id)+"?done=op_rechecked#rechecks")
}

// opRecordedRechecks are the complaint's recorded re-checks in words.
func (h *Handler) opRecordedRechecks(cp *complaint.Complaint, lang fairshops.Language) []opRecordedRecheck {
	var out []opRecordedRecheck
	for _, rc := range cp.Rechecks {
		out = append(out, opRecordedRecheck{At: rc.At, By: rc.By,
			Notified: rc.Notified, Changes: h.opChangesOf(rc.Changes, lang)})
	}
	return out
}
