package carrierclaim

import (
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// DeadlineKind names a deadline of a claim.
type DeadlineKind string

// The deadlines.
const (
	// Notice is the last day to notify the carrier of the loss, damage or
	// delay (§438 HGB).
	Notice DeadlineKind = "notice"
	// Limitation is the last day before the claim is time-barred (§439 HGB).
	Limitation DeadlineKind = "limitation"
)

// Effect is what missing a deadline does.
type Effect string

// The effects.
const (
	// Presumption: the goods are presumed delivered complete and undamaged
	// (§438(1), (2) HGB); the shop may still prove otherwise.
	Presumption Effect = "presumption"
	// Expiry: the claim for delay expires (§438(3) HGB).
	Expiry Effect = "expiry"
	// Barred: the claim is time-barred (§439 HGB).
	Barred Effect = "barred"
)

// Reminder lead times: how many days before a deadline's Due the shop is
// reminded.
const (
	remindNoticeDays     = 2
	remindDelayDays      = 5
	remindLimitationDays = 30
)

// Deadline is one deadline of a claim. Due is the last day counted by
// §§187(1), 188 BGB without §193 BGB: the day the shop should act by, and
// the one its reminder is planned from. Latest is Due moved by §193 BGB to
// the next working day (national holidays, the earliest end any state
// gives); the service treats a deadline as passed only after Latest, so it
// never calls a claim lost too early (docs/adr-carrier-claims.md).
type Deadline struct {
	Kind     DeadlineKind   `json:"kind"`
	Due      fairshops.Date `json:"due"`
	Latest   fairshops.Date `json:"latest"`
	RemindOn fairshops.Date `json:"remind_on,omitzero"` // zero: no reminder (the day is past at opening, or none fits)
	Effect   Effect         `json:"effect"`
	Basis    string         `json:"basis"`
	// AtDelivery: the notice was due at delivery itself (visible damage);
	// Due and Latest are the delivery day.
	AtDelivery bool `json:"at_delivery,omitempty"`
}

// remindIn reports whether the deadline's reminder still matters in state s:
// the notice only until the carrier is notified, the limitation until the
// claim is final.
func (d Deadline) remindIn(s State) bool {
	if d.Kind == Notice {
		return s == Open
	}
	return !s.Final()
}

// Deadlines returns the deadlines of a claim for the incident with the
// event day on (the day of delivery; for Loss the day the goods should have
// been delivered), opened on the day opened (a reminder is planned only
// for a day after it: at opening the page shows every deadline): the notice deadline of §438 HGB where there is
// one (none for a total loss), then the limitation of §439 HGB (one year,
// three with reckless; the period begins at the end of the event day, so the
// event day is not counted, as §187(1) BGB counts). A wrong input is a
// *fairshops.ValidationError ("incident", "on").
func Deadlines(in Incident, on, opened fairshops.Date, reckless bool) ([]Deadline, error) {
	const op = "carrierclaim.Deadlines"
	var p fairshops.Problems
	if !in.Valid() {
		p.Add("incident", fairshops.ReasonUnknownValue, string(in), fairshops.OneOf(Incidents()))
	}
	if _, err := calendar.EndE(on, calendar.Years(3), calendar.National); err != nil {
		p.Add("on", fairshops.ReasonInvalidDate)
	}
	if err := p.Err(op); err != nil {
		return nil, err
	}
	var out []Deadline
	period := func(kind DeadlineKind, per calendar.Period, lead int, eff Effect, basis string) Deadline {
		due := calendar.EndWithout193(on, per)
		d := Deadline{Kind: kind, Due: due, Latest: calendar.End(on, per, calendar.National), Effect: eff, Basis: basis}
		if r := due.AddDays(-lead); r.After(opened) {
			d.RemindOn = r
		}
		return d
	}
	switch in {
	case VisibleDamage:
		out = append(out, Deadline{Kind: Notice, Due: on, Latest: on, Effect: Presumption,
			Basis: "HGB §438(1)", AtDelivery: true})
	case HiddenDamage:
		out = append(out, period(Notice, calendar.Days(7), remindNoticeDays, Presumption, "HGB §438(2), (4)"))
	case Delay:
		out = append(out, period(Notice, calendar.Days(21), remindDelayDays, Expiry, "HGB §438(3), (4)"))
	}
	years, basis := 1, "HGB §439(1), (2)"
	if reckless {
		years, basis = 3, "HGB §439(1) sentence 2, (2)"
	}
	out = append(out, period(Limitation, calendar.Years(years), remindLimitationDays, Barred, basis))
	return out, nil
}
