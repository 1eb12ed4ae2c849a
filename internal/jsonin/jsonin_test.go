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
		"huge": {"amount": "1e13", "currency": "EUR"},
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
