package http

import (
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// clockView is the shop's answer clock as the complaint pages show it (the
// "clock" template in _clock.html): while the shop's question waits on the
// consumer, since when, the days the shop gets back and the latest day the
// period can end; and the days paused in all (docs/adr-paused-clocks.md).
type clockView struct {
	Paused     bool
	Since      fairshops.Date // the day of the question
	ResumeBy   fairshops.Date // the clock runs again on this day without an answer
	RestDays   int            // the days the shop gets back from the answer on
	Latest     fairshops.Date // the period's end when the consumer does not answer
	PausedDays int            // days paused in all, up to today
	PausesLeft int
	// Ask: the shop's question would pause the clock today (the shop's
	// message form offers it); on a case, the moderator's question.
	Ask bool
	// Prefix goes before the element IDs ("case-" for a case's clock, so
	// that a page can show a complaint's and a case's clock).
	Prefix string
	// Case: the moderator's deadline of a mediation case
	// (web_case_questions.go), not the shop's answer period.
	Case bool
}

// newClockView is the clock of c as of today; a complaint that no longer
// waits on the shop shows only the days it was paused.
func newClockView(c *complaint.Complaint, today fairshops.Date) clockView {
	k := c.Clock
	v := clockView{PausedDays: k.PausedDaysOn(today), PausesLeft: k.PausesLeft(), Ask: c.CanPause(today)}
	if k.Paused() && c.State == complaint.Forwarded {
		v.Paused, v.Since, v.ResumeBy, v.RestDays, v.Latest = true, k.PausedOn, k.ResumeBy, k.RestDays, c.AnswerDue
	}
	return v
}
