package http_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPausedClock: the shop asks the consumer a question, its page
// shows the deadline paused; the consumer answers, and the new deadline
// shows on both pages (issue 16, item 1).
func TestBrowserPausedClock(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.") // Wed 25.11.2026, due 02.12.
	e.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))          // Thu: 6 days left

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("complaint", "/shop/complaints/"+id)
	shop.see("#answer-due", "02.12.2026")
	shop.do("ask a question",
		chromedp.SendKeys(chromedp.ID("f-body"), "Welche Farbe hatte der bestellte Artikel?"),
		chromedp.Click(chromedp.ID("question")))
	shop.submit("asked", `form[action$="/messages"] button[type="submit"]`)
	shop.see("#clock-paused", "26.11.2026")
	shop.see("#clock-latest", "16.12.2026")
	shop.see(".thread", "Welche Farbe", "Rückfrage")
	shop.see("#state-title + dl", "an den Shop weitergeleitet") // a question is no answer
	shop.lacks("#answer-due")

	e.clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)) // Mon: 30.11. + 6 days = Sun 06.12. -> Mon 07.12.
	consumer := s.tab("consumer")
	consumer.open("complaint", "/c/"+id+"?t="+tok.Reveal())
	consumer.see("#clock-question", "Der Shop hat Ihnen eine Frage gestellt")
	consumer.do("answer", chromedp.SendKeys(chromedp.ID("f-body"), "Blau, Größe M."))
	consumer.submit("answered", `form[action$="/messages"] button[type="submit"]`)
	consumer.see("#answer-due", "07.12.2026")
	consumer.see("#clock-days", "4 Tage")
	consumer.lacks("#clock-question")

	shop = s.tab("shop-again") // a fresh login: the first one expired with the clock
	shop.login("demo", "/shop")
	shop.open("complaint-again", "/shop/complaints/"+id)
	shop.see("#answer-due", "07.12.2026")
	shop.see("#clock-days", "4 Tage")
	shop.lacks("#clock-paused")
}
