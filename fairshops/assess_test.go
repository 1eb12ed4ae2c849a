package fairshops_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

// testCatalogueJSON has small bonus criteria besides the modules, so that
// every boundary around the threshold of 50 can be hit.
const testCatalogueJSON = `{
  "id": "test.standard", "version": "1", "valid_from": "2026-01-01",
  "bonus_threshold": 50, "module_points": "highest",
  "areas": [{"id": "a", "title": {"de": "A", "en": "A"}}],
  "criteria": [
    {"id": "must.one", "area": "a", "kind": "must", "title": {"de": "M1", "en": "M1"}},
    {"id": "must.two", "area": "a", "kind": "must", "title": {"de": "M2", "en": "M2"}},
    {"id": "bonus.p1", "area": "a", "kind": "bonus", "points": 1, "title": {"de": "B1", "en": "B1"}},
    {"id": "bonus.p2", "area": "a", "kind": "bonus", "points": 2, "title": {"de": "B2", "en": "B2"}},
    {"id": "bonus.p49", "area": "a", "kind": "bonus", "points": 49, "title": {"de": "B49", "en": "B49"}},
    {"id": "bonus.p100", "area": "a", "kind": "bonus", "points": 100, "title": {"de": "B100", "en": "B100"}},
    {"id": "bonus.tp", "area": "a", "kind": "bonus", "points": 10, "module": "themenportal", "title": {"de": "T", "en": "T"}},
    {"id": "bonus.bs", "area": "a", "kind": "bonus", "points": 40, "module": "beschwerdeservice", "title": {"de": "B", "en": "B"}},
    {"id": "bonus.sm", "area": "a", "kind": "bonus", "points": 50, "module": "streitmoderation", "title": {"de": "S", "en": "S"}}
  ]}`

func testCatalogue(t testing.TB, rule fs.CombineRule) *fs.Catalogue {
	t.Helper()
	js := strings.Replace(testCatalogueJSON, `"module_points": "highest"`, `"module_points": "`+string(rule)+`"`, 1)
	c, err := fs.Load(strings.NewReader(js))
	require.NoError(t, err)
	return c
}

var (
	day      = fs.MustDate("2026-06-15")
	bookedTP = fs.Booking{Module: fs.Themenportal, From: fs.MustDate("2026-01-01")}
	bookedBS = fs.Booking{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-01-01"), Until: fs.MustDate("2026-12-31")}
	bookedSM = fs.Booking{Module: fs.Streitmoderation, From: fs.MustDate("2026-01-01")}
)

func withMusts(ids ...string) []string { return append([]string{"must.one", "must.two"}, ids...) }

func TestAssessBoundaries(t *testing.T) {
	tests := []struct {
		name      string
		rule      fs.CombineRule
		fulfilled []string
		bookings  []fs.Booking
		on        fs.Date
		points    int
		mustMiss  []string
		compliant bool
	}{
		{name: "49 points", fulfilled: withMusts("bonus.p49"), points: 49},
		{name: "50 points", fulfilled: withMusts("bonus.p49", "bonus.p1"), points: 50, compliant: true},
		{name: "51 points", fulfilled: withMusts("bonus.p49", "bonus.p2"), points: 51, compliant: true},
		{name: "missing MUST with 100 points", fulfilled: []string{"must.one", "bonus.p100"}, points: 100, mustMiss: []string{"must.two"}},
		{name: "both MUSTs missing", fulfilled: []string{"bonus.p100"}, points: 100, mustMiss: []string{"must.one", "must.two"}},
		{name: "complaint service alone is 40", fulfilled: withMusts(), bookings: []fs.Booking{bookedBS}, points: 40},
		{name: "complaint service and 9 more", fulfilled: withMusts("bonus.p1", "bonus.p2"), bookings: []fs.Booking{bookedBS}, points: 43},
		{name: "moderation alone is 50", fulfilled: withMusts(), bookings: []fs.Booking{bookedSM}, points: 50, compliant: true},
		{name: "highest: portal and complaint service give 40", fulfilled: withMusts(), bookings: []fs.Booking{bookedTP, bookedBS}, points: 40},
		{name: "sum: portal and complaint service give 50", rule: fs.Sum, fulfilled: withMusts(), bookings: []fs.Booking{bookedTP, bookedBS}, points: 50, compliant: true},
		{name: "highest: all three give 50", fulfilled: withMusts(), bookings: []fs.Booking{bookedTP, bookedBS, bookedSM}, points: 50, compliant: true},
		{name: "sum: all three give 100", rule: fs.Sum, fulfilled: withMusts(), bookings: []fs.Booking{bookedTP, bookedBS, bookedSM}, points: 100, compliant: true},
		{name: "module listed as fulfilled does not count", fulfilled: withMusts("bonus.sm", "bonus.bs"), points: 0},
		{name: "unknown ID is ignored", fulfilled: withMusts("bonus.nope"), points: 0},
		{name: "booking starts on the date", fulfilled: withMusts("bonus.p49"), bookings: []fs.Booking{{Module: fs.Themenportal, From: day}}, on: day, points: 59, compliant: true},
		{name: "booking ends on the date", fulfilled: withMusts("bonus.p49"), bookings: []fs.Booking{{Module: fs.Themenportal, From: fs.MustDate("2026-01-01"), Until: day}}, on: day, points: 59, compliant: true},
		{name: "booking ended the day before", fulfilled: withMusts("bonus.p49"), bookings: []fs.Booking{{Module: fs.Themenportal, From: fs.MustDate("2026-01-01"), Until: day.AddDays(-1)}}, on: day, points: 49},
		{name: "booking starts the day after", fulfilled: withMusts("bonus.p49"), bookings: []fs.Booking{{Module: fs.Themenportal, From: day.AddDays(1)}}, on: day, points: 49},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule
			if rule == "" {
				rule = fs.Highest
			}
			on := tt.on
			if on.IsZero() {
				on = day
			}
			a := testCatalogue(t, rule).Assess(tt.fulfilled, tt.bookings, on)
			require.Equal(t, tt.points, a.BonusPoints, "bonus_points")
			require.Equal(t, max(0, 50-tt.points), a.Shortfall, "shortfall")
			if d := cmp.Diff(tt.mustMiss, a.MustMissing, cmpEmpty); d != "" {
				t.Fatalf("must_missing (-want +got):\n%s", d)
			}
			require.Equal(t, tt.compliant, a.Compliant, "compliant")
			require.Equal(t, "test.standard", a.Catalogue)
			require.Equal(t, on, a.AsOf)
			if a.Shortfall == 0 {
				require.Empty(t, a.WaysToClose, "no ways when the threshold is met")
			} else {
				require.NotEmpty(t, a.WaysToClose)
			}
		})
	}
}

func TestAssessWhy(t *testing.T) {
	c := testCatalogue(t, fs.Highest)
	a := c.Assess(withMusts("bonus.p1"), []fs.Booking{bookedTP, {Module: fs.Streitmoderation, From: day}}, day)
	why := map[string]fs.Why{}
	counted := map[string]int{}
	for _, r := range a.Criteria {
		why[r.ID] = r.Why
		counted[r.ID] = r.Counted
	}
	want := map[string]fs.Why{
		"must.one": fs.WhyFulfilled, "must.two": fs.WhyFulfilled, "bonus.p1": fs.WhyFulfilled,
		"bonus.p2": fs.WhyNotFulfilled, "bonus.p49": fs.WhyNotFulfilled, "bonus.p100": fs.WhyNotFulfilled,
		"bonus.tp": fs.WhyBookedNotCounted, "bonus.bs": fs.WhyIncluded, "bonus.sm": fs.WhyBooked,
	}
	if d := cmp.Diff(want, why); d != "" {
		t.Fatalf("why (-want +got):\n%s", d)
	}
	require.Equal(t, 50, counted["bonus.sm"])
	require.Equal(t, 0, counted["bonus.tp"])
	require.Equal(t, 51, a.BonusPoints)
}

func TestWaysToClose(t *testing.T) {
	tests := []struct {
		name      string
		fulfilled []string
		bookings  []fs.Booking
		want      [][]string
	}{
		{
			// 49 points: 1 short. Every open item alone closes it; sorted by points over the threshold.
			name: "one point short", fulfilled: withMusts("bonus.p49"),
			want: [][]string{{"bonus.p1"}, {"bonus.p2"}, {"bonus.tp"}, {"bonus.bs"}, {"bonus.sm"}},
		},
		{
			// 40 points from the complaint service: portal adds nothing under "highest".
			name: "complaint service booked", fulfilled: withMusts(), bookings: []fs.Booking{bookedBS},
			want: [][]string{{"bonus.sm"}, {"bonus.p49"}, {"bonus.p100"}},
		},
		{
			name: "nothing met", fulfilled: withMusts(),
			// {p1,p2,p49} reaches too but is not minimal; {p100} overshoots by 50 and falls off the list.
			want: [][]string{{"bonus.sm"}, {"bonus.p1", "bonus.p49"}, {"bonus.p2", "bonus.p49"}, {"bonus.p49", "bonus.tp"}, {"bonus.p49", "bonus.bs"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testCatalogue(t, fs.Highest).Assess(tt.fulfilled, tt.bookings, day)
			if d := cmp.Diff(tt.want, a.WaysToClose); d != "" {
				t.Fatalf("ways_to_close (-want +got):\n%s", d)
			}
		})
	}
}
