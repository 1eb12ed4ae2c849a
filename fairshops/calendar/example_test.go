package calendar_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The withdrawal period: 14 days from delivery on Thursday 2025-12-11 would
// end on Christmas Day; §193 moves the end past both Christmas days and the
// weekend.
func ExampleEnd() {
	delivered := fairshops.MustDate("2025-12-11")
	fmt.Println(calendar.EndWithout193(delivered, calendar.Days(14)))
	fmt.Println(calendar.End(delivered, calendar.Days(14), calendar.BY))
	// Output:
	// 2025-12-25
	// 2025-12-29
}

// Without information about the right of withdrawal the period ends 12
// months and 14 days after delivery (BGB §356(3)): months first, then days.
func ExampleEnd_extended() {
	delivered := fairshops.MustDate("2023-02-15")
	fmt.Println(calendar.End(delivered, calendar.Months(12).Plus(calendar.Days(14)), calendar.National))
	// Output: 2024-02-29
}

// The same day is a holiday in one state and not in another: Reformation
// Day 2025 is a Friday.
func ExampleEnd_state() {
	event := fairshops.MustDate("2025-10-17")
	fmt.Println("HH:", calendar.End(event, calendar.Days(14), calendar.HH))
	fmt.Println("BY:", calendar.End(event, calendar.Days(14), calendar.BY))
	// Output:
	// HH: 2025-11-03
	// BY: 2025-10-31
}

// EndE reports every wrong input at once.
func ExampleEndE() {
	_, err := calendar.EndE(fairshops.Date{}, calendar.Days(-14), calendar.National)
	fmt.Println(err)
	// Output: calendar.End: invalid input: event: is required; period.days: must not be negative
}

func ExampleHolidays() {
	for _, h := range calendar.Holidays(2026, calendar.TH) {
		fmt.Println(h.Date, h.Date.Weekday(), h.German)
	}
	// Output:
	// 2026-01-01 Thursday Neujahr
	// 2026-04-03 Friday Karfreitag
	// 2026-04-06 Monday Ostermontag
	// 2026-05-01 Friday Tag der Arbeit
	// 2026-05-14 Thursday Christi Himmelfahrt
	// 2026-05-25 Monday Pfingstmontag
	// 2026-09-20 Sunday Weltkindertag
	// 2026-10-03 Saturday Tag der Deutschen Einheit
	// 2026-10-31 Saturday Reformationstag
	// 2026-12-25 Friday 1. Weihnachtstag
	// 2026-12-26 Saturday 2. Weihnachtstag
}

func ExampleIsHoliday() {
	h, ok := calendar.IsHoliday(fairshops.MustDate("2027-03-08"), calendar.BE)
	fmt.Println(ok, h.Name(fairshops.English))
	_, ok = calendar.IsHoliday(fairshops.MustDate("2027-03-08"), calendar.BY)
	fmt.Println(ok)
	// Output:
	// true International Women's Day
	// false
}

// A shop has 20 working days to answer; the count skips weekends and the
// holidays of the shop's state.
func ExampleAddWorkingDays() {
	received := fairshops.MustDate("2025-04-14")
	fmt.Println(calendar.AddWorkingDays(received, 20, calendar.NW))
	// Output: 2025-05-15
}

func ExampleParseState() {
	s, err := calendar.ParseState("DE-NW")
	fmt.Println(s, s.Name(fairshops.German), err)
	_, err = calendar.ParseState("Bayern")
	fmt.Println(err)
	// Output:
	// NW Nordrhein-Westfalen <nil>
	// calendar.ParseState: invalid input: state: unknown value "Bayern"
}
