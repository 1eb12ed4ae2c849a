package http_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEvidence: a consumer files a complaint with a photo that
// carries GPS data (the file input of the complaint form); the pre-check
// after filing names the evidence that would help; the shop logs in and
// sees the photo (thumbnail and download link), and the file it downloads
// holds no GPS data any more.
func TestBrowserEvidence(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)
	photo := filepath.Join(t.TempDir(), "Paket.jpg")
	if err := os.WriteFile(photo, photoWithGPS(t), 0o600); err != nil {
		t.Fatal(err)
	}

	consumer := s.tab("consumer")
	consumer.open("form", "/shops/demo-shop/complaint?category=withdrawal")
	consumer.tick("f-buyer-is-consumer-0")
	consumer.tick("f-informed-about-withdrawal-0")
	consumer.do("fill the form and choose the photo",
		chromedp.SetValue(chromedp.ID("f-order-date"), "2026-10-01"),
		chromedp.SetValue(chromedp.ID("f-delivery-date"), "2026-10-05"),
		chromedp.SetValue(chromedp.ID("f-withdrawal-declared-on"), "2026-10-12"),
		chromedp.SetValue(chromedp.ID("f-contacted-shop-on"), "2026-10-13"),
		chromedp.SetValue(chromedp.ID("f-goods-returned-on"), "2026-10-14"),
		chromedp.SendKeys(chromedp.ID("f-order-value-amount"), "49,90"),
		chromedp.SetValue(chromedp.ID("f-desired-resolution"), "refund"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Ich habe widerrufen und die Ware zurückgeschickt, aber kein Geld bekommen."),
		chromedp.SendKeys(chromedp.ID("f-contact-name"), "Erika Muster"),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "erika@example.org"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{photo}),
	)
	consumer.submit("filed", `#complaint-form button[type="submit"]`)
	consumer.see("h1", "Ihre Beschwerde ist eingegangen")
	consumer.lacks(".warning[role=alert]")
	// The pre-check names the evidence: a refund overdue wants the return
	// receipt.
	consumer.see("main", "Hilfreiche Belege", "Rücksendebeleg mit Sendungsnummer", "Kopie Ihres Widerrufs mit Datum")
	link := consumer.text("#private-link")
	prefix := e.srv.URL + "/c/"
	if !strings.HasPrefix(link, prefix) || !strings.Contains(link, "?t=") {
		consumer.fail("the confirmation shows no private link: %q", link)
	}
	id := link[len(prefix):strings.Index(link, "?t=")]
	consumer.open("case-page", "/c/"+id)
	consumer.see("#files", "Paket.jpg", "image/jpeg")

	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.open("complaint", "/shop/complaints/"+id)
	shop.see("#files", "Paket.jpg")
	href := shop.attr("#files a.file", "href")
	if !strings.HasPrefix(href, "/shop/complaints/"+id+"/files/f_") {
		shop.fail("download link %q", href)
	}
	if src := shop.attr("#files img.thumb", "src"); src != href+"/thumbnail" {
		shop.fail("thumbnail %q, want %q", src, href+"/thumbnail")
	}
	// The thumbnail is a picture the browser could decode (loaded lazily,
	// once it is in view).
	shop.do("scroll to the files", chromedp.ScrollIntoView(chromedp.CSS("#files img.thumb")))
	loaded := step(shop, "thumbnail loaded", chromedp.Evaluate[bool](
		`new Promise(ok => { const i = document.querySelector("#files img.thumb");
		 if (i.complete) { ok(i.naturalWidth > 0); return; }
		 i.onload = () => ok(i.naturalWidth > 0); i.onerror = () => ok(false); })`, chromedp.EvalAwaitPromise))
	if !loaded {
		shop.fail("the thumbnail did not load")
	}
	// The download, as the shop's browser gets it: a JPEG without the
	// photo's metadata, to be saved, not shown.
	got := step(shop, "download", chromedp.Evaluate[[]string](
		`fetch(`+jsString(href)+`).then(async r => {
		   const b = new Uint8Array(await r.arrayBuffer());
		   let s = ""; for (const c of b) s += String.fromCharCode(c);
		   return [String(r.status), r.headers.get("content-type"), r.headers.get("content-disposition") || "",
		     String(s.startsWith("\xff\xd8")), s]; })`, chromedp.EvalAwaitPromise))
	if len(got) != 5 || got[0] != "200" || got[1] != "image/jpeg" || !strings.HasPrefix(got[2], "attachment;") || got[3] != "true" {
		shop.fail("download: %q", got[:min(len(got), 4)])
	}
	for _, m := range gpsMarkers {
		if strings.Contains(got[4], m) {
			shop.fail("the downloaded photo still holds %q", m)
		}
	}
	for _, tab := range []*chromiumTab{consumer, shop} {
		tab.noScriptErrors()
	}
}

// jsString quotes s for a script.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
