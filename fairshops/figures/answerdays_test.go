package figures_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// TestAnswerDays: the answer time leaves out the days the clock was paused
// (docs/adr-paused-clocks.md), in Compute too.
func TestAnswerDays(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	tests := []struct {
		name           string
		fwd, answered  string
		paused, expect int
	}{
		{"no pause", "2026-03-02", "2026-03-12", 0, 10},
		{"a 3-day pause answered on day 10", "2026-03-02", "2026-03-12", 3, 7},
		{"answered the day of the reply", "2026-03-02", "2026-03-05", 3, 0},
		{"more paused than passed (never below 0)", "2026-03-02", "2026-03-03", 5, 0},
		{"a negative pause counts nothing", "2026-03-02", "2026-03-04", -3, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.expect, figures.AnswerDays(d(tt.fwd), d(tt.answered), tt.paused))
		})
	}
	q := figures.Query{ShopID: "s", From: d("2026-03-01"), To: d("2026-03-31"), Today: d("2026-04-01")}
	got := figures.Compute(q, []figures.Complaint{
		{ShopID: "s", ForwardedOn: d("2026-03-02"), AnsweredOn: d("2026-03-12"), PausedDays: 3, Outcome: figures.OutcomeOnTime},
	}, nil, nil)
	require.Equal(t, 7, got[0].MedianDays)
	require.Equal(t, 7, got[0].P90Days)
}

// A complaint forwarded on 2 March and answered on 12 March (day 10),
// whose shop waited 3 days on the consumer's reply to its question,
// counts 7 days of answer time.
func ExampleAnswerDays() {
	fmt.Println(figures.AnswerDays(fairshops.MustDate("2026-03-02"), fairshops.MustDate("2026-03-12"), 3))
	// Output: 7
}
