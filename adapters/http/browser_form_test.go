package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

// TestBrowserFindAndWithdraw: a consumer finds the shop by a misspelt name
// on the start page, files a data request without any order (answering
// "I don't know" where asked), sees on the case page why moderation is not
// offered yet, and withdraws the complaint through its confirmation page;
// the footer links the legal pages. No script is needed for any step.
func TestBrowserFindAndWithdraw(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newWebEnv(t, withLegal)
	s := startChromium(t, chromium, e.srv.URL)

	c := s.tab("consumer")
	c.open("start", "/")
	c.see("footer", "Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit")
	c.do("type a misspelt name", chromedp.SendKeys(chromedp.ID("shop"), "demo shpo"))
	c.submit("results", `form[action="/shops"] button[type="submit"]`)
	c.see("#shop-results", "Demo-Shop")
	c.submit("id-page", `#shop-results a[href="/shops/demo-shop"]`)
	c.see("h1", "Demo-Shop")
	c.do("choose data", chromedp.Click(chromedp.CSS(`input[name="category"][value="data"]`), chromedp.NodeVisible))
	c.submit("complaint-form", `form[action="/shops/demo-shop/complaint"] button[type="submit"]`)
	c.see("#privacy-notice", "Was wir speichern", "Datenschutzerklärung")
	c.tick("f-buyer-is-consumer-2") // I don't know
	c.do("fill the form",
		chromedp.SetValue(chromedp.ID("f-data-request-on"), "2026-10-01"),
		chromedp.SendKeys(chromedp.ID("f-contact-name"), "Erika Muster"),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "erika@example.org"),
	)
	c.submit("filed", `#complaint-form button[type="submit"]`)
	c.see("h1", "Ihre Beschwerde ist eingegangen")
	link := c.text("#private-link")
	c.openURL("case", link)
	c.see("#mediation-wait", "Der Shop kann noch bis zum")
	c.submit("confirm", `form[action$="/withdraw"] button[type="submit"]`)
	c.see("h1", "Beschwerde zurückziehen?")
	if !strings.Contains(c.location(), "/withdraw") {
		c.fail("the confirmation is not its own page: %s", c.location())
	}
	c.submit("withdrawn", `#confirm-form button[type="submit"]`)
	c.see("#state-title + dl", "zurückgezogen")
}

// withLegal configures the footer's legal links.
func withLegal(c *kshttp.Config) {
	c.Legal = kshttp.LegalLinks{Imprint: "/impressum", Privacy: "/datenschutz", Accessibility: "/barrierefreiheit"}
}
