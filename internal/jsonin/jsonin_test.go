package jsonin_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

func TestObjectHelpers(t *testing.T) {
	tree, err := jsonin.Decode([]byte(`{
		"price": {"amount": "19.99", "currency": "EUR"},
		"num": {"amount": 5, "currency": "eur"},
		"neg": {"amount": "-1", "currency": "EUR"},
		"fine": {"amount": "1.00001", "currency": "EUR"},
		"huge": {"amount": "1000000000000", "currency": "EUR"},
		"cur": {"amount": "1", "currency": "EURO", "x": 1},
		"flag": true, "notflag": "yes",
		"count": 3, "big": 1000, "frac": 1.5,
		"sub": {"a": 1}
	}`))
	require.NoError(t, err)
	var p fs.Problems
	o, ok := jsonin.AsObject(tree, "", &p)
	require.True(t, ok)

	m, ok := o.Money(&p, "price", true)
	require.True(t, ok)
	require.Equal(t, "19.99 EUR", m.String())
	m, ok = o.Money(&p, "num", true)
	require.True(t, ok)
	require.Equal(t, fs.EUR, m.Currency)
	for _, k := range []string{"neg", "fine", "huge", "cur", "missing"} {
		_, ok := o.Money(&p, k, true)
		require.False(t, ok, k)
	}
	b, present := o.Bool(&p, "flag")
	require.True(t, b && present)
	_, present = o.Bool(&p, "notflag")
	require.False(t, present)
	_, present = o.Bool(&p, "absent")
	require.False(t, present)
	n, ok := o.Int(&p, "count", true, 0, 10)
	require.True(t, ok)
	require.EqualValues(t, 3, n)
	_, ok = o.Int(&p, "big", true, 0, 10)
	require.False(t, ok)
	_, ok = o.Int(&p, "frac", true, 0, 10)
	require.False(t, ok)
	sub, ok := o.Object(&p, "sub", true)
	require.True(t, ok)
	require.Equal(t, "sub.a", sub.Field("a"))

	want := []string{
		"neg.amount: negative", "fine.amount: invalid_format", "huge.amount: too_large",
		"cur.x: unknown_field", "cur.currency: currency", "missing: required",
		"notflag: wrong_type", "big: too_large", "frac: wrong_type",
	}
	if d := cmp.Diff(want, fieldCodes(t, p.Err("test"))); d != "" {
		t.Fatalf("problems (-want +got):\n%s", d)
	}
}

// fieldCodes lists "field: code" of every field of a *ValidationError.
func fieldCodes(t *testing.T, err error) []string {
	t.Helper()
	var ve *fs.ValidationError
	require.True(t, errors.As(err, &ve), "want a *ValidationError, got %v", err)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+": "+f.Code)
	}
	return out
}

// TestMoneyStrict: one format for every amount from outside input, with
// the reason a client sees for each kind of mistake.
func TestMoneyStrict(t *testing.T) {
	tests := []struct {
		body string
		want string // "" when accepted, else "field: code"
	}{
		{`{"amount": "49.90", "currency": "EUR"}`, ""},
		{`{"amount": 49.9, "currency": "EUR"}`, ""},
		{`{"amount": "0", "currency": "EUR"}`, ""},
		{`{"amount": "0.05", "currency": "EUR"}`, ""},
		{`{"amount": "999999999999.99", "currency": "EUR"}`, ""},
		{`{"amount": "1200", "currency": "JPY"}`, ""},
		{`{"amount": "1.234", "currency": "KWD"}`, ""},
		{`{"amount": "10", "currency": "XOF"}`, ""},
		{`{"amount": "1e12", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": 1e2, "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "00012", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "12.", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": ".5", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "-0", "currency": "EUR"}`, "m.amount: negative"},
		{`{"amount": -3, "currency": "EUR"}`, "m.amount: negative"},
		{`{"amount": "+3", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": " 3", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "1,000", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "1.999", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "12.5", "currency": "JPY"}`, "m.amount: invalid_format"},
		{`{"amount": "1000000000000", "currency": "EUR"}`, "m.amount: too_large"},
		{`{"amount": "NaN", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "١٢", "currency": "EUR"}`, "m.amount: invalid_format"},
		{`{"amount": "1", "currency": "XXX"}`, "m.currency: currency"},
		{`{"amount": "1", "currency": "XTS"}`, "m.currency: currency"},
		{`{"amount": "1", "currency": "XAU"}`, "m.currency: currency"},
		{`{"amount": "1", "currency": "USN"}`, "m.currency: currency"},
		{`{"amount": "1", "currency": "ABC"}`, "m.currency: currency"},
	}
	for _, tc := range tests {
		t.Run(tc.body, func(t *testing.T) {
			tree, err := jsonin.Decode([]byte(`{"m": ` + tc.body + `}`))
			require.NoError(t, err)
			var p fs.Problems
			o, ok := jsonin.AsObject(tree, "", &p)
			require.True(t, ok)
			_, ok = o.Money(&p, "m", true)
			if tc.want == "" {
				require.True(t, ok)
				require.NoError(t, p.Err("test"))
				return
			}
			require.False(t, ok)
			require.Equal(t, []string{tc.want}, fieldCodes(t, p.Err("test")))
		})
	}
}
