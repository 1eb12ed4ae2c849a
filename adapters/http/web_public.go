package http

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// The public pages: the landing page, a shop's ID page with the complaint
// form, and the topic portal. They show only what anyone may see: a shop's
// fairshops.View (never a booking's purpose, points or assessment).

// landing answers GET /: what the service does, the portal search and the
// way to a shop's ID page.
func (h *Handler) landing(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	h.render(w, r, http.StatusOK, "landing", h.newPage(w, r, c, "landing.title"))
}

// findShop answers GET /shops?id=: the landing page's way to an ID page.
func (h *Handler) findShop(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	if !query.Has("q") {
		id := strings.ToLower(strings.TrimSpace(query.Get("id")))
		if id == "" {
			seeOther(w, r, "/")
			return
		}
		seeOther(w, r, "/shops/"+url.PathEscape(id))
		return
	}
	h.searchShops(w, r, query.Get("q"))
}

// shopsData is what the shop search shows.
type shopsData struct {
	Query    string
	Searched bool
	Results  []fairshops.View
	MaxQuery int
}

// searchShops answers GET /shops?q=: the shops found by name, domain or ID
// (fairshops.Registry.Search), best first; a query that is a shop's ID
// goes straight to its ID page, an empty one back to the start page.
func (h *Handler) searchShops(w http.ResponseWriter, r *http.Request, q string) {
	c := callerOf(r)
	if strings.TrimSpace(q) == "" {
		seeOther(w, r, "/")
		return
	}
	p := h.newPage(w, r, c, "shops.title")
	d := shopsData{Query: q, MaxQuery: fairshops.MaxSearchQuery}
	views, err := h.reg.Search(r.Context(), fairshops.ShopQuery{Q: q})
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		addValidationErrors(p.Form, err, c.lang, func(string) string { return h.web.t(c.lang, "landing.shop.id") })
		p.Data = d
		h.render(w, r, http.StatusUnprocessableEntity, "shops", p)
		return
	}
	if len(views) > 0 && views[0].ID == strings.ToLower(strings.TrimSpace(q)) {
		seeOther(w, r, "/shops/"+url.PathEscape(views[0].ID))
		return
	}
	d.Searched, d.Results = true, views
	p.Data = d
	h.render(w, r, http.StatusOK, "shops", p)
}

// shopPageData is what the ID page shows.
type shopPageData struct {
	Shop       fairshops.View
	Categories []webOption
	Mediation  bool // complaints filed here may go on to dispute moderation
}

// SealClass is the CSS class of the seal box: ok, warn or bad.
func (d shopPageData) SealClass() string {
	switch {
	case d.Shop.SealValidOnTheDate:
		return "ok"
	case d.Shop.Seal.Status == fairshops.NotLicensed:
		return "warn"
	}
	return "bad"
}

// SealExpired reports a licence whose validity ended.
func (d shopPageData) SealExpired() bool {
	return d.Shop.Seal.Status == fairshops.Licensed && !d.Shop.SealValidOnTheDate
}

// shopPage (publicview.go) answers GET /shops/{shop}: the public ID page
// with the seal status, the booked modules, the mediation mode, the
// conditions and step 1 of the complaint form (the category).

func (h *Handler) shopData(v fairshops.View, lang fairshops.Language) shopPageData {
	d := shopPageData{Shop: v, Mediation: v.MediationMode != "" && h.mediation != nil}
	for _, cat := range precheck.Categories() {
		d.Categories = append(d.Categories, webOption{Value: string(cat), Label: cat.Label(lang)})
	}
	return d
}

// complaintForm answers GET /shops/{shop}/complaint?category=: step 2 of
// the complaint form, the facts the category needs. Without a valid
// category the ID page comes back with the error next to step 1.
func (h *Handler) complaintForm(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	v, ok := h.complaintShop(w, r, c)
	if !ok {
		return
	}
	cat := precheck.Category(r.URL.Query().Get("category"))
	if !cat.Valid() {
		p := h.newPage(w, r, c, "shop.title", v.Name)
		p.Form.addError("category", h.web.t(c.lang, "complaint.step1"), h.web.t(c.lang, "complaint.choose"))
		p.Data = h.shopData(v, c.lang)
		h.render(w, r, http.StatusUnprocessableEntity, "shop", p)
		return
	}
	p := h.newPage(w, r, c, "complaint.title", v.Name)
	p.Form.Values.Set("category", string(cat))
	p.Form.Values.Set("order_value.currency", "EUR")
	// The form is not empty now (it has the category), so checkboxes that
	// default to on must be set here, or they would show unchecked. The
	// questions that decide a consumer's rights (bought as a private
	// person, informed about withdrawal) have no default: they are asked.
	for _, f := range categoryFacts() {
		if f.Default {
			p.Form.Values.Set(f.Name, "true")
		}
	}
	p.Data = h.withFileLimits(newComplaintFormData(v, cat, c.lang, func(k string) string { return h.web.t(c.lang, k) }))
	h.render(w, r, http.StatusOK, "complaint", p)
}

// complaintShop reads the shop of a complaint form: 404 for an unknown
// shop, and the ID page's notice for a shop that takes no complaints.
func (h *Handler) complaintShop(w http.ResponseWriter, r *http.Request, c caller) (fairshops.View, bool) {
	v, err := h.reg.View(r.Context(), r.PathValue("shop"))
	if err != nil {
		h.webError(w, r, c, err)
		return v, false
	}
	if !v.AcceptsComplaints {
		seeOther(w, r, "/shops/"+url.PathEscape(v.ID))
		return v, false
	}
	return v, true
}

// fileComplaintForm answers POST /shops/{shop}/complaint: it files the
// complaint (rate-limited), sets the consumer's cookie for the complaint
// and shows the private link once (see filedPage). Every error of the
// form comes back at once next to its field, with what was typed.
func (h *Handler) fileComplaintForm(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	v, ok := h.complaintShop(w, r, c)
	if !ok || !h.allowWrite(w, r, c) {
		return
	}
	doc, cat := intakeDocument(r.PostForm, c.lang)
	tf := func(k string) string { return h.web.t(c.lang, k) }
	in, err := complaint.DecodeIntake(doc)
	if missing := unanswered(r.PostForm, cat); len(missing) > 0 && (err == nil || fairshops.KindOf(err) == fairshops.Invalid) {
		var p fairshops.Problems
		for _, f := range missing {
			p.Add(f, fairshops.ReasonRequired)
		}
		p.Merge("", err)
		err = p.Err("http.fileComplaintForm")
	}
	var filed *complaint.Complaint
	var tok fairshops.Token
	if err == nil {
		filed, tok, err = h.complaints.Submit(r.Context(), v.ID, in)
	}
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		if !cat.Valid() {
			cat = ""
		}
		h.renderInvalid(w, r, c, "complaint", "complaint.title", remapIntakeErrors(err),
			h.withFileLimits(newComplaintFormData(v, cat, c.lang, tf)), h.complaintFieldLabel(c.lang), v.Name)
		return
	}
	h.setConsumerCookie(w, filed.ID, tok)
	http.SetCookie(w, h.cookie(filedCookie, tok.Reveal(), "/c/"+url.PathEscape(filed.ID)+"/filed", filedMaxAge))
	next := "/c/" + url.PathEscape(filed.ID) + "/filed"
	// The files come after the fields (the form puts them last): they go
	// to the complaint now that it exists. A refused file does not undo
	// the filing; the confirmation says so.
	if _, err := h.attachAll(r.Context(), fairshops.AsConsumer(tok), filed.ID, r.PostForm, uploadsOf(r), h.complaints.MaxFiles()); err != nil {
		h.log.InfoContext(r.Context(), "file refused at filing", "complaint", filed.ID, "error", err)
		next += "?files=refused"
	}
	seeOther(w, r, next)
}

// portalData is what the portal search page shows.
type portalData struct {
	Query   string
	Results portal.Results
	Topics  []webOption
	Tags    []webOption
	Prev    string // URL of the previous page, "" on the first
	Next    string // URL of the next page, "" on the last
	From    int    // number of the first hit on the page
}

// portalPageSize is the number of hits per page.
const portalPageSize = 10

// portalSearch answers GET /portal?q=&topic=&tag=&page=: search with
// snippets (the words found marked), filters by topic and complaint
// category, and paging.
func (h *Handler) portalSearch(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	q := r.URL.Query()
	pageNo, _ := strconv.Atoi(q.Get("page"))
	if pageNo < 1 {
		pageNo = 1
	}
	req := portal.SearchRequest{Q: q.Get("q"), Lang: c.lang, Topic: q.Get("topic"),
		Offset: (pageNo - 1) * portalPageSize, Limit: portalPageSize}
	if tag := q.Get("tag"); tag != "" {
		req.Tags = []string{tag}
	}
	p := h.newPage(w, r, c, "portal.title")
	p.Form.Values = url.Values{"q": {req.Q}, "topic": {req.Topic}, "tag": {q.Get("tag")}}
	d := portalData{Query: req.Q, Topics: []webOption{{Value: "", Label: h.web.t(c.lang, "portal.all_topics")}},
		Tags: []webOption{{Value: "", Label: h.web.t(c.lang, "portal.all_categories")}}, From: req.Offset + 1}
	for _, tp := range h.portal.Topics() {
		d.Topics = append(d.Topics, webOption{Value: tp.Key, Label: tp.TitleIn(c.lang)})
	}
	for _, cat := range precheck.Categories() {
		d.Tags = append(d.Tags, webOption{Value: string(cat), Label: cat.Label(c.lang)})
	}
	res, err := h.portal.Search(r.Context(), req)
	status := http.StatusOK
	if err != nil {
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		status = http.StatusUnprocessableEntity
		addValidationErrors(p.Form, err, c.lang, func(field string) string {
			if field == "q" {
				return h.web.t(c.lang, "portal.query")
			}
			return ""
		})
	}
	d.Results = res
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "topic", "tag"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/portal"
		}
		return "/portal?" + v.Encode()
	}
	if pageNo > 1 {
		d.Prev = link(pageNo - 1)
	}
	if req.Offset+len(res.Hits) < res.Total {
		d.Next = link(pageNo + 1)
	}
	p.Data = d
	h.render(w, r, status, "portal", p)
}

// articleData is what an article page shows.
type articleData struct {
	Slug     string
	Lang     fairshops.Language // the language of the text (German when there is no translation)
	Missing  bool               // no translation into the page's language
	Title    string
	Summary  string
	Topic    string
	Basis    []string
	Reviewed fairshops.Date
	// Body is the article's HTML, rendered by the portal from Markdown
	// without raw HTML (portal.RenderMarkdown): the only trusted HTML of
	// the web UI.
	Body    template.HTML
	Related []portal.ArticleRef
}

// portalArticle answers GET /portal/{slug}: an article in the page's
// language (or German, marked, when it has no translation).
func (h *Handler) portalArticle(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	a, err := h.portal.Article(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	tr := a.In(c.lang)
	d := articleData{Slug: a.Slug, Lang: tr.Lang, Missing: tr.Lang != c.lang, Title: tr.Title, Summary: tr.Summary,
		Basis: a.Basis, Reviewed: a.Reviewed,
		// The one conversion to trusted HTML: Translation.HTML renders
		// Markdown with goldmark without raw HTML and with unsafe links
		// removed (portal/markdown.go).
		Body: tr.HTML()}
	for _, tp := range h.portal.Topics() {
		if tp.Key == a.Topic {
			d.Topic = tp.TitleIn(c.lang)
		}
	}
	for _, slug := range a.Related {
		if rel, err := h.portal.Article(r.Context(), slug); err == nil {
			rt := rel.In(c.lang)
			d.Related = append(d.Related, portal.ArticleRef{Slug: rel.Slug, Lang: rt.Lang, Title: rt.Title, Summary: rt.Summary})
		}
	}
	p := h.newPage(w, r, c, "portal.article.title", tr.Title)
	p.Data = d
	h.render(w, r, http.StatusOK, "article", p)
}
