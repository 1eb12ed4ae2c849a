package http

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// A shop's service figures (fairshops/figures, docs/adr-service-figures.md):
// the API (GET /api/v1/shops/{shop}/figures: the shop itself and the
// operator see everything, anyone else the public figures of a shop that
// opted in, else 404; PUT /api/v1/shops/{shop}/orders/{month}), and one page
// in three places: the shop's own (/shop/figures, with the order form and
// the opt-in), the operator's (/operator/shops/{shop}/figures) and the
// public one (/shops/{shop}/figures). The charts are SVG rendered here
// (svgchart.go) and set into the page, each with the same figures as a
// table beside it. Nothing on these pages reads a booking.

// figuresMonths is how many months the pages and the API show.
const figuresMonths = 12

// figuresQuery is the query of the last figuresMonths months of a shop.
func (h *Handler) figuresQuery(shopID string) figures.Query {
	return figures.LastMonths(shopID, h.reg.Today(), figuresMonths)
}

// figuresPrincipal is the principal of a caller who may read a shop's
// full figures (the shop itself, the operator); false for anyone else.
func figuresPrincipal(c caller, shopID string) (fairshops.Principal, bool) {
	switch {
	case c.isOperator():
		return opPrincipal(c), true
	case c.account != nil && c.shopID() == shopID:
		return fairshops.AsShop(shopID), true
	}
	return fairshops.Principal{}, false
}

// apiFigures answers GET /api/v1/shops/{shop}/figures. The route is open
// to anyone; the credentials, when sent, are read here (wrong ones: 401),
// because the answer depends on who asks.
func (h *Handler) apiFigures(w http.ResponseWriter, r *http.Request) {
	shopID := r.PathValue("shop")
	c, err := h.identify(r)
	if err != nil {
		apiUnauthorized(w, requestLanguage(r))
		return
	}
	var rep figures.Report
	if p, ok := figuresPrincipal(c, shopID); ok {
		rep, err = h.figures.Figures(r.Context(), p, h.figuresQuery(shopID))
	} else {
		rep, err = h.figures.Public(r.Context(), h.figuresQuery(shopID))
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Add("Vary", "Authorization, Cookie")
	writeJSON(w, http.StatusOK, rep)
}

// parseMonth reads a month written YYYY-MM.
func parseMonth(s string) (fairshops.Date, bool) {
	if len(s) != 7 {
		return fairshops.Date{}, false
	}
	d, err := fairshops.ParseDate(s + "-01")
	return d, err == nil
}

// apiSetOrders answers PUT /api/v1/shops/{shop}/orders/{month}: {"orders":
// n}, the shop's order count of the month (YYYY-MM); 204. A second report
// of a month replaces the first.
func (h *Handler) apiSetOrders(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	_, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "orders")
	orders, _ := o.Int(&p, "orders", true, 0, 1<<40)
	month, mok := parseMonth(r.PathValue("month"))
	if !mok {
		p.Add("month", fairshops.ReasonInvalidFormat, "YYYY-MM")
	}
	if h.apiDecodeFailed(w, r, &p, "http.setOrders") {
		return
	}
	pr, _ := figuresPrincipal(c, r.PathValue("shop"))
	if err := h.figures.SetOrders(r.Context(), pr, r.PathValue("shop"), month, int(orders)); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// figuresRow is one month of the page's table, written for the reader.
type figuresRow struct {
	Month                         string
	Withheld                      bool
	Complaints, Answered          string
	Median, P90                   string
	OnTime, Decided, OnTimePct    string
	Orders, PerThousand           string
	Requests, Accepted, AcceptPct string
	Settled, Kept, KeptPct        string
}

// figuresData is what a figures page shows.
type figuresData struct {
	ShopID, ShopName string
	Audience         string // "shop", "operator" or "public"
	Public           bool   // the shop shows its figures to the public
	MinPublic        int
	Rows             []figuresRow
	Charts           []template.HTML // SVG documents built here, every text escaped (svgchart.go)
	OrderMonths      []figuresOption // the shop's form: the months it may report
	Error            string          // the order form's problem, if any
}

// figuresOption is a month of the order form's choice.
type figuresOption struct{ Value, Label string }

// num writes an optional count with the formatter; "–" for none.
func num(f fairshops.Formatter, v *int) string {
	if v == nil {
		return "–"
	}
	return f.Number(strconv.Itoa(*v))
}

// tenths writes an optional figure with one decimal with the formatter.
func tenths(f fairshops.Formatter, v *figures.Tenths, suffix string) string {
	if v == nil {
		return "–"
	}
	return f.Number(v.String()) + suffix
}

// figuresPage renders the figures of rep for an audience.
func (h *Handler) figuresPage(w http.ResponseWriter, r *http.Request, c caller, sh *fairshops.Shop, rep figures.Report, audience string, status int, problem string) {
	f := fairshops.FormatterFor(c.lang)
	d := figuresData{ShopID: sh.ID, ShopName: sh.Name, Audience: audience, Public: sh.PublicFigures, MinPublic: rep.MinPublic}
	for _, m := range rep.Months {
		row := figuresRow{Month: h.figuresMonthLabel(c.lang, m.Month), Withheld: m.Withheld,
			Complaints: num(f, m.Complaints), Answered: num(f, m.Answered), Median: num(f, m.MedianDays),
			P90: num(f, m.P90Days), OnTime: num(f, m.OnTime), Decided: num(f, m.Decided),
			OnTimePct: tenths(f, m.OnTimePct, " %"), Orders: num(f, m.Orders), PerThousand: tenths(f, m.PerThousand, ""),
			Requests: num(f, m.Requests), Accepted: num(f, m.Accepted), AcceptPct: tenths(f, m.AcceptPct, " %"),
			Settled: num(f, m.Settled), Kept: num(f, m.Kept), KeptPct: tenths(f, m.KeptPct, " %")}
		d.Rows = append(d.Rows, row)
	}
	d.Charts = []template.HTML{h.figuresChart("answer", h.answerChart(rep, c.lang)),
		h.figuresChart("deadline", h.deadlineChart(rep, c.lang))}
	if audience == "shop" {
		for i := range rep.Months {
			m := rep.Months[len(rep.Months)-1-i]
			d.OrderMonths = append(d.OrderMonths, figuresOption{Value: m.Month, Label: h.figuresMonthLabel(c.lang, m.Month)})
		}
	}
	if problem != "" {
		d.Error = h.web.t(c.lang, problem)
	}
	p := h.newPage(w, r, c, "figures.title", sh.Name)
	p.Data = d
	h.render(w, r, status, "figures", p)
}

// figuresMonthLabel writes a month (YYYY-MM) as "Nov 2026".
func (h *Handler) figuresMonthLabel(lang fairshops.Language, month string) string {
	d, ok := parseMonth(month)
	if !ok {
		return month
	}
	label, year := h.monthLabel(lang, monthOf(d))
	return label + " " + year
}

// figuresChart sets a chart into the page: its SVG, with the ids of its
// title and description made unique on the page.
func (h *Handler) figuresChart(name string, ch svgChart) template.HTML {
	svg := strings.NewReplacer(`id="chart-title"`, `id="fig-`+name+`-title"`, `id="chart-desc"`, `id="fig-`+name+`-desc"`,
		`aria-labelledby="chart-title chart-desc"`, `aria-labelledby="fig-`+name+`-title fig-`+name+`-desc"`).
		Replace(string(ch.SVG()))
	return template.HTML(svg) // #nosec: built by svgChart, every outside text escaped there
}

// figuresGroup is a month's bar with its labels.
func (h *Handler) figuresGroup(lang fairshops.Language, i int, month string) svgGroup {
	d, _ := parseMonth(month)
	label, year := h.monthLabel(lang, monthOf(d))
	g := svgGroup{Label: label, Long: label + " " + year, Values: []int{0}}
	if _, m, _ := d.Parts(); i == 0 || m == time.January {
		g.Sub = year
	}
	return g
}

// answerChart is the chart of the median answer time per month.
func (h *Handler) answerChart(rep figures.Report, lang fairshops.Language) svgChart {
	ch := svgChart{Title: h.web.t(lang, "figures.answer"), Desc: h.web.t(lang, "figures.answer.desc"),
		XLabel: h.web.t(lang, "figures.month"), YLabel: h.web.t(lang, "figures.days"),
		Series: []string{h.web.t(lang, "figures.median")}, Totals: true}
	for i, m := range rep.Months {
		g := h.figuresGroup(lang, i, m.Month)
		switch {
		case m.MedianDays != nil:
			g.Values[0] = *m.MedianDays
			g.Title = h.web.t(lang, "figures.answer.bar", g.Long, *m.MedianDays, *m.P90Days)
			if *m.MedianDays == 0 {
				g.Note = "0"
			}
		default:
			g.Note = "–"
			g.Title = h.web.t(lang, "figures.none", g.Long)
		}
		ch.Groups = append(ch.Groups, g)
	}
	return ch
}

// deadlineChart is the chart of the share answered within the deadline.
func (h *Handler) deadlineChart(rep figures.Report, lang fairshops.Language) svgChart {
	ch := svgChart{Title: h.web.t(lang, "figures.deadline"), Desc: h.web.t(lang, "figures.deadline.desc"),
		XLabel: h.web.t(lang, "figures.month"), YLabel: h.web.t(lang, "figures.share"),
		Series: []string{h.web.t(lang, "figures.on_time")}, Max: 1000, Totals: true,
		Value: func(v int) string { return percentText(v, lang) }}
	for i, m := range rep.Months {
		g := h.figuresGroup(lang, i, m.Month)
		switch {
		case m.OnTimePct != nil:
			g.Values[0] = int(*m.OnTimePct)
			g.Title = h.web.t(lang, "figures.deadline.bar", g.Long, *m.OnTime, *m.Decided, percentText(int(*m.OnTimePct), lang))
			if *m.OnTimePct == 0 {
				g.Note = percentText(0, lang)
			}
		default:
			g.Note = "–"
			g.Title = h.web.t(lang, "figures.none", g.Long)
		}
		ch.Groups = append(ch.Groups, g)
	}
	return ch
}

// shopFigures answers GET /shop/figures: the shop's own figures, the
// order form and the opt-in.
func (h *Handler) shopFigures(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := c.shopID()
	h.figuresFor(w, r, c, id, fairshops.AsShop(id), "shop", http.StatusOK, "")
}

// opShopFigures answers GET /operator/shops/{shop}/figures.
func (h *Handler) opShopFigures(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	h.figuresFor(w, r, c, r.PathValue("shop"), opPrincipal(c), "operator", http.StatusOK, "")
}

func (h *Handler) figuresFor(w http.ResponseWriter, r *http.Request, c caller, id string, p fairshops.Principal, audience string,
	status int, problem string) {
	sh, err := h.reg.Shop(r.Context(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	rep, err := h.figures.Figures(r.Context(), p, h.figuresQuery(id))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.figuresPage(w, r, c, sh, rep, audience, status, problem)
}

// publicFigures answers GET /shops/{shop}/figures: the public figures of
// a shop that opted in; the 404 page otherwise.
func (h *Handler) publicFigures(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	rep, err := h.figures.Public(r.Context(), h.figuresQuery(id))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	sh, err := h.reg.Shop(r.Context(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.figuresPage(w, r, c, sh, rep, "public", http.StatusOK, "")
}

// shopSetOrders answers POST /shop/figures/orders: month (YYYY-MM) and
// orders; a wrong value answers 422 with the page and the problem named.
func (h *Handler) shopSetOrders(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := c.shopID()
	month, ok := parseMonth(r.PostForm.Get("month"))
	orders, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("orders")))
	if !ok || err != nil || orders < 0 {
		h.figuresFor(w, r, c, id, fairshops.AsShop(id), "shop", http.StatusUnprocessableEntity, "figures.orders.invalid")
		return
	}
	if err := h.figures.SetOrders(r.Context(), fairshops.AsShop(id), id, month, orders); err != nil {
		if fairshops.KindOf(err) == fairshops.Invalid {
			h.figuresFor(w, r, c, id, fairshops.AsShop(id), "shop", http.StatusUnprocessableEntity, "figures.orders.invalid")
			return
		}
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, "/shop/figures?done=orders_saved#orders")
}

// shopSetPublic answers POST /shop/figures/public: public=on shows the
// figures to the public, anything else hides them.
func (h *Handler) shopSetPublic(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	on := r.PostForm.Get("public") == "on"
	if _, err := h.figures.SetPublic(r.Context(), fairshops.AsShop(c.shopID()), c.shopID(), on); err != nil {
		h.webError(w, r, c, err)
		return
	}
	done := "figures_private"
	if on {
		done = "figures_public"
	}
	seeOther(w, r, "/shop/figures?done="+done+"#public")
}
