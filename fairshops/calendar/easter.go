package calendar

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Years for which Easter is computed: the Gregorian calendar began in 1582,
// and fairshops.Date reads and writes four-digit years only.
const (
	firstEasterYear = 1583
	lastYear        = 9999
)

// Easter returns Easter Sunday of year in the Gregorian calendar (Western
// Easter), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), the
// exact form of Gauss's rule. For years outside 1583-9999 it returns the zero
// Date.
func Easter(year int) fairshops.Date {
	if year < firstEasterYear || year > lastYear {
		return fairshops.Date{}
	}
	m, d := easterMonthDay(year)
	return fairshops.NewDate(year, m, d)
}

// easterMonthDay is the arithmetic of Easter, kept apart so that tests can
// check it over the whole range without building dates.
func easterMonthDay(year int) (time.Month, int) {
	a := year % 19 // position in the 19-year lunar (Metonic) cycle
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30 // epact: days from Mar 21 to the paschal full moon, mod 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7 // days from the full moon to the next Sunday
	m := (a + 11*h + 22*l) / 451      // the two exceptions of Gauss's rule (Apr 26 and Apr 25)
	n := h + l - 7*m + 114
	return time.Month(n / 31), n%31 + 1
}
