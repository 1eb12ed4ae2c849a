package http

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/portal"
)

// The topic portal: search and read for anyone, article editing for the
// operator (PUT with the version read, 0 for a new article; DELETE with the
// version as a query parameter).

// apiArticleText is an article's text in one language, as it is edited.
type apiArticleText struct {
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Keywords []string `json:"keywords"`
	Body     string   `json:"body"` // Markdown
}

// apiArticleView is an article: its metadata, every translation for editing,
// and the text in the reader's language with the body rendered as safe
// HTML (goldmark without raw HTML, links checked).
type apiArticleView struct {
	Slug         string                                `json:"slug"`
	Topic        string                                `json:"topic"`
	Tags         []string                              `json:"tags"`
	Related      []string                              `json:"related"`
	Basis        []string                              `json:"basis"`
	Reviewed     fairshops.Date                        `json:"reviewed"`
	Version      int64                                 `json:"version"`
	Lang         fairshops.Language                    `json:"lang"`
	Title        string                                `json:"title"`
	Summary      string                                `json:"summary"`
	HTML         string                                `json:"html"`
	Translations map[fairshops.Language]apiArticleText `json:"translations"`
}

func newAPIArticleView(a portal.Article, lang fairshops.Language) apiArticleView {
	v := apiArticleView{Slug: a.Slug, Topic: a.Topic, Tags: apiNonNil(a.Tags), Related: apiNonNil(a.Related),
		Basis: apiNonNil(a.Basis), Reviewed: a.Reviewed, Version: a.Version,
		Translations: map[fairshops.Language]apiArticleText{}}
	for _, t := range a.Translations {
		v.Translations[t.Lang] = apiArticleText{Title: t.Title, Summary: t.Summary, Keywords: apiNonNil(t.Keywords), Body: t.Body}
	}
	t := a.In(lang)
	v.Lang, v.Title, v.Summary, v.HTML = t.Lang, t.Title, t.Summary, string(t.HTML())
	return v
}

func apiNonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// searchArticles answers GET /api/v1/portal/articles?q=&lang=&tag=&topic=&offset=&limit=.
func (h *Handler) apiSearchArticles(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	offset, ok := apiQueryInt(w, r, lang, "offset", 0, 1<<20)
	if !ok {
		return
	}
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, 1000)
	if !ok {
		return
	}
	q := r.URL.Query()
	res, err := h.portal.Search(r.Context(), portal.SearchRequest{Q: q.Get("q"), Lang: lang, Tags: q["tag"],
		Topic: q.Get("topic"), Offset: int(offset), Limit: int(limit)})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// getArticle answers GET /api/v1/portal/articles/{slug}?lang=.
func (h *Handler) apiGetArticle(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	a, err := h.portal.Article(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newAPIArticleView(a, lang))
}

// apiTopicView is a topic in the reader's language.
type apiTopicView struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// topics answers GET /api/v1/portal/topics?lang=.
func (h *Handler) apiTopics(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	out := []apiTopicView{}
	for _, t := range h.portal.Topics() {
		s := t.Summary[lang]
		if s == "" {
			s = t.Summary[fairshops.German]
		}
		out = append(out, apiTopicView{Key: t.Key, Title: t.TitleIn(lang), Summary: s})
	}
	writeJSON(w, http.StatusOK, apiPage[apiTopicView]{Items: out})
}

// putArticle answers PUT /api/v1/portal/articles/{slug} (operator): the
// article in full with the version it was read at (0 creates it); 201 for a
// new article, 200 for a changed one, 409 for a stale version.
func (h *Handler) apiPutArticle(w http.ResponseWriter, r *http.Request) {
	lang, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "topic", "tags", "related", "basis", "reviewed", "translations", "version")
	version, _ := o.Int(&p, "version", true, 0, 1<<53)
	a := portal.Article{
		Slug: r.PathValue("slug"), Topic: o.Str(&p, "topic", true), Tags: apiStrings(o, &p, "tags", true),
		Related: apiStrings(o, &p, "related", false), Basis: apiStrings(o, &p, "basis", false),
		Reviewed: o.Date(&p, "reviewed", true), Version: version,
	}
	if to, ok := o.Object(&p, "translations", true); ok {
		to.Only(&p, apiLanguageKeys()...)
		for _, l := range fairshops.Languages() {
			if !to.Has(string(l)) {
				continue
			}
			tt, ok := to.Object(&p, string(l), true)
			if !ok {
				continue
			}
			tt.Only(&p, "title", "summary", "keywords", "body")
			a.Translations = append(a.Translations, portal.Translation{Lang: l, Title: tt.Str(&p, "title", false),
				Summary: tt.Str(&p, "summary", false), Keywords: apiStrings(tt, &p, "keywords", false),
				Body: tt.Str(&p, "body", false)})
		}
	}
	apiMergeNew(&p, portal.Validate(a, h.portal.Topics(), nil))
	if h.apiDecodeFailed(w, r, &p, "http.putArticle") {
		return
	}
	saved, err := h.portal.Save(r.Context(), a)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	status, action := http.StatusOK, audit.ArticleUpdated
	if version == 0 {
		status, action = http.StatusCreated, audit.ArticleCreated
		w.Header().Set("Location", h.prefix+"/api/v1/portal/articles/"+url.PathEscape(saved.Slug))
	}
	h.record(r, action, audit.Article(saved.Slug), "api")
	writeJSON(w, status, newAPIArticleView(saved, lang))
}

func apiLanguageKeys() []string {
	var out []string
	for _, l := range fairshops.Languages() {
		out = append(out, string(l))
	}
	return out
}

// deleteArticle answers DELETE /api/v1/portal/articles/{slug}?version=
// (operator): 204, 404 for an unknown article, 409 for a stale version or an
// article that others still link to.
func (h *Handler) apiDeleteArticle(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	if r.URL.Query().Get("version") == "" {
		badRequest(w, http.StatusBadRequest, "version", fairshops.ReasonRequired, lang)
		return
	}
	version, ok := apiQueryInt(w, r, lang, "version", 1, 1<<53)
	if !ok {
		return
	}
	if err := h.portal.Delete(r.Context(), r.PathValue("slug"), version); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.ArticleDeleted, audit.Article(r.PathValue("slug")), "api")
	w.WriteHeader(http.StatusNoContent)
}

// apiMergeNew adds the field errors of err to p, except for fields p names
// already (a value of the wrong type is not also reported as missing).
func apiMergeNew(p *fairshops.Problems, err error) {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	seen := map[string]bool{}
	var have *fairshops.ValidationError
	if errors.As(p.Err(""), &have) {
		for _, f := range have.Fields {
			seen[f.Field] = true
		}
	}
	for _, f := range ve.Fields {
		if !seen[f.Field] {
			p.Add(f.Field, f.Code, f.Args...)
		}
	}
}
