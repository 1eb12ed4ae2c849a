package http_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReview: under the revised ADR Directive the consumer asks for
// a human review of the automated pre-check, the operator finds it among
// the open reviews and corrects the check, and the consumer reads the
// answer and the label that a person reviewed the check.
func TestBrowserReview(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t, directiveOn)
	s := startChromium(t, chromium, e.srv.URL)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.") // Wed 25.11.2026

	consumer := s.tab("consumer")
	consumer.open("complaint", "/c/"+id+"?t="+tok.Reveal())
	consumer.see("#precheck-automated", "Automatisierte Erstprüfung (regelbasiert)")
	consumer.do("give a reason", chromedp.SendKeys(chromedp.ID("f-reason"), "Der Liefertermin war fest zugesagt."))
	consumer.submit("review requested", `#review-form button[type="submit"]`)
	consumer.see("#review-requested", "Überprüfung durch einen Menschen verlangt", "09.12.2026")
	consumer.see("#review-reason", "Der Liefertermin war fest zugesagt.")
	consumer.lacks("#review-form")

	operator := s.tab("operator")
	operator.login(operatorLogin, "/operator")
	operator.open("reviews", "/operator/reviews")
	operator.see("#reviews", "09.12.2026", "Der Liefertermin war fest zugesagt.")
	if got := operator.attr("#r-"+id+" a", "href"); got != "/operator/complaints/"+id+"#review" {
		t.Fatalf("the list links %q", got)
	}
	operator.open("complaint", "/operator/complaints/"+id+"#review")
	operator.do("answer", chromedp.Click(chromedp.CSS(`input[name="outcome"][value="corrected"]`), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.ID("f-review-text"), "Bei fest zugesagtem Termin ist keine Nachfrist nötig."))
	operator.submit("answered", `#review-answer-form button[type="submit"]`)
	operator.see("#review + .review .review-answer", "berichtigt")
	operator.lacks("#review-answer-form")
	operator.open("no reviews left", "/operator/reviews")
	operator.see("#reviews-none", "Keine Überprüfung offen")

	consumer.open("the answer", "/c/"+id)
	consumer.see("#review-answer", "Am 25.11.2026", "berichtigt", "keine Nachfrist nötig")
	consumer.see("#precheck-automated", "am 25.11.2026 von einem Menschen überprüft")
	consumer.lacks("#review-form")
}
