package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// maxArticles is how many portal articles a pre-check links.
const maxArticles = 3

// precheckView localises a pre-check result and links the portal's articles
// that explain its findings, most specific first.
func (h *Handler) precheckView(r precheck.Result, lang fairshops.Language) precheck.View {
	v := r.Localize(lang)
	if h.adrDirective {
		v.Automated = h.web.t(lang, "precheck.automated")
	}
	if h.portal != nil {
		rules := make([]string, 0, len(r.Findings))
		for _, f := range r.Findings {
			rules = append(rules, string(f.Rule))
		}
		for _, a := range h.portal.ForFindings(string(r.Category), rules, lang, maxArticles) {
			v.Articles = append(v.Articles, precheck.ArticleRef{Slug: a.Slug, Title: a.Title})
		}
	}
	return v
}

// precheck answers POST /api/v1/precheck: stateless, for anyone.
func (h *Handler) precheck(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	facts, err := precheck.DecodeFacts(body)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	asOf := facts.AsOf
	if asOf.IsZero() {
		asOf = h.reg.Today()
	}
	res := precheck.Check(facts, asOf, precheck.Options{Catalogue: h.reg.Catalogue()})
	writeJSON(w, http.StatusOK, h.precheckView(res, lang))
}

// complaintView is a complaint as the API shows it to those who may read
// it, with the pre-check in the reader's language.
type complaintView struct {
	*complaint.Complaint
	Precheck precheck.View       `json:"precheck"`
	Rechecks []recheckRecordView `json:"rechecks,omitempty"` // the recorded re-checks (api_recheck.go)
	// Attachments are the files the reader may see (attachments.go); GET
	// of the complaint always lists them, other answers leave them out.
	Attachments []attachmentView `json:"attachments,omitzero"`
}

// apiComplaintOut is the complaint view of c in lang; an empty thread is
// [] rather than null.
func (h *Handler) apiComplaintOut(c *complaint.Complaint, lang fairshops.Language) complaintView {
	if c.Messages == nil {
		c.Messages = []complaint.Message{}
	}
	return complaintView{Complaint: c, Precheck: h.complaintPrecheck(c, lang),
		Rechecks: h.recheckRecordsOut(c.Rechecks, lang)}
}

// filed is the answer to a new complaint: the only time the private token
// is shown.
type filed struct {
	complaintView
	Token string `json:"token"`
	Link  string `json:"link"`
}

// fileComplaint answers POST /api/v1/shops/{shop}/complaints.
func (h *Handler) fileComplaint(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	if ok, wait := h.writes.allow(h.clientKey(r)); !ok {
		tooMany(w, lang, wait)
		return
	}
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	in, err := complaint.DecodeIntake(body)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	c, tok, err := h.complaints.Submit(r.Context(), r.PathValue("shop"), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", h.prefix+"/api/v1/complaints/"+url.PathEscape(c.ID))
	writeJSON(w, http.StatusCreated, filed{
		complaintView: h.apiComplaintOut(c, c.Lang),
		Token:         tok.Reveal(),
		Link:          "/c/" + url.PathEscape(c.ID) + "?t=" + url.QueryEscape(tok.Reveal()),
	})
}

// getComplaint answers GET /api/v1/complaints/{id} for the consumer (token),
// the shop and the operator; anyone else gets 404.
func (h *Handler) getComplaint(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	got, err := h.complaints.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.markShopRead(r, p, got)
	files, err := h.complaints.Attachments(r.Context(), p, got.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := h.apiComplaintOut(got, lang)
	out.Attachments = apiAttachmentsOut(files)
	writeJSON(w, http.StatusOK, out)
}

// apiComplaintItem is a complaint in a list: enough to pick it, without the
// thread, the history or the consumer's contact.
type apiComplaintItem struct {
	ID          string             `json:"id"`
	Reference   string             `json:"reference"`
	ShopID      string             `json:"shop"`
	OrderRef    string             `json:"order_ref"` // "" when the consumer gave none; always present in lists
	State       complaint.State    `json:"state"`
	Category    precheck.Category  `json:"category"`
	Clarity     precheck.Clarity   `json:"clarity"`
	Lang        fairshops.Language `json:"lang"`
	ForwardedOn fairshops.Date     `json:"forwarded_on,omitzero"`
	AnswerDue   fairshops.Date     `json:"answer_due,omitzero"`
	Messages    int                `json:"messages"`
	Version     int                `json:"version"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	// Unread: for a shop, whether the complaint was forwarded or written
	// to since the shop last read it; absent for the operator.
	Unread *bool `json:"unread,omitempty"`
}

// listComplaints answers GET /api/v1/complaints?state=&shop=&after=&limit=:
// a shop its own complaints, the operator all (consumers, who read their
// complaint by ID and token, are refused by the route's guard). With
// ?reference= it is the exact look-up of one reference (as people type
// it): a page of that complaint, or an empty one when there is none the
// caller may see; a malformed reference is a 400.
func (h *Handler) apiListComplaints(w http.ResponseWriter, r *http.Request) {
	q, ok := apiListStart(h, w, r, "http.listComplaints", complaint.States())
	if !ok {
		return
	}
	f := complaint.Filter{ShopID: q.shop, After: q.after, Limit: q.limit, States: q.states}
	var list []*complaint.Complaint
	var err error
	if ref, ok := r.URL.Query()["reference"]; ok {
		list, err = h.lookupForList(r, q.p, ref[0], f)
	} else {
		list, err = h.complaints.List(r.Context(), q.p, f)
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	unread, err := h.shopUnread(r, q.p, list)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiComplaintItem, len(list))
	for i, x := range list {
		items[i] = apiComplaintItem{ID: x.ID, Reference: x.Reference, ShopID: x.ShopID, OrderRef: x.OrderRef, State: x.State, Category: x.Facts.Category,
			Clarity: x.Precheck.Clarity, Lang: x.Lang, ForwardedOn: x.ForwardedOn, AnswerDue: x.AnswerDue,
			Messages: len(x.Messages), Version: x.Version, CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt}
		if unread != nil {
			u := unread[x.ID]
			items[i].Unread = &u
		}
	}
	writeJSON(w, http.StatusOK, newAPIPage(items, f.Limit, func(x apiComplaintItem) string { return x.ID }))
}

// lookupForList is the list of the complaint with the reference, if the
// caller may see it and it passes the list's filter; else none.
func (h *Handler) lookupForList(r *http.Request, p fairshops.Principal, ref string, f complaint.Filter) ([]*complaint.Complaint, error) {
	c, err := h.complaints.ByReference(r.Context(), p, ref)
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return []*complaint.Complaint{}, nil
	case err != nil:
		return nil, err
	case f.After != "" || !f.Match(c):
		return []*complaint.Complaint{}, nil
	}
	return []*complaint.Complaint{c}, nil
}

// apiListQuery is what every list call reads besides its own filter: the
// caller's principal and the query's shop, after, limit and states.
type apiListQuery[S ~string] struct {
	p           fairshops.Principal
	shop, after string
	limit       int // 0 when the query sets none
	states      []S
}

// apiListStart is the start of every list call (complaints, cases), after
// the route's guard admitted a shop or the operator: the caller's
// principal, the limit (400 outside [1, MaxLimit]), and the states asked
// for (an unknown one is a validation error of op, listing every unknown
// state).
func apiListStart[S interface {
	~string
	Valid() bool
}](h *Handler, w http.ResponseWriter, r *http.Request, op string, states []S) (apiListQuery[S], bool) {
	var q apiListQuery[S]
	lang := requestLanguage(r)
	q.p, _ = callerOf(r).principal()
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, fairshops.MaxLimit)
	if !ok {
		return q, false
	}
	v := r.URL.Query()
	q.shop, q.after, q.limit = v.Get("shop"), v.Get("after"), int(limit)
	var pr fairshops.Problems
	for _, s := range v["state"] {
		if st := S(s); st.Valid() {
			q.states = append(q.states, st)
		} else {
			pr.Add("state", fairshops.ReasonUnknownValue, s, fairshops.OneOf(states))
		}
	}
	return q, !h.apiDecodeFailed(w, r, &pr, op)
}

// apiPartyCall is the start of a call on one complaint or case, after the
// route's guard admitted a party: the language and the caller as the
// domain services see them.
func apiPartyCall(r *http.Request) (fairshops.Language, fairshops.Principal) {
	p, _ := callerOf(r).principal()
	return requestLanguage(r), p
}

// addMessage answers POST /api/v1/complaints/{id}/messages {"body"}: the
// consumer, the shop or the operator adds a message; the shop's first
// message on a forwarded complaint is its answer.
func (h *Handler) apiAddMessage(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "body", "question")
	body := o.Str(&pr, "body", true)
	question, _ := o.Bool(&pr, "question")
	if h.apiDecodeFailed(w, r, &pr, "http.addMessage") {
		return
	}
	add := h.complaints.AddMessage
	if question { // the shop's question, which may pause its answer clock (complaint.Service.Ask)
		add = h.complaints.Ask
	}
	got, err := add(r.Context(), p, r.PathValue("id"), body)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, h.apiComplaintOut(got, lang))
}

// apiComplaintMove is a lifecycle move of the complaint service.
type apiComplaintMove func(*complaint.Service, context.Context, fairshops.Principal, string) (*complaint.Complaint, error)

// moveComplaint answers POST /api/v1/complaints/{id}/<move>: the body is
// empty or an empty JSON object; who may make the move, and when, is the
// lifecycle's business (403 for a role that never may, 409 for a move not
// possible now, 404 for a complaint the caller may not see).
func (h *Handler) apiMoveComplaint(move apiComplaintMove) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang, p := apiPartyCall(r)
		o, ok := h.apiJsonBody(w, r, lang, true)
		if !ok {
			return
		}
		var pr fairshops.Problems
		o.Only(&pr)
		if h.apiDecodeFailed(w, r, &pr, "http.move") {
			return
		}
		got, err := move(h.complaints, r.Context(), p, r.PathValue("id"))
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, h.apiComplaintOut(got, lang))
	}
}
