package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// caseFileComplete makes a case about a new complaint of demo-shop whose
// file is complete on the env's day (both parties stated): the moderator's
// proposal deadline runs. It returns the complaint, the consumer's token
// and the case.
func (e *webEnv) caseFileComplete(t *testing.T) (string, fairshops.Token, *mediation.Case) {
	t.Helper()
	ctx := context.Background()
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	e.shopAnswers(t, "demo-shop", id)
	_, err := e.mediation.Request(ctx, fairshops.AsConsumer(tok), mediation.RequestInput{ComplaintID: id})
	require.NoError(t, err)
	cs := e.caseOf(t, id)
	_, err = e.mediation.AcceptRequest(ctx, fairshops.AsOperator("op"), cs.ID)
	require.NoError(t, err)
	_, err = e.mediation.AddStatement(ctx, fairshops.AsConsumer(tok), cs.ID, mediation.StatementInput{Text: "Das Paket kam nie an."})
	require.NoError(t, err)
	_, err = e.mediation.AddStatement(ctx, fairshops.AsShop("demo-shop"), cs.ID, mediation.StatementInput{Text: "Wir haben es verschickt."})
	require.NoError(t, err)
	cs = e.caseOf(t, id)
	require.Equal(t, mediation.DeadlineProposal, cs.Deadline.Kind)
	return id, tok, cs
}

// TestWebModeratorQuestions: the operator asks the shop from the case page
// (the pause limit and what is left shown; a wrong form comes back with
// its errors); the shop's page shows the open question, the paused
// deadline and an answer form, the consumer's the pause but not the
// question; the shop's answer resumes the deadline, and the operator's
// history tells it in words.
func TestWebModeratorQuestions(t *testing.T) {
	e := newWebEnv(t)
	id, tok, cs := e.caseFileComplete(t)
	de := fairshops.FormatterFor(fairshops.German)
	casePath := "/operator/cases/" + cs.ID

	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	op.get(casePath).contains(t, `id="ask-form"`, "Pausen frei: 2 von 2.", "Eine Frage jetzt hält Ihre Frist an",
		"Noch keine Fragen.", `id="case-due"`)

	p := op.submit(casePath, casePath+"/questions", url.Values{"to": {""}, "text": {" "}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="errsummary"`, `href="#f-to"`, `href="#f-text"`)

	p = op.submit(casePath, casePath+"/questions", url.Values{"to": {"shop"}, "text": {"Wann ging das \"Paket\" raus?"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	asked := e.caseOf(t, id)
	require.True(t, asked.Clock.Paused())
	p = op.get(p.header.Get("Location"))
	p.contains(t, "Die Frage wurde gestellt.", "Wann ging das &#34;Paket&#34; raus?", "hält die Frist an", "offen",
		`id="case-clock-paused"`, `id="case-clock-latest"`, de.Date(asked.Deadline.Due), de.Date(asked.Clock.ResumeBy),
		"Pausen frei: 1 von 2.", "Eine Frage jetzt hält keine Frist an", "Frage an eine Partei", "Frist angehalten (Rückfrage)")
	p.lacks(t, `id="case-due"`)

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	page := "/shop/complaints/" + id
	p = shop.get(page)
	p.contains(t, `id="case-question"`, "Die Moderation hat Ihnen eine Frage gestellt", "Wann ging das &#34;Paket&#34; raus?",
		"Bis zu Ihrer Antwort ist die Frist der Moderation angehalten, längstens bis "+de.Date(asked.Clock.ResumeBy),
		`id="case-clock-latest"`, "Frist spätestens", `name="answer"`)
	p.lacks(t, `id="case-due"`)

	consumer := e.consumer(t, "de", id, tok)
	consumer.get("/c/"+id).contains(t, `id="case-clock-paused"`)
	consumer.get("/c/"+id).lacks(t, `id="case-question"`, "Wann ging das Paket")

	action := page + "/case/" + cs.ID + "/question"
	p = shop.submit(page, action, url.Values{"answer": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-answer-err"`, "Ihre Antwort")
	// The consumer has no question to answer.
	p = consumer.submit("/c/"+id, "/c/"+id+"/case/"+cs.ID+"/question", url.Values{"answer": {"Ich?"}})
	require.Equal(t, http.StatusConflict, p.status)

	e.clock.Set(e.clock.Now().Add(3 * 24 * time.Hour))
	shop = e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	p = shop.submit(page, action, url.Values{"answer": {"Am 20.11. mit DHL."}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	answered := e.caseOf(t, id)
	require.False(t, answered.Clock.Paused())
	require.Equal(t, 3, answered.Clock.PausedDays)
	p = shop.get(page)
	p.contains(t, `id="case-due"`, de.Date(answered.Deadline.Due), `id="case-clock-days"`, "3 Tage",
		"Fragen der Moderation", "Am 20.11. mit DHL.")
	p.lacks(t, `id="case-question"`, `id="case-clock-paused"`)

	op = e.browser(t, "en")
	op.login(operatorLogin, "/operator")
	op.get(casePath).contains(t, "question answered", "deadline runs again", "the question was answered",
		"Am 20.11. mit DHL.", "Pauses left: 1 of 2.", "to: Shop", fairshops.FormatterFor(fairshops.English).Date(answered.Deadline.Due))
}
