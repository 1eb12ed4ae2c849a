package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The dashboard: complaints per category and month, and the shops'
// deadline compliance per month, over the last 12 months, as two SVG
// charts rendered on the server (svgchart.go) with the same figures as
// tables beside them. The figures are worked out by pure functions
// (countByCategory, deadlineCompliance) over the complaints the complaint
// service lists to the operator, page by page.

// dashboardMonths is how many months the dashboard shows.
const dashboardMonths = 12

// yearMonth is a calendar month.
type yearMonth struct {
	Year  int
	Month time.Month
}

// monthOf is the month of a date.
func monthOf(d fairshops.Date) yearMonth {
	y, m, _ := d.Parts()
	return yearMonth{y, m}
}

// add returns the month n months later (earlier for negative n).
func (m yearMonth) add(n int) yearMonth {
	i := m.Year*12 + int(m.Month) - 1 + n
	return yearMonth{Year: i / 12, Month: time.Month(i%12 + 1)}
}

// lastMonths returns the n months up to and including the month of today,
// oldest first.
func lastMonths(today fairshops.Date, n int) []yearMonth {
	end := monthOf(today)
	out := make([]yearMonth, n)
	for i := range n {
		out[i] = end.add(i - n + 1)
	}
	return out
}

// monthIndex returns the position of m in months, or -1.
func monthIndex(months []yearMonth, m yearMonth) int {
	if len(months) == 0 {
		return -1
	}
	i := (m.Year*12 + int(m.Month)) - (months[0].Year*12 + int(months[0].Month))
	if i < 0 || i >= len(months) || months[i] != m {
		return -1
	}
	return i
}

// categoryCounts are the complaints filed per month and category.
type categoryCounts struct {
	Months     []yearMonth
	Categories []precheck.Category
	// Counts[i][j] is the number of complaints of category j filed in
	// month i.
	Counts [][]int
	Total  int
}

// countByCategory places the store's counts of complaints filed per month
// and category (complaint.Stats.Filed) in the months; counts outside the
// months or of an unknown category are left out.
func countByCategory(filed []complaint.MonthCount, months []yearMonth) categoryCounts {
	cats := precheck.Categories()
	pos := map[precheck.Category]int{}
	for j, c := range cats {
		pos[c] = j
	}
	out := categoryCounts{Months: months, Categories: cats, Counts: make([][]int, len(months))}
	for i := range out.Counts {
		out.Counts[i] = make([]int, len(cats))
	}
	for _, mc := range filed {
		i := monthIndex(months, monthOf(mc.Month))
		j, ok := pos[mc.Category]
		if i < 0 || !ok {
			continue
		}
		out.Counts[i][j] += mc.Count
		out.Total += mc.Count
	}
	return out
}

// complianceMonth is the deadline compliance of the complaints whose answer
// deadline fell in one month.
type complianceMonth struct {
	Month  yearMonth
	OnTime int
	Late   int
	Missed int
	// Paused and PausedDays: the complaints of the month whose shop
	// paused its answer clock, and the days paused, counted apart
	// (complaint.Stats.Paused): OnTime, Late and Missed already judge the
	// deadline after the pauses.
	Paused, PausedDays int
}

// Due is how many complaints had their deadline in the month and are
// decided (answered, or the deadline passed).
func (c complianceMonth) Due() int { return c.OnTime + c.Late + c.Missed }

// PerMille is the share answered in time in tenths of a percent, rounded
// half up; ok is false for a month without decided complaints.
func (c complianceMonth) PerMille() (share int, ok bool) {
	due := c.Due()
	if due == 0 {
		return 0, false
	}
	return (c.OnTime*2000 + due) / (2 * due), true
}

// deadlineCompliance places the store's deadline outcomes per month
// (complaint.Stats.Compliance) in the months.
func deadlineCompliance(comp []complaint.MonthCompliance, months []yearMonth) []complianceMonth {
	return withPaused(placeCompliance(comp, months), nil)
}

// withPaused adds the paused clocks per month (complaint.Stats.Paused) to
// out, whose months are in order.
func withPaused(out []complianceMonth, paused []complaint.MonthPaused) []complianceMonth {
	months := make([]yearMonth, len(out))
	for i := range out {
		months[i] = out[i].Month
	}
	for _, mp := range paused {
		if i := monthIndex(months, monthOf(mp.Month)); i >= 0 {
			out[i].Paused += mp.Complaints
			out[i].PausedDays += mp.Days
		}
	}
	return out
}

// placeCompliance places the deadline outcomes per month in the months.
func placeCompliance(comp []complaint.MonthCompliance, months []yearMonth) []complianceMonth {
	out := make([]complianceMonth, len(months))
	for i, m := range months {
		out[i].Month = m
	}
	for _, mc := range comp {
		if i := monthIndex(months, monthOf(mc.Month)); i >= 0 {
			out[i].OnTime += mc.OnTime
			out[i].Late += mc.Late
			out[i].Missed += mc.Missed
		}
	}
	return out
}

// dashboard is the dashboard's figures for one day.
type dashboard struct {
	Categories categoryCounts
	Compliance []complianceMonth
	States     []complaint.StateCount
	Shops      []complaint.ShopCount
}

// dashboardShops is how many shops the dashboard ranks.
const dashboardShops = 10

// dashboardFigures asks the complaint service for the figures, which the
// store counts (complaint.Store.Stats): no complaint is read.
func (h *Handler) dashboardFigures(r *http.Request, c caller) (dashboard, error) {
	st, _, err := h.complaints.Stats(r.Context(), opPrincipal(c), dashboardMonths, dashboardShops)
	if err != nil {
		return dashboard{}, err
	}
	months := lastMonths(h.opToday(), dashboardMonths)
	return dashboard{Categories: countByCategory(st.Filed, months),
		Compliance: withPaused(placeCompliance(st.Compliance, months), st.Paused), States: st.States, Shops: st.Shops}, nil
}

// monthLabel writes a month short ("Nov") and the year for the chart.
func (h *Handler) monthLabel(lang fairshops.Language, m yearMonth) (string, string) {
	return h.web.t(lang, "op.month."+strconv.Itoa(int(m.Month))), strconv.Itoa(m.Year)
}

// percentText writes a share in tenths of a percent: "75 %", "66,7 %".
func percentText(perMille int, lang fairshops.Language) string {
	s := strconv.Itoa(perMille / 10)
	if r := perMille % 10; r != 0 {
		mark := "."
		if lang == fairshops.German {
			mark = ","
		}
		s += mark + strconv.Itoa(r)
	}
	return s + " %"
}

// categoryChart is the chart of complaints per category and month.
func (h *Handler) categoryChart(d dashboard, lang fairshops.Language) svgChart {
	ch := svgChart{Title: h.web.t(lang, "op.dash.categories"), Desc: h.web.t(lang, "op.dash.categories.desc", d.Categories.Total),
		XLabel: h.web.t(lang, "op.dash.month"), YLabel: h.web.t(lang, "op.dash.complaints"), Totals: true}
	for _, cat := range d.Categories.Categories {
		ch.Series = append(ch.Series, cat.Label(lang))
	}
	for i, m := range d.Categories.Months {
		label, year := h.monthLabel(lang, m)
		g := svgGroup{Label: label, Long: label + " " + year, Values: d.Categories.Counts[i]}
		if i == 0 || m.Month == time.January {
			g.Sub = year
		}
		ch.Groups = append(ch.Groups, g)
	}
	return ch
}

// complianceChart is the chart of the deadline compliance per month.
func (h *Handler) complianceChart(d dashboard, lang fairshops.Language) svgChart {
	ch := svgChart{Title: h.web.t(lang, "op.dash.compliance"), Desc: h.web.t(lang, "op.dash.compliance.desc"),
		XLabel: h.web.t(lang, "op.dash.month_due"), YLabel: h.web.t(lang, "op.dash.share"),
		Series: []string{h.web.t(lang, "op.dash.on_time")}, Max: 1000, Totals: true,
		Value: func(v int) string { return percentText(v, lang) }}
	for i, m := range d.Compliance {
		label, year := h.monthLabel(lang, m.Month)
		g := svgGroup{Label: label, Long: label + " " + year, Values: []int{0}}
		if i == 0 || m.Month.Month == time.January {
			g.Sub = year
		}
		if share, ok := m.PerMille(); ok {
			g.Values[0] = share
			g.Title = h.web.t(lang, "op.dash.compliance.bar", label+" "+year, m.OnTime, m.Due(), percentText(share, lang))
			if share == 0 {
				g.Note = percentText(0, lang)
			}
		} else {
			g.Note = "–"
			g.Title = h.web.t(lang, "op.dash.compliance.none", label+" "+year)
		}
		ch.Groups = append(ch.Groups, g)
	}
	return ch
}

// opDashRow is one month of the dashboard's tables.
type opDashRow struct {
	Month  string
	Counts []int
	Total  int
	OnTime int
	Late   int
	Missed int
	Due    int
	Share  string
	// Paused, PausedDays: the month's paused clocks (complianceMonth).
	Paused, PausedDays int
}

// opDashboardData is what the dashboard shows.
type opDashboardData struct {
	Categories []string
	Rows       []opDashRow
	Total      int
	Lang       string
	States     []opDashState
	Shops      []opDashShop
	// Paused: some month's complaints had their answer clock paused
	// (the rows' Paused and PausedDays).
	Paused  bool
	Carrier *carrierFigure // transit complaints with a claim opened in time (web_carrier_figure.go)
}

// opDashState is one state with its number of complaints (all time).
type opDashState struct {
	State string
	Count int
}

// opDashShop is one of the shops with the most complaints.
type opDashShop struct {
	ID, Name            string
	Total, Open, Missed int
}

// opDashboard answers GET /operator/dashboard.
func (h *Handler) opDashboard(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	d, err := h.dashboardFigures(r, c)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	out := opDashboardData{Total: d.Categories.Total, Lang: string(c.lang)}
	for _, sc := range d.States {
		out.States = append(out.States, opDashState{State: h.web.t(c.lang, "complaint.state."+string(sc.State)), Count: sc.Count})
	}
	for _, sc := range d.Shops {
		row := opDashShop{ID: sc.ShopID, Name: sc.ShopID, Total: sc.Total, Open: sc.Open, Missed: sc.Missed}
		if s, err := h.reg.Shop(r.Context(), sc.ShopID); err == nil {
			row.Name = s.Name
		}
		out.Shops = append(out.Shops, row)
	}
	for _, cat := range d.Categories.Categories {
		out.Categories = append(out.Categories, cat.Label(c.lang))
	}
	for i, m := range d.Categories.Months {
		label, year := h.monthLabel(c.lang, m)
		row := opDashRow{Month: label + " " + year, Counts: d.Categories.Counts[i]}
		for _, n := range row.Counts {
			row.Total += n
		}
		cm := d.Compliance[i]
		row.OnTime, row.Late, row.Missed, row.Due = cm.OnTime, cm.Late, cm.Missed, cm.Due()
		row.Paused, row.PausedDays = cm.Paused, cm.PausedDays
		out.Paused = out.Paused || cm.Paused > 0
		row.Share = "–"
		if share, ok := cm.PerMille(); ok {
			row.Share = percentText(share, c.lang)
		}
		out.Rows = append(out.Rows, row)
	}
	if out.Carrier, err = h.carrierInTime(r.Context(), opPrincipal(c), c.lang); err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.dash.title")
	p.Data = out
	h.render(w, r, http.StatusOK, "operator_dashboard", p)
}

// opChart answers GET /operator/dashboard/{chart}: categories.svg or
// compliance.svg, in the page's language.
func (h *Handler) opChart(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	var chart func(dashboard, fairshops.Language) svgChart
	switch r.PathValue("chart") {
	case "categories.svg":
		chart = h.categoryChart
	case "compliance.svg":
		chart = h.complianceChart
	default:
		h.webError(w, r, c, fairshops.E("web.operator", fairshops.NotFound, "", "no such chart", nil))
		return
	}
	d, err := h.dashboardFigures(r, c)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Content-Language", string(c.lang))
	w.Header().Add("Vary", "Accept-Language, Cookie")
	_, _ = w.Write(chart(d, c.lang).SVG())
}
