package figures_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		sorted      []int
		median, p90 int
	}{
		{"none", nil, 0, 0},
		{"one", []int{4}, 4, 4},
		{"five", []int{1, 2, 3, 4, 10}, 3, 10},
		{"three", []int{0, 2, 7}, 2, 7},
		{"ten", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 9},
		{"eleven", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
		{"ties", []int{2, 2, 2, 9}, 2, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.median, figures.Percentile(tt.sorted, 50))
			require.Equal(t, tt.p90, figures.Percentile(tt.sorted, 90))
		})
	}
}

func TestTenths(t *testing.T) {
	t.Parallel()
	for v, want := range map[figures.Tenths]string{0: "0", 5: "0.5", 667: "66.7", 1000: "100", 35: "3.5"} {
		require.Equal(t, want, v.String())
		b, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, want, string(b))
	}
}

func TestShares(t *testing.T) {
	t.Parallel()
	m := figures.Month{Complaints: 7, OnTime: 4, Late: 1, Missed: 1, Orders: 2000, OrdersReported: true,
		Requests: 3, Accepted: 1, Settled: 2, Kept: 1}
	share := func(v figures.Tenths, ok bool) string {
		if !ok {
			return "none"
		}
		return v.String()
	}
	require.Equal(t, "66.7", share(m.OnTimeShare()))
	require.Equal(t, "3.5", share(m.PerThousandOrders()))
	require.Equal(t, "33.3", share(m.AcceptanceShare()))
	require.Equal(t, "50", share(m.KeptShare()))
	require.Equal(t, "none", share(figures.Month{}.OnTimeShare()))
	require.Equal(t, "none", share(figures.Month{Complaints: 3}.PerThousandOrders()), "not reported")
	require.Equal(t, "none", share(figures.Month{Complaints: 3, OrdersReported: true}.PerThousandOrders()), "zero orders")
	require.Equal(t, "none", share(figures.Month{}.AcceptanceShare()))
	require.Equal(t, "none", share(figures.Month{}.KeptShare()))
	// Half up: 1 of 8 = 12.5 %; 2 of 3 = 66.67 -> 66.7.
	require.Equal(t, "12.5", share(figures.Month{OnTime: 1, Late: 7}.OnTimeShare()))
}

func TestView(t *testing.T) {
	t.Parallel()
	month := fairshops.MustDate("2026-11-01")
	small := figures.Month{Month: month, Complaints: figures.MinPublic - 1, Answered: 4, MedianDays: 2, P90Days: 3, OnTime: 4}
	v := figures.View(small, true)
	require.True(t, v.Withheld)
	require.Nil(t, v.Complaints)
	require.Nil(t, v.MedianDays)
	require.Equal(t, "2026-11", v.Month)
	require.Equal(t, small, v.Counts())

	require.False(t, figures.View(small, false).Withheld, "the shop and the operator see every month")
	require.Equal(t, 4, *figures.View(small, false).Complaints)

	m := figures.Month{Month: month, Complaints: 6, Answered: 0, OnTime: 0, Missed: 2, Orders: 1200, OrdersReported: true,
		Requests: figures.MinPublic - 1, Accepted: 1, Settled: figures.MinPublic, Kept: figures.MinPublic}
	pub := figures.View(m, true)
	require.False(t, pub.Withheld)
	require.Equal(t, 6, *pub.Complaints)
	require.Nil(t, pub.MedianDays, "nothing answered: no answer time")
	require.Nil(t, pub.Orders, "the public never sees the order count")
	require.Equal(t, "5", pub.PerThousand.String())
	require.Nil(t, pub.Requests, "too few decided requests")
	require.Nil(t, pub.AcceptPct)
	require.Equal(t, "100", pub.KeptPct.String())
	own := figures.View(m, false)
	require.Equal(t, 1200, *own.Orders)
	require.Equal(t, "25", own.AcceptPct.String())
}

func TestQueryMonths(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	q := figures.Query{From: d("2026-11-15"), To: d("2027-02-03")}
	require.Equal(t, []fairshops.Date{d("2026-11-01"), d("2026-12-01"), d("2027-01-01"), d("2027-02-01")}, q.Months())
	require.Equal(t, d("2027-02-28"), q.End())
	require.Empty(t, figures.Query{From: d("2027-01-01"), To: d("2026-12-31")}.Months())
	require.Len(t, figures.Query{From: d("2020-01-01"), To: d("2030-01-01")}.Months(), figures.MaxMonths)
	last := figures.LastMonths("s", d("2026-11-25"), 12)
	require.Equal(t, d("2025-12-01"), last.From)
	require.Len(t, last.Months(), 12)
}

func TestCompute(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	q := figures.Query{ShopID: "s", From: d("2026-01-01"), To: d("2026-01-31"), Today: d("2026-03-01")}
	cs := []figures.Complaint{
		{ShopID: "s", ForwardedOn: d("2026-01-02"), AnsweredOn: d("2026-01-05"), Outcome: figures.OutcomeOnTime},
		{ShopID: "s", ForwardedOn: d("2026-01-03"), Outcome: figures.OutcomeMissed},
		{ShopID: "s", ForwardedOn: d("2026-01-04"), Displeasure: true},
		{ShopID: "s"}, // never forwarded
		{ShopID: "t", ForwardedOn: d("2026-01-02"), AnsweredOn: d("2026-01-03"), Outcome: figures.OutcomeOnTime},
		{ShopID: "s", ForwardedOn: d("2026-02-01"), AnsweredOn: d("2026-02-02"), Outcome: figures.OutcomeOnTime},
	}
	cases := []figures.Case{
		{ShopID: "s", RequestedOn: d("2026-01-10"), Decided: true, Opened: true, Settled: true, Kept: true},
		{ShopID: "s", RequestedOn: d("2026-01-11")},
	}
	got := figures.Compute(q, cs, cases, map[fairshops.Date]int{d("2026-01-01"): 100})
	require.Equal(t, []figures.Month{{Month: d("2026-01-01"), Complaints: 2, Answered: 1, MedianDays: 3, P90Days: 3,
		OnTime: 1, Missed: 1, Orders: 100, OrdersReported: true, Requests: 1, Accepted: 1, Settled: 1, Kept: 1}}, got)
}
