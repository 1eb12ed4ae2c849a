package calendar

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// format renders holidays as "YYYY-MM-DD id" lines for diffs.
func format(hs []Holiday) []string {
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		out = append(out, h.Date.String()+" "+h.ID)
	}
	return out
}

// TestHolidaysPublishedLists checks the table against the holiday lists the
// states and the usual calendars publish (typed in by hand, not derived from
// the table): the nine national holidays of each year plus each state's own.
func TestHolidaysPublishedLists(t *testing.T) {
	t.Parallel()
	national := map[int][]string{
		2019: {"01-01 new_year", "04-19 good_friday", "04-22 easter_monday", "05-01 labour_day", "05-30 ascension_day", "06-10 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
		2023: {"01-01 new_year", "04-07 good_friday", "04-10 easter_monday", "05-01 labour_day", "05-18 ascension_day", "05-29 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
		2024: {"01-01 new_year", "03-29 good_friday", "04-01 easter_monday", "05-01 labour_day", "05-09 ascension_day", "05-20 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
		2025: {"01-01 new_year", "04-18 good_friday", "04-21 easter_monday", "05-01 labour_day", "05-29 ascension_day", "06-09 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
		2026: {"01-01 new_year", "04-03 good_friday", "04-06 easter_monday", "05-01 labour_day", "05-14 ascension_day", "05-25 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
		2027: {"01-01 new_year", "03-26 good_friday", "03-29 easter_monday", "05-01 labour_day", "05-06 ascension_day", "05-17 whit_monday", "10-03 german_unity_day", "12-25 christmas_day", "12-26 second_christmas_day"},
	}
	own := map[int]map[State][]string{
		2019: {
			BE: {"03-08 womens_day"},
			BY: {"01-06 epiphany", "06-20 corpus_christi", "11-01 all_saints_day"},
			MV: {"10-31 reformation_day"},
			NW: {"06-20 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-20 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
		},
		2023: {
			BE: {"03-08 womens_day"},
			BY: {"01-06 epiphany", "06-08 corpus_christi", "11-01 all_saints_day"},
			MV: {"03-08 womens_day", "10-31 reformation_day"},
			NW: {"06-08 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-22 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
		},
		2024: {
			BE: {"03-08 womens_day"},
			BY: {"01-06 epiphany", "05-30 corpus_christi", "11-01 all_saints_day"},
			MV: {"03-08 womens_day", "10-31 reformation_day"},
			NW: {"05-30 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-20 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
		},
		2025: {
			BE: {"03-08 womens_day", "05-08 liberation_day"},
			BY: {"01-06 epiphany", "06-19 corpus_christi", "11-01 all_saints_day"},
			MV: {"03-08 womens_day", "10-31 reformation_day"},
			NW: {"06-19 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-19 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
			BB: {"04-20 easter_sunday", "06-08 whit_sunday", "10-31 reformation_day"},
			BW: {"01-06 epiphany", "06-19 corpus_christi", "11-01 all_saints_day"},
			HB: {"10-31 reformation_day"},
			HE: {"06-19 corpus_christi"},
			NI: {"10-31 reformation_day"},
			RP: {"06-19 corpus_christi", "11-01 all_saints_day"},
			SL: {"06-19 corpus_christi", "08-15 assumption_day", "11-01 all_saints_day"},
			ST: {"01-06 epiphany", "10-31 reformation_day"},
			SH: {"10-31 reformation_day"},
		},
		2026: {
			BE: {"03-08 womens_day"},
			BY: {"01-06 epiphany", "06-04 corpus_christi", "11-01 all_saints_day"},
			MV: {"03-08 womens_day", "10-31 reformation_day"},
			NW: {"06-04 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-18 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
		},
		2027: {
			BE: {"03-08 womens_day"},
			BY: {"01-06 epiphany", "05-27 corpus_christi", "11-01 all_saints_day"},
			MV: {"03-08 womens_day", "10-31 reformation_day"},
			NW: {"05-27 corpus_christi", "11-01 all_saints_day"},
			SN: {"10-31 reformation_day", "11-17 repentance_day"},
			TH: {"09-20 world_childrens_day", "10-31 reformation_day"},
			HH: {"10-31 reformation_day"},
		},
	}
	withYear := func(year int, mmdd []string) []string {
		out := make([]string, 0, len(mmdd))
		for _, s := range mmdd {
			out = append(out, fmt.Sprintf("%d-%s", year, s))
		}
		return out
	}
	for year, states := range own {
		states[National] = nil
		for s, extra := range states {
			t.Run(fmt.Sprintf("%d/%s", year, s), func(t *testing.T) {
				want := append(withYear(year, national[year]), withYear(year, extra)...)
				slices.Sort(want)
				if diff := cmp.Diff(want, format(Holidays(year, s))); diff != "" {
					t.Fatalf("Holidays(%d, %s) (-want +got):\n%s", year, s, diff)
				}
			})
		}
	}
}

// TestHolidaysCount2025 checks the number of holidays per state in 2025 as
// the press lists them (Berlin's eleven include the one-off May 8;
// Brandenburg's count includes its two Sunday holidays).
func TestHolidaysCount2025(t *testing.T) {
	t.Parallel()
	want := map[State]int{
		National: 9, BW: 12, BY: 12, BE: 11, BB: 12, HB: 10, HH: 10, HE: 10, MV: 11,
		NI: 10, NW: 11, RP: 11, SL: 12, SN: 11, ST: 11, SH: 10, TH: 11,
	}
	got := map[State]int{}
	for _, s := range append(States(), National) {
		got[s] = len(Holidays(2025, s))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("count (-want +got):\n%s", diff)
	}
}

func TestHolidaysChangesOverTheYears(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		year  int
		state State
		want  []string // the holidays beyond the national nine that year, or all of them
		all   bool
	}{
		{"unification year starts on Oct 3", 1990, National, []string{"1990-10-03 german_unity_day", "1990-11-21 repentance_day", "1990-12-25 christmas_day", "1990-12-26 second_christmas_day"}, true},
		{"unification year east", 1990, SN, []string{"1990-10-03 german_unity_day", "1990-10-31 reformation_day", "1990-11-21 repentance_day", "1990-12-25 christmas_day", "1990-12-26 second_christmas_day"}, true},
		{"repentance day nationwide until 1994", 1994, National, []string{"1994-01-01 new_year", "1994-04-01 good_friday", "1994-04-04 easter_monday", "1994-05-01 labour_day", "1994-05-12 ascension_day", "1994-05-23 whit_monday", "1994-10-03 german_unity_day", "1994-11-16 repentance_day", "1994-12-25 christmas_day", "1994-12-26 second_christmas_day"}, true},
		{"repentance day only in Saxony from 1995 (SN)", 1995, SN, []string{"1995-10-31 reformation_day", "1995-11-22 repentance_day"}, false},
		{"repentance day only in Saxony from 1995 (BY)", 1995, BY, []string{"1995-01-06 epiphany", "1995-06-15 corpus_christi", "1995-11-01 all_saints_day"}, false},
		{"reformation day 2016 not in Hamburg", 2016, HH, nil, false},
		{"reformation day 2017 nationwide (HH)", 2017, HH, []string{"2017-10-31 reformation_day"}, false},
		{"reformation day 2017 nationwide (BY)", 2017, BY, []string{"2017-01-06 epiphany", "2017-06-15 corpus_christi", "2017-10-31 reformation_day", "2017-11-01 all_saints_day"}, false},
		{"reformation day 2017 once in BB", 2017, BB, []string{"2017-04-16 easter_sunday", "2017-06-04 whit_sunday", "2017-10-31 reformation_day"}, false},
		{"reformation day in Bremen since 2018", 2018, HB, []string{"2018-10-31 reformation_day"}, false},
		{"reformation day in Lower Saxony since 2018", 2018, NI, []string{"2018-10-31 reformation_day"}, false},
		{"reformation day in Schleswig-Holstein since 2018", 2018, SH, []string{"2018-10-31 reformation_day"}, false},
		{"no women's day in Berlin before 2019", 2018, BE, nil, false},
		{"no children's day in Thuringia before 2019", 2018, TH, []string{"2018-10-31 reformation_day"}, false},
		{"Berlin 2020 with the one-off May 8", 2020, BE, []string{"2020-03-08 womens_day", "2020-05-08 liberation_day"}, false},
		{"Berlin 2021 without May 8", 2021, BE, []string{"2021-03-08 womens_day"}, false},
		{"no women's day in MV before 2023", 2022, MV, []string{"2022-10-31 reformation_day"}, false},
		{"Saarland", 2026, SL, []string{"2026-06-04 corpus_christi", "2026-08-15 assumption_day", "2026-11-01 all_saints_day"}, false},
		{"Saxony-Anhalt", 2026, ST, []string{"2026-01-06 epiphany", "2026-10-31 reformation_day"}, false},
		{"Hesse", 2026, HE, []string{"2026-06-04 corpus_christi"}, false},
		{"Rhineland-Palatinate", 2026, RP, []string{"2026-06-04 corpus_christi", "2026-11-01 all_saints_day"}, false},
		{"Baden-Württemberg", 2026, BW, []string{"2026-01-06 epiphany", "2026-06-04 corpus_christi", "2026-11-01 all_saints_day"}, false},
		{"Ascension Day on May 1 (2008) keeps both", 2008, National, []string{"2008-01-01 new_year", "2008-03-21 good_friday", "2008-03-24 easter_monday", "2008-05-01 labour_day", "2008-05-01 ascension_day", "2008-05-12 whit_monday", "2008-10-03 german_unity_day", "2008-12-25 christmas_day", "2008-12-26 second_christmas_day"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := format(Holidays(tt.year, tt.state))
			if !tt.all {
				// Leave out the nine holidays every state has every year.
				nine := []string{"new_year", "good_friday", "easter_monday", "labour_day", "ascension_day", "whit_monday", "german_unity_day", "christmas_day", "second_christmas_day"}
				got = slices.DeleteFunc(got, func(s string) bool { return slices.Contains(nine, strings.Fields(s)[1]) })
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
				t.Fatalf("Holidays(%d, %s) (-want +got):\n%s", tt.year, tt.state, diff)
			}
		})
	}
}

func TestHolidaysFullRecord(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	want := []Holiday{
		{ID: "new_year", Date: d("2025-01-01"), German: "Neujahr", English: "New Year's Day", National: true},
		{ID: "womens_day", Date: d("2025-03-08"), German: "Internationaler Frauentag", English: "International Women's Day"},
		{ID: "good_friday", Date: d("2025-04-18"), German: "Karfreitag", English: "Good Friday", National: true},
		{ID: "easter_monday", Date: d("2025-04-21"), German: "Ostermontag", English: "Easter Monday", National: true},
		{ID: "labour_day", Date: d("2025-05-01"), German: "Tag der Arbeit", English: "Labour Day", National: true},
		{ID: "liberation_day", Date: d("2025-05-08"), German: "Tag der Befreiung", English: "Liberation Day"},
		{ID: "ascension_day", Date: d("2025-05-29"), German: "Christi Himmelfahrt", English: "Ascension Day", National: true},
		{ID: "whit_monday", Date: d("2025-06-09"), German: "Pfingstmontag", English: "Whit Monday", National: true},
		{ID: "german_unity_day", Date: d("2025-10-03"), German: "Tag der Deutschen Einheit", English: "German Unity Day", National: true},
		{ID: "christmas_day", Date: d("2025-12-25"), German: "1. Weihnachtstag", English: "Christmas Day", National: true},
		{ID: "second_christmas_day", Date: d("2025-12-26"), German: "2. Weihnachtstag", English: "Second Day of Christmas", National: true},
	}
	if diff := cmp.Diff(want, Holidays(2025, BE)); diff != "" {
		t.Fatalf("Holidays(2025, BE) (-want +got):\n%s", diff)
	}
	require.Equal(t, "Tag der Befreiung", want[5].Name(fairshops.German))
	require.Equal(t, "Liberation Day", want[5].Name(fairshops.English))

	// The nationwide Reformation Day of 2017 is national even where it is
	// also a state holiday.
	h, ok := IsHoliday(d("2017-10-31"), SN)
	require.True(t, ok)
	require.True(t, h.National)
	h, ok = IsHoliday(d("2018-10-31"), SN)
	require.True(t, ok)
	require.False(t, h.National)
}

func TestHolidaysOutsideTheTable(t *testing.T) {
	t.Parallel()
	for _, year := range []int{-5, 0, 1, 1970, 1989, 10000} {
		require.Nil(t, Holidays(year, BY), "year %d", year)
		require.Nil(t, PartialHolidays(year, BY), "year %d", year)
	}
	require.Equal(t, "1990-10-03", FirstDay().String())
	_, ok := IsHoliday(fairshops.MustDate("1990-10-02"), National)
	require.False(t, ok, "before unification")
	_, ok = IsHoliday(fairshops.MustDate("1989-12-25"), National)
	require.False(t, ok, "before unification")
	_, ok = IsHoliday(fairshops.MustDate("1990-10-03"), National)
	require.True(t, ok)
	_, ok = IsHoliday(fairshops.Date{}, National)
	require.False(t, ok, "zero date")
	require.False(t, IsWorkingDay(fairshops.Date{}, National), "zero date")
	_, ok = IsHoliday(fairshops.NewDate(10000, time.January, 1), National)
	require.False(t, ok, "after 9999")
	_, ok = IsHoliday(fairshops.MustDate("9999-12-25"), National)
	require.True(t, ok)
}

func TestPartialHolidays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		state State
		want  []string
	}{
		{BY, []string{"2026-08-08 augsburg_peace_festival", "2026-08-15 assumption_day"}},
		{SN, []string{"2026-06-04 corpus_christi"}},
		{TH, []string{"2026-06-04 corpus_christi"}},
		{SL, nil},
		{National, nil},
	}
	for _, tt := range tests {
		t.Run(tt.state.String(), func(t *testing.T) {
			got := PartialHolidays(2026, tt.state)
			if diff := cmp.Diff(tt.want, format(got), cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
				t.Fatalf("PartialHolidays(2026, %s) (-want +got):\n%s", tt.state, diff)
			}
			for _, h := range got {
				_, ok := IsHoliday(h.Date, tt.state)
				require.False(t, ok, "%s counted as state-wide in %s", h.ID, tt.state)
			}
		})
	}
	// Assumption Day is state-wide in the Saarland but not in Bavaria.
	_, ok := IsHoliday(fairshops.MustDate("2025-08-15"), SL)
	require.True(t, ok)
	_, ok = IsHoliday(fairshops.MustDate("2025-08-15"), BY)
	require.False(t, ok)
}

func TestUnknownStateCountsAsNational(t *testing.T) {
	t.Parallel()
	bad := State(99)
	require.Equal(t, format(Holidays(2025, National)), format(Holidays(2025, bad)))
	_, ok := IsHoliday(fairshops.MustDate("2025-11-01"), bad)
	require.False(t, ok)
	_, ok = IsHoliday(fairshops.MustDate("2025-12-25"), bad)
	require.True(t, ok)
}

// TestIsHolidayAgreesWithHolidays walks every day of 1990-2060 for every
// state: IsHoliday must say yes exactly on the days Holidays lists, with the
// same holiday (the first in the table on a day with two).
func TestIsHolidayAgreesWithHolidays(t *testing.T) {
	t.Parallel()
	for _, s := range append(States(), National) {
		for year := 1990; year <= 2060; year++ {
			listed := map[fairshops.Date]Holiday{}
			for _, h := range Holidays(year, s) {
				if _, dup := listed[h.Date]; !dup {
					listed[h.Date] = h
				}
			}
			for d := fairshops.NewDate(year, time.January, 1); d.Year() == year; d = d.AddDays(1) {
				h, ok := IsHoliday(d, s)
				want, listedOK := listed[d]
				if ok != listedOK || h != want {
					t.Fatalf("%s in %s: IsHoliday = %+v, %v; Holidays lists %+v, %v", d, s, h, ok, want, listedOK)
				}
				wd := d.Weekday()
				if got, want := IsWorkingDay(d, s), !ok && wd != time.Saturday && wd != time.Sunday; got != want {
					t.Fatalf("IsWorkingDay(%s, %s) = %v", d, s, got)
				}
			}
		}
	}
}

// TestLongestRunOfDaysOff pins the bound FuzzEnd relies on: §193 never moves
// an end by more than 4 days (Good Friday to the Tuesday after Easter, or a
// Saturday before Christmas on a Monday), in any state, 1990-2200.
func TestLongestRunOfDaysOff(t *testing.T) {
	t.Parallel()
	for _, s := range append(States(), National) {
		longest, run := 0, 0
		for d := FirstDay(); d.Year() <= 2200; d = d.AddDays(1) {
			if IsWorkingDay(d, s) {
				run = 0
				continue
			}
			run++
			longest = max(longest, run)
		}
		require.Equal(t, 4, longest, "state %s", s)
	}
}

func TestHolidaysGolden(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	b.WriteString("# Holidays per state, 2016-2030: go test ./fairshops/calendar -run Golden -update\n")
	b.WriteString("# year state date weekday id name; \"partly\" marks holidays observed in parts of the state only\n")
	for year := 2016; year <= 2030; year++ {
		for _, s := range append([]State{National}, States()...) {
			for _, h := range Holidays(year, s) {
				fmt.Fprintf(&b, "%d %s %s %s %s %s\n", year, s, h.Date, h.Date.Weekday().String()[:3], h.ID, h.German)
			}
			for _, h := range PartialHolidays(year, s) {
				fmt.Fprintf(&b, "%d %s %s %s %s %s (partly)\n", year, s, h.Date, h.Date.Weekday().String()[:3], h.ID, h.German)
			}
		}
	}
	path := filepath.Join("testdata", "holidays.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Fatalf("holidays differ from %s (-want +got); rerun with -update if intended:\n%s", path, diff)
	}
}

// TestTableInvariants: every row has names; rows of one ID agree on names
// and date; a national row of an ID comes before its state rows (collect
// keeps the first, so that the holiday reads as national); a row applies
// somewhere.
func TestTableInvariants(t *testing.T) {
	t.Parallel()
	rules := table()
	first := map[string]int{}
	for i := range rules {
		r := &rules[i]
		require.NotEmpty(t, r.id, "row %d", i)
		require.NotEmpty(t, r.german, r.id)
		require.NotEmpty(t, r.english, r.id)
		require.True(t, r.national || r.states != 0, "%s applies nowhere", r.id)
		require.False(t, r.national && r.partial, r.id)
		require.True(t, r.until == 0 || r.until >= r.from, r.id)
		j, seen := first[r.id]
		if !seen {
			first[r.id] = i
			continue
		}
		o := &rules[j]
		require.Equal(t, o.german, r.german, r.id)
		require.Equal(t, o.english, r.english, r.id)
		require.False(t, r.national && !o.national, "%s: national row after a state row", r.id)
		for year := firstYear; year <= 2100; year++ {
			require.Equal(t, o.date(year, Easter(year)), r.date(year, Easter(year)), "%s in %d", r.id, year)
		}
	}
}

// TestIsPartialHolidayAgreesWithTheList checks the lookup against
// PartialHolidays on every day of years before and after the rule changes,
// in every state.
func TestIsPartialHolidayAgreesWithTheList(t *testing.T) {
	for _, year := range []int{2016, 2017, 2023, 2026} {
		for s := National; s <= TH; s++ {
			want := map[fairshops.Date]bool{}
			for _, h := range PartialHolidays(year, s) {
				want[h.Date] = true
			}
			for d := fairshops.NewDate(year, time.January, 1); d.Year() == year; d = d.AddDays(1) {
				if got := IsPartialHoliday(d, s); got != want[d] {
					t.Fatalf("IsPartialHoliday(%s, %s) = %v, PartialHolidays says %v", d, s, got, want[d])
				}
			}
		}
	}
}
