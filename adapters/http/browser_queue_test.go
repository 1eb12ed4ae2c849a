package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserQueue: the operator searches the queue, writes an internal
// note, assigns the complaint to themself and finds it under "mine"; the
// shop's page of the complaint shows nothing of the note (issue 14,
// item 4).
func TestBrowserQueue(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	id, _ := e.fileAs(t, "demo-shop", "Erika Mustermann", "erika@example.org", "A-10023", "Die Rücksendung wurde nicht erstattet.")
	other, _ := e.fileAs(t, "demo-shop", "Hans Müller", "hans@example.com", "B-77", "Paket beschädigt.")

	operator := s.tab("operator")
	operator.login("anna", "/operator")
	operator.see("main", id, other)
	operator.do("search", chromedp.SendKeys(chromedp.ID("f-q"), "rucksendung"))
	operator.submit("searched", `form.filters[role="search"] button[type="submit"]`)
	operator.see("table.queue", id, "Erika Mustermann", "A-10023")
	if got := operator.text("table.queue tbody"); strings.Contains(got, other) {
		operator.fail("the search also shows %s: %q", other, got)
	}
	operator.submit("complaint", `table.queue a[href="/operator/complaints/`+id+`"]`)
	operator.see("h1", id)
	operator.do("write a note", chromedp.SendKeys(chromedp.ID("f-note"), "Intern: Shop hat telefonisch Erstattung zugesagt (Notiz 4711)."))
	operator.submit("noted", `form[action$="/notes"] button[type="submit"]`)
	operator.see(".notice", "Die interne Notiz wurde gespeichert")
	operator.see("main", "interne Notiz", "Notiz 4711")
	operator.submit("assigned", `#assign form button[type="submit"]`)
	operator.see(".notice", "Die Beschwerde ist Ihnen zugewiesen")
	operator.see("#assigned", "anna")

	operator.open("mine", "/operator")
	operator.do("choose mine", chromedp.SetValue(chromedp.ID("f-view"), "mine"))
	operator.submit("mine-list", `form.filters[role="search"] button[type="submit"]`)
	operator.see("table.queue", id, "anna")
	if got := operator.text("table.queue tbody"); strings.Contains(got, other) {
		operator.fail("mine also shows %s: %q", other, got)
	}

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("shop-complaint", "/shop/complaints/"+id)
	shop.see("h1", id)
	if got := shop.text("main"); strings.Contains(got, "4711") || strings.Contains(got, "interne Notiz") || strings.Contains(got, "anna") {
		shop.fail("the shop sees the operator's note or assignment: %q", got)
	}
}
