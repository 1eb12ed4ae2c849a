package mediation_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// fuzzLimits are the limits of an order of 59.90 EUR plus 4.90 EUR delivery.
func fuzzLimits() mediation.Limits {
	return mediation.Limits{Currency: fairshops.EUR, OrderValue: eur("59.90"), Max: eur("64.80"), On: date("2026-04-01")}
}

// FuzzValidateProposal feeds the moderator's edits, as JSON options, to
// ValidateOptions: it never panics, answers the same twice, and whatever it
// accepts keeps the money rules (currency, bounds, minor units, parts,
// instalments and duties adding up exactly).
func FuzzValidateProposal(f *testing.F) {
	f.Add([]byte(`[{"id":"o1","kind":"voucher","amount":{"amount":"5.00","currency":"EUR"},"duties":[{"party":"shop","action":"issue_voucher","amount":{"amount":"5.00","currency":"EUR"},"due":"2026-04-15"}],"rationale":{"key":"rationale.shop_offer"}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var opts []mediation.Option
		if err := json.Unmarshal(data, &opts); err != nil {
			return
		}
		lim := fuzzLimits()
		err := mediation.ValidateOptions(opts, lim)
		again := mediation.ValidateOptions(opts, lim)
		if (err == nil) != (again == nil) || err != nil && err.Error() != again.Error() {
			t.Fatalf("not deterministic: %v / %v", err, again)
		}
		if err != nil {
			if fairshops.KindOf(err) != fairshops.Invalid {
				t.Fatalf("want an Invalid error, got %v", err)
			}
			return
		}
		if len(opts) == 0 || len(opts) > mediation.MaxOptions {
			t.Fatalf("accepted %d options", len(opts))
		}
		ids := map[string]bool{}
		for _, o := range opts {
			if ids[o.ID] {
				t.Fatalf("accepted a duplicate ID %q", o.ID)
			}
			ids[o.ID] = true
			checkMoney(t, o.Amount, lim)
			if len(o.Parts) > 0 {
				s := decimal.Zero
				for _, p := range o.Parts {
					checkMoney(t, p.Amount, lim)
					s = s.Add(p.Amount.Amount)
				}
				if !s.Equal(o.Amount.Amount) {
					t.Fatalf("parts %s do not add up to %s", s, o.Amount)
				}
			}
			if len(o.Instalments) > 0 {
				s := decimal.Zero
				for _, in := range o.Instalments {
					s = s.Add(in.Amount.Amount)
				}
				if !s.Equal(o.Amount.Amount) {
					t.Fatalf("instalments %s do not add up to %s", s, o.Amount)
				}
			}
			paid := decimal.Zero
			for _, d := range o.Duties {
				if d.Due.Before(lim.On) {
					t.Fatalf("accepted a duty due %s before %s", d.Due, lim.On)
				}
				if d.Amount != nil {
					checkMoney(t, *d.Amount, lim)
					paid = paid.Add(d.Amount.Amount)
				}
			}
			if !paid.Equal(o.Amount.Amount) {
				t.Fatalf("duties pay %s, the option %s", paid, o.Amount)
			}
		}
	})
}

func checkMoney(t *testing.T, m fairshops.Money, lim mediation.Limits) {
	t.Helper()
	switch {
	case m.Currency != lim.Currency:
		t.Fatalf("accepted currency %q", m.Currency)
	case m.IsNegative():
		t.Fatalf("accepted a negative amount %s", m.Amount)
	case m.Amount.GreaterThan(lim.Max.Amount):
		t.Fatalf("accepted %s above %s", m.Amount, lim.Max)
	case !m.Round().Amount.Equal(m.Amount):
		t.Fatalf("accepted %s beyond the minor unit", m.Amount)
	}
}
