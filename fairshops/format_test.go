package fairshops_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func TestFormatter(t *testing.T) {
	t.Parallel()
	de, en := fs.FormatterFor(fs.German), fs.FormatterFor(fs.English)
	at := time.Date(2026, 12, 4, 9, 5, 0, 0, fs.Berlin())
	tests := []struct {
		name           string
		format         func(f fs.Formatter) string
		wantDE, wantEN string
	}{
		{"date", func(f fs.Formatter) string { return f.Date(fs.MustDate("2026-12-14")) }, "14.12.2026", "14 December 2026"},
		{"date single digits", func(f fs.Formatter) string { return f.Date(fs.MustDate("2026-03-01")) }, "01.03.2026", "1 March 2026"},
		{"zero date", func(f fs.Formatter) string { return f.Date(fs.Date{}) }, "", ""},
		{"date time", func(f fs.Formatter) string { return f.DateTime(at) }, "04.12.2026, 09:05 Uhr", "4 December 2026, 09:05"},
		{"zero time", func(f fs.Formatter) string { return f.DateTime(time.Time{}) }, "", ""},
		{"money", func(f fs.Formatter) string { return f.Money(fs.MustMoney("1234.5", fs.EUR)) }, "1.234,50 EUR", "1,234.50 EUR"},
		{"money rounded half-up", func(f fs.Formatter) string { return f.Money(fs.MustMoney("0.125", fs.EUR)) }, "0,13 EUR", "0.13 EUR"},
		{"money without minor unit", func(f fs.Formatter) string { return f.Money(fs.MustMoney("1234.5", "JPY")) }, "1.235 JPY", "1,235 JPY"},
		{"negative money", func(f fs.Formatter) string { return f.Money(fs.MustMoney("-1234567", fs.EUR)) }, "-1.234.567,00 EUR", "-1,234,567.00 EUR"},
		{"decimal", func(f fs.Formatter) string { return f.Decimal(decimal.RequireFromString("12.50")) }, "12,5", "12.5"},
		{"not a number", func(f fs.Formatter) string { return f.Number("abc") }, "abc", "abc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.wantDE, tc.format(de))
			require.Equal(t, tc.wantEN, tc.format(en))
		})
	}
	require.Equal(t, fs.German, fs.FormatterFor("fr").Language(), "an unsupported language writes German")
	require.Equal(t, fs.German, fs.Formatter{}.Language())
}

func TestMessagesPlural(t *testing.T) {
	t.Parallel()
	m := fs.NewMessages(map[fs.Language]map[string]string{
		fs.German:  {"wait#one": "%d Sekunde", "wait#other": "%d Sekunden", "plain": "Text"},
		fs.English: {"wait#one": "%d second", "wait#other": "%d seconds", "plain": "text"},
	})
	require.Empty(t, m.Missing())
	for _, tc := range []struct {
		n      int
		de, en string
	}{{0, "0 Sekunden", "0 seconds"}, {1, "1 Sekunde", "1 second"}, {2, "2 Sekunden", "2 seconds"}} {
		require.Equal(t, tc.de, m.Render(fs.German, "wait", tc.n))
		require.Equal(t, tc.en, m.Render(fs.English, "wait", tc.n))
	}
	require.True(t, m.Has("wait"))
	require.True(t, m.Has("plain"))
	require.False(t, m.Has("wait#one"), "a form is rendered through its base key")
	require.Equal(t, []string{"plain", "wait"}, m.Keys())
	require.Equal(t, "Text", m.Render("fr", "plain"), "an unsupported language renders German")
	require.Equal(t, "nope", m.Render(fs.English, "nope"), "an unknown key renders as itself")
}

func TestMessagesMissing(t *testing.T) {
	t.Parallel()
	m := fs.NewMessages(map[fs.Language]map[string]string{
		fs.German:  {"a": "A", "b": "B", "n#one": "%d", "n#other": "%d"},
		fs.English: {"a": "A", "c": "C", "n#one": "%d"},
	})
	require.Equal(t, []string{"de:c", "en:b", "en:n#other"}, m.Missing())
}

func TestReportSummaryPlural(t *testing.T) {
	t.Parallel()
	cat := fs.DefaultCatalogue()
	tests := []struct {
		name   string
		a      fs.Assessment
		wantDE string
		wantEN string
	}{
		{"one must missing", fs.Assessment{MustMissing: []string{"x"}},
			"Nicht erfüllt: 1 Pflichtkriterium fehlt.", "Not met: 1 MUST criterion is missing."},
		{"two must missing", fs.Assessment{MustMissing: []string{"x", "y"}},
			"Nicht erfüllt: 2 Pflichtkriterien fehlen.", "Not met: 2 MUST criteria are missing."},
		{"one must and one point", fs.Assessment{MustMissing: []string{"x"}, Shortfall: 1},
			"Nicht erfüllt: 1 Pflichtkriterium fehlt, und es fehlt 1 Bonuspunkt.",
			"Not met: 1 MUST criterion is missing, and 1 bonus point is missing."},
		{"two must and ten points", fs.Assessment{MustMissing: []string{"x", "y"}, Shortfall: 10},
			"Nicht erfüllt: 2 Pflichtkriterien fehlen, und es fehlen 10 Bonuspunkte.",
			"Not met: 2 MUST criteria are missing, and 10 bonus points are missing."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.wantDE, tc.a.Report(cat, fs.German).Summary)
			require.Equal(t, tc.wantEN, tc.a.Report(cat, fs.English).Summary)
		})
	}
}
