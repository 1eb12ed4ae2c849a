package fairshops

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time or a zone: the unit of every legal
// period (BGB §187 ff.) and of booking periods. The zero Date is "no date".
// Dates are compared and stored as days since 1970-01-01, so they are cheap
// to copy and compare.
type Date struct {
	// days since 0001-01-01 plus one, so that the zero value means "none".
	d int32
}

// dayShift is the d of 1970-01-01: 0001-01-01 is 719162 days before it.
const dayShift = 719163

// Berlin is the time zone in which dates of the service are read by default
// (the shop's place of business). It falls back to UTC when the system has
// no zone database; the binary embeds one through time/tzdata in examples.
func Berlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}

// NewDate returns the date year-month-day; out-of-range values normalise as
// in time.Date (Feb 30 becomes Mar 1 or 2).
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date{d: int32(t.Unix()/86400) + dayShift}
}

// DateOf returns the calendar date of t in loc (in t's own location when loc is nil).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads a date in the form YYYY-MM-DD and rejects anything else,
// including dates that do not exist (2025-02-29).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
	}
	if t.Year() < 1 {
		return Date{}, fmt.Errorf("date %q: year out of range: %w", s, ErrInvalid)
	}
	return DateOf(t, nil), nil
}

// MustDate is ParseDate for constants in tests and examples; it panics on a
// malformed literal.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.d == 0 }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d.d-dayShift)*86400, 0).UTC() }

// In returns the start of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	y, m, day := d.Parts()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// Parts returns year, month and day.
func (d Date) Parts() (int, time.Month, int) { return d.Time().Date() }

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Parts(); return y }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday((int(d.d-dayShift)%7 + 7 + int(time.Thursday)) % 7)
}

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{d: d.d + int32(n)} }

// AddMonths returns the date n months after d with the month-end rule of
// BGB §188(3): when the target month has no such day, the period ends on that
// month's last day (Jan 31 + 1 month = Feb 28 or 29).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Parts()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// AddYears returns the date n years after d, with Feb 29 becoming Feb 28 in a
// common year (BGB §188(3)).
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// DaysUntil returns the number of days from d to other (negative when other is earlier).
func (d Date) DaysUntil(other Date) int { return int(other.d - d.d) }

// Before reports whether d is before other.
func (d Date) Before(other Date) bool { return d.d < other.d }

// After reports whether d is after other.
func (d Date) After(other Date) bool { return d.d > other.d }

// Compare returns -1, 0 or +1 as d is before, equal to or after other.
func (d Date) Compare(other Date) int {
	switch {
	case d.d < other.d:
		return -1
	case d.d > other.d:
		return 1
	}
	return 0
}

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText encodes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes YYYY-MM-DD; an empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Equal reports whether d and other are the same date (go-cmp uses it).
func (d Date) Equal(other Date) bool { return d.d == other.d }
