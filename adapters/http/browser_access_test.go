package http_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
)

// TestBrowserAccess: a consumer whose complaint was confirmed by mail loses
// the link, asks for it again on the start page, opens the fresh link from
// the mail (captured at the complaint service's mail port) and the
// overview; the old link no longer opens the complaint.
func TestBrowserAccess(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newAccessEnv(t)
	s := startChromium(t, chromium, e.srv.URL)

	id, _ := e.fileComplaint(t, "demo-shop", "Das Paket ist nie angekommen.")
	filed := e.box.all()
	if len(filed) != 1 || filed[0].Kind != complaint.MailFiled {
		t.Fatalf("the filing mailed %+v, want one confirmation", filed)
	}
	ref := filed[0].Links[0].Reference
	oldLink := notify.ComplaintLink(e.srv.URL, id, filed[0].Links[0].Token)

	// 1. The link from the confirmation mail opens the complaint.
	first := s.tab("consumer-first-device")
	first.openURL("mailed-link", oldLink)
	first.see("#reference", ref)

	// 2. On another device the consumer has lost the mail and asks again.
	consumer := s.tab("consumer")
	consumer.open("landing", "/")
	consumer.submit("resend-form", `main a[href="/access/resend"]`)
	consumer.see("h1", "Link zu Ihrer Beschwerde erneut senden")
	consumer.do("fill in the address",
		chromedp.SendKeys(chromedp.ID("f-email"), "Erika@Example.org"),
		chromedp.SendKeys(chromedp.ID("f-reference"), ref))
	consumer.submit("resend-sent", `form[action="/access/resend"] button[type="submit"]`)
	consumer.see("main", "ist eine E-Mail mit neuen Links unterwegs")
	e.h.Wait()
	mails := e.box.all()
	if len(mails) != 2 || mails[1].Kind != complaint.MailResend || len(mails[1].Links) != 1 {
		t.Fatalf("after the request: mails %+v, want one with a fresh link", mails)
	}
	fresh := mails[1]

	// 3. The fresh link from the mail opens the complaint.
	consumer.openURL("fresh-link", notify.ComplaintLink(e.srv.URL, id, fresh.Links[0].Token))
	consumer.see("#reference", ref)

	// 4. The overview link lists the complaint; opening it from there works.
	consumer.openURL("overview", notify.OverviewLink(e.srv.URL, fresh.Overview))
	consumer.see("h1", "Ihre Beschwerden")
	consumer.see("table.overview", ref, "Demo-Shop")
	consumer.submit("opened-from-overview", `form[action="/access/open"] button[type="submit"]`)
	consumer.see("#reference", ref)

	// 5. The old link no longer works: the first device gets the not-found
	// page, with the way to ask again.
	resp := step(first, "open the old link", chromedp.NavigateResponse(oldLink))
	first.shot("old-link")
	if resp.Status != 404 {
		first.fail("the old link: status %d, want 404", resp.Status)
	}
	first.see("main", "Link zu Ihrer Beschwerde verloren?")
	first.noScriptErrors()
	consumer.noScriptErrors()
}
