package http

import (
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// maxArticles is how many portal articles a pre-check links.
const maxArticles = 3

// precheckView localises a pre-check result and links the portal's articles
// that explain its findings, most specific first.
func (h *Handler) precheckView(r precheck.Result, lang fairshops.Language) precheck.View {
	v := r.Localize(lang)
	if h.portal != nil {
		rules := make([]string, 0, len(r.Findings))
		for _, f := range r.Findings {
			rules = append(rules, string(f.Rule))
		}
		for _, a := range h.portal.ForFindings(string(r.Category), rules, lang, maxArticles) {
			v.Articles = append(v.Articles, precheck.ArticleRef{Slug: a.Slug, Title: a.Title})
		}
	}
	return v
}

// precheck answers POST /api/v1/precheck: stateless, for anyone.
func (h *Handler) precheck(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.language(w, r)
	if !ok {
		return
	}
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	facts, err := precheck.DecodeFacts(body)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	asOf := facts.AsOf
	if asOf.IsZero() {
		asOf = h.reg.Today()
	}
	res := precheck.Check(facts, asOf, precheck.Options{Catalogue: h.reg.Catalogue()})
	writeJSON(w, http.StatusOK, h.precheckView(res, lang))
}

// complaintView is a complaint as the API shows it to those who may read
// it, with the pre-check in the reader's language.
type complaintView struct {
	*complaint.Complaint
	Precheck precheck.View `json:"precheck"`
}

// filed is the answer to a new complaint: the only time the private token
// is shown.
type filed struct {
	complaintView
	Token string `json:"token"`
	Link  string `json:"link"`
}

// fileComplaint answers POST /api/v1/shops/{shop}/complaints.
func (h *Handler) fileComplaint(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.language(w, r)
	if !ok {
		return
	}
	if ok, wait := h.writes.allow(clientKey(r, h.trustProxy)); !ok {
		tooMany(w, lang, wait)
		return
	}
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	in, err := complaint.DecodeIntake(body)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	c, tok, err := h.complaints.Submit(r.Context(), r.PathValue("shop"), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/complaints/"+url.PathEscape(c.ID))
	writeJSON(w, http.StatusCreated, filed{
		complaintView: complaintView{Complaint: c, Precheck: h.precheckView(c.Precheck, c.Lang)},
		Token:         tok.Reveal(),
		Link:          "/c/" + url.PathEscape(c.ID) + "?t=" + url.QueryEscape(tok.Reveal()),
	})
}

// getComplaint answers GET /api/v1/complaints/{id} for the consumer (token),
// the shop and the operator; anyone else gets 404.
func (h *Handler) getComplaint(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.language(w, r)
	if !ok {
		return
	}
	c, ok := h.identified(w, r)
	if !ok {
		return
	}
	p, ok := c.complaintPrincipal()
	if !ok {
		h.writeError(w, r, fairshops.E("http", fairshops.NotFound, "", "", nil))
		return
	}
	got, err := h.complaints.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, complaintView{Complaint: got, Precheck: h.precheckView(got.Precheck, lang)})
}

// identified reads the caller's credentials and answers 401 for wrong ones.
// Unsafe requests authenticated by cookie must carry a valid CSRF token.
func (h *Handler) identified(w http.ResponseWriter, r *http.Request) (caller, bool) {
	c, err := h.identify(r)
	if err != nil {
		lang := requestLanguage(r)
		w.Header().Set("WWW-Authenticate", `Bearer realm="konfliktservice"`)
		writeProblem(w, Problem{
			Type:   "https://konfliktservice.example/problems/unauthorized",
			Title:  map[fairshops.Language]string{fairshops.German: "Anmeldung ungültig", fairshops.English: "Invalid credentials"}[lang],
			Status: http.StatusUnauthorized,
		})
		return c, false
	}
	if c.viaCookie && r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := h.checkCSRF(r, c); err != nil {
			h.writeError(w, r, err)
			return c, false
		}
	}
	return c, true
}
