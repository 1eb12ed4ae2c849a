package figures_test

import (
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// Compute is the definition every store agrees with: three complaints
// forwarded in January, two answered (after 1 and 4 days, both in time),
// one past its deadline without an answer.
func ExampleCompute() {
	d := fairshops.MustDate
	q := figures.Query{ShopID: "s", From: d("2026-01-01"), To: d("2026-01-31"), Today: d("2026-02-15")}
	months := figures.Compute(q, []figures.Complaint{
		{ShopID: "s", ForwardedOn: d("2026-01-05"), AnsweredOn: d("2026-01-06"), Outcome: figures.OutcomeOnTime},
		{ShopID: "s", ForwardedOn: d("2026-01-12"), AnsweredOn: d("2026-01-16"), Outcome: figures.OutcomeOnTime},
		{ShopID: "s", ForwardedOn: d("2026-01-20"), Outcome: figures.OutcomeMissed},
	}, nil, map[fairshops.Date]int{d("2026-01-01"): 1500})
	m := months[0]
	share, _ := m.OnTimeShare()
	rate, _ := m.PerThousandOrders()
	fmt.Printf("%d complaints, median %d days, p90 %d days, %s %% in time, %s per 1,000 orders\n",
		m.Complaints, m.MedianDays, m.P90Days, share, rate)
	// Output: 3 complaints, median 1 days, p90 4 days, 66.7 % in time, 2 per 1,000 orders
}

// Percentile is the discrete percentile: the value at position ceil(p·n).
func ExamplePercentile() {
	days := []int{0, 1, 1, 2, 3, 3, 4, 6, 9, 14}
	fmt.Println(figures.Percentile(days, 50), figures.Percentile(days, 90))
	// Output: 3 9
}

// View is what a reader sees of a month: the public sees nothing of a
// month with fewer than MinPublic complaints.
func ExampleView() {
	m := figures.Month{Month: fairshops.MustDate("2026-11-01"), Complaints: 3, Answered: 3, MedianDays: 2, P90Days: 2, OnTime: 3}
	fmt.Println(figures.View(m, true).Withheld, *figures.View(m, false).Complaints)
	// Output: true 3
}
