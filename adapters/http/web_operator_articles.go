package http

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/portal"
)

// Portal articles as the operator edits them: the list, and one form with
// every front-matter field, the Markdown of each language with a preview
// rendered on the server, and the version read, so that a save over
// someone else's newer save is refused with a conflict message instead of
// overwriting it. Field names are the paths portal.Validate reports
// ("translations.en.title"); its list errors ("tags[2]") land on the one
// field that holds the list.

// opArticleRow is one article of the list.
type opArticleRow struct {
	Slug     string
	Title    string
	Topic    string
	Tags     string
	Langs    string
	Reviewed fairshops.Date
	Version  int64
}

// opArticlesData is what the list shows.
type opArticlesData struct {
	Filter *webForm
	Topic  *webField
	Rows   []opArticleRow
	Total  int
	Prev   string
	Next   string
}

// opArticles answers GET /operator/articles?q=&topic=&page=.
func (h *Handler) opArticles(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	q := r.URL.Query()
	d := opArticlesData{Filter: &webForm{Values: url.Values{"q": {q.Get("q")}, "topic": {q.Get("topic")}}}}
	d.Topic = h.opTopicField(d.Filter, c.lang, "topic", true)
	topics := map[string]string{}
	for _, tp := range h.portal.Topics() {
		topics[tp.Key] = tp.TitleIn(c.lang)
	}
	articles := h.portal.Index().Articles()
	if s := strings.TrimSpace(q.Get("q")); s != "" {
		res, err := h.portal.Search(r.Context(), portal.SearchRequest{Q: s, Lang: c.lang, Limit: portal.MaxLimit})
		if err != nil && fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
		found := map[string]bool{}
		for _, hit := range res.Hits {
			found[hit.Slug] = true
		}
		articles = slices.DeleteFunc(articles, func(a portal.Article) bool { return !found[a.Slug] })
	}
	if tp := q.Get("topic"); tp != "" {
		articles = slices.DeleteFunc(articles, func(a portal.Article) bool { return a.Topic != tp })
	}
	d.Total = len(articles)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	from := min((page-1)*opPageSize, len(articles))
	to := min(from+opPageSize, len(articles))
	for _, a := range articles[from:to] {
		row := opArticleRow{Slug: a.Slug, Title: a.In(c.lang).Title, Topic: topics[a.Topic], Tags: strings.Join(a.Tags, ", "),
			Reviewed: a.Reviewed, Version: a.Version}
		var langs []string
		for _, t := range a.Translations {
			langs = append(langs, string(t.Lang))
		}
		row.Langs = strings.Join(langs, ", ")
		d.Rows = append(d.Rows, row)
	}
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "topic"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/operator/articles?" + v.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if to < len(articles) {
		d.Next = link(page + 1)
	}
	p := h.newPage(w, r, c, "op.articles.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_articles", p)
}

// opTopicField is a choice of the portal's topics; all adds "every topic".
func (h *Handler) opTopicField(f *webForm, lang fairshops.Language, name string, all bool) *webField {
	fl := newWebField(f, name, h.web.t(lang, "op.article.topic"))
	if all {
		fl.Options = append(fl.Options, webOption{Value: "", Label: h.web.t(lang, "op.articles.all_topics")})
	} else {
		fl.Options = append(fl.Options, webOption{Value: "", Label: h.web.t(lang, "op.article.topic.choose")})
	}
	for _, tp := range h.portal.Topics() {
		fl.Options = append(fl.Options, webOption{Value: tp.Key, Label: tp.TitleIn(lang)})
	}
	return fl
}

// opArticleData is what the article form shows.
type opArticleData struct {
	New      bool
	Slug     string
	Version  string
	Topic    *webField
	Langs    []opArticleLang
	Preview  bool
	Delete   *webField // the confirmation of a deletion
	Conflict bool
}

// opArticleLang is one language of the article form.
type opArticleLang struct {
	Lang     string
	Name     string
	Required bool
	Title    *webField
	Summary  *webField
	Keywords *webField
	Body     *webField
	// Preview is the body as the portal renders it (portal.Translation.HTML:
	// goldmark without raw HTML, unsafe links removed); "" without preview.
	Preview template.HTML
}

// opNewArticle answers GET /operator/articles/_new: the empty form. ("_new"
// can be no slug, so it never hides an article.)
func (h *Handler) opNewArticle(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p := h.newPage(w, r, c, "op.article.new")
	p.Form.Values.Set("version", "0")
	p.Form.Values.Set("reviewed", h.opToday().String())
	p.Data = h.opArticleForm(p.Form, c.lang, "", false)
	h.render(w, r, http.StatusOK, "operator_article", p)
}

// opArticle answers GET /operator/articles/{slug}: the form with the
// stored article.
func (h *Handler) opArticle(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	a, err := h.portal.Article(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.article.title", a.Slug)
	fillArticleForm(p.Form.Values, a)
	p.Data = h.opArticleForm(p.Form, c.lang, a.Slug, false)
	h.render(w, r, http.StatusOK, "operator_article", p)
}

// fillArticleForm puts a stored article into the form values.
func fillArticleForm(v url.Values, a portal.Article) {
	v.Set("slug", a.Slug)
	v.Set("version", strconv.FormatInt(a.Version, 10))
	v.Set("topic", a.Topic)
	v.Set("tags", strings.Join(a.Tags, ", "))
	v.Set("related", strings.Join(a.Related, ", "))
	v.Set("basis", strings.Join(a.Basis, "\n"))
	v.Set("reviewed", a.Reviewed.String())
	for _, t := range a.Translations {
		pre := "translations." + string(t.Lang) + "."
		v.Set(pre+"title", t.Title)
		v.Set(pre+"summary", t.Summary)
		v.Set(pre+"keywords", strings.Join(t.Keywords, ", "))
		v.Set(pre+"body", t.Body)
	}
}

// opArticleForm builds the form's fields; slug is "" for a new article.
func (h *Handler) opArticleForm(f *webForm, lang fairshops.Language, slug string, preview bool) opArticleData {
	t := func(key string, args ...any) string { return h.web.t(lang, key, args...) }
	d := opArticleData{New: slug == "", Slug: slug, Version: f.Get("version"), Preview: preview,
		Topic: h.opTopicField(f, lang, "topic", false).Req()}
	for _, l := range fairshops.Languages() {
		pre := "translations." + string(l) + "."
		al := opArticleLang{Lang: string(l), Name: t("op.lang." + string(l)), Required: l == fairshops.German,
			Title:    newWebField(f, pre+"title", t("op.article.text_title")).MaxLen(portal.MaxTitleRunes),
			Summary:  newWebField(f, pre+"summary", t("op.article.summary")).MaxLen(portal.MaxSummaryRunes),
			Keywords: newWebField(f, pre+"keywords", t("op.article.keywords")).Hint(t("op.article.keywords.hint")),
			Body:     newWebField(f, pre+"body", t("op.article.body")).Hint(t("op.article.body.hint")),
		}
		if al.Required {
			al.Title, al.Summary, al.Body = al.Title.Req(), al.Summary.Req(), al.Body.Req()
		}
		if preview && f.Get(pre+"body") != "" {
			al.Preview = portal.Translation{Lang: l, Body: f.Get(pre + "body")}.HTML()
		}
		d.Langs = append(d.Langs, al)
	}
	if !d.New {
		d.Delete = newWebField(f, "confirm", t("op.article.delete.confirm")).Check(false)
	}
	return d
}

// readArticle reads the article form; problems of the form itself (a date
// that cannot be read) are added to p. An English text whose fields are
// all empty is left out: German is the source, translations are optional.
func readArticle(v url.Values, slug string, p *fairshops.Problems) portal.Article {
	a := portal.Article{Slug: slug, Topic: v.Get("topic"), Tags: splitList(v.Get("tags"), false),
		Related: splitList(v.Get("related"), false), Basis: splitList(v.Get("basis"), true)}
	if version, err := strconv.ParseInt(v.Get("version"), 10, 64); err == nil && version >= 0 {
		a.Version = version
	} else {
		p.Add("version", fairshops.ReasonInvalidFormat, "0, 1, 2, ...")
	}
	if s := strings.TrimSpace(v.Get("reviewed")); s != "" {
		if d, err := fairshops.ParseDate(s); err == nil {
			a.Reviewed = d
		} else {
			p.Add("reviewed", fairshops.ReasonInvalidDate)
		}
	}
	for _, l := range fairshops.Languages() {
		pre := "translations." + string(l) + "."
		tr := portal.Translation{Lang: l, Title: strings.TrimSpace(v.Get(pre + "title")),
			Summary: strings.TrimSpace(v.Get(pre + "summary")), Keywords: splitList(v.Get(pre+"keywords"), false),
			Body: strings.ReplaceAll(v.Get(pre+"body"), "\r\n", "\n")}
		if l != fairshops.German && tr.Title == "" && tr.Summary == "" && len(tr.Keywords) == 0 && strings.TrimSpace(tr.Body) == "" {
			continue
		}
		a.Translations = append(a.Translations, tr)
	}
	return a
}

// articleField names the form field of an error of portal.Validate: list
// elements on their list, a missing German text on its title.
func articleField(field string) string {
	field = dropIndex(field)
	if strings.HasPrefix(field, "translations.") && strings.Count(field, ".") == 1 {
		return field + ".title"
	}
	return field
}

// articleLabel names a field of the article form for the error summary.
func (h *Handler) articleLabel(lang fairshops.Language) func(string) string {
	return func(field string) string {
		t := func(key string) string { return h.web.t(lang, key) }
		switch field {
		case "slug", "topic", "tags", "related", "basis", "reviewed":
			return t("op.article." + field)
		}
		for _, l := range fairshops.Languages() {
			pre := "translations." + string(l) + "."
			if name, ok := strings.CutPrefix(field, pre); ok {
				key := map[string]string{"title": "op.article.text_title", "summary": "op.article.summary",
					"keywords": "op.article.keywords", "body": "op.article.body"}[name]
				if key != "" {
					return t(key) + " (" + t("op.lang."+string(l)) + ")"
				}
			}
		}
		return ""
	}
}

// maxArticleForm bounds the body of the article form: both languages may
// each hold a body of portal.MaxBodyBytes, and URL encoding can triple it.
const maxArticleForm = 8 * portal.MaxBodyBytes

// opCreateArticle answers POST /operator/articles/_new; its route reads
// the form with the limit maxArticleForm.
func (h *Handler) opCreateArticle(w http.ResponseWriter, r *http.Request) {
	h.opWriteArticle(w, r, strings.TrimSpace(r.PostForm.Get("slug")), true)
}

// opSaveArticle answers POST /operator/articles/{slug}: save, or with
// "preview" show the Markdown rendered without saving; its route reads the
// form with the limit maxArticleForm.
func (h *Handler) opSaveArticle(w http.ResponseWriter, r *http.Request) {
	h.opWriteArticle(w, r, r.PathValue("slug"), false)
}

// opWriteArticle previews or saves the article.
func (h *Handler) opWriteArticle(w http.ResponseWriter, r *http.Request, slug string, isNew bool) {
	c := callerOf(r)
	titleKey, titleArgs := "op.article.title", []any{slug}
	formSlug := slug
	if isNew {
		titleKey, titleArgs, formSlug = "op.article.new", nil, ""
	}
	var pr fairshops.Problems
	a := readArticle(r.PostForm, slug, &pr)
	if isNew {
		a.Version = 0
	}
	preview := r.PostForm.Get("preview") != ""
	if pr.Len() > 0 || preview {
		// Every problem at once: those of the form and portal.Validate's of
		// what could be read (a field the form could not read is named
		// once). A preview shows them beside the rendered text.
		seen := map[string]bool{}
		var own *fairshops.ValidationError
		if errors.As(pr.Err(""), &own) {
			for _, fe := range own.Fields {
				seen[fe.Field] = true
			}
		}
		var ve *fairshops.ValidationError
		if errors.As(portal.Validate(a, h.portal.Topics(), nil), &ve) {
			for _, fe := range ve.Fields {
				if f := articleField(fe.Field); !seen[f] {
					pr.Add(f, fe.Code, fe.Args...)
				}
			}
		}
	}
	if preview {
		p := h.opPostedPage(w, r, c, titleKey, pr.Err("web.operator.article"), nil, h.articleLabel(c.lang), titleArgs...)
		p.Data = h.opArticleForm(p.Form, c.lang, formSlug, true)
		h.render(w, r, http.StatusOK, "operator_article", p)
		return
	}
	err := pr.Err("web.operator.article")
	var saved portal.Article
	if err == nil {
		saved, err = h.portal.Save(r.Context(), a)
	}
	switch kind := fairshops.KindOf(err); {
	case err == nil:
		done, action := "op_article_saved", audit.ArticleUpdated
		if isNew {
			done, action = "op_article_created", audit.ArticleCreated
		}
		h.record(r, action, audit.Article(saved.Slug), "web")
		seeOther(w, r, "/operator/articles/"+url.PathEscape(saved.Slug)+"?done="+done)
	case kind == fairshops.Invalid:
		p := h.opPostedPage(w, r, c, titleKey, err, articleField, h.articleLabel(c.lang), titleArgs...)
		p.Data = h.opArticleForm(p.Form, c.lang, formSlug, false)
		h.render(w, r, http.StatusUnprocessableEntity, "operator_article", p)
	case kind == fairshops.Conflict:
		p := h.newPage(w, r, c, titleKey, titleArgs...)
		p.Form.Values = r.PostForm
		key := "op.article.conflict"
		if isNew {
			key = "op.article.exists"
		}
		p.Form.Message = h.web.t(c.lang, key)
		d := h.opArticleForm(p.Form, c.lang, formSlug, false)
		d.Conflict = !isNew
		p.Data = d
		h.render(w, r, http.StatusConflict, "operator_article", p)
	default:
		h.webError(w, r, c, err)
	}
}

// opDeleteArticle answers POST /operator/articles/{slug}/delete: with the
// box ticked, the article is deleted if it is still at the version read;
// an article that others link to stays (409 with the reason).
func (h *Handler) opDeleteArticle(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	slug := r.PathValue("slug")
	a, err := h.portal.Article(r.Context(), slug)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if r.PostForm.Get("confirm") != "true" || verr != nil {
		p := h.newPage(w, r, c, "op.article.title", slug)
		fillArticleForm(p.Form.Values, a)
		p.Form.addError("confirm", h.web.t(c.lang, "op.article.delete.confirm"), h.web.t(c.lang, "op.article.delete.unconfirmed"))
		p.Data = h.opArticleForm(p.Form, c.lang, slug, false)
		h.render(w, r, http.StatusUnprocessableEntity, "operator_article", p)
		return
	}
	err = h.portal.Delete(r.Context(), slug, version)
	switch {
	case err == nil:
		h.record(r, audit.ArticleDeleted, audit.Article(slug), "web")
		seeOther(w, r, "/operator/articles?done=op_article_deleted")
	case fairshops.KindOf(err) == fairshops.NotAllowed:
		p := h.newPage(w, r, c, "error.title")
		var reasons []string
		var e *fairshops.Error
		if errors.As(err, &e) && e.Detail != "" {
			reasons = append(reasons, h.web.t(c.lang, "op.article.in_use", strings.TrimPrefix(e.Detail, "still referred to by ")))
		}
		p.Data = webErrorData{Status: http.StatusConflict, Heading: h.web.t(c.lang, "error.not_allowed"),
			Text: h.web.t(c.lang, "op.article.delete.refused"), Reasons: reasons}
		h.render(w, r, http.StatusConflict, "error", p)
	default:
		h.webError(w, r, c, err)
	}
}
