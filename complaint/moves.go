package complaint

import (
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// MoveMessage names adding a message in a *MoveError. It is no lifecycle
// move (it is not in Transitions), except that a shop's first message on a
// forwarded complaint is its answer (MoveAnswer).
const MoveMessage Move = "message"

// Deadlines are the timers of a forwarded complaint.
type deadlines struct {
	answerDays   int            // the shop's answer period in days
	reminderDays int            // remind this many days before the end; <= 0: never
	state        calendar.State // whose public holidays end a period (BGB §193)
}

// start sets the answer period of a complaint forwarded on the day on.
// The period is a period of days from the forwarding (BGB §187(1), §188(1),
// §193: calendar.End); the reminder is due reminderDays calendar days
// before its last day, and none is planned when that day would not come
// after the forwarding.
func (d deadlines) start(c *Complaint, on fairshops.Date) {
	c.AnswerDue = calendar.End(on, calendar.Days(d.answerDays), d.state)
	c.ReminderOn = fairshops.Date{}
	if d.reminderDays > 0 {
		if r := c.AnswerDue.AddDays(-d.reminderDays); r.After(on) {
			c.ReminderOn = r
		}
	}
	c.Reminded, c.DeadlineMissed = false, false
}

// Timer returns the day the complaint's next timer fires: the reminder while
// it is planned and not sent, then the day after the answer deadline until
// the deadline_missed event was sent; while the clock is paused (clock.go),
// the day it runs again without an answer; zero when no timer runs (the shop
// answered, the complaint is not forwarded or is final, or it only voices
// displeasure). A pending review of the pre-check (review.go) adds its own
// timer, the day after its deadline until review_overdue was sent: Timer is
// the earlier of the two. The Service stores it as NextDue after every change.
func (c *Complaint) Timer() fairshops.Date {
	answer, review := c.answerTimer(), c.reviewTimer()
	switch {
	case answer.IsZero():
		return review
	case review.IsZero() || answer.Before(review):
		return answer
	}
	return review
}

// answerTimer is the timer of the shop's answer period (Timer without the
// review's).
func (c *Complaint) answerTimer() fairshops.Date {
	if c.State != Forwarded || c.AnswerDue.IsZero() || c.DeadlineMissed {
		return fairshops.Date{}
	}
	if c.Clock.Paused() {
		return c.Clock.ResumeBy
	}
	if !c.ReminderOn.IsZero() && !c.Reminded {
		return c.ReminderOn
	}
	return c.AnswerDue.AddDays(1)
}

// moveEvent returns the event type of a move, the recipient hint and, for
// the moves that close a complaint, the reason of the closed event.
func moveEvent(m Move) (typ, to, reason string) {
	switch m {
	case MoveCheck:
		return EventChecked, toOperator, ""
	case MoveForward:
		return EventForwarded, toShop, ""
	case MoveAnswer:
		return EventAnswered, toConsumer, ""
	case MoveResolve:
		return EventResolved, toShop, ""
	case MoveWithdraw:
		return EventWithdrawn, toShop, ""
	case MoveEscalate:
		return EventEscalated, toOperator, ""
	case MoveCloseDeadlineMissed:
		return EventClosed, toShop, "deadline_missed"
	case MoveConfirmDispleasure:
		return EventClosed, toConsumer, "displeasure_confirmed"
	}
	return "", "", ""
}

// move applies the lifecycle move m by who on the day today: the table
// (Next), then the rules that depend on the complaint itself, then the
// effects, a history entry and the event. On error the complaint is
// unchanged.
func (ch *change) move(m Move, who fairshops.Actor, today fairshops.Date, d deadlines, detail string) error {
	c := ch.c
	next, err := Next(c.State, m, who.Role)
	if err != nil {
		return err
	}
	switch {
	case c.Displeasure() && (m == MoveAnswer || m == MoveResolve || m == MoveEscalate || m == MoveCloseDeadlineMissed):
		return refuse(fairshops.NotAllowed, c.State, m, who.Role,
			"a complaint that only voices displeasure is forwarded and confirmed, nothing more")
	case !c.Displeasure() && m == MoveConfirmDispleasure:
		return refuse(fairshops.NotAllowed, c.State, m, who.Role, "the complaint voices more than displeasure")
	case m == MoveCloseDeadlineMissed && (c.AnswerDue.IsZero() || !today.After(c.AnswerDue)):
		return refuse(fairshops.NotAllowed, c.State, m, who.Role,
			"the shop's answer period runs until "+c.AnswerDue.String())
	}
	if c.Clock.Paused() && next != Forwarded {
		// The complaint no longer waits on the shop: the pause ends with it.
		if err := ch.resume(who, today, ResumeEnded, d); err != nil {
			return err
		}
	}
	c.State = next
	if m == MoveForward {
		c.ForwardedOn = today
		if !c.Displeasure() {
			d.start(c, today)
			if detail == "" {
				detail = "answer due " + c.AnswerDue.String()
			}
		}
	}
	c.NextDue = c.Timer()
	typ, to, reason := moveEvent(m)
	if detail == "" {
		detail = reason
	}
	c.record(ch.at, who, strings.TrimPrefix(typ, "complaint."), detail)
	return ch.emit(typ, to, func(data *EventData) { data.Reason = reason })
}

// message adds a message to the thread. The consumer and the operator may
// write while the complaint is open; the shop once it was forwarded, and its
// first message on a forwarded complaint is its answer (unless the complaint
// only voices displeasure). Final complaints take no messages. The
// consumer's message answers the shop's question: a paused clock runs again.
func (ch *change) message(who fairshops.Actor, id, body string, today fairshops.Date, d deadlines) error {
	c := ch.c
	if err := ch.addMessage(who, id, body, false); err != nil {
		return err
	}
	if who.Role == fairshops.RoleConsumer && c.Clock.Paused() {
		return ch.resume(who, today, ResumeAnswered, d)
	}
	if who.Role == fairshops.RoleShop && c.State == Forwarded && !c.Displeasure() {
		return ch.move(MoveAnswer, who, today, d, id)
	}
	return nil
}

// addMessage checks who may write now and appends the message (a question
// of the shop when question is set) with its history entry and event.
func (ch *change) addMessage(who fairshops.Actor, id, body string, question bool) error {
	c := ch.c
	switch {
	case who.Role == fairshops.RoleSystem || !who.Role.Valid():
		return refuse(fairshops.Forbidden, c.State, MoveMessage, who.Role, "")
	case c.State.Final():
		return refuse(fairshops.NotAllowed, c.State, MoveMessage, who.Role, "")
	case who.Role == fairshops.RoleShop && c.ForwardedOn.IsZero():
		return refuse(fairshops.NotAllowed, c.State, MoveMessage, who.Role, "not forwarded to the shop yet")
	}
	c.Messages = append(c.Messages, Message{ID: id, Author: who.Role, Body: body, At: ch.at, Question: question})
	c.record(ch.at, who, "message_added", id)
	recipient := toShop
	switch who.Role {
	case fairshops.RoleShop:
		recipient = toConsumer
	case fairshops.RoleOperator:
		recipient = ""
	}
	return ch.emit(EventMessageAdded, recipient, func(data *EventData) {
		data.Message, data.Author = id, who.Role
	})
}

// tick fires the timers due on the day today: the deadline_missed event once
// the answer period is over without an answer, else the reminder once its
// day has come; while the clock is paused, only the resume once PauseDays
// passed without an answer. It reports whether anything fired. A reminder whose day
// passed together with the deadline is not sent any more.
func (ch *change) tick(today fairshops.Date, d deadlines) (bool, error) {
	c := ch.c
	if c.State != Forwarded || c.AnswerDue.IsZero() || c.DeadlineMissed {
		return false, nil
	}
	system := fairshops.Actor{Role: fairshops.RoleSystem}
	switch {
	case c.Clock.Paused():
		if today.Before(c.Clock.ResumeBy) {
			return false, nil
		}
		// The resume day is ResumeBy, however late the run: the
		// deadline does not depend on when the timer ran.
		return true, ch.resume(system, c.Clock.ResumeBy, ResumeNoAnswer, d)
	case today.After(c.AnswerDue):
		c.DeadlineMissed = true
		c.NextDue = c.Timer()
		c.record(ch.at, system, "deadline_missed", "answer was due "+c.AnswerDue.String())
		return true, ch.emit(EventDeadlineMissed, toConsumer, nil)
	case !c.ReminderOn.IsZero() && !c.Reminded && !today.Before(c.ReminderOn):
		c.Reminded = true
		c.NextDue = c.Timer()
		c.record(ch.at, system, "reminder", "answer due "+c.AnswerDue.String())
		return true, ch.emit(EventReminder, toShop, nil)
	}
	return false, nil
}
