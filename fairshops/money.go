package fairshops

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency code such as "EUR".
type Currency string

// EUR is the currency of fees and of most orders.
const EUR Currency = "EUR"

// ParseCurrency checks an ISO 4217 code with golang.org/x/text/currency and
// accepts only currencies that are money: legal tender in some region today
// (per the CLDR tables of golang.org/x/text). The codes for testing (XTS),
// "no currency" (XXX), precious metals (XAU, XAG, XPT, XPD), the SDR (XDR),
// bond-market units and funds codes (such as USN, CHE, BOV) are refused.
func ParseCurrency(s string) (Currency, error) {
	if len(s) != 3 {
		return "", fmt.Errorf("currency %q: %w", s, ErrInvalid)
	}
	u, err := currency.ParseISO(s)
	if err != nil || !tender()[u] {
		return "", fmt.Errorf("currency %q: %w", s, ErrInvalid)
	}
	return Currency(u.String()), nil
}

// tender is the set of currencies in use as legal tender in some region.
var tender = sync.OnceValue(func() map[currency.Unit]bool {
	set := map[currency.Unit]bool{}
	for it := currency.Query(); it.Next(); {
		if it.IsTender() {
			set[it.Unit()] = true
		}
	}
	return set
})

// MaxAmount is the bound of every amount read from outside input: amounts
// must be below it (10^12, far above any order of a consumer).
var MaxAmount = decimal.New(1, 12)

// ParseAmount reads an amount of money in currency c from outside input in
// the one format the service accepts: digits without leading zeros, then
// optionally a point and one to c.Scale() digits ("12", "0.5", "49.90"
// for EUR; "1200" but not "1200.5" for JPY), below MaxAmount. Signs,
// exponents ("1e3"), leading zeros ("012"), a bare point ("12.", ".5"),
// grouping and spaces are refused: the amount a consumer or a shop states is
// never reinterpreted. The error says which rule was broken.
func ParseAmount(s string, c Currency) (decimal.Decimal, error) {
	scale := int(c.Scale())
	intPart, frac, hasPoint := strings.Cut(s, ".")
	switch {
	case s == "":
		return decimal.Decimal{}, fmt.Errorf("amount: empty: %w", ErrInvalid)
	case !digitsOnly(intPart) || (hasPoint && !digitsOnly(frac)):
		return decimal.Decimal{}, fmt.Errorf("amount %q: only digits and one decimal point: %w", s, ErrInvalid)
	case len(intPart) > 1 && intPart[0] == '0':
		return decimal.Decimal{}, fmt.Errorf("amount %q: leading zero: %w", s, ErrInvalid)
	case len(frac) > scale:
		return decimal.Decimal{}, fmt.Errorf("amount %q: more than %d decimal places for %s: %w", s, scale, c, ErrInvalid)
	case len(intPart) > 12:
		return decimal.Decimal{}, fmt.Errorf("amount %q: not below %s: %w", s, MaxAmount, ErrInvalid)
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.LessThan(MaxAmount) {
		return decimal.Decimal{}, fmt.Errorf("amount %q: not below %s: %w", s, MaxAmount, ErrInvalid)
	}
	return d, nil
}

// digitsOnly reports whether s is one or more ASCII digits.
func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Scale returns the number of minor-unit digits of the currency (2 for EUR,
// 0 for JPY); 2 for codes unknown to the ISO table.
func (c Currency) Scale() int32 {
	u, err := currency.ParseISO(string(c))
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return int32(scale)
}

// Money is an exact amount in a currency. Amounts are never float64; they are
// rounded half-up (away from zero) to the currency's minor unit only at the
// edge, by Round, when a figure is shown or stored.
type Money struct {
	Amount   decimal.Decimal `json:"amount"`
	Currency Currency        `json:"currency"`
}

// NewMoney returns amount in currency c.
func NewMoney(amount decimal.Decimal, c Currency) Money { return Money{Amount: amount, Currency: c} }

// MustMoney parses "12.34" in currency c, for tests and examples; it panics on
// a malformed literal.
func MustMoney(amount string, c Currency) Money {
	return Money{Amount: decimal.RequireFromString(amount), Currency: c}
}

// Zero returns zero in currency c.
func Zero(c Currency) Money { return Money{Amount: decimal.Zero, Currency: c} }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount.IsZero() }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.Amount.IsNegative() }

// Round rounds half away from zero to the currency's minor unit.
func (m Money) Round() Money {
	return Money{Amount: m.Amount.Round(m.Currency.Scale()), Currency: m.Currency}
}

// String formats the amount rounded to the minor unit, then the code: "12.30 EUR".
func (m Money) String() string {
	return m.Amount.StringFixed(m.Currency.Scale()) + " " + string(m.Currency)
}

// Cmp compares two amounts of the same currency; it returns an error for
// different currencies.
func (m Money) Cmp(o Money) (int, error) {
	if m.Currency != o.Currency {
		return 0, currencyMismatch(m, o)
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Add returns m+o, or an error for different currencies.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, currencyMismatch(m, o)
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency}, nil
}

// Sub returns m-o, or an error for different currencies.
func (m Money) Sub(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, currencyMismatch(m, o)
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: m.Currency}, nil
}

// Mul returns m times a factor, unrounded.
func (m Money) Mul(f decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(f), Currency: m.Currency}
}

func currencyMismatch(a, b Money) error {
	return E("money", Invalid, "", fmt.Sprintf("currency %s does not match %s", b.Currency, a.Currency), nil)
}

// Split divides m, rounded to the minor unit, into n parts that differ by at
// most one minor unit and add up exactly to the rounded whole: the remainder
// is given, one unit each, to the first parts. Split returns nil for n < 1.
func (m Money) Split(n int) []Money {
	if n < 1 {
		return nil
	}
	weights := make([]decimal.Decimal, n)
	for i := range weights {
		weights[i] = decimal.NewFromInt(1)
	}
	return m.Allocate(weights)
}

// Allocate divides m, rounded to the minor unit, in proportion to weights. The
// parts are rounded towards zero to the minor unit, and the remaining units
// go one by one to the parts with the largest rounding loss (earlier parts
// first on ties), so the parts add up exactly to the rounded whole. Weights
// must not be negative; with all weights zero, or none, it returns nil.
func (m Money) Allocate(weights []decimal.Decimal) []Money {
	total := decimal.Zero
	for _, w := range weights {
		if w.IsNegative() {
			return nil
		}
		total = total.Add(w)
	}
	if total.IsZero() {
		return nil
	}
	scale := m.Currency.Scale()
	whole := m.Amount.Round(scale)
	unit := decimal.New(1, -scale)
	if whole.IsNegative() {
		unit = unit.Neg()
	}
	parts := make([]Money, len(weights))
	losses := make([]decimal.Decimal, len(weights))
	sum := decimal.Zero
	for i, w := range weights {
		exact := whole.Mul(w).DivRound(total, scale+16)
		cut := exact.Truncate(scale)
		parts[i] = Money{Amount: cut, Currency: m.Currency}
		losses[i] = exact.Sub(cut).Abs()
		sum = sum.Add(cut)
	}
	rest := whole.Sub(sum).Div(unit).IntPart()
	for ; rest > 0; rest-- {
		best := -1
		for i := range losses {
			if weights[i].IsZero() {
				continue
			}
			if best < 0 || losses[i].GreaterThan(losses[best]) {
				best = i
			}
		}
		parts[best].Amount = parts[best].Amount.Add(unit)
		losses[best] = decimal.NewFromInt(-1)
	}
	return parts
}

// UnmarshalJSON reads {"amount": "12.34" or 12.34, "currency": "EUR"} and
// checks the currency code.
func (m *Money) UnmarshalJSON(b []byte) error {
	var raw struct {
		Amount   decimal.Decimal `json:"amount"`
		Currency string          `json:"currency"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	c, err := ParseCurrency(raw.Currency)
	if err != nil {
		return err
	}
	*m = Money{Amount: raw.Amount, Currency: c}
	return nil
}
