package http_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebPausedClock: the shop's question pauses its deadline on the shop's,
// the consumer's and the operator's page; the consumer's reply shows the
// new deadline and the days paused; the dashboard counts them apart.
func TestWebPausedClock(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.") // forwarded Wed 25.11., due 02.12.
	e.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))          // Thu: 6 days left
	shop := e.browser(t, "de")                                          // logged in after the clock moved: sessions expire
	shop.login(shopLogin, "/shop")
	shop.get("/shop/complaints/"+id).contains(t, `name="question"`, "Als Rückfrage an den Verbraucher senden",
		"noch 2-mal anhalten")
	p := shop.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/messages",
		url.Values{"body": {"Welche Farbe hatte der Artikel?"}, "question": {"1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = shop.get("/shop/complaints/" + id)
	p.contains(t, "Frist angehalten seit", "26.11.2026", "6 Tage", "10.12.2026", "16.12.2026", "Rückfrage")
	p.lacks(t, `id="answer-due"`, `name="question"`)

	consumer := e.consumer(t, "de", id, tok)
	p = consumer.get("/c/" + id)
	p.contains(t, `id="clock-question"`, "Der Shop hat Ihnen eine Frage gestellt", "längstens bis 10.12.2026")
	p.lacks(t, `name="question"`)

	e.clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)) // Mon: paused 4 days; 30.11. + 6 = Sun 06.12. -> Mon 07.12.
	consumer = e.consumer(t, "de", id, tok)
	p = consumer.submit("/c/"+id, "/c/"+id+"/messages", url.Values{"body": {"Blau."}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = consumer.get("/c/" + id)
	p.contains(t, `id="answer-due"`, "07.12.2026", "Frist angehalten insgesamt", "4 Tage")
	p.lacks(t, `id="clock-question"`)

	e.clock.Set(time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)) // the dashboard's months end with December
	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	op.get("/operator/complaints/"+id).contains(t, "07.12.2026", "Frist angehalten (Rückfrage)",
		"läuft spätestens am 10.12.2026 wieder", "Frist läuft wieder", "4 Tage")
	op.get("/operator/dashboard").contains(t, `id="paused-table"`,
		`<tr><th scope="row">Dez 2026</th><td class="num">1</td><td class="num">4</td></tr>`)
}

// TestAPIPausedClock: question: true pauses the shop's clock, the
// complaint shows it, the consumer's reply resumes it; only the shop asks.
func TestAPIPausedClock(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	path := "/api/v1/complaints/" + w.complaintA + "/messages"
	w.must(asConsumer, "POST", path, `{"body":"Frage?","question":true}`, 403)
	w.must(asShopKey, "POST", path, `{"body":"Frage?","question":"yes"}`, 422)
	w.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	got := w.must(asShopKey, "POST", path, `{"body":"Welche Farbe?","question":true}`, 201)
	require.Equal(t, "forwarded", got["state"], "a question is no answer")
	require.Equal(t, map[string]any{"paused_on": "2026-11-26", "question": got["messages"].([]any)[0].(map[string]any)["id"],
		"rest_days": 6.0, "resume_by": "2026-12-10", "pauses": 1.0}, got["clock"])
	require.Equal(t, "2026-12-16", got["answer_due"])
	require.Equal(t, true, got["messages"].([]any)[0].(map[string]any)["question"])

	w.clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	got = w.must(asConsumer, "POST", path, `{"body":"Blau."}`, 201)
	require.Equal(t, map[string]any{"pauses": 1.0, "paused_days": 4.0}, got["clock"])
	require.Equal(t, "2026-12-07", got["answer_due"])
}

// caseAsked returns a complete case about A whose moderator asked both
// parties a question.
func (w *apiWorld) caseAsked() string {
	w.t.Helper()
	id := w.caseFileComplete()
	for _, to := range []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop} {
		_, err := w.mediation.AskParty(w.ctx, fairshops.AsOperator("op"), id, to, "Haben Sie Belege?")
		require.NoError(w.t, err)
	}
	return id
}

// TestAPIModeratorQuestion: the moderator's question pauses the
// proposal deadline; the case shows the clock and the question; the
// party's answer resumes it.
func TestAPIModeratorQuestion(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	id := w.caseFileComplete()
	got := w.must(asOperator, "POST", "/api/v1/cases/"+id+"/questions", `{"to":"shop","text":"Wann ging das Paket raus?"}`, 201)
	clock := got["clock"].(map[string]any)
	require.Equal(t, "2026-11-25", clock["paused_on"])
	require.Equal(t, "2026-12-09", clock["resume_by"])
	require.Equal(t, "shop", got["questions"].([]any)[0].(map[string]any)["to"])
	w.must(asOperator, "POST", "/api/v1/cases/"+id+"/questions", `{"to":"operator","text":"x"}`, 422)
	w.must(asConsumer, "POST", "/api/v1/cases/"+id+"/questions/answer", `{"text":"?"}`, 409)
	got = w.must(asShopKey, "POST", "/api/v1/cases/"+id+"/questions/answer", `{"text":"Am 20.11."}`, 200)
	require.Equal(t, map[string]any{"pauses": 1.0}, got["clock"], "answered the same day: nothing paused")
	require.Equal(t, "Am 20.11.", got["questions"].([]any)[0].(map[string]any)["answer"])
}

// TestADRDirectiveLabelsAutomatedCheck: with the setting, the pre-check of
// the API and the consumer's page carries the automated-check label;
// without it, neither does.
func TestADRDirectiveLabelsAutomatedCheck(t *testing.T) {
	for _, on := range []bool{false, true} {
		e := newWebEnv(t, func(c *kshttp.Config) { c.ADRDirective = on })
		id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
		p := e.consumer(t, "en", id, tok).get("/c/" + id)
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/api/v1/precheck?lang=en", strings.NewReader(`{`+apiDeliveryFacts+`}`))
		r.Header.Set("Content-Type", "application/json")
		e.h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		const label = "Automated first check (rule-based), no legal advice"
		if on {
			p.contains(t, `id="precheck-automated"`, label)
			require.Contains(t, rec.Body.String(), `"automated":"`+label)
		} else {
			p.lacks(t, `id="precheck-automated"`)
			require.NotContains(t, rec.Body.String(), `"automated"`)
		}
	}
}
