package calendar

import (
	"slices"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Holiday is a public holiday (gesetzlicher Feiertag) on a given date.
type Holiday struct {
	// ID is the stable key of the holiday, the same in every year and state
	// ("reformation_day"); APIs, tests and translations key on it.
	ID string
	// Date is the day of the holiday.
	Date fairshops.Date
	// German is the name of the holiday in German ("Reformationstag").
	German string
	// English is the name of the holiday in English ("Reformation Day").
	English string
	// National is true when the holiday is observed in every state that year.
	National bool
}

// Name returns the name of the holiday in lang (German for anything but
// English).
func (h Holiday) Name(lang fairshops.Language) string {
	if lang == fairshops.English {
		return h.English
	}
	return h.German
}

// The table begins with German unification, when the 16 states of today came
// to be. Before it the table knows no holidays (the two German states had
// different ones), so only Saturdays and Sundays are days off.
const (
	firstYear  = 1990
	firstMonth = time.October
	firstDate  = 3
)

// FirstDay returns the first day the holiday table covers: 1990-10-03, the
// day of German unification. Earlier days are never holidays here.
func FirstDay() fairshops.Date { return fairshops.NewDate(firstYear, firstMonth, firstDate) }

// beforeFirstDay reports whether the date y-m-d lies before FirstDay.
func beforeFirstDay(y int, m time.Month, d int) bool {
	return y < firstYear || y == firstYear && (m < firstMonth || m == firstMonth && d < firstDate)
}

// How a rule finds the date of its holiday in a year.
type dateKind uint8

const (
	fixedDay      dateKind = iota // the same month and day every year
	easterOffset                  // a number of days after (or before) Easter Sunday
	repentanceDay                 // Buß- und Bettag: the Wednesday before November 23
)

// A rule says on which day a holiday falls, where it is observed and in
// which years. A holiday whose places or years changed has one rule for each
// stretch; rows for the same ID never yield two different dates in a year.
type rule struct {
	id, german, english string
	kind                dateKind
	month               time.Month // fixedDay
	day                 int        // fixedDay
	offset              int        // easterOffset: days after Easter Sunday
	national            bool       // observed in every state
	states              stateSet   // observed state-wide in these states (when not national)
	partial             bool       // observed only in parts of states: never counted for §193
	from, until         int        // years, inclusive; 0 = open
}

func fixed(m time.Month, d int) rule { return rule{kind: fixedDay, month: m, day: d} }
func afterEaster(offset int) rule    { return rule{kind: easterOffset, offset: offset} }

// table returns the holidays of the German states as they are in force, in
// the order of the calendar. Sources: the Sonn- und Feiertagsgesetze of the
// states (Tag der Deutschen Einheit: Einigungsvertrag Art. 2(2)); see doc.go
// and the package tests for the published lists checked against. Built once,
// never changed.
var table = sync.OnceValue(func() []rule {
	with := func(r rule, id, german, english string, where func(*rule)) rule {
		r.id, r.german, r.english = id, german, english
		where(&r)
		return r
	}
	national := func(from, until int) func(*rule) {
		return func(r *rule) { r.national, r.from, r.until = true, from, until }
	}
	in := func(from, until int, ss ...State) func(*rule) {
		return func(r *rule) { r.states, r.from, r.until = setOf(ss...), from, until }
	}
	partly := func(ss ...State) func(*rule) {
		return func(r *rule) { r.states, r.partial = setOf(ss...), true }
	}
	const (
		newYear    = "new_year"
		epiphany   = "epiphany"
		womensDay  = "womens_day"
		liberation = "liberation_day"
		corpus     = "corpus_christi"
		assumption = "assumption_day"
		reform     = "reformation_day"
		repentance = "repentance_day"
	)
	return []rule{
		with(fixed(time.January, 1), newYear, "Neujahr", "New Year's Day", national(0, 0)),
		with(fixed(time.January, 6), epiphany, "Heilige Drei Könige", "Epiphany", in(0, 0, BW, BY, ST)),
		// Berlin since 2019 (FTG BE §1), Mecklenburg-Vorpommern since 2023 (FTG MV §2).
		with(fixed(time.March, 8), womensDay, "Internationaler Frauentag", "International Women's Day", in(2019, 0, BE)),
		with(fixed(time.March, 8), womensDay, "Internationaler Frauentag", "International Women's Day", in(2023, 0, MV)),
		with(afterEaster(-2), "good_friday", "Karfreitag", "Good Friday", national(0, 0)),
		// Named by Brandenburg's FTG §2(1) only; other states protect it as a Sunday.
		with(afterEaster(0), "easter_sunday", "Ostersonntag", "Easter Sunday", in(0, 0, BB)),
		with(afterEaster(1), "easter_monday", "Ostermontag", "Easter Monday", national(0, 0)),
		with(fixed(time.May, 1), "labour_day", "Tag der Arbeit", "Labour Day", national(0, 0)),
		// Berlin, once each: the 75th and the 80th anniversary of the end of the war in Europe.
		with(fixed(time.May, 8), liberation, "Tag der Befreiung", "Liberation Day", in(2020, 2020, BE)),
		with(fixed(time.May, 8), liberation, "Tag der Befreiung", "Liberation Day", in(2025, 2025, BE)),
		with(afterEaster(39), "ascension_day", "Christi Himmelfahrt", "Ascension Day", national(0, 0)),
		with(afterEaster(49), "whit_sunday", "Pfingstsonntag", "Whit Sunday", in(0, 0, BB)),
		with(afterEaster(50), "whit_monday", "Pfingstmontag", "Whit Monday", national(0, 0)),
		with(afterEaster(60), corpus, "Fronleichnam", "Corpus Christi", in(0, 0, BW, BY, HE, NW, RP, SL)),
		// Saxony: some Catholic municipalities of the Sorbian area (Landkreis Bautzen);
		// Thuringia: the Eichsfeld and some municipalities around it.
		with(afterEaster(60), corpus, "Fronleichnam", "Corpus Christi", partly(SN, TH)),
		// City of Augsburg only.
		with(fixed(time.August, 8), "augsburg_peace_festival", "Augsburger Hohes Friedensfest", "Augsburg Peace Festival", partly(BY)),
		with(fixed(time.August, 15), assumption, "Mariä Himmelfahrt", "Assumption Day", in(0, 0, SL)),
		// Bavaria: the municipalities with a mainly Catholic population (about 1,700 of 2,056).
		with(fixed(time.August, 15), assumption, "Mariä Himmelfahrt", "Assumption Day", partly(BY)),
		with(fixed(time.September, 20), "world_childrens_day", "Weltkindertag", "World Children's Day", in(2019, 0, TH)),
		with(fixed(time.October, 3), "german_unity_day", "Tag der Deutschen Einheit", "German Unity Day", national(0, 0)),
		// Nationwide once, for the 500th anniversary of the Reformation; always in the
		// eastern states; in the four northern states since 2018.
		with(fixed(time.October, 31), reform, "Reformationstag", "Reformation Day", national(2017, 2017)),
		with(fixed(time.October, 31), reform, "Reformationstag", "Reformation Day", in(0, 0, BB, MV, SN, ST, TH)),
		with(fixed(time.October, 31), reform, "Reformationstag", "Reformation Day", in(2018, 0, HB, HH, NI, SH)),
		with(fixed(time.November, 1), "all_saints_day", "Allerheiligen", "All Saints' Day", in(0, 0, BW, BY, NW, RP, SL)),
		// Nationwide until 1994; abolished from 1995 (to fund the long-term care
		// insurance) everywhere but in Saxony.
		with(rule{kind: repentanceDay}, repentance, "Buß- und Bettag", "Day of Repentance and Prayer", national(0, 1994)),
		with(rule{kind: repentanceDay}, repentance, "Buß- und Bettag", "Day of Repentance and Prayer", in(1995, 0, SN)),
		with(fixed(time.December, 25), "christmas_day", "1. Weihnachtstag", "Christmas Day", national(0, 0)),
		with(fixed(time.December, 26), "second_christmas_day", "2. Weihnachtstag", "Second Day of Christmas", national(0, 0)),
	}
})

// inYear reports whether the rule is in force in year.
func (r *rule) inYear(year int) bool {
	return (r.from == 0 || year >= r.from) && (r.until == 0 || year <= r.until)
}

// observedIn reports whether the rule is a state-wide holiday in s.
func (r *rule) observedIn(s State) bool {
	return !r.partial && (r.national || r.states.has(s))
}

// date returns the day of the rule's holiday in year; easter is Easter
// Sunday of that year.
func (r *rule) date(year int, easter fairshops.Date) fairshops.Date {
	switch r.kind {
	case easterOffset:
		return easter.AddDays(r.offset)
	case repentanceDay:
		nov22 := fairshops.NewDate(year, time.November, 22)
		back := (int(nov22.Weekday()) - int(time.Wednesday) + 7) % 7
		return nov22.AddDays(-back)
	}
	return fairshops.NewDate(year, r.month, r.day)
}

// matches reports whether d (year y, month m, day dd) is the rule's day;
// easter computes Easter Sunday of y on first use.
func (r *rule) matches(d fairshops.Date, m time.Month, dd int, easter func() fairshops.Date) bool {
	switch r.kind {
	case easterOffset:
		// Easter-based days lie between Mar 20 (Good Friday) and Jun 24
		// (Corpus Christi); skip the Easter arithmetic outside.
		return m >= time.March && m <= time.June && easter().AddDays(r.offset) == d
	case repentanceDay:
		return m == time.November && dd >= 16 && dd <= 22 && d.Weekday() == time.Wednesday
	}
	return m == r.month && dd == r.day
}

func (r *rule) holiday(d fairshops.Date) Holiday {
	return Holiday{ID: r.id, Date: d, German: r.german, English: r.english, National: r.national}
}

// covered reports whether year lies in the range of the table.
func covered(year int) bool { return year >= firstYear && year <= lastYear }

// Holidays returns the public holidays observed state-wide in s in year,
// sorted by date (two holidays on one day, such as Ascension Day on May 1 in
// 2008, keep the order of the table). National yields the holidays observed in
// every state; a State that is not Valid counts as National. Holidays observed
// only in parts of a state are left out (see PartialHolidays). Before 1990-10-03
// (see FirstDay) and after 9999 there are none: the result is nil.
func Holidays(year int, s State) []Holiday {
	return collect(year, func(r *rule) bool { return r.observedIn(s) })
}

// PartialHolidays returns the holidays observed only in parts of s in year
// (Corpus Christi in some municipalities of Saxony and Thuringia, Assumption
// Day in the mainly Catholic municipalities of Bavaria, the Augsburg Peace
// Festival in the city of Augsburg), sorted by date. Holidays, IsHoliday and
// End do not count them, because the state alone does not tell whether they
// apply; a caller who knows the place may. National has none.
func PartialHolidays(year int, s State) []Holiday {
	return collect(year, func(r *rule) bool { return r.partial && r.states.has(s) })
}

func collect(year int, keep func(*rule) bool) []Holiday {
	if !covered(year) {
		return nil
	}
	easter, first := Easter(year), FirstDay()
	var out []Holiday
	rules := table()
	for i := range rules {
		r := &rules[i]
		if !r.inYear(year) || !keep(r) {
			continue
		}
		d := r.date(year, easter)
		if d.Before(first) {
			continue
		}
		// Rules of one holiday with overlapping places (Reformation Day in
		// 2017) yield it once; the national rule comes first in the table.
		if slices.ContainsFunc(out, func(h Holiday) bool { return h.ID == r.id }) {
			continue
		}
		out = append(out, r.holiday(d))
	}
	slices.SortStableFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// IsHoliday reports whether d is a public holiday observed state-wide in s,
// and which (the first in the table when two fall on one day). National
// checks the holidays observed in every state; a State that is not Valid
// counts as National. Days before FirstDay, after 9999 and the zero Date are
// no holidays.
func IsHoliday(d fairshops.Date, s State) (Holiday, bool) {
	return find(d, func(r *rule) bool { return r.observedIn(s) })
}

// IsPartialHoliday reports whether d is a holiday observed only in parts of
// s (PartialHolidays), without building the year's list.
func IsPartialHoliday(d fairshops.Date, s State) bool {
	_, ok := find(d, func(r *rule) bool { return r.partial && r.states.has(s) })
	return ok
}

// find returns the first holiday of the table that keep selects and that
// falls on d.
func find(d fairshops.Date, keep func(*rule) bool) (Holiday, bool) {
	if d.IsZero() {
		return Holiday{}, false
	}
	year, m, dd := d.Parts()
	if beforeFirstDay(year, m, dd) || year > lastYear {
		return Holiday{}, false
	}
	var easter fairshops.Date
	easterOf := func() fairshops.Date {
		if easter.IsZero() {
			easter = Easter(year)
		}
		return easter
	}
	rules := table()
	for i := range rules {
		r := &rules[i]
		if keep(r) && r.inYear(year) && r.matches(d, m, dd, easterOf) {
			return r.holiday(d), true
		}
	}
	return Holiday{}, false
}

// IsWorkingDay reports whether d is a working day in s in the sense of BGB
// §193: not a Saturday, not a Sunday and not a public holiday observed
// state-wide in s. The zero Date is no working day.
func IsWorkingDay(d fairshops.Date, s State) bool {
	if d.IsZero() {
		return false
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := IsHoliday(d, s)
	return !holiday
}
