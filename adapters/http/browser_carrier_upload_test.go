package http_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCarrierUpload: the shop opens its claim against the carrier
// and invites it; the carrier opens its private link and uploads a damage
// report through the form of its page, which then lists it; the shop sees
// the document in the claim's section with a download of its console; the
// consumer's page does not name it.
func TestBrowserCarrierUpload(t *testing.T) {
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	report := filepath.Join(t.TempDir(), "Schadensprotokoll.png")
	if err := os.WriteFile(report, smallPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	id, tok := e.fileFacts(t, "demo-shop", transitFacts)

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("complaint", "/shop/complaints/"+id)
	shop.do("fill the claim",
		chromedp.SendKeys(chromedp.ID("carrier-tracking"), "JJD000390007"),
		chromedp.SetValue(chromedp.ID("carrier-incident"), "hidden_damage"),
		chromedp.SetValue(chromedp.ID("carrier-on"), "2026-11-20"),
	)
	shop.submit("claim-opened", `#carrier-open-form button[type="submit"]`)
	shop.submit("invited", `#carrier-invite-form button[type="submit"]`)
	carrierLink := shop.text("#carrier-link code")
	if !strings.Contains(carrierLink, "/carrier/") || !strings.Contains(carrierLink, "?t=") {
		shop.fail("no carrier link: %q", carrierLink)
	}

	carrier := s.tab("carrier")
	carrier.openURL("carrier", e.srv.URL+carrierLink)
	carrier.see("#carrier-upload-form", "Datei (Foto oder PDF)", "höchstens 10 MB")
	carrier.do("choose the report", chromedp.SetUploadFiles(chromedp.ID("carrier-file"), []string{report}))
	carrier.submit("uploaded", `#carrier-upload-form button[type="submit"]`)
	carrier.see("#carrier-done", "Ihre Unterlage wurde gespeichert.")
	carrier.see("#carrier-own", "Schadensprotokoll.png", "image/png")

	shop.open("complaint-after", "/shop/complaints/"+id)
	shop.see("#carrier-docs", "Schadensprotokoll.png")
	if href := shop.attr("#carrier-docs a", "href"); !strings.HasPrefix(href, "/shop/complaints/"+id+"/carrier/files/f_") {
		shop.fail("the document's download is %q", href)
	}
	shop.see("#carrier-history", "document_added")

	consumer := s.tab("consumer")
	consumer.openURL("case-page", e.srv.URL+"/c/"+id+"?t="+tok.Reveal())
	consumer.see("#carrier-no-wait", "Sie müssen darauf nicht warten")
	consumer.lacks("#carrier-docs")
	consumer.lacks("#carrier-claim")
	if main := consumer.text("main"); strings.Contains(main, "Schadensprotokoll") {
		consumer.fail("the consumer's page names the carrier's document")
	}
}
