package http_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCarrier: a consumer reports a parcel damaged in transit with a
// photo and shares the photo with the carrier; the shop sees the carrier
// deadlines, opens its claim against the carrier and invites the carrier;
// the carrier opens its private link, sees the parcel's facts and the
// shared photo, and answers; the consumer's page says the consumer does not
// wait on the carrier and shows nothing of the claim.
func TestBrowserCarrier(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	photo := filepath.Join(t.TempDir(), "Karton.png")
	if err := os.WriteFile(photo, smallPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}

	consumer := s.tab("consumer")
	consumer.open("form", "/shops/demo-shop/complaint?category=delivery")
	consumer.tick("f-buyer-is-consumer-0")
	consumer.tick("f-damaged-in-transit")
	consumer.do("fill the form and choose the photo",
		chromedp.SetValue(chromedp.ID("f-order-date"), "2026-11-01"),
		chromedp.SetValue(chromedp.ID("f-delivery-date"), "2026-11-20"),
		chromedp.SendKeys(chromedp.ID("f-order-value-amount"), "49,90"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Der Karton war eingedrückt, die Vase ist zerbrochen."),
		chromedp.SendKeys(chromedp.ID("f-contact-name"), "Erika Muster"),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "erika@example.org"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{photo}),
	)
	consumer.submit("filed", `#complaint-form button[type="submit"]`)
	link := consumer.text("#private-link")
	prefix := e.srv.URL + "/c/"
	if !strings.HasPrefix(link, prefix) || !strings.Contains(link, "?t=") {
		consumer.fail("the confirmation shows no private link: %q", link)
	}
	id := link[len(prefix):strings.Index(link, "?t=")]
	consumer.open("case-page", "/c/"+id)
	consumer.see("#carrier-no-wait", "Sie müssen darauf nicht warten")
	due := consumer.text("#state-title + dl")
	consumer.submit("shared", `#carrier-shares form button`)
	consumer.see("#carrier-shares", "Karton.png", "für den Paketdienst freigegeben")

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("complaint", "/shop/complaints/"+id)
	shop.see("#carrier-tip", "binnen 7 Tagen")
	shop.do("fill the claim",
		chromedp.SendKeys(chromedp.ID("carrier-tracking"), "JJD000390007"),
		chromedp.SetValue(chromedp.ID("carrier-incident"), "hidden_damage"),
		chromedp.SetValue(chromedp.ID("carrier-on"), "2026-11-20"),
		chromedp.SendKeys(chromedp.ID("carrier-amount"), "49.90"),
	)
	shop.submit("claim-opened", `#carrier-open-form button[type="submit"]`)
	shop.see("#carrier-deadlines", "27.11.2026", "HGB §438(2), (4)")
	shop.submit("invited", `#carrier-invite-form button[type="submit"]`)
	carrierLink := shop.text("#carrier-link code")
	if !strings.Contains(carrierLink, "/carrier/") || !strings.Contains(carrierLink, "?t=") {
		shop.fail("no carrier link: %q", carrierLink)
	}

	carrier := s.tab("carrier")
	carrier.openURL("carrier", e.srv.URL+carrierLink)
	carrier.see("#carrier-facts", "JJD000390007", "DHL", "49,90 EUR")
	carrier.see("#carrier-files", "Karton.png")
	carrier.lacks("#carrier-no-wait")
	carrier.do("answer", chromedp.SetValue(chromedp.ID("carrier-kind"), "pay"),
		chromedp.SendKeys(chromedp.ID("carrier-answer-amount"), "49.90"))
	carrier.submit("answered", `#carrier-answer-form button[type="submit"]`)
	carrier.see("#carrier-done", "gespeichert")
	carrier.see("#carrier-state", "bezahlt")

	shop.open("complaint-after", "/shop/complaints/"+id)
	shop.see("#carrier-state", "bezahlt")
	shop.see("#carrier-answers", "zahlt", "49,90 EUR")

	consumer.open("case-page-after", "/c/"+id)
	consumer.see("#carrier-no-wait", "Sie müssen darauf nicht warten")
	if got := consumer.text("#state-title + dl"); got != due {
		consumer.fail("the consumer's state moved: %q, was %q", got, due)
	}
	consumer.lacks("#carrier-claim")
	consumer.lacks("#carrier-answers")
}
