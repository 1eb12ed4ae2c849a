package sqlstore

import (
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// reviewRec is a complaint.Review as stored: the reviews of a complaint
// are one JSON document (the column reviews, migration 00022), rewritten
// whole by Update; the pending review's deadline is also the column
// review_due, the key of Reviews.
type reviewRec struct {
	Precheck    int       `json:"precheck"`
	RequestedAt time.Time `json:"requested_at"`
	Reason      string    `json:"reason"`
	Due         dateRec   `json:"due"`
	Overdue     bool      `json:"overdue"`
	AnsweredAt  time.Time `json:"answered_at"`
	By          string    `json:"by"`
	Outcome     string    `json:"outcome"`
	Answer      string    `json:"answer"`
}

func reviewRecsOf(rs []complaint.Review) []reviewRec {
	out := make([]reviewRec, len(rs)) // never nil: the column's default is []
	for i, r := range rs {
		out[i] = reviewRec{Precheck: r.Precheck, RequestedAt: r.RequestedAt.UTC(), Reason: r.Reason,
			Due: dateRecOf(r.Due), Overdue: r.Overdue, AnsweredAt: r.AnsweredAt.UTC(), By: r.By,
			Outcome: string(r.Outcome), Answer: r.Answer}
	}
	return out
}

func reviewRecords(rs []reviewRec, d *decoder) []complaint.Review {
	if len(rs) == 0 {
		return nil
	}
	out := make([]complaint.Review, len(rs))
	for i, r := range rs {
		out[i] = complaint.Review{Precheck: r.Precheck, RequestedAt: r.RequestedAt.UTC(), Reason: r.Reason,
			Due: d.date(r.Due), Overdue: r.Overdue, By: r.By, Outcome: complaint.ReviewOutcome(r.Outcome), Answer: r.Answer}
		if !r.AnsweredAt.IsZero() {
			out[i].AnsweredAt = r.AnsweredAt.UTC()
		}
	}
	return out
}

// reviewDue is the value of the column review_due: the pending review's
// deadline, NULL when none is pending.
func reviewDue(c *complaint.Complaint) any {
	if r, ok := c.PendingReview(); ok {
		return dateArg(r.Due)
	}
	return dateArg(fairshops.Date{})
}
