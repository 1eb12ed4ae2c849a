package figures

import (
	"context"
	"slices"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
)

// MinPublic is the smallest number of cases a figure shown to the public
// may be drawn from: a month with fewer complaints shows no complaint
// figures, fewer decided mediation requests no acceptance, fewer
// settlements no share kept. Below it a figure would say more about a few
// consumers than about the shop (privacy), and one late answer would swing
// it wildly (fairness). The shop and the operator see every figure.
const MinPublic = 5

// MaxMonths is the longest range one Query may ask for.
const MaxMonths = 36

// Query asks a Store for the figures of one shop in the months from From's
// month to To's month (both inclusive), with the deadlines judged as of
// Today (a deadline not yet passed is not decided).
type Query struct {
	ShopID   string
	From, To fairshops.Date
	Today    fairshops.Date
}

// Months returns the first days of the query's months, oldest first;
// none when To's month is before From's, at most MaxMonths.
func (q Query) Months() []fairshops.Date {
	var out []fairshops.Date
	for m := MonthOf(q.From); !m.After(q.To) && len(out) < MaxMonths; m = m.AddMonths(1) {
		out = append(out, m)
	}
	return out
}

// End is the last day of the query's range: the last day of To's month.
func (q Query) End() fairshops.Date { return MonthOf(q.To).AddMonths(1).AddDays(-1) }

// MonthOf returns the first day of d's month.
func MonthOf(d fairshops.Date) fairshops.Date {
	y, m, _ := d.Parts()
	return fairshops.NewDate(y, m, 1)
}

// Month holds the counts of one shop in one month, as a Store counts them
// (see the package documentation for what each counts).
type Month struct {
	Month fairshops.Date // the first day of the month

	Complaints int // forwarded in the month, not displeasure-only
	Answered   int // of those, answered by the shop
	// MedianDays and P90Days are the discrete percentiles of the answer
	// times in calendar days; 0 when Answered is 0.
	MedianDays, P90Days  int
	OnTime, Late, Missed int // deadline outcomes of the month's complaints

	Orders         int  // the order count the shop reported for the month
	OrdersReported bool // whether it reported one

	Requests int // mediation requests of the month whose request was decided
	Accepted int // of those, the ones that opened
	Settled  int // requests of the month that ended settled
	Kept     int // of those, the settlements kept (Store.SettlementsKept)
}

// Decided is how many of the month's complaints have a decided deadline.
func (m Month) Decided() int { return m.OnTime + m.Late + m.Missed }

// Store counts the figures. Implementations: adapters/memory and
// adapters/sql; figures/storetest is their conformance suite.
type Store interface {
	// Figures returns the counts of q.ShopID for every month of q
	// (Query.Months), oldest first, months without anything included with
	// zero counts. Settled and Kept come from SettlementsKept.
	Figures(ctx context.Context, q Query) ([]Month, error)
	// SettlementsKept counts per month of q (by the month of the request;
	// months without a settlement left out, oldest first) the mediation
	// requests about q.ShopID's complaints that ended settled, and of those
	// the ones kept.
	// It is the one place that says what "kept" means: today a settlement
	// counts as kept unless a breach of it is recorded, and nothing records
	// one yet, so Kept equals Settled. When settlement obligations are
	// tracked (a missed one: mediation.obligation_missed), this query
	// becomes "settled and no obligation missed" in every adapter.
	SettlementsKept(ctx context.Context, q Query) ([]Settlements, error)
	// SetOrders records the number of orders the shop had in the month of
	// month (any day of it); a second report for the month replaces the
	// first.
	SetOrders(ctx context.Context, shopID string, month fairshops.Date, orders int) error
}

// Settlements is the answer of Store.SettlementsKept for one month.
type Settlements struct {
	Month         fairshops.Date
	Settled, Kept int
}

// Outcome is how a complaint's answer deadline was met, as
// complaint.OutcomeOf says (the adapters map it; this package imports no
// complaint).
type Outcome int

// The outcomes, in complaint.Outcome's order.
const (
	OutcomeNone Outcome = iota
	OutcomeOnTime
	OutcomeLate
	OutcomeMissed
)

// Complaint is what Compute needs of one complaint.
type Complaint struct {
	ShopID      string
	ForwardedOn fairshops.Date // zero: never forwarded
	AnsweredOn  fairshops.Date // the day of the shop's first answer; zero: none
	// PausedDays are the days the shop's answer clock was paused before
	// its first answer (complaint.Clock.PausedDays: the shop waited on
	// the consumer's reply); the answer time leaves them out.
	PausedDays  int
	Displeasure bool    // displeasure-only: no answer asked for
	Outcome     Outcome // complaint.OutcomeOf as of the query's Today
}

// Case is what Compute needs of one mediation case.
type Case struct {
	ShopID      string
	RequestedOn fairshops.Date
	Decided     bool // the request was decided: opened, declined, or its decision deadline passed
	Opened      bool // the case opened
	Settled     bool
	Kept        bool // settled and kept (see Store.SettlementsKept)
}

// Compute works the figures of q out of plain records: the in-memory
// definition every Store must agree with. orders maps a month's first day
// to the order count reported for it.
func Compute(q Query, complaints []Complaint, cases []Case, orders map[fairshops.Date]int) []Month {
	months := q.Months()
	out := make([]Month, len(months))
	idx := map[fairshops.Date]int{}
	for i, m := range months {
		out[i].Month = m
		idx[m] = i
		if n, ok := orders[m]; ok {
			out[i].Orders, out[i].OrdersReported = n, true
		}
	}
	days := make([][]int, len(months))
	for _, c := range complaints {
		if c.ShopID != q.ShopID || c.ForwardedOn.IsZero() || c.Displeasure {
			continue
		}
		i, ok := idx[MonthOf(c.ForwardedOn)]
		if !ok {
			continue
		}
		m := &out[i]
		m.Complaints++
		if !c.AnsweredOn.IsZero() {
			m.Answered++
			days[i] = append(days[i], AnswerDays(c.ForwardedOn, c.AnsweredOn, c.PausedDays))
		}
		switch c.Outcome {
		case OutcomeOnTime:
			m.OnTime++
		case OutcomeLate:
			m.Late++
		case OutcomeMissed:
			m.Missed++
		}
	}
	for i := range out {
		slices.Sort(days[i])
		out[i].MedianDays = Percentile(days[i], 50)
		out[i].P90Days = Percentile(days[i], 90)
	}
	for _, c := range cases {
		if c.ShopID != q.ShopID || c.RequestedOn.IsZero() {
			continue
		}
		i, ok := idx[MonthOf(c.RequestedOn)]
		if !ok {
			continue
		}
		m := &out[i]
		if c.Decided {
			m.Requests++
			if c.Opened {
				m.Accepted++
			}
		}
		if c.Settled {
			m.Settled++
			if c.Kept {
				m.Kept++
			}
		}
	}
	return out
}

// AnswerDays is a complaint's answer time in calendar days: from the
// forwarding to the first answer, less the days its clock was paused
// (never below 0). A complaint answered on day 10 after a 3-day pause
// counts 7 days.
func AnswerDays(forwarded, answered fairshops.Date, paused int) int {
	return max(forwarded.DaysUntil(answered)-max(paused, 0), 0)
}

// Percentile returns the discrete pct-th percentile of sorted (ascending):
// the value at position ceil(pct·n/100), as PostgreSQL's percentile_disc;
// 0 for none.
func Percentile(sorted []int, pct int) int {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	k := (pct*n + 99) / 100 // ceil(pct·n/100), 1-based
	return sorted[max(k, 1)-1]
}

// Tenths is a figure with one decimal, kept as an integer count of tenths
// (never a float): 833 is 83.3. Its JSON is the decimal number.
type Tenths int

// String writes the number with a point: "83.3", "0", "12".
func (t Tenths) String() string {
	s := strconv.Itoa(int(t) / 10)
	if r := int(t) % 10; r != 0 {
		s += "." + strconv.Itoa(r)
	}
	return s
}

// MarshalJSON writes the number.
func (t Tenths) MarshalJSON() ([]byte, error) { return []byte(t.String()), nil }

// ratio is 1000·num/den in tenths rounded half up (a per-mille share in
// tenths of a percent, or complaints per 1,000 in tenths); false for den 0.
func ratio(num, den, scale int) (Tenths, bool) {
	if den <= 0 {
		return 0, false
	}
	return Tenths((num*scale*2 + den) / (2 * den)), true
}

// OnTimeShare is the share of decided deadlines met, in tenths of a
// percent (833 = 83.3 %); false when none was decided.
func (m Month) OnTimeShare() (Tenths, bool) { return ratio(m.OnTime, m.Decided(), 1000) }

// PerThousandOrders is the month's complaints per 1,000 reported orders,
// in tenths; false when no (or zero) orders were reported.
func (m Month) PerThousandOrders() (Tenths, bool) {
	if !m.OrdersReported {
		return 0, false
	}
	return ratio(m.Complaints, m.Orders, 10000)
}

// AcceptanceShare is the share of decided mediation requests that opened,
// in tenths of a percent; false when none was decided.
func (m Month) AcceptanceShare() (Tenths, bool) { return ratio(m.Accepted, m.Requests, 1000) }

// KeptShare is the share of settlements kept, in tenths of a percent;
// false when there was none.
func (m Month) KeptShare() (Tenths, bool) { return ratio(m.Kept, m.Settled, 1000) }
