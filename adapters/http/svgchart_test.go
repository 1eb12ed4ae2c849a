package http

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// updateGolden reports whether golden files are to be rewritten (go test
// -update). The flag is registered once for the test binary, whichever test
// file of the package comes first.
var updateGolden = func() func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/golden")
	}
	return func() bool { return flag.Lookup("update").Value.String() == "true" }
}()

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if updateGolden() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

// wellFormed checks that a document is well-formed XML.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(doc)))
	for {
		_, err := d.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "not well-formed XML")
			return
		}
	}
}

func TestSVGChartGolden(t *testing.T) {
	pct := func(v int) string { return percentText(v, "de") }
	tests := []struct {
		name  string
		chart svgChart
	}{
		{"stacked.svg", svgChart{
			Title: "Beschwerden nach Kategorie und Monat", Desc: "Gestapelte Säulen; insgesamt 17.",
			XLabel: "Monat der Einreichung", YLabel: "Beschwerden", Totals: true,
			Series: []string{"Lieferung", "Widerruf", "Gewährleistung"},
			Groups: []svgGroup{
				{Label: "Okt", Sub: "2026", Values: []int{1, 2, 0}},
				{Label: "Nov", Values: []int{4, 0, 3}},
				{Label: "Dez", Values: []int{0, 0, 0}},
				{Label: "Jan", Sub: "2027", Values: []int{2, 2, 3}},
			}}},
		{"percent.svg", svgChart{
			Title: "Einhaltung der Antwortfrist", Desc: "Anteil fristgerecht beantwortet.",
			XLabel: "Monat des Fristendes", YLabel: "Anteil fristgerecht", Max: 1000, Totals: true, Value: pct,
			Series: []string{"fristgerecht"},
			Groups: []svgGroup{
				{Label: "Okt", Sub: "2026", Values: []int{750}, Title: "Okt 2026: 3 von 4 fristgerecht (75 %)"},
				{Label: "Nov", Values: []int{0}, Note: "–", Title: "Nov 2026: keine fälligen Antworten"},
				{Label: "Dez", Values: []int{667}, Title: "Dez 2026: 2 von 3 fristgerecht (66,7 %)"},
				{Label: "Jan", Sub: "2027", Values: []int{1000}},
			}}},
		{"empty.svg", svgChart{Title: "Leer", Desc: "Keine Daten.", XLabel: "x", YLabel: "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.chart.SVG()
			wellFormed(t, got)
			golden(t, tt.name, got)
		})
	}
}

// TestSVGChartEscapes checks that every text from outside is escaped: a
// label cannot open an element or end an attribute.
func TestSVGChartEscapes(t *testing.T) {
	evil := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `Tom & Jerry's`}
	for _, s := range evil {
		t.Run(s, func(t *testing.T) {
			c := svgChart{Title: s, Desc: s, XLabel: s, YLabel: s, Series: []string{s, "b"},
				Groups: []svgGroup{{Label: s, Sub: s, Values: []int{1, 2}, Note: s}, {Label: s, Values: []int{0, 0}, Note: s, Title: s}},
				Value:  func(v int) string { return s }}
			got := string(c.SVG())
			wellFormed(t, []byte(got))
			require.NotContains(t, got, "<script")
			require.NotContains(t, got, "<img")
			require.Contains(t, got, svgEsc(s))
			// The only elements are the chart's own.
			d := xml.NewDecoder(strings.NewReader(got))
			for {
				tok, err := d.Token()
				if err != nil {
					break
				}
				if se, ok := tok.(xml.StartElement); ok {
					require.Contains(t, []string{"svg", "title", "desc", "rect", "text", "line", "g"}, se.Name.Local)
					for _, a := range se.Attr {
						require.False(t, strings.HasPrefix(a.Name.Local, "on"), "event handler attribute %s", a.Name.Local)
					}
				}
			}
		})
	}
}

// TestSVGChartAccessible checks the chart's accessible name and that every
// bar and segment has a title.
func TestSVGChartAccessible(t *testing.T) {
	c := svgChart{Title: "T", Desc: "D", Series: []string{"a", "b"},
		Groups: []svgGroup{{Label: "Jan", Values: []int{1, 2}}, {Label: "Feb", Values: []int{3, 0}}}}
	got := string(c.SVG())
	require.Contains(t, got, `role="img" aria-labelledby="chart-title chart-desc"`)
	require.Contains(t, got, `<title id="chart-title">T</title>`)
	require.Contains(t, got, `<desc id="chart-desc">D</desc>`)
	require.Contains(t, got, "<title>Jan: 3</title>", "the bar's total")
	require.Contains(t, got, "<title>Jan – a: 1</title>")
	require.Contains(t, got, "<title>Jan – b: 2</title>")
	require.Contains(t, got, "<title>Feb – a: 3</title>")
	require.NotContains(t, got, "Feb – b", "an empty segment is not drawn")
	require.Equal(t, 3, strings.Count(got, `stroke="#ffffff"`), "one rect per segment")
}

func TestNiceTop(t *testing.T) {
	tests := []struct {
		name          string
		hi, top, step int
	}{
		{"nothing", 0, 1, 1},
		{"one", 1, 1, 1},
		{"five", 5, 5, 1},
		{"six", 6, 6, 2},
		{"seven", 7, 8, 2},
		{"eleven", 11, 15, 5},
		{"forty-one", 41, 50, 10},
		{"per mille", 1000, 1000, 200},
		{"large", 12345, 15000, 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top, step := niceTop(tt.hi)
			require.Equal(t, [2]int{tt.top, tt.step}, [2]int{top, step})
			require.LessOrEqual(t, top/step, svgMaxTicks)
			require.GreaterOrEqual(t, top, tt.hi)
		})
	}
}
