package http

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The human review of the automated pre-check (the revised ADR Directive,
// Config.ADRDirective; complaint/review.go, docs/adr-adr-directive.md):
// the consumer asks for it on the complaint's page (POST /c/{id}/review)
// or through the API (POST /api/v1/complaints/{id}/review {"reason"}),
// the operator finds the open reviews on /operator/reviews and in GET
// /api/v1/reviews, and answers on the complaint's page (POST
// /operator/complaints/{id}/review) or through POST
// /api/v1/complaints/{id}/review/answer {"outcome", "text"}. Once
// answered, the pre-check's label says that a person reviewed it.

// errReviewsOff is the answer of the review's routes without
// Config.ADRDirective: they do not exist.
func errReviewsOff(op string) error {
	return fairshops.E(op, fairshops.NotFound, "", "reviews are not offered", nil)
}

// reviewsOn reports whether the handler offers the review: the label is on
// (Config.ADRDirective) and the complaint service takes requests.
func (h *Handler) reviewsOn() bool {
	return h.adrDirective && h.complaints != nil && h.complaints.ReviewsOffered()
}

// complaintPrecheck is the pre-check view of a complaint: precheckView,
// with the label saying that a person reviewed the check once the review
// of the result the complaint stands on was answered.
func (h *Handler) complaintPrecheck(c *complaint.Complaint, lang fairshops.Language) precheck.View {
	v := h.precheckView(c.Precheck, lang)
	if v.Automated == "" {
		return v
	}
	if r, ok := c.CurrentReview(); ok && !r.Pending() {
		v.Automated = h.web.t(lang, "precheck.reviewed", fairshops.FormatterFor(lang).Date(fairshops.DateOf(r.AnsweredAt, fairshops.Berlin())))
	}
	return v
}

// reviewBlock is the review's part of a complaint page (the "review"
// template): the request form for the consumer, the request and the
// answer for everyone who reads the complaint.
type reviewBlock struct {
	Can     bool              // the reader may ask for a review now
	Review  *complaint.Review // the review shown: pending, or the answer for the current pre-check
	Outcome string            // the answer's outcome in words
	Base    string            // the form's path prefix
	Max     int               // the reason's maxlength
}

// newReviewBlock returns the review's block for the reader of c; nil when
// the handler does not offer reviews.
func (h *Handler) newReviewBlock(c *complaint.Complaint, reader fairshops.Role, lang fairshops.Language, base string) *reviewBlock {
	if !h.reviewsOn() {
		return nil
	}
	b := &reviewBlock{Base: base, Max: complaint.MaxReviewText,
		Can: reader == fairshops.RoleConsumer && c.CanRequestReview()}
	r, ok := c.PendingReview()
	if !ok {
		r, ok = c.CurrentReview()
	}
	if ok {
		b.Review = &r
		if !r.Pending() {
			b.Outcome = h.web.t(lang, "review.outcome."+string(r.Outcome))
		}
	}
	if !b.Can && b.Review == nil {
		return nil
	}
	return b
}

// consumerReview answers POST /c/{id}/review (reason): the consumer asks
// for a human review of the pre-check.
func (h *Handler) consumerReview(r *http.Request, p fairshops.Principal, id string) error {
	if !h.reviewsOn() {
		return errReviewsOff("web.review")
	}
	_, err := h.complaints.RequestReview(r.Context(), p, id, strings.ReplaceAll(r.PostFormValue("reason"), "\r\n", "\n"))
	return err
}

// opReviewRow is one open review of the operator's list.
type opReviewRow struct {
	ID, Reference, Shop, State string
	RequestedAt                time.Time
	Due                        fairshops.Date
	Overdue                    bool
	Reason                     string
}

// opReviewsPage is how many open reviews the page shows.
const opReviewsPage = 100

// opReviews answers GET /operator/reviews: the open reviews, oldest
// deadline first.
func (h *Handler) opReviews(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !h.reviewsOn() {
		h.webError(w, r, c, errReviewsOff("web.opReviews"))
		return
	}
	list, err := h.complaints.Reviews(r.Context(), opPrincipal(c), opReviewsPage)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	today := h.opToday()
	rows := []opReviewRow{}
	for _, cp := range list {
		rv, _ := cp.PendingReview()
		rows = append(rows, opReviewRow{ID: cp.ID, Reference: cp.Reference, Shop: cp.ShopID,
			State: h.web.t(c.lang, "complaint.state."+string(cp.State)), RequestedAt: rv.RequestedAt, Due: rv.Due,
			Overdue: today.After(rv.Due), Reason: rv.Reason})
	}
	p := h.newPage(w, r, c, "op.review.title")
	p.Data = rows
	h.render(w, r, http.StatusOK, "operator_reviews", p)
}

// opAnswerReview answers POST /operator/complaints/{id}/review (outcome,
// text): the operator answers the pending review.
func (h *Handler) opAnswerReview(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	if !h.reviewsOn() {
		h.webError(w, r, c, errReviewsOff("web.opAnswerReview"))
		return
	}
	a := complaint.ReviewAnswer{Outcome: complaint.ReviewOutcome(r.PostFormValue("outcome")),
		Text: strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n")}
	_, err := h.complaints.AnswerReview(r.Context(), opPrincipal(c), id, a)
	if err != nil && errors.Is(err, complaint.ErrNoOpenReview) {
		h.opRefusal(w, r, c, err)
		return
	}
	h.opAfterComplaintForm(w, r, c, id, err, "op_review_answered#review", func(f string) string {
		if f == "outcome" {
			return "review-outcome"
		}
		return "review-text"
	}, "op.review.answer")
}

// opReviewData is the review's part of the operator's complaint page.
type opReviewData struct {
	Reviews []complaint.Review // every review, oldest first
	Pending bool               // the last one waits for the answer: the form is shown
	Outcome *webField          // the answer's fields
	Text    *webField
}

// newOpReviewData fills the review's part of the operator's page; nil
// when the complaint has no review.
func (h *Handler) newOpReviewData(cp *complaint.Complaint, form *webForm, lang fairshops.Language) *opReviewData {
	if len(cp.Reviews) == 0 {
		return nil
	}
	_, pending := cp.PendingReview()
	d := &opReviewData{Reviews: cp.Reviews, Pending: pending}
	d.Outcome = newWebField(form, "review-outcome", h.web.t(lang, "op.review.outcome")).Req()
	d.Outcome.Name = "outcome"
	d.Outcome.Options = []webOption{
		{Value: string(complaint.ReviewConfirmed), Label: h.web.t(lang, "review.outcome.confirmed")},
		{Value: string(complaint.ReviewCorrected), Label: h.web.t(lang, "review.outcome.corrected")}}
	d.Text = newWebField(form, "review-text", h.web.t(lang, "op.review.text")).MaxLen(complaint.MaxReviewText).
		Hint(h.web.t(lang, "op.review.text.hint"))
	d.Text.Name = "text"
	if form != nil {
		d.Outcome.Value, d.Text.Value = form.Get("outcome"), form.Get("text")
	}
	return d
}

// apiReviewItem is one open review as GET /api/v1/reviews lists it.
type apiReviewItem struct {
	Complaint string           `json:"complaint"`
	Reference string           `json:"reference"`
	Shop      string           `json:"shop"`
	State     complaint.State  `json:"state"`
	Review    complaint.Review `json:"review"`
}

// apiListReviews answers GET /api/v1/reviews?limit=: the complaints with
// a pending review, oldest deadline first (a work queue: no cursor).
func (h *Handler) apiListReviews(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	p, _ := callerOf(r).principal()
	if !h.reviewsOn() {
		h.writeError(w, r, errReviewsOff("http.listReviews"))
		return
	}
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, fairshops.MaxLimit)
	if !ok {
		return
	}
	list, err := h.complaints.Reviews(r.Context(), p, int(limit))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiReviewItem, len(list))
	for i, c := range list {
		rv, _ := c.PendingReview()
		items[i] = apiReviewItem{Complaint: c.ID, Reference: c.Reference, Shop: c.ShopID, State: c.State, Review: rv}
	}
	writeJSON(w, http.StatusOK, apiPage[apiReviewItem]{Items: items})
}

// apiRequestReview answers POST /api/v1/complaints/{id}/review
// {"reason"}: the consumer asks for a human review of the pre-check (403
// for anyone else, 409 when reviews are not offered, the complaint has no
// pre-check or its pre-check was already reviewed).
func (h *Handler) apiRequestReview(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	if !h.reviewsOn() {
		h.writeError(w, r, errReviewsOff("http.requestReview"))
		return
	}
	o, ok := h.apiJsonBody(w, r, lang, true)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "reason")
	reason := o.Str(&pr, "reason", false)
	if h.apiDecodeFailed(w, r, &pr, "http.requestReview") {
		return
	}
	got, err := h.complaints.RequestReview(r.Context(), p, r.PathValue("id"), reason)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, h.apiComplaintOut(got, lang))
}

// apiAnswerReview answers POST /api/v1/complaints/{id}/review/answer
// {"outcome", "text"}: the operator answers the pending review (409 when
// none is pending).
func (h *Handler) apiAnswerReview(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	p, _ := callerOf(r).principal()
	if !h.reviewsOn() {
		h.writeError(w, r, errReviewsOff("http.answerReview"))
		return
	}
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "outcome", "text")
	outcome := o.Str(&pr, "outcome", true)
	text := o.Str(&pr, "text", false)
	if h.apiDecodeFailed(w, r, &pr, "http.answerReview") {
		return
	}
	got, err := h.complaints.AnswerReview(r.Context(), p, r.PathValue("id"),
		complaint.ReviewAnswer{Outcome: complaint.ReviewOutcome(outcome), Text: text})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.apiComplaintOut(got, lang))
}
