package mediation_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// reductionCase is a failed cure of a defect the consumer wants the price
// reduced for, at the order value given.
func reductionCase(order, value string) engineCase {
	return engineCase{name: "warranty_consumer_reduction", facts: func(fs *precheck.Facts) {
		fs.DefectNoticedOn = date("2026-03-18")
		fs.DesiredResolution = precheck.WantPriceReduction
		fs.CureRequestedOn = date("2026-03-19")
		fs.OrderValue = eur(order)
	}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
		f(precheck.WarrantyCureOverdue)}, valueWithDefect: value}
}

// TestPriceReductionByValue checks BGB §441(3) with the price as the value
// without the defect: the reduction is the price less the value with the
// defect, exact, rounded half-up to the cent only at the end; without a
// value the default percentage is the moderation's proposal.
func TestPriceReductionByValue(t *testing.T) {
	for _, tc := range []struct {
		name, order, value string
		amount, percent    string
		key                string
	}{
		{"three quarters", "59.90", "44.925", "14.98", "25", "rationale.warranty_reduction_value"},
		{"cents exact", "59.90", "44.93", "14.97", "24.99", "rationale.warranty_reduction_value"},
		{"large order, percent only shown", "1234.57", "1000.00", "234.57", "19", "rationale.warranty_reduction_value"},
		{"a cent below the price", "59.90", "59.89", "0.01", "0.02", "rationale.warranty_reduction_value"},
		{"amount not the rounded percentage", "9999.99", "8000.00", "1999.99", "20", "rationale.warranty_reduction_value"},
		{"tiny share shows as the least percentage", "1000.00", "999.99", "0.01", "0.01", "rationale.warranty_reduction_value"},
		{"half a cent rounds up", "10.00", "9.995", "0.01", "0.05", "rationale.warranty_reduction_value"},
		{"no value: default percentage", "59.90", "", "11.98", "20", "rationale.warranty_reduction_proposal"},
		{"value not below the price: default", "59.90", "59.90", "11.98", "20", "rationale.warranty_reduction_proposal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, cfg := reductionCase(tc.order, tc.value).input()
			d := mediation.Propose(in, cfg)
			require.NoError(t, d.Validate())
			var got *mediation.Option
			for i := range d.Options {
				if d.Options[i].Kind == mediation.KindPriceReduction {
					got = &d.Options[i]
				}
			}
			require.NotNil(t, got, "no price reduction in %v", d.Options)
			require.Equal(t, tc.amount, got.Amount.Amount.StringFixed(2))
			require.Equal(t, tc.percent, got.Percent.String())
			require.Equal(t, tc.key, got.Rationale.Key)
			require.Contains(t, got.Basis, "BGB §441(3)")
			if tc.key == "rationale.warranty_reduction_value" {
				require.Equal(t, []string{tc.percent, eur(tc.value).String(), eur(tc.order).String(),
					got.Amount.String()}, got.Rationale.Args)
			}
		})
	}
}

// warrantyFixture is a fixture whose complaint is a failed cure, so that
// every draft carries a price reduction.
func warrantyFixture(t *testing.T) *fixture {
	f := newFixture(t, fairshops.ConsumerMode)
	facts := baseFacts()
	facts.DesiredResolution = precheck.WantPriceReduction
	facts.CureRequestedOn = date("2026-03-05")
	info := f.complaints.get(complaintID)
	info.Facts = facts
	info.Precheck = result(precheck.Warranty, precheck.Clear, finding(precheck.WarrantyInPeriod),
		finding(precheck.WarrantyPresumedAtDelivery), finding(precheck.WarrantyCureOverdue))
	f.complaints.set(info)
	return f
}

func reductionOf(t *testing.T, d *mediation.Draft) mediation.Option {
	t.Helper()
	require.NotNil(t, d)
	for _, o := range d.Options {
		if o.Kind == mediation.KindPriceReduction {
			return o
		}
	}
	t.Fatalf("no price reduction in %v", d.Options)
	return mediation.Option{}
}

func TestSetDefectiveValue(t *testing.T) {
	f := warrantyFixture(t)
	c := f.complete()
	before := len(c.History)

	c = f.must(f.svc.SetDefectiveValue(f.ctx, f.operator, c.ID, eur("44.93")))
	require.Equal(t, eur("44.93"), *c.ValueWithDefect)
	o := reductionOf(t, c.Draft)
	require.Equal(t, "14.97", o.Amount.Amount.StringFixed(2))
	require.Equal(t, "rationale.warranty_reduction_value", o.Rationale.Key)
	actions := []string{}
	for _, e := range c.History[before:] {
		actions = append(actions, e.Action)
	}
	require.Equal(t, []string{"value_with_defect_set", "draft_generated"}, actions)
	require.Equal(t, "44.93 EUR", c.History[before].After)

	// The value stays on the case: a draft generated later uses it, and a
	// new value replaces it with the old one in the history.
	c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	require.Equal(t, "14.97", reductionOf(t, c.Draft).Amount.Amount.StringFixed(2))
	c = f.must(f.svc.SetDefectiveValue(f.ctx, f.operator, c.ID, eur("29.95")))
	require.Equal(t, "29.95", reductionOf(t, c.Draft).Amount.Amount.StringFixed(2))
	require.Equal(t, "44.93 EUR", c.History[len(c.History)-2].Before)
	require.Equal(t, eur("29.95"), *f.get(c.ID).ValueWithDefect)
	require.NoError(t, c.Draft.Validate())

	// Without a value the default percentage is a proposal, labelled so.
	g := warrantyFixture(t)
	gc := g.complete()
	gc = g.must(g.svc.GenerateDraft(g.ctx, g.operator, gc.ID))
	require.Nil(t, gc.ValueWithDefect)
	require.Equal(t, "rationale.warranty_reduction_proposal", reductionOf(t, gc.Draft).Rationale.Key)
}

func TestSetDefectiveValueRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		who   func(f *fixture) fairshops.Principal
		value fairshops.Money
		kind  fairshops.Kind
		field string
		code  string
	}{
		{"shop", func(f *fixture) fairshops.Principal { return f.shop }, eur("10.00"), fairshops.Forbidden, "", ""},
		{"consumer", func(f *fixture) fairshops.Principal { return f.consumer }, eur("10.00"), fairshops.Forbidden, "", ""},
		{"zero", nil, eur("0"), fairshops.Invalid, "value_with_defect", fairshops.ReasonTooSmall},
		{"negative", nil, eur("-1.00"), fairshops.Invalid, "value_with_defect", fairshops.ReasonTooSmall},
		{"the price", nil, eur("59.90"), fairshops.Invalid, "value_with_defect", fairshops.ReasonTooLarge},
		{"above the price", nil, eur("100.00"), fairshops.Invalid, "value_with_defect", fairshops.ReasonTooLarge},
		{"sub-cent", nil, eur("44.925"), fairshops.Invalid, "value_with_defect", fairshops.ReasonInvalidFormat},
		{"other currency", nil, fairshops.MustMoney("10.00", "USD"), fairshops.Invalid,
			"value_with_defect.currency", fairshops.ReasonMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := warrantyFixture(t)
			c := f.complete()
			p := f.operator
			if tc.who != nil {
				p = tc.who(f)
			}
			_, err := f.svc.SetDefectiveValue(f.ctx, p, c.ID, tc.value)
			require.Error(t, err)
			require.Equal(t, tc.kind, fairshops.KindOf(err))
			if tc.field != "" {
				var ve *fairshops.ValidationError
				require.True(t, errors.As(err, &ve))
				require.Equal(t, []fairshops.FieldError{{Field: tc.field, Code: tc.code}},
					stripArgs(ve.Fields))
			}
			require.Nil(t, f.get(c.ID).ValueWithDefect)
		})
	}
}

func stripArgs(fs []fairshops.FieldError) []fairshops.FieldError {
	out := make([]fairshops.FieldError, len(fs))
	for i, fe := range fs {
		out[i] = fairshops.FieldError{Field: fe.Field, Code: fe.Code}
	}
	return out
}

// TestValidateReductionByValue: an amount fixed by the value with the
// defect passes with its rounded percentage; an amount no exact reduction
// gives for that percentage does not.
func TestValidateReductionByValue(t *testing.T) {
	lim := mediation.Limits{Currency: fairshops.EUR, OrderValue: eur("9999.99"), Max: eur("9999.99"),
		On: date("2026-04-01")}
	for _, tc := range []struct {
		amount, percent string
		want            []string
	}{
		{"1999.99", "20", nil},
		{"2000.00", "20", nil},
		{"1990.00", "20", []string{"options[0].amount:mismatch"}},
		{"0.01", "0.01", nil},
		{"3.00", "0.01", []string{"options[0].amount:mismatch"}},
	} {
		t.Run(tc.amount+"/"+tc.percent, func(t *testing.T) {
			o := mediation.Option{ID: "o1", Kind: mediation.KindPriceReduction, Amount: eur(tc.amount),
				Percent: decimal.RequireFromString(tc.percent),
				Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund,
					Amount: ptr(eur(tc.amount)), Due: date("2026-04-15")}},
				Rationale: mediation.Rationale{Key: "rationale.warranty_reduction_value"}}
			require.Equal(t, tc.want, fieldCodes(t, mediation.ValidateOptions([]mediation.Option{o}, lim)))
		})
	}
}
