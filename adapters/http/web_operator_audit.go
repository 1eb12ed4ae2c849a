package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The operators' audit log, read by the operator: GET /api/v1/audit (a page
// of entries), GET /api/v1/audit/verify (does the chain hold) and the page
// /operator/audit (both at once). Recording is in audit.go.

// auditVerification is the answer of GET /api/v1/audit/verify: OK with the
// head it checked up to, or the first entry that does not fit.
type auditVerification struct {
	OK     bool               `json:"ok"`
	Head   audit.Head         `json:"head"` // the last entry checked (that fits)
	Broken *audit.BrokenError `json:"broken,omitempty"`
}

// verifyAudit walks the whole log. A broken chain is an answer, not an
// error; an error is the store's.
func (h *Handler) verifyAudit(r *http.Request) (auditVerification, error) {
	head, err := audit.Verify(r.Context(), h.audit.Log())
	if b, ok := audit.Broken(err); ok {
		return auditVerification{Head: head, Broken: b}, nil
	}
	if err != nil {
		return auditVerification{}, err
	}
	return auditVerification{OK: true, Head: head}, nil
}

// auditPage lists one page for f and says where the next one starts
// ("" after the last page).
func (h *Handler) auditPage(r *http.Request, f audit.Filter) ([]audit.Entry, string, error) {
	entries, err := h.audit.Log().List(r.Context(), f)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(entries) > 0 && len(entries) >= fairshops.PageLimit(f.Limit) {
		next = strconv.Itoa(entries[len(entries)-1].Seq)
	}
	return entries, next, nil
}

// apiAudit answers GET /api/v1/audit?action=&actor=&kind=&subject=&from=
// &until=&order=&after=&limit= (the operator): one page of entries; next
// is the after of the following page.
func (h *Handler) apiAudit(w http.ResponseWriter, r *http.Request) {
	f, err := audit.ParseFilter(r.URL.Query(), h.web.loc)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	entries, next, err := h.auditPage(r, f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	writeJSON(w, http.StatusOK, apiPage[audit.Entry]{Items: entries, Next: next})
}

// apiAuditVerify answers GET /api/v1/audit/verify (the operator).
func (h *Handler) apiAuditVerify(w http.ResponseWriter, r *http.Request) {
	v, err := h.verifyAudit(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// opAuditData is the audit log page.
type opAuditData struct {
	Verification auditVerification
	Entries      []audit.Entry
	Actions      []webOption
	Kinds        []webOption
	More         string // the query of the next page; "" on the last
}

// opAudit answers GET /operator/audit: the chain's verification, the
// filter form and one page of entries, newest first unless order=oldest.
func (h *Handler) opAudit(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	q := r.URL.Query()
	if q.Get("order") == "" {
		q.Set("order", "newest")
	}
	f, err := audit.ParseFilter(q, h.web.loc)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d := opAuditData{Actions: []webOption{{Value: "", Label: h.web.t(c.lang, "op.audit.any")}},
		Kinds: []webOption{{Value: "", Label: h.web.t(c.lang, "op.audit.any")}}}
	for _, a := range audit.Actions() {
		d.Actions = append(d.Actions, webOption{Value: string(a), Label: string(a)})
	}
	for _, k := range audit.Kinds() {
		d.Kinds = append(d.Kinds, webOption{Value: string(k), Label: string(k)})
	}
	if d.Verification, err = h.verifyAudit(r); err != nil {
		h.webError(w, r, c, err)
		return
	}
	var next string
	if d.Entries, next, err = h.auditPage(r, f); err != nil {
		h.webError(w, r, c, err)
		return
	}
	if next != "" {
		more := url.Values{}
		for _, k := range []string{"action", "actor", "kind", "subject", "from", "until", "order", "limit"} {
			if v := q.Get(k); v != "" {
				more.Set(k, v)
			}
		}
		more.Set("after", next)
		d.More = more.Encode()
	}
	p := h.newPage(w, r, c, "op.audit.title")
	for _, k := range []string{"action", "actor", "kind", "subject", "from", "until"} {
		p.Form.Values.Set(k, q.Get(k))
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_audit", p)
}
