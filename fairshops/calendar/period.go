package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Period is a legal period (Frist) counted in calendar units from an event,
// as in "14 days from receipt of the goods" or "12 months and 14 days". A
// period with several units is counted years and months first, then days:
// "12 months + 14 days" (BGB §356(3)) ends 14 days after the day on which 12
// months would end, as §189(2) BGB counts the half month of "1½ months" last.
// Years and months are added as one number of months (1 year + 1 month = 13
// months), so that the month-end rule of §188(3) applies only once.
//
// The zero Period is valid: its end is the event day itself (moved by §193
// when End is used), which is how a deadline given as a date is handled.
type Period struct {
	Years  int // calendar years (§188(2): end on the day with the event day's number)
	Months int // calendar months (same rule, §188(3) at the month end)
	Days   int // days, counted after the years and months
}

// Limits of a Period: beyond them no end fits in the four-digit years of
// fairshops.Date, and the arithmetic stays far from overflowing.
const (
	maxYears  = 9999
	maxMonths = 12 * maxYears
	maxDays   = 366 * maxYears
)

// Days returns a period of n days (§188(1): it ends at the end of the n-th
// day after the event day).
func Days(n int) Period { return Period{Days: n} }

// Weeks returns a period of n weeks, which ends on the weekday of the event
// (§188(2)), that is after 7n days.
func Weeks(n int) Period { return Period{Days: 7 * n} }

// Months returns a period of n months (§188(2), (3)).
func Months(n int) Period { return Period{Months: n} }

// Years returns a period of n years (§188(2), (3)).
func Years(n int) Period { return Period{Years: n} }

// Plus returns the period p followed by q, unit by unit:
// Months(12).Plus(Days(14)) is 12 months + 14 days.
func (p Period) Plus(q Period) Period {
	return Period{Years: p.Years + q.Years, Months: p.Months + q.Months, Days: p.Days + q.Days}
}

// IsZero reports whether p has no years, months or days.
func (p Period) IsZero() bool { return p == Period{} }

// String returns p as an ISO 8601 duration: "P14D", "P12M14D", "P2Y"; the
// zero Period is "P0D".
func (p Period) String() string {
	if p.IsZero() {
		return "P0D"
	}
	var b strings.Builder
	b.WriteByte('P')
	for _, u := range []struct {
		n    int
		unit byte
	}{{p.Years, 'Y'}, {p.Months, 'M'}, {p.Days, 'D'}} {
		if u.n != 0 {
			fmt.Fprintf(&b, "%d%c", u.n, u.unit)
		}
	}
	return b.String()
}

// Check reports whether p can be used: no unit may be negative, and none
// larger than 9999 years in its unit. The error is a
// *fairshops.ValidationError naming every wrong field ("years", "months",
// "days"), so a caller can merge it under its own field name.
func (p Period) Check() error {
	var pr fairshops.Problems
	p.check(&pr, "")
	return pr.Err("calendar.Period.Check")
}

func (p Period) check(pr *fairshops.Problems, prefix string) {
	for _, u := range []struct {
		field  string
		n, max int
	}{{"years", p.Years, maxYears}, {"months", p.Months, maxMonths}, {"days", p.Days, maxDays}} {
		switch {
		case u.n < 0:
			pr.Add(prefix+u.field, fairshops.ReasonNegative)
		case u.n > u.max:
			pr.Add(prefix+u.field, fairshops.ReasonTooLarge, u.max)
		}
	}
}

// The dates End accepts and returns: fairshops.Date cannot tell 1969-12-31
// from "no date", and writes four-digit years only.
func minDate() fairshops.Date { return fairshops.NewDate(1970, time.January, 1) }
func maxDate() fairshops.Date { return fairshops.NewDate(lastYear, time.December, 31) }

// EndWithout193E returns the last day of the period p that starts with the
// event on the day event, without BGB §193: the event day is not counted
// (§187(1)); a period of days ends at the end of its last day (§188(1)); a
// period of months or years ends on the day with the same number as the event
// day, or on the last day of the month when that month has no such day
// (§188(2), (3)). Use it where §193 does not apply or where the caller
// applies it itself (the limitation of warranty claims is such a period;
// whether §193 applies is the caller's decision).
//
// The event must lie between 1970-01-01 and 9999-12-31, p must pass Check,
// and the end may not pass 9999-12-31; otherwise the error is a
// *fairshops.ValidationError listing every wrong field ("event",
// "period.years", "period.months", "period.days", "period").
func EndWithout193E(event fairshops.Date, p Period) (fairshops.Date, error) {
	return end("calendar.EndWithout193", event, p, National, false)
}

// end checks every input at once, then counts the period and, with
// apply193, moves its last day to a working day in s.
func end(op string, event fairshops.Date, p Period, s State, apply193 bool) (fairshops.Date, error) {
	var pr fairshops.Problems
	switch {
	case event.IsZero():
		pr.Add("event", fairshops.ReasonRequired)
	case event.Before(minDate()):
		pr.Add("event", fairshops.ReasonBefore, minDate().String())
	case event.After(maxDate()):
		pr.Add("event", fairshops.ReasonAfter, maxDate().String())
	}
	p.check(&pr, "period.")
	if !s.Valid() {
		pr.Add("state", fairshops.ReasonUnknownValue, s.String())
	}
	if err := pr.Err(op); err != nil {
		return fairshops.Date{}, err
	}
	last := event.AddMonths(12*p.Years + p.Months).AddDays(p.Days)
	if apply193 {
		last = MoveToWorkingDay(last, s)
	}
	if last.After(maxDate()) {
		pr.Add("period", fairshops.ReasonTooLarge, maxDate().String())
		return fairshops.Date{}, pr.Err(op)
	}
	return last, nil
}

// EndWithout193 is EndWithout193E for inputs the caller has checked: it
// returns the zero Date wherever EndWithout193E returns an error.
func EndWithout193(event fairshops.Date, p Period) fairshops.Date {
	end, _ := EndWithout193E(event, p)
	return end
}

// EndE returns the last day of the period p that starts with the event on
// the day event, for a declaration or performance at a place in s: the end of
// EndWithout193E, moved to the next working day when it falls on a Saturday,
// a Sunday or a public holiday observed state-wide in s (BGB §193). The period
// still runs until the end (midnight) of that day.
//
// The errors are those of EndWithout193E, plus "state" when s is not Valid,
// all in one *fairshops.ValidationError (errors.Is(err, fairshops.ErrInvalid)
// holds).
func EndE(event fairshops.Date, p Period, s State) (fairshops.Date, error) {
	return end("calendar.End", event, p, s, true)
}

// End is EndE for inputs the caller has checked (a parsed date, a constant
// period, a parsed State): it returns the zero Date wherever EndE returns an
// error, never panics.
func End(event fairshops.Date, p Period, s State) fairshops.Date {
	end, _ := EndE(event, p, s)
	return end
}

// MoveToWorkingDay returns d when it is a working day in s, else the next
// working day: §193 BGB for a declaration or performance due on a fixed date
// ("an einem bestimmten Tage") rather than at the end of a period. The zero
// Date stays the zero Date.
func MoveToWorkingDay(d fairshops.Date, s State) fairshops.Date {
	if d.IsZero() {
		return d
	}
	for !IsWorkingDay(d, s) {
		d = d.AddDays(1)
	}
	return d
}

// MaxWorkingDays is the largest count AddWorkingDays accepts (about 40 years).
const MaxWorkingDays = 10_000

// AddWorkingDays returns the n-th working day in s after d, d itself not
// counted (as §187(1) does not count the event day): for "20 working days"
// timers. A negative n counts back to the n-th working day before d; n = 0
// returns d as it is, working day or not.
//
// It returns the zero Date when d is the zero Date, when |n| exceeds
// MaxWorkingDays, or when the count would leave 1970-01-01..9999-12-31.
// Unlike End it treats a State that is not Valid as National.
func AddWorkingDays(d fairshops.Date, n int, s State) fairshops.Date {
	if d.IsZero() || n > MaxWorkingDays || n < -MaxWorkingDays {
		return fairshops.Date{}
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	lo, hi := minDate(), maxDate()
	for n > 0 {
		d = d.AddDays(step)
		if d.Before(lo) || d.After(hi) {
			return fairshops.Date{}
		}
		if IsWorkingDay(d, s) {
			n--
		}
	}
	return d
}
