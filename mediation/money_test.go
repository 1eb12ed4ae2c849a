package mediation_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
)

// propertyRuns is how many random cases each money property is checked on.
const propertyRuns = 100_000

func runs(t *testing.T) int {
	if testing.Short() {
		return propertyRuns / 20
	}
	return propertyRuns
}

// randomMoney draws an amount of up to 10^7 minor units, sometimes with
// more decimals than the minor unit (as a computed figure has), in EUR or JPY.
func randomMoney(r *rand.Rand) fairshops.Money {
	c := fairshops.EUR
	if r.IntN(5) == 0 {
		c = "JPY"
	}
	scale := c.Scale()
	if r.IntN(4) == 0 {
		scale += int32(1 + r.IntN(4))
	}
	var units int64
	switch r.IntN(4) {
	case 0:
		units = r.Int64N(10) // 0.00 .. 0.09, the small cases that split unevenly
	case 1:
		units = r.Int64N(1_000)
	default:
		units = r.Int64N(10_000_000)
	}
	return fairshops.NewMoney(decimal.New(units, -scale), c)
}

func unit(c fairshops.Currency) decimal.Decimal { return decimal.New(1, -c.Scale()) }

func sum(ms []fairshops.Money) decimal.Decimal {
	s := decimal.Zero
	for _, m := range ms {
		s = s.Add(m.Amount)
	}
	return s
}

func sumParts(ps []mediation.Part) decimal.Decimal {
	s := decimal.Zero
	for _, p := range ps {
		s = s.Add(p.Amount.Amount)
	}
	return s
}

func TestSplitAddsUpExactly(t *testing.T) {
	// The example of the issue: one cent in three parts.
	parts := eur("0.01").Split(3)
	require.Equal(t, []string{"0.01", "0.00", "0.00"}, []string{parts[0].Amount.StringFixed(2),
		parts[1].Amount.StringFixed(2), parts[2].Amount.StringFixed(2)})

	r := rand.New(rand.NewPCG(1, 2))
	for i := range runs(t) {
		m := randomMoney(r)
		n := 1 + r.IntN(12)
		parts := m.Split(n)
		whole := m.Round().Amount
		require.Len(t, parts, n)
		require.True(t, sum(parts).Equal(whole), "case %d: %s in %d parts sums to %s", i, m, n, sum(parts))
		lo, hi := parts[0].Amount, parts[0].Amount
		for _, p := range parts {
			require.Equal(t, m.Currency, p.Currency)
			require.True(t, p.Round().Amount.Equal(p.Amount), "case %d: part %s not in minor units", i, p)
			lo, hi = decimal.Min(lo, p.Amount), decimal.Max(hi, p.Amount)
		}
		require.True(t, hi.Sub(lo).LessThanOrEqual(unit(m.Currency)), "case %d: parts of %s differ by more than a unit", i, m)
	}
}

func TestAllocateAddsUpExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range runs(t) {
		m := randomMoney(r)
		weights := make([]decimal.Decimal, 1+r.IntN(6))
		for j := range weights {
			weights[j] = decimal.New(r.Int64N(1000), -int32(r.IntN(3)))
		}
		weights[0] = weights[0].Add(decimal.NewFromInt(1)) // never all zero
		parts := m.Allocate(weights)
		require.True(t, sum(parts).Equal(m.Round().Amount), "case %d: %s by %v", i, m, weights)
		for j, p := range parts {
			if weights[j].IsZero() {
				require.True(t, p.IsZero(), "case %d: a zero weight gets nothing", i)
			}
		}
	}
}

func TestMidpointProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range runs(t) {
		a, b := randomMoney(r), randomMoney(r)
		b.Currency = a.Currency
		claim, offer := a, b
		if claim.Round().Amount.LessThanOrEqual(offer.Round().Amount) {
			claim, offer = offer, claim
		}
		to := fairshops.RoleConsumer
		if r.IntN(2) == 0 {
			to = fairshops.RoleShop
		}
		amount, parts, odd := mediation.Midpoint(claim, offer, to)
		if claim.Round().Amount.Equal(offer.Round().Amount) {
			require.Nil(t, parts, "case %d: no difference, no midpoint", i)
			continue
		}
		require.True(t, sumParts(parts).Equal(amount.Amount), "case %d: parts of the midpoint add up", i)
		up := claim.Round().Amount.Sub(amount.Amount)   // what the consumer gives up
		down := amount.Amount.Sub(offer.Round().Amount) // what the shop adds
		diff := up.Sub(down).Abs()
		require.True(t, up.Add(down).Equal(claim.Round().Amount.Sub(offer.Round().Amount)), "case %d", i)
		if odd {
			require.True(t, diff.Equal(unit(claim.Currency)), "case %d: an odd difference leaves one unit", i)
			if to == fairshops.RoleConsumer {
				require.True(t, down.GreaterThan(up), "case %d: the odd unit goes to the consumer", i)
			} else {
				require.True(t, up.GreaterThan(down), "case %d: the odd unit stays with the shop", i)
			}
		} else {
			require.True(t, diff.IsZero(), "case %d: an even difference is halved", i)
		}
	}
}

func TestSplitInstalmentsAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	first := date("2026-04-15")
	for i := range runs(t) {
		m := randomMoney(r)
		n := 2 + r.IntN(mediation.MaxInstalments-1)
		ins, err := mediation.SplitInstalments(m, n, first, calendar.Months(1), calendar.National)
		require.NoError(t, err)
		total := decimal.Zero
		for j, in := range ins {
			total = total.Add(in.Amount.Amount)
			if j > 0 {
				require.True(t, in.Due.After(ins[j-1].Due), "case %d: dates ascend", i)
			}
		}
		require.True(t, total.Equal(m.Round().Amount), "case %d: %s in %d instalments", i, m, n)
	}
	_, err := mediation.SplitInstalments(eur("10"), 1, first, calendar.Months(1), calendar.National)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	_, err = mediation.SplitInstalments(eur("-1"), 3, fairshops.Date{}, calendar.Period{}, calendar.National)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 3)
}

// TestProposeMoneyProperties drafts proposals for random orders, claims,
// offers and findings: every draft passes ValidateOptions, so no option pays
// more than order value plus delivery, and parts and duties add up.
func TestProposeMoneyProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	rules := precheck.Rules()
	kinds := append(mediation.Kinds(), "")
	for i := range runs(t) {
		order := randomMoney(r)
		order.Amount = order.Amount.Truncate(4).Add(unit(order.Currency)) // positive, up to 4 decimals as facts allow
		facts := engineFacts(precheck.Categories()[r.IntN(9)])
		facts.OrderValue = order
		facts.DeliveryCost = nil
		if r.IntN(2) == 0 {
			d := randomMoney(r)
			d.Currency = order.Currency
			d.Amount = d.Amount.Truncate(4)
			facts.DeliveryCost = &d
		}
		facts.DamagedInTransit = r.IntN(2) == 0
		facts.DesiredResolution = precheck.Resolutions()[r.IntN(len(precheck.Resolutions()))]
		var fs []precheck.Finding
		for range r.IntN(5) {
			ri := rules[r.IntN(len(rules))]
			fs = append(fs, finding(ri.ID, ri.Outcomes[r.IntN(len(ri.Outcomes))]))
		}
		wantOf := func() mediation.Want {
			w := mediation.Want{Kind: kinds[r.IntN(len(kinds))]}
			if r.IntN(2) == 0 {
				a := randomMoney(r)
				a.Currency = order.Currency
				w.Amount = &a
			}
			return w
		}
		cfg := mediation.DefaultEngineConfig()
		if r.IntN(3) == 0 {
			cfg.RemainderTo = fairshops.RoleShop
			cfg.GoodwillShare = decimal.New(r.Int64N(101), -2)
		}
		in := mediation.ProposalInput{Facts: facts, Precheck: precheck.Result{Findings: fs, Clarity: clarityOf(fs)},
			Claim: wantOf(), Offer: wantOf(), On: date("2026-04-01").AddDays(r.IntN(400))}
		d := mediation.Propose(in, cfg)
		require.NoError(t, d.Validate(), "case %d: %+v\ndraft %+v", i, in, d.Options)
	}
}
