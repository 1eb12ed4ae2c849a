package http_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fairshops/konfliktservice/adapters/notify"
)

// TestBrowserSettlement: both parties accept the proposal in their
// browsers, so the case is settled; the consumer's case page shows the
// refund with its date, and one click on "Geld erhalten" confirms it
// (issue 16, item 2).
func TestBrowserSettlement(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	id, tok, _, _ := e.proposedRefund(t)

	consumer := s.tab("consumer")
	consumer.openURL("case", notify.ComplaintLink(e.srv.URL, id, tok))
	consumer.do("choose the refund", chromedp.Click(chromedp.CSS(`input[name="option"][value="o1"]`), chromedp.NodeVisible))
	consumer.submit("accepted", `button[name="decision"][value="accept"]`)

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("shop-complaint", "/shop/complaints/"+id)
	shop.do("choose the refund", chromedp.Click(chromedp.CSS(`input[name="option"][value="o1"]`), chromedp.NodeVisible))
	shop.submit("settled", `button[name="decision"][value="accept"]`)
	shop.see("#obligations", "Was aus der Einigung zu tun ist")

	consumer.open("settled", "/c/"+id)
	consumer.see("#case", "geeinigt")
	consumer.see("#obligation-ob1", "erstattet 20,00 EUR bis 09.12.2026", "offen", "Geld erhalten")
	consumer.submit("money-received", `#obligation-ob1 button[type="submit"]`)
	consumer.see("#obligation-ob1", "erhalten")
	consumer.lacks("#obligation-ob1 form")
}
