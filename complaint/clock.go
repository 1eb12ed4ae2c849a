package complaint

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The shop's answer clock pauses while the shop waits on the consumer
// (docs/adr-paused-clocks.md): a question of the shop (Service.Ask) on a
// forwarded complaint stops the answer period and keeps the days that were
// left; the consumer's next message starts it again, and the shop gets
// exactly those days back, counted from the day of the answer with the
// calendar (BGB §193 in Config.State). A consumer who does not answer
// within PauseDays lets the clock run again on its own (ProcessDue), and a
// shop pauses at most MaxPauses times per complaint: later questions are
// messages like any other, and the clock keeps running.

// Limits of pausing.
const (
	// MaxPauses is how often the shop may pause its answer period on one
	// complaint. Two allow a question and one follow-up on an unclear
	// answer; more would let a shop stretch a 7-day period into months.
	MaxPauses = 2
	// PauseDays is how long a question keeps the clock stopped at most: on
	// the PauseDays-th day after the question it runs again without an
	// answer.
	PauseDays = 14
)

// Reasons a paused clock runs again (EventData.Reason of clock_resumed).
const (
	ResumeAnswered = "consumer_answered" // the consumer answered the question
	ResumeNoAnswer = "no_answer"         // PauseDays passed without an answer
	ResumeEnded    = "ended"             // the complaint left "forwarded" (answer, withdrawal, ...)
)

// MoveAsk names asking a question in a *MoveError. It is no lifecycle move.
const MoveAsk Move = "ask"

// Clock is the state of the shop's answer clock: whether it is paused, and
// how much it was paused. The zero Clock runs and was never paused.
type Clock struct {
	// PausedOn is the day the running pause began (the day of the
	// question); zero while the clock runs.
	PausedOn fairshops.Date `json:"paused_on,omitzero"`
	// Question is the ID of the message that paused the clock.
	Question string `json:"question,omitempty"`
	// RestDays are the days of the answer period left after PausedOn:
	// the days the shop gets back when the clock runs again.
	RestDays int `json:"rest_days,omitempty"`
	// ResumeBy is the day the clock runs again without an answer
	// (PausedOn + PauseDays).
	ResumeBy fairshops.Date `json:"resume_by,omitzero"`
	// Pauses counts the pauses so far, the running one included.
	Pauses int `json:"pauses,omitempty"`
	// PausedDays are the days of the pauses that ended (from the question
	// to the day the clock ran again).
	PausedDays int `json:"paused_days,omitempty"`
}

// Paused reports whether the clock is stopped.
func (k Clock) Paused() bool { return !k.PausedOn.IsZero() }

// PausedDaysOn returns the days the clock was paused up to today: the ended
// pauses and the running one.
func (k Clock) PausedDaysOn(today fairshops.Date) int {
	n := k.PausedDays
	if k.Paused() && today.After(k.PausedOn) {
		n += k.PausedOn.DaysUntil(today)
	}
	return n
}

// PausesLeft returns how many more pauses the shop may make.
func (k Clock) PausesLeft() int { return max(MaxPauses-k.Pauses, 0) }

// CanPause reports whether a question of the shop on the day today would
// pause the clock of c: the complaint waits on the shop's answer, the
// clock runs, the answer period has not ended and a pause is left.
func (c *Complaint) CanPause(today fairshops.Date) bool {
	return c.State == Forwarded && !c.Displeasure() && !c.AnswerDue.IsZero() && !c.DeadlineMissed &&
		!c.Clock.Paused() && c.Clock.PausesLeft() > 0 && !today.After(c.AnswerDue)
}

// Ask adds the shop's question to the thread. A question is no answer:
// the complaint stays forwarded. When the complaint can pause
// (Complaint.CanPause), the question stops the shop's answer period until
// the consumer's next message, at most PauseDays; otherwise it is a message
// like any other and the period keeps running. Only the shop may ask
// (Forbidden for anyone else). The body is checked as in AddMessage.
func (s *Service) Ask(ctx context.Context, p fairshops.Principal, id, body string) (*Complaint, error) {
	const op = "complaint.Service.Ask"
	var pr fairshops.Problems
	checkBody(&pr, "body", body)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	msgID := fairshops.NewID("m")
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, today fairshops.Date) error {
		return ch.ask(p.Actor(), msgID, body, today, s.d)
	})
}

// ask adds the shop's question and pauses the clock when it can.
func (ch *change) ask(who fairshops.Actor, id, body string, today fairshops.Date, d deadlines) error {
	c := ch.c
	if who.Role != fairshops.RoleShop {
		return refuse(fairshops.Forbidden, c.State, MoveAsk, who.Role, "only the shop asks questions that pause its clock")
	}
	pause := c.CanPause(today)
	if err := ch.addMessage(who, id, body, true); err != nil {
		return err
	}
	if !pause {
		return nil
	}
	// The consumer hears of the question once, by the clock_paused mail
	// (who asked, until when the deadline waits): the message's event
	// keeps no recipient.
	ch.events[len(ch.events)-1].Recipient = ""
	k := &c.Clock
	k.PausedOn, k.Question = today, id
	k.RestDays = max(today.DaysUntil(c.AnswerDue), 0)
	k.ResumeBy = today.AddDays(PauseDays)
	k.Pauses++
	// While paused, AnswerDue is the latest the period can end: the day
	// it ends when the consumer does not answer. An earlier answer
	// brings it forward.
	c.AnswerDue = d.resumedDue(k.ResumeBy, k.RestDays)
	c.NextDue = c.Timer()
	c.record(ch.at, who, "clock_paused", "resume by "+k.ResumeBy.String())
	return ch.emit(EventClockPaused, toConsumer, func(data *EventData) {
		data.Message, data.PausedOn, data.ResumeBy = id, k.PausedOn, k.ResumeBy
	})
}

// resumedDue returns the last day of the answer period that runs again on
// the day on with rest days left: the rest counted as a period of days
// from on, its end moved to a working day (BGB §193).
func (d deadlines) resumedDue(on fairshops.Date, rest int) fairshops.Date {
	return calendar.End(on, calendar.Days(rest), d.state)
}

// resume starts the paused clock again on the day on: the shop gets the
// rest of its period from on, the pause's days are added up, and a reminder
// not sent yet is planned anew. The caller sets NextDue.
func (ch *change) resume(who fairshops.Actor, on fairshops.Date, reason string, d deadlines) error {
	c := ch.c
	k := &c.Clock
	if !k.Paused() {
		return nil
	}
	if on.Before(k.PausedOn) {
		on = k.PausedOn
	}
	if on.After(k.ResumeBy) {
		// The timer (ProcessDue) has not run yet: the clock ran again on
		// ResumeBy all the same, so neither the deadline nor the days
		// paused (the service figures leave them out of the answer time)
		// depend on when the timer runs.
		on = k.ResumeBy
		if reason == ResumeAnswered {
			reason = ResumeNoAnswer
		}
	}
	k.PausedDays += k.PausedOn.DaysUntil(on)
	k.PausedOn, k.Question, k.ResumeBy = fairshops.Date{}, "", fairshops.Date{}
	c.AnswerDue = d.resumedDue(on, k.RestDays)
	k.RestDays = 0
	if !c.Reminded {
		c.ReminderOn = fairshops.Date{}
		if d.reminderDays > 0 {
			if r := c.AnswerDue.AddDays(-d.reminderDays); r.After(on) {
				c.ReminderOn = r
			}
		}
	}
	c.NextDue = c.Timer()
	c.record(ch.at, who, "clock_resumed", "answer due "+c.AnswerDue.String())
	// The shop hears that its deadline runs again, with the new end; when
	// the complaint left "forwarded" (the shop's own answer, a withdrawal,
	// ...) there is no deadline to tell, and the move has its own event.
	to := toShop
	if reason == ResumeEnded {
		to = ""
	}
	return ch.emit(EventClockResumed, to, func(data *EventData) {
		data.Reason, data.PausedDays = reason, k.PausedDays
		if c.State != Forwarded {
			data.AnswerDue = fairshops.Date{}
		}
	})
}
