package http

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/mediation"
)

// The shop's pages under /shop: the inbox of its complaints, one
// complaint with the answer form and the mediation case, its own
// assessment, and its API keys. Every page needs a shop login, which the
// routes' guard checks (routes.go); the services see the shop principal,
// so another shop's complaint or case is not found (404).

// keyCookie carries a newly issued API key from the POST to the page that
// shows it once.
const (
	keyCookie = "ks_key"
	keyMaxAge = 300
)

// inboxFilters are the state filters of the inbox.
func inboxFilters() map[string][]complaint.State {
	return map[string][]complaint.State{
		"open":   {complaint.Forwarded, complaint.Answered},
		"closed": {complaint.Resolved, complaint.Escalated, complaint.Withdrawn, complaint.Closed},
		"all":    nil,
	}
}

// inboxRow is one complaint of the inbox: a summary (the consumer's name,
// the order reference, the start of the description, the deadline).
type inboxRow struct {
	C       complaint.Summary
	Overdue bool
	Unread  bool // forwarded or written to since the shop last opened it
}

// inboxData is what the inbox shows.
type inboxData struct {
	Shop    fairshops.View
	Filter  string
	Filters []string
	Query   string // the search: name, order reference, ID, words
	Rows    []inboxRow
	Next    string
	Cases   []*mediation.Case
	Figures bool // the service figures are served (web_figures.go)
	Unread  int  // unread rows on this page
}

// shopInbox answers GET /shop?state=open|closed|all&q=&after=: the shop's
// complaints, searched by the consumer's name, the order reference, the
// ID or words (complaint.Service.Search), open ones with the earliest
// answer deadline first on each page (overdue ones marked), and its
// running mediation cases.
func (h *Handler) shopInbox(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if h.complaints == nil {
		h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, "", "", nil))
		return
	}
	q := r.URL.Query()
	filter := q.Get("state")
	if _, ok := inboxFilters()[filter]; !ok {
		filter = "open"
	}
	shopID := c.shopID()
	v, err := h.reg.View(r.Context(), shopID)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	const pageSize = 50
	list, err := h.complaints.Search(r.Context(), fairshops.AsShop(shopID),
		complaint.Query{Text: q.Get("q"), States: inboxFilters()[filter], After: q.Get("after"), Limit: pageSize})
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	today := h.reg.Today()
	d := inboxData{Shop: v, Filter: filter, Filters: []string{"open", "closed", "all"}, Query: q.Get("q"),
		Figures: h.figures != nil}
	unread, err := h.inboxUnread(r, shopID, list)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	for _, cm := range list {
		d.Rows = append(d.Rows, inboxRow{C: cm, Unread: unread[cm.ID],
			Overdue: cm.State == complaint.Forwarded && !cm.AnswerDue.IsZero() && today.After(cm.AnswerDue)})
		if unread[cm.ID] {
			d.Unread++
		}
	}
	slices.SortStableFunc(d.Rows, func(a, b inboxRow) int {
		// Waiting for the shop's answer first, earliest deadline first.
		wa, wb := a.C.State == complaint.Forwarded, b.C.State == complaint.Forwarded
		if wa != wb {
			if wa {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.C.AnswerDue.String(), b.C.AnswerDue.String())
	})
	if len(list) == pageSize {
		next := url.Values{"state": {filter}, "after": {list[len(list)-1].ID}}
		if d.Query != "" {
			next.Set("q", d.Query)
		}
		d.Next = "/shop?" + next.Encode()
	}
	if h.mediation != nil {
		cases, err := h.mediation.List(r.Context(), fairshops.AsShop(shopID),
			mediation.Filter{States: []mediation.State{mediation.Requested, mediation.AwaitingCostAcceptance,
				mediation.Open, mediation.Statements, mediation.Proposed}, Limit: 100})
		if err != nil {
			h.webError(w, r, c, err)
			return
		}
		d.Cases = cases
	}
	p := h.newPage(w, r, c, "inbox.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "inbox", p)
}

// shopComplaintData is the shop's complaint page: the common complaint
// page and, for a consumer's request in the mode shop_discretion, the
// decision the shop must make.
type shopComplaintData struct {
	complaintPageData
	Decide bool
	// Advice is the shop's text for each finding, by rule ID
	// (precheck.ShopAdvice): the shop sees what a finding means for it,
	// not the consumer's tips.
	Advice map[string]string
}

// shopComplaint answers GET /shop/complaints/{id}.
func (h *Handler) shopComplaint(w http.ResponseWriter, r *http.Request) {
	h.showShopComplaint(w, r, callerOf(r), http.StatusOK, nil)
}

// showShopComplaint renders the shop's complaint page; formErr, when set,
// is shown next to the fields of the form it belongs to (422).
func (h *Handler) showShopComplaint(w http.ResponseWriter, r *http.Request, c caller, status int, formErr error) {
	h.showShopComplaintWith(w, r, c, status, formErr, nil)
}

// showShopComplaintWith is showShopComplaint with a last change of the
// page's data (the carrier link shown once, web_carrier.go).
func (h *Handler) showShopComplaintWith(w http.ResponseWriter, r *http.Request, c caller, status int, formErr error,
	change func(*shopComplaintData)) {
	id := r.PathValue("id")
	shopID := c.shopID()
	who := fairshops.AsShop(shopID)
	got, err := h.complaints.Get(r.Context(), who, id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.markShopRead(r, who, got)
	base := "/shop/complaints/" + url.PathEscape(got.ID)
	cd, err := h.buildComplaintPage(r.Context(), got, who, c.lang, base)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d := shopComplaintData{complaintPageData: cd, Advice: map[string]string{}}
	for _, f := range cd.Precheck.Findings {
		d.Advice[string(f.Rule)] = precheck.ShopAdvice(f.Rule).Render(c.lang)
	}
	if cd.Case != nil && cd.Case.C.State == mediation.Requested && cd.Case.C.Mode == fairshops.ShopDiscretion &&
		cd.Case.C.RequestedBy == fairshops.RoleConsumer {
		d.Decide = true
		d.Case.Can.Withdraw = false
	}
	p := h.newPage(w, r, c, "shopcomplaint.title", got.ID)
	if formErr != nil {
		p.Form.Values = r.PostForm
		addValidationErrors(p.Form, formErr, c.lang, h.threadLabels(c.lang))
	}
	if change != nil {
		change(&d)
	}
	p.Data = d
	h.render(w, r, status, "shopcomplaint", p)
}

// shopAction is one of the shop's forms on a complaint page (the route's
// guard checked the form's CSRF token and the shop login): the move, then
// a redirect back to the complaint page with a notice.
func (h *Handler) shopAction(do func(r *http.Request, shopID, id string) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		id := r.PathValue("id")
		if err := do(r, c.shopID(), id); err != nil {
			if fairshops.KindOf(err) == fairshops.Invalid {
				h.showShopComplaint(w, r, c, http.StatusUnprocessableEntity, err)
				return
			}
			h.webError(w, r, c, err)
			return
		}
		seeOther(w, r, "/shop/complaints/"+url.PathEscape(id)+"?done="+done+"#"+done)
	}
}

// The shop's forms on a complaint page (routes.go).

func (h *Handler) shopMessage(r *http.Request, shopID, id string) error {
	add := h.complaints.AddMessage
	if r.PostFormValue("question") != "" { // the checkbox: a question that pauses the clock (web_clock.go)
		add = h.complaints.Ask
	}
	_, err := add(r.Context(), fairshops.AsShop(shopID), id, r.PostFormValue("body"))
	return err
}

func (h *Handler) shopRequestCase(r *http.Request, shopID, id string) error {
	if _, err := h.complaints.Get(r.Context(), fairshops.AsShop(shopID), id); err != nil {
		return err
	}
	_, err := h.mediation.Request(r.Context(), fairshops.AsShop(shopID),
		mediation.RequestInput{ComplaintID: id})
	return err
}

func (h *Handler) shopCaseMove(r *http.Request, shopID, id string) error {
	ms := h.mediation
	mp := fairshops.AsShop(shopID)
	switch r.PathValue("move") {
	case "accept_request", "decline_request":
		mc, err := ms.Get(r.Context(), mp, r.PathValue("case"))
		if err != nil {
			return err
		}
		if mc.ComplaintID != id {
			return fairshops.E("web", fairshops.NotFound, mc.ID, "", nil)
		}
		if r.PathValue("move") == "accept_request" {
			_, err = ms.AcceptRequest(r.Context(), mp, mc.ID)
		} else {
			_, err = ms.DeclineRequest(r.Context(), mp, mc.ID, mediation.ReasonShopDeclined)
		}
		return err
	}
	return h.caseMove(r, mp, id)
}

// assessmentData is what the shop's assessment page shows: the report in
// the reader's language and the shop's bookings with their purposes (the
// shop's own data: shown only to the shop and the operator).
type assessmentData struct {
	Shop     *fairshops.Shop
	Report   fairshops.Report
	Ways     [][]string // the ways to close, as criterion titles
	Bookings []fairshops.Booking
}

// shopAssessment answers GET /shop/assessment: the shop's own assessment
// today, explained, with the ways to reach the threshold.
func (h *Handler) shopAssessment(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	shopID := c.shopID()
	s, err := h.reg.Shop(r.Context(), shopID)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	a, err := h.reg.Assess(r.Context(), shopID, fairshops.Date{})
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	cat := h.reg.Catalogue()
	d := assessmentData{Shop: s, Report: a.Report(cat, c.lang), Bookings: s.Bookings}
	for _, way := range d.Report.WaysToClose {
		titles := make([]string, len(way))
		for i, id := range way {
			titles[i] = id
			if cr, ok := cat.Criterion(id); ok {
				titles[i] = cr.Title.In(c.lang)
			}
		}
		d.Ways = append(d.Ways, titles)
	}
	p := h.newPage(w, r, c, "assessment.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "assessment", p)
}

// keysData is what the API key page shows.
type keysData struct {
	Keys   []*account.APIKey
	Secret string // a key just issued, shown once
}

// shopKeys answers GET /shop/keys: the shop's API keys and, once after
// issuing, the new key's secret.
func (h *Handler) shopKeys(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	keys, err := h.accounts.APIKeys(r.Context(), c.shopID())
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d := keysData{Keys: keys}
	if ck, err := h.readCookie(r, keyCookie); err == nil && strings.HasPrefix(ck.Value, account.APIKeyPrefix) {
		d.Secret = ck.Value
		http.SetCookie(w, h.cookie(keyCookie, "", "/shop/keys", -1))
	}
	p := h.newPage(w, r, c, "keys.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "keys", p)
}

// issueKey answers POST /shop/keys: it issues a key with the label and
// shows it once on the key page.
func (h *Handler) issueKey(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	k, secret, err := h.accounts.IssueAPIKey(r.Context(), c.shopID(), strings.TrimSpace(r.PostFormValue("label")))
	if err == nil {
		h.record(r, audit.APIKeyCreated, audit.APIKey(k.ID), "web")
	}
	if err != nil {
		if fairshops.KindOf(err) == fairshops.Invalid {
			keys, lerr := h.accounts.APIKeys(r.Context(), c.shopID())
			if lerr != nil {
				h.webError(w, r, c, lerr)
				return
			}
			h.renderInvalid(w, r, c, "keys", "keys.title", err, keysData{Keys: keys}, func(field string) string {
				if field == "label" {
					return h.web.t(c.lang, "keys.label")
				}
				return ""
			})
			return
		}
		h.webError(w, r, c, err)
		return
	}
	http.SetCookie(w, h.cookie(keyCookie, secret.Reveal(), "/shop/keys", keyMaxAge))
	seeOther(w, r, "/shop/keys?done=key_issued")
}

// revokeKey answers POST /shop/keys/{key}/revoke.
func (h *Handler) revokeKey(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if err := h.accounts.RevokeAPIKey(r.Context(), c.shopID(), r.PathValue("key")); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.APIKeyRevoked, audit.APIKey(r.PathValue("key")), "web")
	seeOther(w, r, "/shop/keys?done=key_revoked")
}

// inboxUnread reports which rows of the inbox are unread. A summary does
// not hold the thread, so each row's complaint is read (a page is 50 rows
// at most); docs/adr-shop-inbox.md says what would make it one query.
func (h *Handler) inboxUnread(r *http.Request, shopID string, list []complaint.Summary) (map[string]bool, error) {
	if h.shopReads == nil {
		return nil, nil
	}
	p := fairshops.AsShop(shopID)
	full := make([]*complaint.Complaint, 0, len(list))
	for _, s := range list {
		c, err := h.complaints.Get(r.Context(), p, s.ID)
		if err != nil {
			return nil, err
		}
		full = append(full, c)
	}
	return h.shopUnread(r, p, full)
}
