package complaint

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// A human review of the automated pre-check (the revised ADR Directive
// (EU) 2025/2647; docs/adr-adr-directive.md): with Config.ADRDirective the
// consumer may ask that a person reviews the rule-based pre-check the
// complaint stands on (RequestReview). The request is recorded with a
// deadline of ReviewWorkingDays working days of the operator's calendar
// (Config.State), comes up in the operator's list of open reviews
// (Reviews, oldest deadline first) and, once the deadline passed without
// an answer, as overdue (ProcessDue, EventReviewOverdue, once). The
// operator answers (AnswerReview): the automated answer is confirmed, or
// corrected with a text; a correction of the findings themselves goes
// through the re-check (ApplyRecheck), which records a new pre-check, for
// which the consumer may ask again. One request per pre-check result:
// the same automated answer is reviewed once.

// Event types of the review.
const (
	// EventReviewRequested: the consumer asked for a human review of the
	// pre-check; for the operator, who answers it.
	EventReviewRequested = "complaint.review_requested"
	// EventReviewAnswered: the operator answered the review; for the
	// consumer.
	EventReviewAnswered = "complaint.review_answered"
	// EventReviewOverdue: the review's deadline passed without an answer
	// (ProcessDue); for the operator.
	EventReviewOverdue = "complaint.review_overdue"
)

// History actions of the review.
const (
	ActionReviewRequested = "review_requested"
	ActionReviewAnswered  = "review_answered"
	ActionReviewOverdue   = "review_overdue"
)

// ReviewWorkingDays is the operator's time to answer a review: working
// days of Config.State (Saturdays, Sundays and public holidays not
// counted) from the day of the request.
const ReviewWorkingDays = 10

// MaxReviewText bounds the consumer's reason and the operator's answer
// (runes).
const MaxReviewText = 2000

// Errors of the review, wrapped in a *fairshops.Error of kind NotAllowed
// (match them with errors.Is).
var (
	// ErrReviewsOff: the service runs without Config.ADRDirective.
	ErrReviewsOff = errors.New("human review of the pre-check is not offered")
	// ErrNoPrecheck: the complaint has no pre-check to review.
	ErrNoPrecheck = errors.New("the complaint has no pre-check")
	// ErrReviewTaken: the pre-check the complaint stands on was already
	// reviewed or its review is pending.
	ErrReviewTaken = errors.New("a review of this pre-check was already requested")
	// ErrNoOpenReview: there is no pending review to answer.
	ErrNoOpenReview = errors.New("no review is pending")
)

// ReviewOutcome is the operator's answer to a review.
type ReviewOutcome string

// The outcomes of a review.
const (
	// ReviewConfirmed: a person checked the automated answer and it stands.
	ReviewConfirmed ReviewOutcome = "confirmed"
	// ReviewCorrected: a person found the automated answer wrong in some
	// part; the answer's text says what is right.
	ReviewCorrected ReviewOutcome = "corrected"
)

// Valid reports whether o is a known outcome.
func (o ReviewOutcome) Valid() bool { return o == ReviewConfirmed || o == ReviewCorrected }

// Review is a consumer's request for a human review of a pre-check and,
// once given, the operator's answer.
type Review struct {
	// Precheck is the pre-check result reviewed: 0 the filed one, n the
	// result of the n-th recorded re-check (Complaint.Rechecks).
	Precheck    int            `json:"precheck"`
	RequestedAt time.Time      `json:"requested_at"`
	Reason      string         `json:"reason,omitempty"` // the consumer's words; may be empty
	Due         fairshops.Date `json:"due"`              // the last day of the operator's answer period
	// Overdue records that Due passed without an answer and that the
	// review_overdue event was written.
	Overdue bool `json:"overdue,omitempty"`
	// The answer: zero AnsweredAt while the review is pending.
	AnsweredAt time.Time     `json:"answered_at,omitzero"`
	By         string        `json:"by,omitempty"` // the operator's name
	Outcome    ReviewOutcome `json:"outcome,omitempty"`
	Answer     string        `json:"answer,omitempty"`
}

// Pending reports whether the review waits for the operator's answer.
func (r Review) Pending() bool { return r.AnsweredAt.IsZero() }

// ReviewAnswer is what the operator answers to a review.
type ReviewAnswer struct {
	Outcome ReviewOutcome
	// Text explains the answer to the consumer: required when the
	// outcome is corrected, optional when confirmed.
	Text string
}

// Validate reports every wrong field at once (fields "outcome", "text").
func (a ReviewAnswer) Validate() error {
	var p fairshops.Problems
	switch {
	case a.Outcome == "":
		p.Add("outcome", fairshops.ReasonRequired)
	case !a.Outcome.Valid():
		p.Add("outcome", fairshops.ReasonUnknownValue, string(a.Outcome))
	}
	checkText(&p, "text", a.Text, MaxReviewText, a.Outcome == ReviewCorrected, true)
	return p.Err("complaint.ReviewAnswer")
}

// precheckIndex is the index of the pre-check the complaint stands on, as
// Review.Precheck counts.
func (c *Complaint) precheckIndex() int { return len(c.Rechecks) }

// HasPrecheck reports whether the complaint has a pre-check result.
func (c *Complaint) HasPrecheck() bool { return c.CurrentPrecheck().Clarity != "" }

// CurrentReview returns the review of the pre-check the complaint stands
// on, pending or answered; ok is false when none was requested.
func (c *Complaint) CurrentReview() (r Review, ok bool) {
	if n := len(c.Reviews); n > 0 && c.Reviews[n-1].Precheck == c.precheckIndex() {
		return c.Reviews[n-1], true
	}
	return Review{}, false
}

// PendingReview returns the review that waits for the operator's answer;
// ok is false when none does.
func (c *Complaint) PendingReview() (r Review, ok bool) {
	if n := len(c.Reviews); n > 0 && c.Reviews[n-1].Pending() {
		return c.Reviews[n-1], true
	}
	return Review{}, false
}

// CanRequestReview reports whether the consumer may ask for a review now:
// the complaint has a pre-check, none is pending, and the pre-check it
// stands on was not reviewed yet. (Whether the service offers reviews at
// all is Config.ADRDirective; Service.ReviewsOffered.)
func (c *Complaint) CanRequestReview() bool {
	return c.reviewRefusal() == nil
}

func (c *Complaint) reviewRefusal() error {
	if !c.HasPrecheck() {
		return ErrNoPrecheck
	}
	if _, ok := c.PendingReview(); ok {
		return ErrReviewTaken
	}
	if _, ok := c.CurrentReview(); ok {
		return ErrReviewTaken
	}
	if _, erased := c.ErasedAt(); erased {
		return ErrNoPrecheck // nothing left to talk about with the person
	}
	return nil
}

// reviewTimer is the day the review's timer fires: the day after its
// deadline while it is pending and not yet overdue; zero otherwise.
func (c *Complaint) reviewTimer() fairshops.Date {
	if r, ok := c.PendingReview(); ok && !r.Overdue && !r.Due.IsZero() {
		return r.Due.AddDays(1)
	}
	return fairshops.Date{}
}

// ReviewDue returns the last day of the operator's answer period for a
// review requested on the day on: ReviewWorkingDays working days in s.
func ReviewDue(on fairshops.Date, s calendar.State) fairshops.Date {
	return calendar.AddWorkingDays(on, ReviewWorkingDays, s)
}

// ReviewsOffered reports whether the service offers the human review
// (Config.ADRDirective).
func (s *Service) ReviewsOffered() bool { return s.directive }

// RequestReview records the consumer's request for a human review of the
// pre-check the complaint stands on, with an optional reason (at most
// MaxReviewText characters, plain text): a history entry, the deadline
// (ReviewDue from today) and the event complaint.review_requested for the
// operator. Only the consumer asks (Forbidden for anyone else); without
// Config.ADRDirective, for a complaint without a pre-check, and when the
// pre-check was already reviewed or its review is pending, the request is
// NotAllowed (ErrReviewsOff, ErrNoPrecheck, ErrReviewTaken). Requests are
// allowed in every state: the right to a review does not end with the
// complaint.
func (s *Service) RequestReview(ctx context.Context, p fairshops.Principal, id, reason string) (*Complaint, error) {
	const op = "complaint.Service.RequestReview"
	if p.Role != fairshops.RoleConsumer {
		return nil, fairshops.E(op, fairshops.Forbidden, id, "only the consumer asks for a review", nil)
	}
	if !s.directive {
		return nil, fairshops.E(op, fairshops.NotAllowed, id, "", ErrReviewsOff)
	}
	var pr fairshops.Problems
	checkText(&pr, "reason", reason, MaxReviewText, false, true)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, today fairshops.Date) error {
		c := ch.c
		if err := c.reviewRefusal(); err != nil {
			return fairshops.E("", fairshops.NotAllowed, "", "", err)
		}
		r := Review{Precheck: c.precheckIndex(), RequestedAt: ch.at, Reason: reason, Due: ReviewDue(today, s.d.state)}
		c.Reviews = append(c.Reviews, r)
		c.NextDue = c.Timer()
		c.record(ch.at, p.Actor(), ActionReviewRequested, "review due "+r.Due.String())
		return ch.emit(EventReviewRequested, toOperator, func(d *EventData) { d.ReviewDue = r.Due })
	})
}

// AnswerReview records the operator's answer to the pending review
// (operator only; NotAllowed with ErrNoOpenReview when none is pending):
// the outcome, the text (required for a correction), a history entry and
// the event complaint.review_answered for the consumer. A correction of
// the findings themselves is the re-check's (ApplyRecheck); the answer
// tells the consumer what a person found.
func (s *Service) AnswerReview(ctx context.Context, p fairshops.Principal, id string, a ReviewAnswer) (*Complaint, error) {
	const op = "complaint.Service.AnswerReview"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, _ fairshops.Date) error {
		c := ch.c
		r, ok := c.PendingReview()
		if !ok {
			return fairshops.E("", fairshops.NotAllowed, "", "", ErrNoOpenReview)
		}
		r.AnsweredAt, r.By, r.Outcome, r.Answer = ch.at, p.Name, a.Outcome, a.Text
		c.Reviews[len(c.Reviews)-1] = r
		c.NextDue = c.Timer()
		c.record(ch.at, p.Actor(), ActionReviewAnswered, "outcome "+string(a.Outcome))
		return ch.emit(EventReviewAnswered, toConsumer, func(d *EventData) { d.Reason = string(a.Outcome) })
	})
}

// Reviews returns the complaints with a pending review, oldest deadline
// first, at most limit (fairshops.PageLimit) of them: the operator's work
// queue (operator only).
func (s *Service) Reviews(ctx context.Context, p fairshops.Principal, limit int) ([]*Complaint, error) {
	const op = "complaint.Service.Reviews"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	list, err := s.store.Reviews(ctx, fairshops.PageLimit(limit))
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	for i, c := range list {
		list[i] = outwardFor(p, c)
	}
	return list, nil
}

// tickReview marks the pending review of c overdue once its deadline
// passed; it reports whether it did.
func (ch *change) tickReview(today fairshops.Date) (bool, error) {
	c := ch.c
	r, ok := c.PendingReview()
	if !ok || r.Overdue || r.Due.IsZero() || !today.After(r.Due) {
		return false, nil
	}
	r.Overdue = true
	c.Reviews[len(c.Reviews)-1] = r
	c.record(ch.at, fairshops.Actor{Role: fairshops.RoleSystem}, ActionReviewOverdue, "review was due "+r.Due.String())
	return true, ch.emit(EventReviewOverdue, toOperator, func(d *EventData) { d.ReviewDue = r.Due })
}

// ReviewPending reports whether c has a pending review, as Store.Reviews
// selects; ReviewLess is its order (the review's deadline, then the ID).
func ReviewPending(c *Complaint) bool { _, ok := c.PendingReview(); return ok }

// ReviewLess reports whether a comes before b in the order of Store.Reviews.
func ReviewLess(a, b *Complaint) bool {
	ra, _ := a.PendingReview()
	rb, _ := b.PendingReview()
	if c := ra.Due.Compare(rb.Due); c != 0 {
		return c < 0
	}
	return a.ID < b.ID
}

func cloneReviews(rs []Review) []Review { return slices.Clone(rs) }
