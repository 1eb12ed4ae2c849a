package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops"
)

func directiveOn(c *kshttp.Config) { c.ADRDirective = true }

// TestWebReview: with the ADR Directive setting, the consumer asks for a
// human review on the complaint's page (the reason escaped), the form
// then gives way to the request; the operator finds it on the list of
// open reviews and answers on the complaint's page; the consumer reads
// the answer, and the label says a person reviewed the check.
func TestWebReview(t *testing.T) {
	e := newWebEnv(t, directiveOn)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	other, _ := e.fileComplaint(t, "demo-shop", "Auch nicht angekommen.")
	en := e.consumer(t, "en", id, tok)
	p := en.get("/c/" + id)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `id="precheck-automated">Automated first check (rule-based), no legal advice.`,
		`<form method="post" action="/c/`+id+`/review" novalidate id="review-form">`, "Ask for a review by a person",
		`name="reason"`, `maxlength="2000"`)

	// A reason with control characters is refused next to the field.
	p = en.post("/c/"+id+"/review", withCSRF(url.Values{"reason": {"bitte\x00"}}, p.csrf(t)))
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	p.contains(t, `aria-invalid="true"`, "Why should the check be reviewed?")

	p = en.post("/c/"+id+"/review", withCSRF(url.Values{"reason": {"Termin & Frist > 3 Tage zugesagt"}}, en.get("/c/"+id).csrf(t)))
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/c/"+id+"?done=review#review", p.header.Get("Location"))
	p = en.get("/c/" + id + "?done=review")
	p.contains(t, "Your request for a review was sent.", `id="review-requested"`, "The answer is due by 9 December 2026.",
		"Termin &amp; Frist &gt; 3 Tage zugesagt")
	p.lacks(t, `id="review-form"`, "Frist > 3")

	// A second request: refused, nothing changes.
	p = en.post("/c/"+id+"/review", withCSRF(url.Values{}, p.csrf(t)))
	require.Equal(t, http.StatusConflict, p.status)

	op := e.operator(t, "en")
	p = op.get("/operator/reviews")
	require.Equal(t, http.StatusOK, p.status, p.body)
	p.contains(t, `<a href="/operator/reviews" aria-current="page">Reviews</a>`, `id="r-`+id+`"`,
		`href="/operator/complaints/`+id+`#review"`, "9 December 2026", "Termin &amp; Frist &gt; 3 Tage zugesagt")
	p.lacks(t, other)

	p = op.get("/operator/complaints/" + id)
	p.contains(t, `<h2 id="review">Review of the pre-check</h2>`, `action="/operator/complaints/`+id+`/review"`,
		`name="outcome" value="confirmed"`, `name="outcome" value="corrected"`, `href="/operator/rechecks"`)
	csrf := p.csrf(t)

	// A correction without a text: 422, the page again with the error.
	p = op.post("/operator/complaints/"+id+"/review", withCSRF(url.Values{"outcome": {"corrected"}}, csrf))
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	p.contains(t, `aria-invalid="true"`)
	csrf = p.csrf(t)
	p = op.post("/operator/complaints/"+id+"/review", withCSRF(url.Values{"outcome": {"corrected"},
		"text": {"Der Liefertermin war verbindlich; die Nachfrist war entbehrlich & \"unnötig\"."}}, csrf))
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/operator/complaints/"+id+"?done=op_review_answered#review", p.header.Get("Location"))
	p = op.get("/operator/complaints/" + id + "?done=op_review_answered")
	p.contains(t, "The answer to the review was sent.", "the automated check was corrected.", "entbehrlich &amp; &#34;unnötig&#34;")
	p.lacks(t, `action="/operator/complaints/`+id+`/review"`)
	p = op.get("/operator/reviews")
	p.contains(t, `id="reviews-none"`)

	// Answering again: 409.
	p = op.post("/operator/complaints/"+id+"/review", withCSRF(url.Values{"outcome": {"confirmed"}}, op.get("/operator/reviews").csrf(t)))
	require.Equal(t, http.StatusConflict, p.status)

	p = en.get("/c/" + id)
	p.contains(t, `id="review-answer"`, "Reviewed by a person on 25 November 2026", "the automated check was corrected.",
		"entbehrlich &amp; &#34;unnötig&#34;",
		`id="precheck-automated">Automated first check (rule-based), no legal advice; reviewed by a person on 25 November 2026.`)
	p.lacks(t, `id="review-form"`)

	de := e.consumer(t, "de", id, tok)
	de.get("/c/"+id).contains(t, "am 25.11.2026 von einem Menschen überprüft", "Die automatisierte Prüfung wurde berichtigt.")
}

// TestWebReviewOff: without the setting there is no form, the routes
// answer 404, and the operator's navigation has no reviews.
func TestWebReviewOff(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.consumer(t, "en", id, tok)
	p := b.get("/c/" + id)
	p.lacks(t, `id="review-form"`, `id="precheck-automated"`)
	p = b.post("/c/"+id+"/review", withCSRF(url.Values{}, p.csrf(t)))
	require.Equal(t, http.StatusNotFound, p.status)
	op := e.operator(t, "en")
	p = op.get("/operator/reviews")
	require.Equal(t, http.StatusNotFound, p.status)
	p = op.get("/operator/complaints/" + id)
	p.lacks(t, "/operator/reviews")
	p = op.post("/operator/complaints/"+id+"/review", withCSRF(url.Values{"outcome": {"confirmed"}}, p.csrf(t)))
	require.Equal(t, http.StatusNotFound, p.status)
	c, err := e.db.Complaints().Get(t.Context(), id)
	require.NoError(t, err)
	require.Empty(t, c.Reviews)
}

// TestWebReviewRoles: the shop's page shows no review form; a shop or a
// stranger cannot post the consumer's form, nor the operator's.
func TestWebReviewRoles(t *testing.T) {
	e := newWebEnv(t, directiveOn)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	_, err := e.complaints.RequestReview(t.Context(), fairshops.AsConsumer(tok), id, "")
	require.NoError(t, err)
	shop := e.browser(t, "en")
	shop.login(shopLogin, "/shop")
	p := shop.get("/shop/complaints/" + id)
	require.Equal(t, http.StatusOK, p.status)
	p.lacks(t, `id="review-form"`)
	p = shop.post("/operator/complaints/"+id+"/review", withCSRF(url.Values{"outcome": {"confirmed"}}, p.csrf(t)))
	require.Equal(t, http.StatusNotFound, p.status, "the operator's pages do not exist for a shop")
	c, err := e.db.Complaints().Get(t.Context(), id)
	require.NoError(t, err)
	r, ok := c.PendingReview()
	require.True(t, ok)
	require.True(t, r.Pending(), "the shop's post changed nothing")
}
