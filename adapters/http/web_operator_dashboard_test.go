package http

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestLastMonths(t *testing.T) {
	tests := []struct {
		name  string
		today string
		n     int
		want  []yearMonth
	}{
		{"within a year", "2026-11-25", 3, []yearMonth{{2026, 9}, {2026, 10}, {2026, 11}}},
		{"across new year", "2027-02-01", 4, []yearMonth{{2026, 11}, {2026, 12}, {2027, 1}, {2027, 2}}},
		{"last day of a month", "2026-03-31", 2, []yearMonth{{2026, 2}, {2026, 3}}},
		{"twelve months", "2026-12-31", 12, func() []yearMonth {
			var out []yearMonth
			for m := time.January; m <= time.December; m++ {
				out = append(out, yearMonth{2026, m})
			}
			return out
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lastMonths(fairshops.MustDate(tt.today), tt.n)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for i, m := range got {
				require.Equal(t, i, monthIndex(got, m))
			}
			require.Equal(t, -1, monthIndex(got, got[0].add(-1)))
			require.Equal(t, -1, monthIndex(got, got[len(got)-1].add(1)))
		})
	}
}

// statsFor stores the complaints in a memory store (with IDs and a shop)
// and returns what its Stats counts for the months as of today: the
// figures the dashboard places.
func statsFor(t *testing.T, list []*complaint.Complaint, months []yearMonth, today fairshops.Date) complaint.Stats {
	t.Helper()
	db := memory.New()
	for i, c := range list {
		c.ID, c.ShopID = fmt.Sprintf("c_%03d", i), "s"
		require.NoError(t, db.Complaints().Create(context.Background(), c, nil))
	}
	last := months[len(months)-1]
	st, err := db.Complaints().Stats(context.Background(), complaint.StatsQuery{
		From: fairshops.NewDate(months[0].Year, months[0].Month, 1),
		To:   fairshops.NewDate(last.Year, last.Month, 1).AddMonths(1).AddDays(-1), Today: today})
	require.NoError(t, err)
	return st
}

// dashAt is a time in Berlin.
func dashAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, fairshops.Berlin())
	if err != nil {
		panic(err)
	}
	return t
}

// dashFiled is a complaint of a category filed at a time.
func dashFiled(cat precheck.Category, when string) *complaint.Complaint {
	return &complaint.Complaint{Facts: precheck.Facts{Category: cat}, CreatedAt: dashAt(when).UTC()}
}

func TestCountByCategory(t *testing.T) {
	months := lastMonths(fairshops.MustDate("2026-11-25"), 3) // Sep, Oct, Nov 2026
	cats := precheck.Categories()
	col := func(c precheck.Category) int {
		for j, x := range cats {
			if x == c {
				return j
			}
		}
		t.Fatalf("no category %s", c)
		return -1
	}
	row := func(counts map[precheck.Category]int) []int {
		out := make([]int, len(cats))
		for c, n := range counts {
			out[col(c)] = n
		}
		return out
	}
	tests := []struct {
		name  string
		list  []*complaint.Complaint
		want  [][]int
		total int
	}{
		{"none", nil, [][]int{row(nil), row(nil), row(nil)}, 0},
		{"by month and category", []*complaint.Complaint{
			dashFiled(precheck.Delivery, "2026-09-01 10:00"),
			dashFiled(precheck.Delivery, "2026-09-30 12:00"),
			dashFiled(precheck.Withdrawal, "2026-10-15 08:00"),
			dashFiled(precheck.Data, "2026-11-25 08:00"),
			dashFiled(precheck.Delivery, "2026-11-02 08:00"),
		}, [][]int{
			row(map[precheck.Category]int{precheck.Delivery: 2}),
			row(map[precheck.Category]int{precheck.Withdrawal: 1}),
			row(map[precheck.Category]int{precheck.Data: 1, precheck.Delivery: 1}),
		}, 5},
		{"outside the months is not counted", []*complaint.Complaint{
			dashFiled(precheck.Other, "2026-08-31 23:59"),
			dashFiled(precheck.Other, "2026-12-01 00:00"),
		}, [][]int{row(nil), row(nil), row(nil)}, 0},
		{"the month is Berlin's", []*complaint.Complaint{
			// 00:30 in Berlin on 1 October is 22:30 UTC on 30 September.
			dashFiled(precheck.Payment, "2026-10-01 00:30"),
		}, [][]int{row(nil), row(map[precheck.Category]int{precheck.Payment: 1}), row(nil)}, 1},
		{"an unknown category is not counted", []*complaint.Complaint{dashFiled("bogus", "2026-10-01 12:00")},
			[][]int{row(nil), row(nil), row(nil)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := countByCategory(statsFor(t, tt.list, months, fairshops.MustDate("2026-11-25")).Filed, months)
			if diff := cmp.Diff(tt.want, got.Counts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			require.Equal(t, tt.total, got.Total)
			require.Equal(t, cats, got.Categories)
		})
	}
}

// dashDue builds a forwarded complaint with an answer deadline and history
// entries "action@YYYY-MM-DD HH:MM".
func dashDue(answerDue string, missed bool, history ...[2]string) *complaint.Complaint {
	c := &complaint.Complaint{AnswerDue: fairshops.MustDate(answerDue), DeadlineMissed: missed, State: complaint.Forwarded}
	for i, h := range history {
		c.History = append(c.History, fairshops.Entry{Seq: i + 1, Action: h[0], At: dashAt(h[1]).UTC()})
	}
	return c
}

func TestOutcomeOf(t *testing.T) {
	today := fairshops.MustDate("2026-11-25")
	tests := []struct {
		name string
		c    *complaint.Complaint
		want complaint.Outcome
	}{
		{"no deadline (displeasure)", &complaint.Complaint{}, complaint.OutcomeNone},
		{"answered before the last day", dashDue("2026-11-10", false, [2]string{"forwarded", "2026-11-02 09:00"}, [2]string{"answered", "2026-11-05 10:00"}), complaint.OutcomeOnTime},
		{"answered on the last day, late evening", dashDue("2026-11-10", false, [2]string{"answered", "2026-11-10 23:59"}), complaint.OutcomeOnTime},
		{"answered the day after", dashDue("2026-11-10", false, [2]string{"answered", "2026-11-11 00:01"}), complaint.OutcomeLate},
		{"answered late after the timer fired", dashDue("2026-11-10", true, [2]string{"deadline_missed", "2026-11-11 02:00"}, [2]string{"answered", "2026-11-12 10:00"}), complaint.OutcomeLate},
		{"timer fired, no answer", dashDue("2026-11-10", true, [2]string{"deadline_missed", "2026-11-11 02:00"}), complaint.OutcomeMissed},
		{"deadline passed, timer not run yet", dashDue("2026-11-20", false), complaint.OutcomeMissed},
		{"deadline running", dashDue("2026-11-25", false), complaint.OutcomeNone},
		{"withdrawn before the deadline", dashDue("2026-11-20", false, [2]string{"withdrawn", "2026-11-15 10:00"}), complaint.OutcomeNone},
		{"escalated on the last day", dashDue("2026-11-20", false, [2]string{"escalated", "2026-11-20 18:00"}), complaint.OutcomeNone},
		{"closed after the deadline", dashDue("2026-11-20", false, [2]string{"closed", "2026-11-23 10:00"}), complaint.OutcomeMissed},
		{"resolved after the deadline without an answer", dashDue("2026-11-10", false, [2]string{"resolved", "2026-11-12 10:00"}), complaint.OutcomeMissed},
		{"answer counts over a later end", dashDue("2026-11-10", false, [2]string{"answered", "2026-11-09 10:00"}, [2]string{"resolved", "2026-11-20 10:00"}), complaint.OutcomeOnTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, complaint.OutcomeOf(tt.c.AnswerDue, complaint.MilestonesOf(tt.c, fairshops.Berlin()), tt.c.DeadlineMissed, today))
		})
	}
}

func TestDeadlineCompliance(t *testing.T) {
	today := fairshops.MustDate("2026-11-25")
	months := lastMonths(today, 3) // Sep, Oct, Nov
	list := []*complaint.Complaint{
		dashDue("2026-09-10", false, [2]string{"answered", "2026-09-09 10:00"}),
		dashDue("2026-09-30", false, [2]string{"answered", "2026-09-29 10:00"}),
		dashDue("2026-09-12", true),
		dashDue("2026-10-05", false, [2]string{"answered", "2026-10-07 10:00"}),
		dashDue("2026-11-30", false),               // running: not counted
		dashDue("2026-08-31", true),                // before the months
		{Facts: precheck.Facts{Category: "other"}}, // no deadline
	}
	got := deadlineCompliance(statsFor(t, list, months, today).Compliance, months)
	want := []complianceMonth{
		{Month: yearMonth{2026, 9}, OnTime: 2, Missed: 1},
		{Month: yearMonth{2026, 10}, Late: 1},
		{Month: yearMonth{2026, 11}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestComplianceShare(t *testing.T) {
	tests := []struct {
		name   string
		m      complianceMonth
		share  int
		ok     bool
		de, en string
	}{
		{"nothing due", complianceMonth{}, 0, false, "", ""},
		{"all in time", complianceMonth{OnTime: 4}, 1000, true, "100 %", "100 %"},
		{"three of four", complianceMonth{OnTime: 3, Missed: 1}, 750, true, "75 %", "75 %"},
		{"two of three rounds up", complianceMonth{OnTime: 2, Late: 1}, 667, true, "66,7 %", "66.7 %"},
		{"one of three", complianceMonth{OnTime: 1, Late: 1, Missed: 1}, 333, true, "33,3 %", "33.3 %"},
		{"half up", complianceMonth{OnTime: 1, Missed: 7}, 125, true, "12,5 %", "12.5 %"},
		{"none in time", complianceMonth{Missed: 2}, 0, true, "0 %", "0 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			share, ok := tt.m.PerMille()
			require.Equal(t, tt.ok, ok)
			require.Equal(t, tt.share, share)
			if ok {
				require.Equal(t, tt.de, percentText(share, fairshops.German))
				require.Equal(t, tt.en, percentText(share, fairshops.English))
			}
		})
	}
}
