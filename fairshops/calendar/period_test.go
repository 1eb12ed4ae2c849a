package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		event   string
		period  Period
		state   State
		without string // EndWithout193
		want    string // End
	}{
		// §187(1), §188(1): 14 days from a Tuesday end on the Tuesday two weeks later.
		{"14 days from a Tuesday", "2025-06-03", Days(14), National, "2025-06-17", "2025-06-17"},
		{"14 days ending on a Saturday move to Monday", "2025-05-31", Days(14), National, "2025-06-14", "2025-06-16"},
		{"14 days ending on a Sunday move to Monday", "2025-06-01", Days(14), National, "2025-06-15", "2025-06-16"},
		{"ending on Easter Monday moves to Tuesday", "2025-04-07", Days(14), National, "2025-04-21", "2025-04-22"},
		{"ending on Good Friday moves past Easter", "2025-04-04", Days(14), BY, "2025-04-18", "2025-04-22"},
		{"ending on Christmas Day moves past both days and the weekend", "2025-12-11", Days(14), National, "2025-12-25", "2025-12-29"},
		{"one day", "2025-07-01", Days(1), National, "2025-07-02", "2025-07-02"},
		{"two weeks end on the event's weekday", "2025-06-04", Weeks(2), National, "2025-06-18", "2025-06-18"},
		{"zero period: a deadline given as a date", "2025-12-25", Period{}, National, "2025-12-25", "2025-12-29"},

		// §188(2), (3): months and years.
		{"one month from Jan 31 in a common year", "2025-01-31", Months(1), National, "2025-02-28", "2025-02-28"},
		{"one month from Jan 31 in a leap year", "2024-01-31", Months(1), National, "2024-02-29", "2024-02-29"},
		{"one month from Jan 31 ending on a Saturday", "2026-01-31", Months(1), National, "2026-02-28", "2026-03-02"},
		{"one month from the 15th", "2025-01-15", Months(1), National, "2025-02-15", "2025-02-17"},
		{"one month from Mar 31 to Apr 30", "2025-03-31", Months(1), National, "2025-04-30", "2025-04-30"},
		{"one year from Feb 29", "2024-02-29", Years(1), National, "2025-02-28", "2025-02-28"},
		{"four years from Feb 29", "2024-02-29", Years(4), National, "2028-02-29", "2028-02-29"},
		{"two years (warranty) from Feb 29 ending on a Saturday", "2024-02-29", Years(2), National, "2026-02-28", "2026-03-02"},
		{"one year and one month count as 13 months", "2024-02-29", Period{Years: 1, Months: 1}, National, "2025-03-29", "2025-03-31"},
		{"six months (data request plus 5)", "2025-08-31", Months(6), National, "2026-02-28", "2026-03-02"},

		// §356(3): 12 months + 14 days, months first.
		{"12 months + 14 days", "2025-03-10", Months(12).Plus(Days(14)), National, "2026-03-24", "2026-03-24"},
		{"12 months + 14 days: months first reach Feb 29", "2023-02-15", Months(12).Plus(Days(14)), National, "2024-02-29", "2024-02-29"},
		{"12 months + 14 days from Feb 29", "2024-02-29", Months(12).Plus(Days(14)), National, "2025-03-14", "2025-03-14"},
		{"1 month + 14 days: months first, then days", "2025-01-17", Months(1).Plus(Days(14)), National, "2025-03-03", "2025-03-03"},

		// Holidays of one state and not another (§193 "at the place").
		{"Reformation Day 2025 (Fri) in Hamburg", "2025-10-17", Days(14), HH, "2025-10-31", "2025-11-03"},
		{"Reformation Day 2025 is no holiday in Bavaria", "2025-10-17", Days(14), BY, "2025-10-31", "2025-10-31"},
		{"Reformation Day 2024 (Thu) in Saxony", "2024-10-17", Days(14), SN, "2024-10-31", "2024-11-01"},
		{"Reformation Day 2024 is no holiday in NRW", "2024-10-17", Days(14), NW, "2024-10-31", "2024-10-31"},
		{"All Saints' Day 2024 (Fri) in NRW", "2024-10-18", Days(14), NW, "2024-11-01", "2024-11-04"},
		{"All Saints' Day 2024 is no holiday in Saxony", "2024-10-18", Days(14), SN, "2024-11-01", "2024-11-01"},
		{"Reformation Day 2017 was nationwide", "2017-10-17", Days(14), BY, "2017-10-31", "2017-11-02"},
		{"Reformation Day 2026 is a Saturday: same end in Saxony", "2026-10-17", Days(14), SN, "2026-10-31", "2026-11-02"},
		{"Reformation Day 2026 is a Saturday: same end in Bavaria", "2026-10-17", Days(14), BY, "2026-10-31", "2026-11-02"},
		{"Repentance Day 2025 in Saxony", "2025-11-05", Days(14), SN, "2025-11-19", "2025-11-20"},
		{"Repentance Day 2025 is no holiday in Berlin", "2025-11-05", Days(14), BE, "2025-11-19", "2025-11-19"},
		{"Corpus Christi 2026 in NRW", "2026-05-21", Days(14), NW, "2026-06-04", "2026-06-05"},
		{"Corpus Christi 2026 is no holiday in Berlin", "2026-05-21", Days(14), BE, "2026-06-04", "2026-06-04"},
		{"Corpus Christi is not state-wide in Thuringia", "2026-05-21", Days(14), TH, "2026-06-04", "2026-06-04"},
		{"Assumption Day 2025 in the Saarland", "2025-08-01", Days(14), SL, "2025-08-15", "2025-08-18"},
		{"Assumption Day is not state-wide in Bavaria", "2025-08-01", Days(14), BY, "2025-08-15", "2025-08-15"},
		{"Women's Day 2026 is a Sunday: Monday Mar 9 is a working day in Berlin", "2026-02-22", Days(14), BE, "2026-03-08", "2026-03-09"},
		{"Women's Day 2027 (Mon) moves a Saturday end to Tuesday in Berlin", "2027-02-20", Days(14), BE, "2027-03-06", "2027-03-09"},
		{"Women's Day 2027 in Mecklenburg-Vorpommern", "2027-02-20", Days(14), MV, "2027-03-06", "2027-03-09"},
		{"Women's Day 2027 is no holiday in Bavaria", "2027-02-20", Days(14), BY, "2027-03-06", "2027-03-08"},
		{"Women's Day 2022 was no holiday in MV yet", "2022-02-22", Days(14), MV, "2022-03-08", "2022-03-08"},
		{"Children's Day 2027 (Mon) in Thuringia", "2027-09-04", Days(14), TH, "2027-09-18", "2027-09-21"},
		{"Children's Day 2027 is no holiday in Saxony", "2027-09-04", Days(14), SN, "2027-09-18", "2027-09-20"},
		{"Liberation Day 2025 in Berlin", "2025-04-24", Days(14), BE, "2025-05-08", "2025-05-09"},
		{"Liberation Day 2026 is no holiday in Berlin", "2026-04-24", Days(14), BE, "2026-05-08", "2026-05-08"},
		{"Epiphany 2027 (Wed) in Saxony-Anhalt", "2026-12-23", Days(14), ST, "2027-01-06", "2027-01-07"},
		{"Epiphany is no holiday in Hesse", "2026-12-23", Days(14), HE, "2027-01-06", "2027-01-06"},
		{"New Year across the year end", "2025-12-18", Days(14), National, "2026-01-01", "2026-01-02"},
		{"last representable day", "9999-12-17", Days(14), National, "9999-12-31", "9999-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event := fairshops.MustDate(tt.event)
			without, err := EndWithout193E(event, tt.period)
			require.NoError(t, err)
			require.Equal(t, tt.without, without.String(), "EndWithout193")
			require.Equal(t, tt.without, EndWithout193(event, tt.period).String(), "EndWithout193")
			got, err := EndE(event, tt.period, tt.state)
			require.NoError(t, err)
			require.Equal(t, tt.want, got.String(), "End")
			require.Equal(t, tt.want, End(event, tt.period, tt.state).String(), "End")
			require.True(t, IsWorkingDay(got, tt.state), "End is no working day")
		})
	}
}

func TestEndRejects(t *testing.T) {
	t.Parallel()
	ok := fairshops.MustDate("2025-06-03")
	tests := []struct {
		name   string
		event  fairshops.Date
		period Period
		state  State
		want   []fairshops.FieldError
	}{
		{"zero event", fairshops.Date{}, Days(14), National,
			[]fairshops.FieldError{{Field: "event", Code: fairshops.ReasonRequired}}},
		{"event before 1970", fairshops.MustDate("1969-06-01"), Days(14), National,
			[]fairshops.FieldError{{Field: "event", Code: fairshops.ReasonBefore, Args: []any{"1970-01-01"}}}},
		{"event after 9999", fairshops.NewDate(10000, time.January, 1), Days(14), National,
			[]fairshops.FieldError{{Field: "event", Code: fairshops.ReasonAfter, Args: []any{"9999-12-31"}}}},
		{"negative days", ok, Days(-1), National,
			[]fairshops.FieldError{{Field: "period.days", Code: fairshops.ReasonNegative}}},
		{"every field at once", fairshops.Date{}, Period{Years: -1, Months: -2, Days: maxDays + 1}, State(17),
			[]fairshops.FieldError{
				{Field: "event", Code: fairshops.ReasonRequired},
				{Field: "period.years", Code: fairshops.ReasonNegative},
				{Field: "period.months", Code: fairshops.ReasonNegative},
				{Field: "period.days", Code: fairshops.ReasonTooLarge, Args: []any{maxDays}},
				{Field: "state", Code: fairshops.ReasonUnknownValue, Args: []any{"State(17)"}},
			}},
		{"too many years", ok, Years(maxYears + 1), National,
			[]fairshops.FieldError{{Field: "period.years", Code: fairshops.ReasonTooLarge, Args: []any{maxYears}}}},
		{"end after 9999", ok, Years(8000), National,
			[]fairshops.FieldError{{Field: "period", Code: fairshops.ReasonTooLarge, Args: []any{"9999-12-31"}}}},
		{"end one day after 9999-12-31", fairshops.MustDate("9999-12-18"), Days(14), National,
			[]fairshops.FieldError{{Field: "period", Code: fairshops.ReasonTooLarge, Args: []any{"9999-12-31"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EndE(tt.event, tt.period, tt.state)
			require.Error(t, err)
			require.True(t, got.IsZero())
			require.True(t, End(tt.event, tt.period, tt.state).IsZero(), "End must return the zero Date")
			require.ErrorIs(t, err, fairshops.ErrInvalid)
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, "calendar.End", ve.Op)
			if diff := cmp.Diff(tt.want, ve.Fields); diff != "" {
				t.Fatalf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEndWithout193Rejects(t *testing.T) {
	t.Parallel()
	_, err := EndWithout193E(fairshops.Date{}, Months(-1))
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Equal(t, "calendar.EndWithout193", ve.Op)
	want := []fairshops.FieldError{
		{Field: "event", Code: fairshops.ReasonRequired},
		{Field: "period.months", Code: fairshops.ReasonNegative},
	}
	if diff := cmp.Diff(want, ve.Fields); diff != "" {
		t.Fatalf("fields (-want +got):\n%s", diff)
	}
	require.True(t, EndWithout193(fairshops.Date{}, Days(1)).IsZero())
}

func TestPeriodCheck(t *testing.T) {
	t.Parallel()
	require.NoError(t, Period{}.Check())
	require.NoError(t, Period{Years: maxYears, Months: maxMonths, Days: maxDays}.Check())
	err := Period{Years: -1, Days: maxDays + 1}.Check()
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	want := []fairshops.FieldError{
		{Field: "years", Code: fairshops.ReasonNegative},
		{Field: "days", Code: fairshops.ReasonTooLarge, Args: []any{maxDays}},
	}
	if diff := cmp.Diff(want, ve.Fields); diff != "" {
		t.Fatalf("fields (-want +got):\n%s", diff)
	}
	// A caller merges the fields under its own name.
	var p fairshops.Problems
	require.True(t, p.Merge("withdrawal_period", err))
	require.Equal(t, "withdrawal_period.years", p.Err("x").(*fairshops.ValidationError).Fields[0].Field)
}

func TestPeriodString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Period
		want string
	}{
		{Period{}, "P0D"},
		{Days(14), "P14D"},
		{Weeks(2), "P14D"},
		{Months(12).Plus(Days(14)), "P12M14D"},
		{Years(2), "P2Y"},
		{Period{Years: 1, Months: 2, Days: 3}, "P1Y2M3D"},
		{Days(-1), "P-1D"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.p.String())
		})
	}
	require.True(t, Period{}.IsZero())
	require.False(t, Days(1).IsZero())
}

func TestMoveToWorkingDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, d string
		state   State
		want    string
	}{
		{"working day stays", "2025-06-03", National, "2025-06-03"},
		{"Saturday", "2025-06-14", National, "2025-06-16"},
		{"Saturday before Whit Monday", "2025-06-07", National, "2025-06-10"},
		{"Christmas Eve is a working day", "2029-12-22", National, "2029-12-24"},
		{"Good Friday", "2025-04-18", National, "2025-04-22"},
		{"Saturday before Christmas on Mon/Tue", "2023-12-23", National, "2023-12-27"},
		{"Whit Monday in Brandenburg", "2025-06-09", BB, "2025-06-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, MoveToWorkingDay(fairshops.MustDate(tt.d), tt.state).String())
		})
	}
	require.True(t, MoveToWorkingDay(fairshops.Date{}, National).IsZero())
}

func TestAddWorkingDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		d     string
		n     int
		state State
		want  string
	}{
		{"5 over Christmas", "2025-12-19", 5, BE, "2025-12-30"},
		{"20 over Easter and May 1 in NRW", "2025-04-14", 20, NW, "2025-05-15"},
		{"20 from a Saturday over Whit Monday", "2025-06-07", 20, National, "2025-07-07"},
		{"1 from the Friday before Whit Monday", "2025-06-06", 1, National, "2025-06-10"},
		{"1 from a Thursday", "2025-06-12", 1, National, "2025-06-13"},
		{"Corpus Christi counts in Bavaria", "2025-06-18", 1, BY, "2025-06-20"},
		{"Corpus Christi does not count in Berlin", "2025-06-18", 1, BE, "2025-06-19"},
		{"zero returns the day itself", "2025-06-07", 0, National, "2025-06-07"},
		{"back one over Christmas", "2025-12-29", -1, BE, "2025-12-24"},
		{"back five", "2025-06-09", -5, National, "2025-06-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fairshops.MustDate(tt.d)
			got := AddWorkingDays(d, tt.n, tt.state)
			require.Equal(t, tt.want, got.String())
			if tt.n != 0 {
				require.True(t, IsWorkingDay(got, tt.state))
				require.Equal(t, moveBack(d, tt.n, tt.state), AddWorkingDays(got, -tt.n, tt.state).String(), "counting back")
			}
		})
	}
	for name, got := range map[string]fairshops.Date{
		"zero date":         AddWorkingDays(fairshops.Date{}, 5, National),
		"too many":          AddWorkingDays(fairshops.MustDate("2025-01-01"), MaxWorkingDays+1, National),
		"too many back":     AddWorkingDays(fairshops.MustDate("2025-01-01"), -MaxWorkingDays-1, National),
		"back before 1970":  AddWorkingDays(fairshops.MustDate("1970-01-02"), -2, National),
		"forward past 9999": AddWorkingDays(fairshops.MustDate("9999-12-31"), 1, National),
	} {
		require.True(t, got.IsZero(), name)
	}
	require.False(t, AddWorkingDays(fairshops.MustDate("2025-01-01"), MaxWorkingDays, National).IsZero())
}

// moveBack is where counting |n| working days back from AddWorkingDays(d, n)
// lands: d itself when d is a working day, else the nearest working day on
// the side of d the count started from.
func moveBack(d fairshops.Date, n int, s State) string {
	if IsWorkingDay(d, s) {
		return d.String()
	}
	step := -1
	if n < 0 {
		step = 1
	}
	for !IsWorkingDay(d, s) {
		d = d.AddDays(step)
	}
	return d.String()
}

// FuzzEnd: for any event 1970-2099 and any period up to 5 years, 30 months
// and 400 days, End is a working day, never before EndWithout193 and at most
// 4 days after it with only days off between; EndWithout193 follows §188. Raw
// inputs never panic and fail only with invalid input.
func FuzzEnd(f *testing.F) {
	f.Fuzz(func(t *testing.T, year, month, day, years, months, days int, state uint8) {
		// Raw input: no panic, only typed errors.
		raw := fairshops.NewDate(year%20000, time.Month(month%1000), day%100000)
		if _, err := EndE(raw, Period{Years: years, Months: months, Days: days}, State(state)); err != nil && !errors.Is(err, fairshops.ErrInvalid) {
			t.Fatalf("EndE raw: %v", err)
		}

		abs := func(n int) int {
			if n < 0 {
				return -(n + 1)
			}
			return n
		}
		event := fairshops.NewDate(1970+abs(year)%130, time.Month(1+abs(month)%12), 1+abs(day)%31)
		p := Period{Years: abs(years) % 6, Months: abs(months) % 31, Days: abs(days) % 401}
		s := State(state % uint8(numStates))

		plain, err := EndWithout193E(event, p)
		if err != nil {
			t.Fatalf("EndWithout193E(%s, %s): %v", event, p, err)
		}
		end, err := EndE(event, p, s)
		if err != nil {
			t.Fatalf("EndE(%s, %s, %s): %v", event, p, s, err)
		}
		if end.Before(plain) {
			t.Fatalf("End(%s, %s, %s) = %s before %s", event, p, s, end, plain)
		}
		if !IsWorkingDay(end, s) {
			t.Fatalf("End(%s, %s, %s) = %s is no working day", event, p, s, end)
		}
		if gap := plain.DaysUntil(end); gap > 4 {
			t.Fatalf("End(%s, %s, %s) = %s is %d days after %s", event, p, s, end, gap, plain)
		}
		for d := plain; d.Before(end); d = d.AddDays(1) {
			if IsWorkingDay(d, s) {
				t.Fatalf("End(%s, %s, %s) = %s skips working day %s", event, p, s, end, d)
			}
		}

		// §188(2), (3) by time.Date: the day with the event's number in the
		// target month, or that month's last day; then the days.
		ey, em, ed := event.Parts()
		total := 12*p.Years + p.Months
		first := time.Date(ey, em+time.Month(total), 1, 0, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 1, -1).Day()
		want := fairshops.NewDate(first.Year(), first.Month(), min(ed, last)).AddDays(p.Days)
		if plain != want {
			t.Fatalf("EndWithout193(%s, %s) = %s, want %s", event, p, plain, want)
		}
		if !p.IsZero() && !plain.After(event) {
			t.Fatalf("EndWithout193(%s, %s) = %s is not after the event", event, p, plain)
		}
	})
}

func BenchmarkEnd(b *testing.B) {
	event := fairshops.MustDate("2025-12-11") // ends on Christmas Day, moves 4 days
	for b.Loop() {
		End(event, Days(14), BY)
	}
}

func BenchmarkEndMonthsAndDays(b *testing.B) {
	event := fairshops.MustDate("2025-03-10")
	p := Months(12).Plus(Days(14))
	for b.Loop() {
		End(event, p, BE)
	}
}

func BenchmarkIsHoliday(b *testing.B) {
	d := fairshops.MustDate("2025-06-19")
	for b.Loop() {
		IsHoliday(d, NW)
	}
}

func BenchmarkHolidays(b *testing.B) {
	for b.Loop() {
		Holidays(2025, BY)
	}
}

func BenchmarkAddWorkingDays20(b *testing.B) {
	d := fairshops.MustDate("2025-04-14")
	for b.Loop() {
		AddWorkingDays(d, 20, NW)
	}
}
