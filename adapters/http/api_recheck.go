package http

import (
	"net/http"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The re-check under new pre-check rules (complaint.Service.Recheck*,
// docs/adr-recheck.md): GET /api/v1/rechecks lists the open complaints
// whose answer changes, POST /api/v1/complaints/{id}/recheck records one.
// Both are the operator's; findings are shown in the reader's language.

// findingChangeView is a precheck.FindingChange with its findings as text.
type findingChangeView struct {
	Rule        precheck.RuleID       `json:"rule"`
	Change      string                `json:"change"`
	Before      *precheck.FindingView `json:"before,omitempty"`
	After       *precheck.FindingView `json:"after,omitempty"`
	DatesBefore []string              `json:"dates_before"`
	DatesAfter  []string              `json:"dates_after"`
}

// changesView is a precheck.Changes in one language.
type changesView struct {
	FromRevision              int                 `json:"from_revision"`
	ToRevision                int                 `json:"to_revision"`
	ClarityBefore             precheck.Clarity    `json:"clarity_before"`
	ClarityAfter              precheck.Clarity    `json:"clarity_after"`
	Findings                  []findingChangeView `json:"findings"`
	StandardViolationsAdded   []string            `json:"standard_violations_added"`
	StandardViolationsRemoved []string            `json:"standard_violations_removed"`
	MissingFactsAdded         []string            `json:"missing_facts_added"`
	MissingFactsRemoved       []string            `json:"missing_facts_removed"`
}

// localFinding renders one finding in lang, the way precheck.View does.
func localFinding(f *precheck.Finding, lang fairshops.Language) *precheck.FindingView {
	if f == nil {
		return nil
	}
	v := precheck.Result{Findings: []precheck.Finding{*f}}.Localize(lang).Findings[0]
	return &v
}

func changesOut(c precheck.Changes, lang fairshops.Language) changesView {
	v := changesView{FromRevision: c.FromRevision, ToRevision: c.ToRevision,
		ClarityBefore: c.ClarityBefore, ClarityAfter: c.ClarityAfter,
		Findings:                  make([]findingChangeView, len(c.Findings)),
		StandardViolationsAdded:   nonNil(c.StandardViolationsAdded),
		StandardViolationsRemoved: nonNil(c.StandardViolationsRemoved),
		MissingFactsAdded:         nonNil(c.MissingFactsAdded),
		MissingFactsRemoved:       nonNil(c.MissingFactsRemoved)}
	for i, f := range c.Findings {
		v.Findings[i] = findingChangeView{Rule: f.Rule, Change: f.Change,
			Before: localFinding(f.Before, lang), After: localFinding(f.After, lang),
			DatesBefore: nonNil(f.DatesBefore), DatesAfter: nonNil(f.DatesAfter)}
	}
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// apiRecheck is one complaint's re-check as GET /api/v1/rechecks lists it.
type apiRecheck struct {
	Complaint string          `json:"complaint"`
	Shop      string          `json:"shop"`
	Reference string          `json:"reference"`
	OrderRef  string          `json:"order_ref"`
	State     complaint.State `json:"state"`
	Version   int             `json:"version"`
	Before    precheck.View   `json:"before"`
	After     precheck.View   `json:"after"`
	Changes   changesView     `json:"changes"`
}

// recheckRecordView is a recorded re-check in a complaint as read.
type recheckRecordView struct {
	At       time.Time     `json:"at"`
	By       string        `json:"by"`
	Notified bool          `json:"notified"`
	Precheck precheck.View `json:"precheck"`
	Changes  changesView   `json:"changes"`
}

func (h *Handler) recheckRecordsOut(rs []complaint.RecheckRecord, lang fairshops.Language) []recheckRecordView {
	if len(rs) == 0 {
		return nil
	}
	out := make([]recheckRecordView, len(rs))
	for i, r := range rs {
		out[i] = recheckRecordView{At: r.At, By: r.By, Notified: r.Notified,
			Precheck: h.precheckView(r.Result, lang), Changes: changesOut(r.Changes, lang)}
	}
	return out
}

// apiListRechecks answers GET /api/v1/rechecks?after=&limit=: the open
// complaints whose pre-check answer changes under the current rules, with
// the differences; next is the cursor of the next page (a page may hold
// fewer items than limit, even none, while next is set).
func (h *Handler) apiListRechecks(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	p, _ := callerOf(r).principal()
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, fairshops.MaxLimit)
	if !ok {
		return
	}
	list, next, err := h.complaints.RecheckOpen(r.Context(), p, r.URL.Query().Get("after"), int(limit))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiRecheck, len(list))
	for i, x := range list {
		items[i] = apiRecheck{Complaint: x.Complaint, Shop: x.Shop, Reference: x.Reference, OrderRef: x.OrderRef, State: x.State, Version: x.Version,
			Before: h.precheckView(x.Before, lang), After: h.precheckView(x.After, lang), Changes: changesOut(x.Changes, lang)}
	}
	writeJSON(w, http.StatusOK, apiPage[apiRecheck]{Items: items, Next: next})
}

// apiRecheckComplaint answers POST /api/v1/complaints/{id}/recheck
// {"version", "notify"}: the operator records the re-check (409 when the
// complaint changed since version, or when there is nothing to record).
func (h *Handler) apiRecheckComplaint(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	p, _ := callerOf(r).principal()
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "version", "notify")
	version, _ := o.Int(&pr, "version", true, 1, 1<<53)
	notify, _ := o.Bool(&pr, "notify")
	if h.apiDecodeFailed(w, r, &pr, "http.recheck") {
		return
	}
	got, err := h.complaints.ApplyRecheck(r.Context(), p, r.PathValue("id"), int(version), notify)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.apiComplaintOut(got, lang))
}
