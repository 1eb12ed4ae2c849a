package fairshops_test

import (
	"bytes"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		week time.Weekday
	}{
		{"2026-11-25", true, time.Wednesday},
		{"2024-02-29", true, time.Thursday},
		{"1970-01-01", true, time.Thursday},
		{"1969-12-31", true, time.Wednesday},
		{"2025-02-29", false, 0},
		{"2026-1-5", false, 0},
		{"2026-01-05T00:00:00Z", false, 0},
		{"", false, 0},
		{"0000-01-01", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := fs.ParseDate(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, fs.ErrInvalid)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.in, d.String())
			require.Equal(t, tt.week, d.Weekday())
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		from string
		fn   func(fs.Date) fs.Date
		want string
	}{
		{"2026-01-31", func(d fs.Date) fs.Date { return d.AddMonths(1) }, "2026-02-28"},
		{"2024-01-31", func(d fs.Date) fs.Date { return d.AddMonths(1) }, "2024-02-29"},
		{"2024-02-29", func(d fs.Date) fs.Date { return d.AddYears(1) }, "2025-02-28"},
		{"2024-02-29", func(d fs.Date) fs.Date { return d.AddYears(4) }, "2028-02-29"},
		{"2026-03-31", func(d fs.Date) fs.Date { return d.AddMonths(-1) }, "2026-02-28"},
		{"2026-12-20", func(d fs.Date) fs.Date { return d.AddDays(14) }, "2027-01-03"},
		{"2026-12-20", func(d fs.Date) fs.Date { return d.AddMonths(12).AddDays(14) }, "2028-01-03"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"->"+tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.fn(fs.MustDate(tt.from)).String())
		})
	}
	a, b := fs.MustDate("2026-01-01"), fs.MustDate("2026-03-01")
	require.Equal(t, 59, a.DaysUntil(b))
	require.True(t, a.Before(b))
	require.Equal(t, -1, a.Compare(b))
	require.Equal(t, fs.MustDate("2026-11-25"), fs.DateOf(time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), fs.Berlin()))
}

func TestDateJSON(t *testing.T) {
	var v struct {
		D fs.Date `json:"d"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"d":"2026-06-19"}`), &v))
	require.Equal(t, "2026-06-19", v.D.String())
	require.Error(t, json.Unmarshal([]byte(`{"d":"19.06.2026"}`), &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.JSONEq(t, `{"d":"2026-06-19"}`, string(b))
}

func TestMoney(t *testing.T) {
	m := fs.MustMoney("10.005", fs.EUR)
	require.Equal(t, "10.01 EUR", m.String())
	require.Equal(t, "-10.01", fs.MustMoney("-10.005", fs.EUR).Round().Amount.String(), "half away from zero")
	require.Equal(t, int32(0), fs.Currency("JPY").Scale())
	_, err := m.Add(fs.MustMoney("1", "USD"))
	require.ErrorIs(t, err, fs.ErrInvalid)
	_, err = fs.ParseCurrency("XYZ")
	require.ErrorIs(t, err, fs.ErrInvalid)
	c, err := fs.ParseCurrency("chf")
	require.NoError(t, err)
	require.Equal(t, fs.Currency("CHF"), c)

	var got fs.Money
	require.NoError(t, json.Unmarshal([]byte(`{"amount":"12.30","currency":"EUR"}`), &got))
	require.True(t, got.Amount.Equal(decimal.RequireFromString("12.3")))
	require.Error(t, json.Unmarshal([]byte(`{"amount":"12.30","currency":"EURO"}`), &got))
	require.Error(t, json.Unmarshal([]byte(`{"amount":"twelve","currency":"EUR"}`), &got))
}

func TestMoneySplitSumsExactly(t *testing.T) {
	parts := fs.MustMoney("0.01", fs.EUR).Split(3)
	require.Equal(t, []string{"0.01", "0", "0"}, amounts(parts))
	parts = fs.MustMoney("100", fs.EUR).Split(3)
	require.Equal(t, []string{"33.34", "33.33", "33.33"}, amounts(parts))
	parts = fs.MustMoney("-0.05", fs.EUR).Split(2)
	require.Equal(t, []string{"-0.03", "-0.02"}, amounts(parts))

	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		cents := r.Int64N(10_000_000) - 1_000_000
		whole := fs.NewMoney(decimal.New(cents, -2), fs.EUR)
		n := 1 + r.IntN(7)
		weights := make([]decimal.Decimal, n)
		for i := range weights {
			weights[i] = decimal.NewFromInt(r.Int64N(5))
		}
		weights[0] = weights[0].Add(decimal.NewFromInt(1))
		sum := decimal.Zero
		for _, p := range whole.Allocate(weights) {
			require.True(t, p.Amount.Equal(p.Amount.Round(2)), "parts are in whole cents")
			sum = sum.Add(p.Amount)
		}
		require.True(t, sum.Equal(whole.Amount), "parts of %s by %v add up to %s", whole, weights, sum)
	}
}

func amounts(ms []fs.Money) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Amount.String())
	}
	return out
}

func TestLanguages(t *testing.T) {
	tests := []struct {
		header string
		want   fs.Language
	}{
		{"en-GB,en;q=0.9,de;q=0.5", fs.English},
		{"de-AT", fs.German},
		{"fr-FR,en;q=0.3", fs.English},
		{"fr-FR", fs.German},
		{"", fs.German},
		{"!!!", fs.German},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, fs.NegotiateLanguage(tt.header), tt.header)
	}
	l, err := fs.ParseLanguage("en-US")
	require.NoError(t, err)
	require.Equal(t, fs.English, l)
	_, err = fs.ParseLanguage("xx-??")
	require.ErrorIs(t, err, fs.ErrInvalid)
	_, err = fs.ParseLanguage("fr")
	require.ErrorIs(t, err, fs.ErrInvalid)
}

func TestMessagesComplete(t *testing.T) {
	require.Empty(t, fs.ReasonMessages().Missing())
	require.Equal(t, "is required", fs.FieldError{Code: fs.ReasonRequired}.Reason(fs.English))
	require.Equal(t, "zu lang (höchstens 5 Zeichen)", fs.FieldError{Code: fs.ReasonTooLong, Args: []any{5}}.Reason(fs.German))
}

func TestErrors(t *testing.T) {
	err := fs.E("complaint.Get", fs.NotFound, "c_1", "", nil)
	require.ErrorIs(t, err, fs.ErrNotFound)
	require.Equal(t, fs.NotFound, fs.KindOf(err))
	require.Equal(t, "complaint.Get c_1: not found", err.Error())
	cause := errors.New("disk full")
	wrapped := fs.E("store.Put", fs.Internal, "", "", cause)
	require.ErrorIs(t, wrapped, cause)
	require.ErrorIs(t, wrapped, fs.ErrInternal)
	var p fs.Problems
	p.Add("a", fs.ReasonRequired)
	verr := p.Err("op")
	require.ErrorIs(t, verr, fs.ErrInvalid)
	require.Equal(t, fs.Invalid, fs.KindOf(verr))
	require.Equal(t, "op: invalid input: a: is required", verr.Error())
	require.Nil(t, (&fs.Problems{}).Err("op"))
}

func TestTokens(t *testing.T) {
	tok, err := fs.NewToken(crand.Reader)
	require.NoError(t, err)
	require.Len(t, tok.Reveal(), 52, "256 bits in base32")
	h := tok.Hash()
	require.Len(t, h, 64)
	require.True(t, tok.Matches(h))
	other, err := fs.NewToken(crand.Reader)
	require.NoError(t, err)
	require.False(t, other.Matches(h))
	require.NotContains(t, fmt.Sprintf("%v %s %#v", tok, tok, tok), tok.Reveal(), "printing never shows the secret")
	_, err = fs.NewToken(strings.NewReader("short"))
	require.Error(t, err)

	id := fs.NewID("c")
	require.Regexp(t, `^c_[a-z2-7]{26}$`, id)
	require.NotEqual(t, id, fs.NewID("c"))
}

func TestNewOrderedID(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	zeros := bytes.NewReader(make([]byte, 10))
	id, err := fs.NewOrderedIDFrom(zeros, "c", at)
	require.NoError(t, err)
	require.Regexp(t, `^c_[0-9a-hjkmnp-tv-z]{26}$`, id)
	require.Equal(t, "c_06h149es000000000000000000", id, "48 bits of milliseconds, then the random bits")

	_, err = fs.NewOrderedIDFrom(strings.NewReader("short"), "c", at)
	require.Error(t, err)
	require.NotEqual(t, fs.NewOrderedID("c", at), fs.NewOrderedID("c", at), "same millisecond, other random bits")

	// Text order is time order, whatever the random bits: a later
	// millisecond sorts after every ID of an earlier one.
	tests := []struct {
		name          string
		early, late   time.Time
		earlyR, lateR byte
	}{
		{"next millisecond, smaller random bits", at, at.Add(time.Millisecond), 0xff, 0x00},
		{"next second", at, at.Add(time.Second), 0xff, 0x00},
		{"a character boundary (31 -> 32 ms)", at.Add(31 * time.Millisecond), at.Add(32 * time.Millisecond), 0xff, 0x00},
		{"next year", at, at.AddDate(1, 0, 0), 0x80, 0x7f},
		{"before 1970 counts as 1970", time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, int64(time.Millisecond)), 0xff, 0x00},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := fs.NewOrderedIDFrom(bytes.NewReader(bytes.Repeat([]byte{tt.earlyR}, 10)), "ev", tt.early)
			require.NoError(t, err)
			b, err := fs.NewOrderedIDFrom(bytes.NewReader(bytes.Repeat([]byte{tt.lateR}, 10)), "ev", tt.late)
			require.NoError(t, err)
			require.Less(t, a, b)
		})
	}
	far, err := fs.NewOrderedIDFrom(zeros, "c", time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC))
	require.Error(t, err, "the reader is used up")
	require.Empty(t, far)
	far, err = fs.NewOrderedIDFrom(bytes.NewReader(make([]byte, 10)), "c", time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Equal(t, "c_zzzzzzzzzw0000000000000000", far, "clamped to the last millisecond of 48 bits")
}

func BenchmarkNewOrderedID(b *testing.B) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		_ = fs.NewOrderedID("c", at)
	}
}
