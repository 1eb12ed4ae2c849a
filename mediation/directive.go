package mediation

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The revised ADR Directive (Directive (EU) 2025/2647 amending Directive
// 2013/11/EU; docs/adr-adr-directive.md) asks the trader to say within 20
// working days whether it takes part in a procedure, and lets silence count
// as a refusal. With Config.ADRDirective a case the shop decides on
// (mode shop_discretion) gets that deadline, counted in working days of the
// shop's registered seat, and the shop's silence declines it with
// ReasonNoReply (the consumer is told by mediation.declined). Without the
// setting the decision deadline stays a calendar period and its end
// expires the case, as before.

// DirectiveReplyWorkingDays is the trader's period to reply under the
// directive, in working days (Saturdays, Sundays and the public holidays
// of the shop's seat do not count).
const DirectiveReplyWorkingDays = 20

// ReasonNoReply: the shop did not say within DirectiveReplyWorkingDays
// whether it takes part; under the directive its silence counts as a
// refusal.
const ReasonNoReply Reason = "no_reply"

// shopSeat is the optional capability of a Shops to name a shop's
// registered seat (*fairshops.Registry has it); without it, or for a seat
// that is no known state, only the national holidays count.
type shopSeat interface {
	Shop(ctx context.Context, id string) (*fairshops.Shop, error)
}

// seatOf returns the federal state of the shop's registered seat.
func (s *Service) seatOf(ctx context.Context, shopID string) calendar.State {
	if ss, ok := s.shops.(shopSeat); ok {
		if sh, err := ss.Shop(ctx, shopID); err == nil {
			if st, err := calendar.ParseState(sh.State); err == nil {
				return st
			}
		}
	}
	return s.state
}

// DirectiveReplyBy returns the last day of the shop's reply period under
// the directive for a request made on the day requested: the 20th working
// day after it in the state seat.
func DirectiveReplyBy(requested fairshops.Date, seat calendar.State) fairshops.Date {
	return calendar.AddWorkingDays(requested, DirectiveReplyWorkingDays, seat)
}

// setDeadlineDue sets a deadline of kind k that ends on due, with the
// reminder as setDeadline plans it.
func (s *step) setDeadlineDue(k DeadlineKind, due fairshops.Date) {
	s.setDeadline(k)
	d := &s.c.Deadline
	d.Due = due
	if s.dl.ReminderDays > 0 {
		remind := due.AddDays(-s.dl.ReminderDays)
		if !remind.After(s.today) {
			remind = s.today.AddDays(1)
		}
		if remind.After(due) {
			remind = due
		}
		d.RemindOn = remind
	}
}
