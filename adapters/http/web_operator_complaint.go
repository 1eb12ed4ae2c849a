package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// A complaint as the operator sees it: everything, including the
// consumer's contact data, the pre-check with rule IDs, the thread with a
// message form, the hash-chained history and the moves the state allows.

// opFact is one fact of a complaint in words.
type opFact struct {
	Label, Value string
}

// opHistoryRow is one history entry of a complaint or a case.
type opHistoryRow struct {
	Seq    int
	At     time.Time
	Actor  string
	Action string
	Detail string
	Hash   string // the first 12 hex digits of the entry's hash
}

// opMessage is one message of the thread.
type opMessage struct {
	Author string
	Class  string // consumer, shop or operator: the thread's colours
	At     time.Time
	Body   string
	// Question marks the shop's question that may pause its clock.
	Question bool
}

// opComplaintMoves are the moves the complaint's state allows the operator.
type opComplaintMoves struct {
	Forward, Close, Confirm, Resolve, Message, Mediation bool
}

// opCriterion is a criterion of the catalogue named by its ID and title.
type opCriterion struct {
	ID, Title string
}

// opComplaintData is what the complaint page shows.
type opComplaintData struct {
	C          *complaint.Complaint
	ShopName   string
	Category   string
	Lang       string
	Filed      time.Time
	Overdue    bool
	Facts      []opFact
	Precheck   precheck.View
	Violations []opCriterion
	Messages   []opMessage
	History    []opHistoryRow
	Moves      opComplaintMoves
	Cases      []opCaseRow
	Rechecks   []opRecordedRecheck // web_operator_recheck.go
	Body       *webField           // the message form's field
	Files      filesBlock          // the attachments (web_attachments.go)
	Note       *webField           // the internal note's field (web_operator_queue.go)
	Me         string              // the operator's login: "assign to me"
	MacroField *webField           // the canned replies to pre-fill the message with; nil without macros
	Erased     fairshops.Date      // the day the personal data were erased; zero: not erased (erasure.go)
	Clock      clockView           // the shop's answer clock (web_clock.go)
	Carrier    *carrierBlock       // the shop's claim against its carrier, read only (web_carrier.go)
	Review     *opReviewData       // the consumer's requests for a human review and the answers (review.go)
}

// opComplaint answers GET /operator/complaints/{id}.
func (h *Handler) opComplaint(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	cp, err := h.complaints.Get(r.Context(), opPrincipal(c), r.PathValue("id"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.complaint.title", cp.ID)
	h.opRenderComplaint(w, r, c, p, cp, http.StatusOK)
}

// opRenderComplaint fills the complaint page and renders it with status.
func (h *Handler) opRenderComplaint(w http.ResponseWriter, r *http.Request, c caller, p *webPage,
	cp *complaint.Complaint, status int) {
	d, err := h.opComplaintData(r.Context(), c, cp, p.Form)
	if err == nil {
		err = h.opMacroChoice(r, c, &d, p.Form)
	}
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p.Data = d
	h.render(w, r, status, "operator_complaint", p)
}

func (h *Handler) opComplaintData(ctx context.Context, c caller, cp *complaint.Complaint, form *webForm) (opComplaintData, error) {
	lang := c.lang
	today := h.opToday()
	d := opComplaintData{C: cp, ShopName: cp.ShopID, Category: cp.Facts.Category.Label(lang),
		Lang: h.opText(lang, "op.lang."+string(cp.Lang), string(cp.Lang)), Filed: cp.CreatedAt,
		Facts: h.opFacts(cp, lang), Precheck: h.complaintPrecheck(cp, lang), Review: h.newOpReviewData(cp, form, lang),
		Rechecks: h.opRecordedRechecks(cp, lang), Erased: erasedOn(cp)}
	carrier, err := h.carrierFor(ctx, cp, opPrincipal(c), lang, "")
	if err != nil {
		return d, err
	}
	d.Carrier = carrier
	if s, err := h.reg.Shop(ctx, cp.ShopID); err == nil {
		d.ShopName = s.Name
	}
	d.Overdue = cp.State == complaint.Forwarded && !cp.AnswerDue.IsZero() && today.After(cp.AnswerDue)
	d.Clock = newClockView(cp, today)
	d.Clock.Ask = false
	files, err := h.filesFor(ctx, opPrincipal(c), cp, lang, "/operator/complaints/"+url.PathEscape(cp.ID), true)
	if err != nil {
		return d, err
	}
	d.Files = files
	for _, id := range cp.Precheck.StandardViolations {
		cr := opCriterion{ID: id, Title: id}
		if crit, ok := h.reg.Catalogue().Criterion(id); ok {
			cr.Title = crit.Title.In(lang)
		}
		d.Violations = append(d.Violations, cr)
	}
	for _, m := range cp.Messages {
		d.Messages = append(d.Messages, opMessage{Author: h.web.t(lang, "op.role."+string(m.Author)),
			Class: string(m.Author), At: m.At, Body: m.Body, Question: m.Question})
	}
	for _, e := range cp.History {
		d.History = append(d.History, opHistoryRow{Seq: e.Seq, At: e.At,
			Actor:  h.opActor(lang, string(e.Actor.Role), e.Actor.ShopID, e.Actor.Name),
			Action: h.opText(lang, "op.history."+e.Action, e.Action), Detail: h.historyDetail(lang, e.Detail), Hash: shortHash(e.Hash)})
	}
	open := cp.State == complaint.Forwarded || cp.State == complaint.Answered
	d.Moves = opComplaintMoves{
		Forward: cp.State == complaint.Checked,
		Close:   cp.State == complaint.Forwarded && !cp.Displeasure() && d.Overdue,
		Confirm: cp.State == complaint.Forwarded && cp.Displeasure(),
		Resolve: open && !cp.Displeasure(),
		Message: !cp.State.Final(),
	}
	if h.mediation != nil {
		// The newest case: a new case opens only after the one before
		// ended, so it says whether one runs.
		cs, err := h.mediation.ForComplaint(ctx, opMediator(c), cp.ID)
		if err != nil {
			return d, err
		}
		running := cs != nil && !cs.State.Final()
		if cs != nil {
			row := opCaseRow{ID: cs.ID, State: cs.State.Name(lang)}
			if cs.Deadline.Kind != "" {
				row.Deadline = h.web.t(lang, "op.deadline."+string(cs.Deadline.Kind))
				row.Due = cs.Deadline.Due
				row.Overdue = cs.Deadline.Passed(today)
			}
			d.Cases = append(d.Cases, row)
		}
		if v, err := h.reg.View(ctx, cp.ShopID); err == nil {
			d.Moves.Mediation = open && !running && !cp.Displeasure() && v.MediationMode == fairshops.OperatorAfterComplaint
		}
	}
	d.Body = newWebField(form, "body", h.web.t(lang, "op.complaint.message")).MaxLen(complaint.MaxMessage)
	d.Body = d.Body.Hint(h.web.t(lang, "op.complaint.message.hint"))
	d.Note = newWebField(form, "note", h.web.t(lang, "op.complaint.note")).MaxLen(complaint.MaxMessage).
		Hint(h.web.t(lang, "op.complaint.note.hint"))
	d.Me = c.account.Login
	return d, nil
}

// shortHash is the start of a history hash, enough to compare by eye.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// opActor names who did something: the role, and the shop or the
// operator's login.
func (h *Handler) opActor(lang fairshops.Language, role, shopID, name string) string {
	s := h.opText(lang, "op.role."+role, role)
	switch {
	case shopID != "":
		s += " " + shopID
	case name != "":
		s += " " + name
	}
	return s
}

// opFacts lists the facts the consumer gave, in the order of the form.
func (h *Handler) opFacts(cp *complaint.Complaint, lang fairshops.Language) []opFact {
	return factRows(cp.Facts, lang, h.web.t(lang, "op.yes"), h.web.t(lang, "op.no"))
}

// factRows lists the facts given, labelled in lang, in the order of the
// form; every page that shows a complaint's facts uses it (the template
// function "factrows"). The free text is not among them.
func factRows(f precheck.Facts, lang fairshops.Language, yes, no string) []opFact {
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	var out []opFact
	add := func(name, value string) {
		if value != "" {
			out = append(out, opFact{Label: precheck.FactLabel(name, lang), Value: value})
		}
	}
	date := func(name string, d fairshops.Date) {
		if !d.IsZero() {
			add(name, fairshops.FormatterFor(lang).Date(d))
		}
	}
	add("category", f.Category.Label(lang))
	add("buyer_is_consumer", yn(f.IsConsumer()))
	date("order_date", f.OrderDate)
	if f.OrderValue.Currency != "" {
		add("order_value", fairshops.FormatterFor(lang).Money(f.OrderValue))
	}
	if f.DeliveryCost != nil {
		add("delivery_cost", fairshops.FormatterFor(lang).Money(*f.DeliveryCost))
	}
	date("promised_delivery_date", f.PromisedDeliveryDate)
	date("delivery_date", f.DeliveryDate)
	date("contacted_shop_on", f.ContactedShopOn)
	date("withdrawal_declared_on", f.WithdrawalDeclaredOn)
	if f.InformedAboutWithdrawal != nil {
		add("informed_about_withdrawal", yn(*f.InformedAboutWithdrawal))
	}
	date("goods_returned_on", f.GoodsReturnedOn)
	if f.RefundReceived {
		add("refund_received", yes)
	}
	date("defect_noticed_on", f.DefectNoticedOn)
	if f.DamagedInTransit {
		add("damaged_in_transit", yes)
	}
	date("cure_requested_on", f.CureRequestedOn)
	date("additional_deadline_until", f.AdditionalDeadlineUntil)
	if f.WithdrawalException != "" {
		add("withdrawal_exception", precheck.Messages().Render(lang, "exception."+string(f.WithdrawalException)))
	}
	date("data_request_on", f.DataRequestOn)
	if f.DataRequestAnswered {
		add("data_request_answered", yes)
	}
	if f.WithdrawalFunctionMissing {
		add("withdrawal_function_missing", yes)
	}
	if f.ShopRejectedLateNotice {
		add("shop_rejected_late_notice", yes)
	}
	if f.DesiredResolution != "" {
		add("desired_resolution", precheck.Messages().Render(lang, "resolution."+string(f.DesiredResolution)))
	}
	return out
}

// opComplaintMessage answers POST /operator/complaints/{id}/messages: the
// operator's message to the thread; an invalid text comes back next to the
// field with what was typed.
func (h *Handler) opComplaintMessage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	body := strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	_, err := h.complaints.AddMessage(r.Context(), opPrincipal(c), id, body)
	h.opAfterComplaintForm(w, r, c, id, err, "op_message#thread", nil, "op.complaint.message")
}

// opAfterComplaintForm answers an operator's form on a complaint page:
// after success the page with the notice done ("key#fragment"); for
// invalid input the page again, with the error next to the field (fieldOf
// maps error fields to form fields, nil for one-to-one; labelKey names the
// field in the error summary); any other error as a refusal.
func (h *Handler) opAfterComplaintForm(w http.ResponseWriter, r *http.Request, c caller, id string, err error,
	done string, fieldOf func(string) string, labelKey string) {
	switch {
	case err == nil:
		seeOther(w, r, "/operator/complaints/"+url.PathEscape(id)+"?done="+done)
	case fairshops.KindOf(err) == fairshops.Invalid:
		cp, gerr := h.complaints.Get(r.Context(), opPrincipal(c), id)
		if gerr != nil {
			h.webError(w, r, c, gerr)
			return
		}
		p := h.opPostedPage(w, r, c, "op.complaint.title", err, fieldOf, func(string) string {
			return h.web.t(c.lang, labelKey)
		}, cp.ID)
		h.opRenderComplaint(w, r, c, p, cp, http.StatusUnprocessableEntity)
	default:
		h.opRefusal(w, r, c, err)
	}
}

// opComplaintMove returns the handler of a lifecycle move of the operator;
// after it, the complaint page says what happened (?done=op_<done>).
func (h *Handler) opComplaintMove(done string,
	move func(*complaint.Service, context.Context, fairshops.Principal, string) (*complaint.Complaint, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		id := r.PathValue("id")
		if _, err := move(h.complaints, r.Context(), opPrincipal(c), id); err != nil {
			h.opRefusal(w, r, c, err)
			return
		}
		seeOther(w, r, "/operator/complaints/"+url.PathEscape(id)+"?done=op_"+done)
	}
}

// opRequestCase answers POST /operator/complaints/{id}/mediation: the
// operator starts dispute moderation (shops in the mode
// operator_after_complaint); the case opens at once.
func (h *Handler) opRequestCase(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	cs, err := h.mediation.Request(r.Context(), opMediator(c), mediation.RequestInput{ComplaintID: r.PathValue("id")})
	if err != nil {
		h.opRefusal(w, r, c, err)
		return
	}
	seeOther(w, r, "/operator/cases/"+url.PathEscape(cs.ID)+"?done=op_case_opened")
}
