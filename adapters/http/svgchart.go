package http

// Server-rendered bar charts for the operator's dashboard: plain SVG
// documents without script or style sheet, so that they work with the strict
// CSP, in an <img>, without JavaScript, and can be tested as text. Every
// text that comes from outside (labels, titles) is escaped; every bar and
// every segment carries a <title>, so that a screen reader or a mouse hover
// tells its value, and the chart itself has a <title> and a <desc>.
//
// Coordinates are integers (pixels): values are ints, never float64, and a
// stack's segments are placed from cumulative sums, so they meet without
// gaps and the rounding never adds up.

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// svgChart is a bar chart: one bar per group, each bar a stack of one
// segment per series (a single series draws plain bars).
type svgChart struct {
	Title  string // the chart's heading and accessible name
	Desc   string // a sentence on what it shows
	XLabel string // the label of the x axis (under the groups)
	YLabel string // the label of the y axis (written upwards)
	Series []string
	Groups []svgGroup
	// Max is the top of the y axis; 0 takes the largest bar, rounded up to
	// a tick.
	Max int
	// Value writes a value for the axis, the totals and the titles; nil
	// writes the number.
	Value func(v int) string
	// Totals writes each bar's total above it.
	Totals bool
}

// svgGroup is one bar of a chart.
type svgGroup struct {
	Label string // under the bar
	Sub   string // a second line under the label ("2026" under January), "" for none
	// Long is the group's full name in titles ("Nov 2026"); "" takes the
	// label and the second line.
	Long string
	// Values holds one value per series, none negative.
	Values []int
	// Title is the bar's own title; "" gives "label sub: total".
	Title string
	// Note is drawn on the axis instead of a bar when all values are zero
	// (e.g. "–" for a month without data); its title is Title.
	Note string
}

// Layout of a chart, in pixels.
const (
	svgWidth      = 760
	svgTop        = 44  // room for the title
	svgPlotHeight = 240 // the bars' area
	svgLeft       = 72  // room for the y axis, its ticks and its label
	svgRight      = 16
	svgXLabels    = 40 // under the plot: two lines of group labels
	svgXTitle     = 24 // the x axis label
	svgLegendRow  = 24
	svgLegendCol  = 336 // two columns: category labels are long
	svgMaxTicks   = 5
)

// svgPalette is the series colours: the Okabe-Ito palette for colour-blind
// readers, with two greys for the ninth and later series. Segments are
// further told apart by a white outline, the legend and the titles.
func svgPalette() []string {
	return []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#555555", "#999999"}
}

// svgEsc escapes a text for XML character data and attribute values.
func svgEsc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return b.String()
}

// niceTop returns the top of an axis for the largest value hi and the
// step of its ticks: step is 1, 2 or 5 times a power of ten, chosen so that
// there are at most svgMaxTicks steps, and top is hi rounded up to a step.
func niceTop(hi int) (top, step int) {
	if hi <= 0 {
		return 1, 1
	}
	for pow := 1; ; pow *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * pow
			top = (hi + step - 1) / step * step
			if top/step <= svgMaxTicks {
				return top, step
			}
		}
	}
}

// total returns the sum of a group's values.
func (g svgGroup) total() int {
	t := 0
	for _, v := range g.Values {
		if v > 0 {
			t += v
		}
	}
	return t
}

// value writes v with the chart's formatter.
func (c svgChart) value(v int) string {
	if c.Value == nil {
		return fmt.Sprint(v)
	}
	return c.Value(v)
}

// name is a group's full name, for titles.
func (g svgGroup) name() string {
	if g.Long != "" {
		return g.Long
	}
	if g.Sub == "" {
		return g.Label
	}
	return g.Label + " " + g.Sub
}

// SVG renders the chart as a standalone SVG document.
func (c svgChart) SVG() []byte {
	hi := c.Max
	if hi <= 0 {
		for _, g := range c.Groups {
			hi = max(hi, g.total())
		}
	}
	top, step := niceTop(hi)
	if c.Max > 0 {
		top = c.Max
		_, step = niceTop(c.Max)
		if top%step != 0 {
			step = top
		}
	}
	legendRows := 0
	if len(c.Series) > 1 {
		perRow := (svgWidth - svgLeft - svgRight) / svgLegendCol
		legendRows = (len(c.Series) + perRow - 1) / perRow
	}
	plotBottom := svgTop + svgPlotHeight
	height := plotBottom + svgXLabels + svgXTitle + legendRows*svgLegendRow + 8
	plotWidth := svgWidth - svgLeft - svgRight

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="13">`+"\n",
		svgWidth, height, svgWidth, height)
	w("<title id=\"chart-title\">%s</title>\n", svgEsc(c.Title))
	w("<desc id=\"chart-desc\">%s</desc>\n", svgEsc(c.Desc))
	w("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", svgWidth, height)
	w("<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"700\" fill=\"#1b1b1b\">%s</text>\n", svgLeft, svgEsc(c.Title))

	// Grid lines and y ticks.
	w("<g class=\"y-axis\" fill=\"#1b1b1b\" text-anchor=\"end\">\n")
	for v := 0; v <= top; v += step {
		y := plotBottom - v*svgPlotHeight/top
		colour := "#d0d3d8"
		if v == 0 {
			colour = "#1b1b1b"
		}
		w("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1\"/>\n", svgLeft, y, svgLeft+plotWidth, y, colour)
		w("<text x=\"%d\" y=\"%d\">%s</text>\n", svgLeft-6, y+4, svgEsc(c.value(v)))
	}
	w("</g>\n")
	w("<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\" fill=\"#1b1b1b\">%s</text>\n",
		16, svgTop+svgPlotHeight/2, 16, svgTop+svgPlotHeight/2, svgEsc(c.YLabel))

	// Bars.
	palette := svgPalette()
	if n := len(c.Groups); n > 0 {
		slot := plotWidth / n
		barWidth := slot * 3 / 5
		w("<g class=\"bars\">\n")
		for i, g := range c.Groups {
			x := svgLeft + i*slot + (slot-barWidth)/2
			mid := svgLeft + i*slot + slot/2
			title := g.Title
			if title == "" {
				title = g.name() + ": " + c.value(g.total())
			}
			w("<g>\n<title>%s</title>\n", svgEsc(title))
			total := g.total()
			if total == 0 && g.Note != "" {
				w("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#4a4a4a\">%s</text>\n", mid, plotBottom-6, svgEsc(g.Note))
			}
			cum := 0
			for s, v := range g.Values {
				if v <= 0 {
					continue
				}
				y0 := plotBottom - cum*svgPlotHeight/top
				cum += v
				y1 := plotBottom - cum*svgPlotHeight/top
				series := ""
				if s < len(c.Series) {
					series = c.Series[s]
				}
				w("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"><title>%s</title></rect>\n",
					x, y1, barWidth, y0-y1, palette[s%len(palette)], svgEsc(g.name()+" – "+series+": "+c.value(v)))
			}
			if c.Totals && total > 0 {
				w("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1b1b1b\" font-weight=\"600\">%s</text>\n",
					mid, plotBottom-total*svgPlotHeight/top-6, svgEsc(c.value(total)))
			}
			w("</g>\n")
			w("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1b1b1b\">%s</text>\n", mid, plotBottom+18, svgEsc(g.Label))
			if g.Sub != "" {
				w("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#4a4a4a\">%s</text>\n", mid, plotBottom+34, svgEsc(g.Sub))
			}
		}
		w("</g>\n")
	}
	w("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1b1b1b\">%s</text>\n",
		svgLeft+plotWidth/2, plotBottom+svgXLabels+16, svgEsc(c.XLabel))

	// Legend, in the order of the stack (bottom first).
	if legendRows > 0 {
		perRow := (svgWidth - svgLeft - svgRight) / svgLegendCol
		y0 := plotBottom + svgXLabels + svgXTitle
		w("<g class=\"legend\" fill=\"#1b1b1b\">\n")
		for s, name := range c.Series {
			x := svgLeft + (s%perRow)*svgLegendCol
			y := y0 + (s/perRow)*svgLegendRow
			w("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#1b1b1b\" stroke-width=\"1\"/>\n", x, y, palette[s%len(palette)])
			w("<text x=\"%d\" y=\"%d\">%s</text>\n", x+20, y+12, svgEsc(name))
		}
		w("</g>\n")
	}
	w("</svg>\n")
	return []byte(b.String())
}
