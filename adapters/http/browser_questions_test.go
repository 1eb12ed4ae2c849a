package http_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestBrowserModeratorQuestion: the moderator asks the shop a question
// from the case page; the case page shows the moderator's deadline paused;
// the shop answers on its complaint page, and the deadline runs again with
// the days paused given back (issue 16, item 1; docs/adr-paused-clocks.md).
func TestBrowserModeratorQuestion(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	id, _, cs := e.caseFileComplete(t) // file complete Wed 25.11.2026: the proposal deadline runs
	de := fairshops.FormatterFor(fairshops.German)
	before := cs.Deadline.Due

	op := s.tab("operator")
	op.login(operatorLogin, "/operator")
	op.open("case", "/operator/cases/"+cs.ID)
	op.see("#case-due", de.Date(before))
	op.see("#question-pauses", "Pausen frei: 2 von 2.", "hält Ihre Frist an")
	op.do("ask the shop",
		chromedp.SetValue(chromedp.ID("f-to"), "shop"),
		chromedp.SendKeys(chromedp.ID("f-text"), "Wann haben Sie das Paket verschickt?"))
	op.submit("asked", `#ask-form button[type="submit"]`)
	asked := e.caseOf(t, id)
	op.see("#case-clock-paused", "25.11.2026")
	op.see("#case-clock-latest", de.Date(asked.Deadline.Due))
	op.see("#case-questions", "Wann haben Sie das Paket verschickt?", "offen")
	op.see("#question-pauses", "Pausen frei: 1 von 2.")
	op.lacks("#case-due")

	e.clock.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)) // Sat: 3 days paused
	shop := s.tab("shop")
	shop.login(shopLogin, "/shop")
	shop.open("complaint", "/shop/complaints/"+id)
	shop.see("#case-question", "Wann haben Sie das Paket verschickt?", "längstens bis 09.12.2026")
	shop.see("#case-clock-latest", de.Date(asked.Deadline.Due))
	shop.do("answer", chromedp.SendKeys(chromedp.ID("f-answer"), "Am 20.11. mit DHL, Sendungsnummer anbei."))
	shop.submit("answered", `#case-question button[type="submit"]`)
	answered := e.caseOf(t, id)
	shop.lacks("#case-question")
	shop.lacks("#case-clock-paused")
	shop.see("#case-due", de.Date(answered.Deadline.Due))
	shop.see("#case-clock-days", "3 Tage")
	shop.see("#case-questions", "Am 20.11. mit DHL")

	op = s.tab("operator-again") // a fresh login: the first one expired with the clock
	op.login(operatorLogin, "/operator")
	op.open("case-again", "/operator/cases/"+cs.ID)
	op.see("#case-due", de.Date(answered.Deadline.Due))
	op.see("#case-clock-days", "3 Tage")
	op.see("#case-questions", "Am 20.11. mit DHL")
	op.see("table.history", "Frage beantwortet", "Frist läuft wieder", "die Frage ist beantwortet")
	if !answered.Deadline.Due.After(before) || !asked.Deadline.Due.After(answered.Deadline.Due) {
		t.Fatalf("deadlines: before %s, latest while paused %s, after the answer %s", before, asked.Deadline.Due, answered.Deadline.Due)
	}
}
