package mediation_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// refundOption is a valid full refund of the fuzz limits' order.
func refundOption() mediation.Option {
	return mediation.Option{ID: "o1", Kind: mediation.KindRefund, Amount: eur("64.80"),
		Parts: []mediation.Part{{Label: mediation.PartPrice, Amount: eur("59.90")},
			{Label: mediation.PartDelivery, Amount: eur("4.90")}},
		Duties:    []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: ptr(eur("64.80")), Due: date("2026-04-15")}},
		Rationale: mediation.Rationale{Key: "rationale.refund_due"}}
}

func fieldCodes(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestValidateOptions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(o *mediation.Option)
		more   []mediation.Option
		want   []string
	}{
		{"valid", nil, nil, nil},
		{"negative amount", func(o *mediation.Option) {
			o.Amount = eur("-1.00")
			o.Parts = nil
			o.Duties[0].Amount = ptr(eur("-1.00"))
		}, nil, []string{"options[0].amount:negative", "options[0].duties[0].amount:negative"}},
		{"above order value plus delivery", func(o *mediation.Option) {
			o.Amount = eur("64.81")
			o.Parts = nil
			o.Duties[0].Amount = ptr(eur("64.81"))
		}, nil, []string{"options[0].amount:too_large", "options[0].duties[0].amount:too_large"}},
		{"foreign currency", func(o *mediation.Option) {
			o.Amount = fairshops.MustMoney("64.80", "CHF")
		}, nil, []string{"options[0].amount.currency:mismatch"}},
		{"more decimals than cents", func(o *mediation.Option) {
			o.Amount = eur("64.795")
			o.Duties[0].Amount = ptr(eur("64.795"))
		}, nil, []string{"options[0].amount:invalid_format", "options[0].duties[0].amount:invalid_format"}},
		{"parts off by a cent", func(o *mediation.Option) { o.Parts[1].Amount = eur("4.89") }, nil,
			[]string{"options[0].parts:mismatch"}},
		{"unknown part label", func(o *mediation.Option) { o.Parts[1].Label = "shipping" }, nil,
			[]string{"options[0].parts[1].label:unknown_value"}},
		{"duties pay less than the amount", func(o *mediation.Option) { o.Duties[0].Amount = ptr(eur("60.00")) }, nil,
			[]string{"options[0].duties:mismatch"}},
		{"refund of nothing", func(o *mediation.Option) {
			o.Amount = eur("0")
			o.Parts = nil
			o.Duties[0].Amount = ptr(eur("0"))
		}, nil, []string{"options[0].amount:too_small", "options[0].duties[0].amount:too_small"}},
		{"repair with money", func(o *mediation.Option) {
			o.Kind = mediation.KindRepair
			o.Parts = nil
			o.Duties = []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRepair, Due: date("2026-04-15")}}
		}, nil, []string{"options[0].amount:not_allowed", "options[0].duties:mismatch"}},
		{"duty of the wrong party, too early, with an amount it cannot carry", func(o *mediation.Option) {
			o.Duties = append(o.Duties, mediation.Duty{Party: fairshops.RoleShop, Action: mediation.ActReturnGoods,
				Amount: ptr(eur("1.00")), Due: date("2026-03-31")})
		}, nil, []string{"options[0].duties[1].party:mismatch", "options[0].duties[1].due:before",
			"options[0].duties[1].amount:not_allowed"}},
		{"no duties, no rationale, unknown kind, bad ID, a note with markup", func(o *mediation.Option) {
			o.ID = "Option 1"
			o.Kind = "compensation"
			o.Duties = nil
			o.Rationale.Key = ""
			o.Note = "<a href=x>hier</a>"
		}, nil, []string{"options[0].id:invalid_format", "options[0].kind:unknown_value", "options[0].duties:required",
			"options[0].rationale.key:required", "options[0].note:markup"}},
		{"price reduction: the percentage and its amount", func(o *mediation.Option) {
			o.Kind = mediation.KindPriceReduction
			o.Percent = decimal.NewFromInt(20)
			o.Amount = eur("12.00")
			o.Parts = nil
			o.Duties[0].Amount = ptr(eur("12.00"))
		}, nil, []string{"options[0].amount:mismatch"}},
		{"price reduction above 100 percent", func(o *mediation.Option) {
			o.Kind = mediation.KindPriceReduction
			o.Percent = decimal.NewFromInt(101)
			o.Parts = nil
		}, nil, []string{"options[0].percent:too_large"}},
		{"a percentage on a refund and return costs on a repair", func(o *mediation.Option) {
			o.Percent = decimal.NewFromInt(10)
			o.ShopPaysReturn = true
		}, nil, []string{"options[0].percent:not_allowed", "options[0].shop_pays_return:not_allowed"}},
		{"instalments that add up", func(o *mediation.Option) {
			o.Instalments = []mediation.Instalment{{Amount: eur("32.40"), Due: date("2026-04-15")},
				{Amount: eur("32.40"), Due: date("2026-05-15")}}
		}, nil, nil},
		{"instalments off by a cent, out of order", func(o *mediation.Option) {
			o.Instalments = []mediation.Instalment{{Amount: eur("32.40"), Due: date("2026-05-15")},
				{Amount: eur("32.39"), Due: date("2026-04-15")}}
		}, nil, []string{"options[0].instalments[1].due:before", "options[0].instalments:mismatch"}},
		{"a single instalment", func(o *mediation.Option) {
			o.Instalments = []mediation.Instalment{{Amount: eur("64.80"), Due: date("2026-04-15")}}
		}, nil, []string{"options[0].instalments:too_small"}},
		{"duplicate option IDs", nil, []mediation.Option{refundOption()}, []string{"options[1].id:duplicate"}},
		{"too many options", nil, []mediation.Option{refundOption(), refundOption(), refundOption(), refundOption(), refundOption()},
			[]string{"options:too_many"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := refundOption()
			if tc.change != nil {
				tc.change(&o)
			}
			opts := append([]mediation.Option{o}, tc.more...)
			require.Equal(t, tc.want, fieldCodes(t, mediation.ValidateOptions(opts, fuzzLimits())))
		})
	}
	require.Equal(t, []string{"options:required"}, fieldCodes(t, mediation.ValidateOptions(nil, fuzzLimits())))
}

func TestLimitsRoundFacts(t *testing.T) {
	facts := engineFacts("other")
	facts.OrderValue = eur("59.9049")
	facts.DeliveryCost = ptr(eur("4.9049"))
	lim := mediation.LimitsOf(facts, date("2026-04-01"))
	require.Equal(t, "59.9", lim.OrderValue.Amount.String(), "rounded to the cent")
	require.Equal(t, "64.81", lim.Max.Amount.String(), "the sum, rounded once")
	facts.DeliveryCost = ptr(fairshops.MustMoney("4.90", "USD"))
	require.Equal(t, "59.9", mediation.LimitsOf(facts, date("2026-04-01")).Max.Amount.String(),
		"a delivery cost in another currency does not count")
}

func TestFees(t *testing.T) {
	fees := mediation.DefaultFeeConfig()
	for _, tc := range []struct {
		value, fee, ref, consumer string
	}{
		{"0", "30", "40", "30"},
		{"10.00", "30", "40", "30"},
		{"100.00", "30", "40", "30"},
		{"100.01", "50", "80", "30"},
		{"200.00", "50", "80", "30"},
		{"200.01", "50", "150", "30"},
		{"500.00", "50", "150", "30"},
		{"500.01", "80", "", "30"},
		{"2000.00", "80", "", "30"},
		{"2000.01", "120", "", "30"},
		{"49999.99", "120", "", "30"},
		{"100.004", "30", "40", "30"}, // rounded to 100.00 first
	} {
		t.Run(tc.value, func(t *testing.T) {
			q, err := fees.Quote(eur(tc.value))
			require.NoError(t, err)
			require.True(t, q.Fee.Amount.Equal(decimal.RequireFromString(tc.fee)), "fee %s", q.Fee)
			require.Equal(t, fairshops.EUR, q.Fee.Currency)
			if tc.ref == "" {
				require.Nil(t, q.ReferenceADR, "no confirmed reference above 500 EUR")
			} else {
				require.True(t, q.ReferenceADR.Amount.Equal(decimal.RequireFromString(tc.ref)))
			}
			require.False(t, q.ReferenceConfirmed)
			require.True(t, q.ConsumerFeeIfAbusive.Amount.Equal(decimal.RequireFromString(tc.consumer)))
		})
	}
	t.Run("the consumer's fee never exceeds the cap", func(t *testing.T) {
		cheap := mediation.Fees{Schedule: mediation.FeeSchedule{Bands: []mediation.FeeBand{{UpTo: decimal.NewFromInt(50), Fee: decimal.NewFromInt(20)}},
			Above: decimal.NewFromInt(90)}, ConsumerCap: decimal.NewFromInt(30)}
		q, err := cheap.Quote(eur("20"))
		require.NoError(t, err)
		require.Equal(t, "20", q.ConsumerFeeIfAbusive.Amount.String(), "below the cap: the fee itself")
		q, err = cheap.Quote(eur("60"))
		require.NoError(t, err)
		require.Equal(t, "30", q.ConsumerFeeIfAbusive.Amount.String())
		require.Nil(t, q.ReferenceADR)
	})
	t.Run("bad input", func(t *testing.T) {
		_, err := fees.Quote(fairshops.MustMoney("10", "USD"))
		require.Equal(t, []string{"dispute_value.currency:mismatch"}, fieldCodes(t, err))
		_, err = fees.Quote(eur("-1"))
		require.Equal(t, []string{"dispute_value.amount:negative"}, fieldCodes(t, err))
	})
	t.Run("schedules are checked", func(t *testing.T) {
		bad := mediation.FeeSchedule{Bands: []mediation.FeeBand{{UpTo: decimal.NewFromInt(100), Fee: decimal.NewFromInt(-1)},
			{UpTo: decimal.NewFromInt(100), Fee: decimal.NewFromInt(5)}, {UpTo: decimal.Zero, Fee: decimal.Zero}},
			Above: decimal.NewFromInt(-5)}
		require.Equal(t, []string{"bands[0].fee:negative", "bands[1].up_to:too_small", "bands[2].up_to:too_small",
			"bands[2].up_to:too_small", "above:negative"}, fieldCodes(t, bad.Validate()))
		require.NoError(t, mediation.DefaultFees().Validate())
		require.NoError(t, mediation.ReferenceADRFees().Validate())
	})
}

func TestMessagesComplete(t *testing.T) {
	m := mediation.Messages()
	require.Empty(t, m.Missing(), "every key in de and en")
	keys := map[string]bool{}
	for _, k := range m.Keys() {
		keys[k] = true
	}
	need := []string{}
	for _, s := range mediation.States() {
		need = append(need, "state."+string(s))
	}
	for _, r := range mediation.Reasons() {
		need = append(need, "refusal."+string(r))
	}
	for _, k := range mediation.Kinds() {
		need = append(need, "kind."+string(k))
	}
	for _, a := range mediation.Actions() {
		need = append(need, "duty."+string(a))
	}
	for _, r := range fairshops.Roles() {
		need = append(need, "role."+string(r))
	}
	for _, i := range []mediation.Indicator{mediation.IndicatorClearForShop, mediation.IndicatorDispleasure, mediation.IndicatorNoRealCase} {
		need = append(need, "indicator."+string(i))
	}
	for _, p := range []string{mediation.PartPrice, mediation.PartDelivery, mediation.PartShopOffer,
		mediation.PartHalfDifference, mediation.PartGoodwill, mediation.PartReduction, mediation.PartClaim} {
		need = append(need, "part."+p)
	}
	for _, tc := range engineCases() {
		in, cfg := tc.input()
		d := mediation.Propose(in, cfg)
		need = append(need, d.Rationale.Key)
		for _, o := range d.Options {
			need = append(need, o.Rationale.Key)
		}
	}
	for _, k := range need {
		require.True(t, keys[k], "missing message %s", k)
	}
	for _, lang := range fairshops.Languages() {
		for _, k := range m.Keys() {
			text := m.Render(lang, k, "a", "b", "c", "d")
			require.NotEmpty(t, strings.TrimSpace(text), k)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		m      fairshops.Money
		de, en string
	}{
		{eur("1234.5"), "1.234,50 EUR", "1,234.50 EUR"},
		{eur("0.005"), "0,01 EUR", "0.01 EUR"},
		{eur("-1234567.891"), "-1.234.567,89 EUR", "-1,234,567.89 EUR"},
		{fairshops.MustMoney("6481", "JPY"), "6.481 JPY", "6,481 JPY"},
	} {
		require.Equal(t, tc.de, mediation.FormatMoney(tc.m, fairshops.German))
		require.Equal(t, tc.en, mediation.FormatMoney(tc.m, fairshops.English))
	}
	require.Equal(t, "05.01.2027", mediation.FormatDate(date("2027-01-05"), fairshops.German))
	require.Equal(t, "5 January 2027", mediation.FormatDate(date("2027-01-05"), fairshops.English))
	r := mediation.Rationale{Key: "rationale.warranty_reduction", Args: []string{"12.5"}}
	require.Contains(t, r.Text(fairshops.German), "um 12,5 Prozent")
	require.Contains(t, r.Text(fairshops.English), "by 12.5 percent")
}

func TestNamesAndErrors(t *testing.T) {
	r := &mediation.Refusal{Reasons: []mediation.Reason{mediation.ReasonNotBooked, mediation.ReasonTimeBarred}}
	require.Equal(t, "mediation.Request: not allowed: refused: not_booked, time_barred", r.Error())
	require.False(t, r.Has(mediation.ReasonCaseExists))
	require.Equal(t, "Stellungnahmen", mediation.Statements.Name(fairshops.German))
	require.Equal(t, "awaiting cost acceptance", mediation.AwaitingCostAcceptance.Name(fairshops.English))
	require.Equal(t, "Gutschein", mediation.KindVoucher.Name(fairshops.German))
	for _, r := range mediation.Reasons() {
		require.True(t, r.Valid())
	}
	require.False(t, mediation.Reason("nope").Valid())
	require.False(t, mediation.State("nope").Valid())
	require.False(t, mediation.Kind("nope").Valid())
	require.False(t, mediation.Action("nope").Valid())

	f := newFixture(t, fairshops.ConsumerMode)
	q, err := f.svc.Quote(eur("1500"))
	require.NoError(t, err)
	require.Equal(t, "80.00 EUR", q.Fee.String())
}
