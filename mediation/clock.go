package mediation

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The moderator's own deadlines (the proposal after the complete file, the
// revision) pause while the moderator waits on a party's answer to a
// question, by the rule of the complaint's answer clock
// (docs/adr-paused-clocks.md): the days left are kept and given back from
// the day of the answer with the calendar; the clock runs again on its own
// after complaint.PauseDays; at most complaint.MaxPauses pauses per case;
// a question while paused, or beyond the limit, is asked without pausing.

// Event types of the moderator's questions and clock.
const (
	EventQuestion         = "mediation.question"          // the moderator asked a party (recipient: the party)
	EventQuestionAnswered = "mediation.question_answered" // the party answered (recipient: the operator)
	EventClockPaused      = "mediation.clock_paused"      // the moderator's deadline paused (recipient: the party not asked)
	EventClockResumed     = "mediation.clock_resumed"     // it runs again (ResumeReason: complaint.Resume*; recipient: the parties)
)

// Limits of a question's text.
const MaxQuestionRunes = 2000

// ErrNoQuestion: the party has no open question to answer (NotAllowed).
var ErrNoQuestion = errors.New("no open question to this party")

// Question is the moderator's question to a party and the party's answer.
type Question struct {
	ID         string         `json:"id"` // fairshops.NewID("q")
	To         fairshops.Role `json:"to"`
	Text       string         `json:"text"`
	At         time.Time      `json:"at"`
	Answer     string         `json:"answer,omitempty"`
	AnsweredAt time.Time      `json:"answered_at,omitzero"`
	// Paused: the question paused the moderator's deadline.
	Paused bool `json:"paused,omitempty"`
}

// Open reports whether the question waits for its answer.
func (q Question) Open() bool { return q.AnsweredAt.IsZero() }

// moderatorDeadline reports whether the case waits on the moderator.
func (c *Case) moderatorDeadline() bool {
	return !c.State.Final() && (c.Deadline.Kind == DeadlineProposal || c.Deadline.Kind == DeadlineRevision)
}

// CanPause reports whether a question of the moderator on the day today
// would pause the moderator's deadline.
func (c *Case) CanPause(today fairshops.Date) bool {
	return c.moderatorDeadline() && !c.Clock.Paused() && c.Clock.PausesLeft() > 0 && !today.After(c.Deadline.Due)
}

// AskParty records the moderator's question to a party (the consumer or
// the shop; operator only). While the case waits on the moderator's
// proposal or revision and a pause is left, the question pauses that
// deadline until the party answers (AnswerQuestion), at most
// complaint.PauseDays.
func (s *Service) AskParty(ctx context.Context, p fairshops.Principal, id string, to fairshops.Role, text string) (*Case, error) {
	const op = "mediation.AskParty"
	var pr fairshops.Problems
	if to != fairshops.RoleConsumer && to != fairshops.RoleShop {
		pr.Add("to", fairshops.ReasonUnknownValue, string(to))
	}
	checkQuestionText(&pr, "text", text)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	qid := fairshops.NewID("q")
	return s.act(ctx, p, op, id, func(st *step) error { return st.ask(qid, to, text) })
}

// AnswerQuestion records a party's answer to the oldest open question to
// it; a pause that question began ends: the deadline gets its rest back
// from today.
func (s *Service) AnswerQuestion(ctx context.Context, p fairshops.Principal, id, text string) (*Case, error) {
	const op = "mediation.AnswerQuestion"
	var pr fairshops.Problems
	checkQuestionText(&pr, "text", text)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	return s.act(ctx, p, op, id, func(st *step) error { return st.answerQuestion(text) })
}

func checkQuestionText(p *fairshops.Problems, field, text string) {
	if strings.TrimSpace(text) == "" {
		p.Add(field, fairshops.ReasonRequired)
		return
	}
	for _, fe := range precheck.TextProblems(text, MaxQuestionRunes) {
		p.Add(field, fe.Code, fe.Args...)
	}
}

func (s *step) ask(id string, to fairshops.Role, text string) error {
	c := s.c
	switch {
	case s.who.Role != fairshops.RoleOperator:
		return s.err("AskParty", fairshops.Forbidden, errors.New("only the moderator asks"))
	case c.State.Final():
		return s.err("AskParty", fairshops.NotAllowed, errors.New("the case has ended"))
	}
	pause := c.CanPause(s.today)
	c.Questions = append(c.Questions, Question{ID: id, To: to, Text: text, At: s.at.UTC(), Paused: pause})
	c.record(s.at, s.who, "question", "question="+id+" to="+string(to))
	if !pause {
		s.emit(EventQuestion, string(to), func(d *EventData) { d.Party = to })
		return nil
	}
	k := &c.Clock
	k.PausedOn, k.Question = s.today, id
	k.RestDays = max(s.today.DaysUntil(c.Deadline.Due), 0)
	k.ResumeBy = s.today.AddDays(complaint.PauseDays)
	k.Pauses++
	c.Deadline.Due = calendar.End(k.ResumeBy, calendar.Days(k.RestDays), s.state)
	c.record(s.at, s.who, "clock_paused", "question="+id)
	// The asked party hears of the question with the pause (its mail says
	// the deadline waits on its answer, at the latest until ResumeBy); the
	// other party of the pause alone (the proposal comes later). The
	// moderator, who asked, is mailed neither.
	paused := func(d *EventData) { d.Party, d.ResumeBy = to, k.ResumeBy }
	s.emit(EventQuestion, string(to), paused)
	s.emit(EventClockPaused, string(otherParty(to)), paused)
	return nil
}

func (s *step) answerQuestion(text string) error {
	c := s.c
	if s.who.Role != fairshops.RoleConsumer && s.who.Role != fairshops.RoleShop {
		return s.err("AnswerQuestion", fairshops.Forbidden, ErrNotParty)
	}
	i := slices.IndexFunc(c.Questions, func(q Question) bool { return q.To == s.who.Role && q.Open() })
	if i < 0 || c.State.Final() {
		return s.err("AnswerQuestion", fairshops.NotAllowed, ErrNoQuestion)
	}
	q := &c.Questions[i]
	q.Answer, q.AnsweredAt = text, s.at.UTC()
	c.record(s.at, s.who, "question_answered", "question="+q.ID)
	if c.Clock.Paused() && c.Clock.Question == q.ID {
		s.resumeClock(s.today, complaint.ResumeAnswered)
	}
	// Noted after the resume, so that the moderator's mail names the new
	// deadline.
	s.emit(EventQuestionAnswered, "operator", func(d *EventData) { d.Party = s.who.Role })
	return nil
}

// resumeClock starts the paused deadline again on the day on: the rest
// of the period from on (BGB §193), the reminder planned anew.
func (s *step) resumeClock(on fairshops.Date, reason string) {
	c := s.c
	k := &c.Clock
	if !k.Paused() {
		return
	}
	if on.Before(k.PausedOn) {
		on = k.PausedOn
	}
	if on.After(k.ResumeBy) { // the timer is late: the clock ran again on ResumeBy
		on = k.ResumeBy
		if reason == complaint.ResumeAnswered {
			reason = complaint.ResumeNoAnswer
		}
	}
	k.PausedDays += k.PausedOn.DaysUntil(on)
	k.PausedOn, k.Question, k.ResumeBy = fairshops.Date{}, "", fairshops.Date{}
	due := calendar.End(on, calendar.Days(k.RestDays), s.state)
	k.RestDays = 0
	if c.moderatorDeadline() {
		c.Deadline.Due = due
		if !c.Deadline.Reminded && s.dl.ReminderDays > 0 {
			remind := due.AddDays(-s.dl.ReminderDays)
			if !remind.After(on) {
				remind = on.AddDays(1)
			}
			if remind.After(due) {
				remind = due
			}
			c.Deadline.RemindOn = remind
		}
	}
	c.record(s.at, s.who, "clock_resumed", "reason="+reason)
	// The parties wait on the moderator's proposal: both hear of the new
	// deadline. A pause that a new deadline ended (the proposal sent) is
	// told by that move's own event: no recipient.
	to := "parties"
	if reason == complaint.ResumeEnded {
		to = ""
	}
	s.emit(EventClockResumed, to, func(d *EventData) { d.PausedDays, d.ResumeReason = k.PausedDays, reason })
}
