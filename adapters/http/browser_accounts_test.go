package http_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fairshops/konfliktservice/fairshops/account"
)

// TestBrowserInvitation: the operator invites a shop login for the demo
// shop on the accounts page; the invitee opens the mailed link in a
// browser of their own, sets a password, logs in for the first time and
// answers a complaint.
func TestBrowserInvitation(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Das Paket ist nie angekommen.")
	s := startChromium(t, chromium, e.srv.URL)

	// 1. The operator invites a login for the demo shop.
	operator := s.tab("operator")
	operator.login(operatorLogin, "/operator")
	operator.submit("accounts", `a[href="/operator/accounts"]`)
	operator.see("h1", "Konten und Einladungen")
	operator.do("fill the invitation",
		chromedp.SetValue(chromedp.ID("f-role"), "shop"),
		chromedp.SetValue(chromedp.ID("f-shop-id"), "demo-shop"),
		chromedp.SendKeys(chromedp.ID("f-login"), "kasse-demo"),
		chromedp.SendKeys(chromedp.ID("f-email"), "kasse@demo-shop.example"),
	)
	operator.submit("invited", `form[action="/operator/accounts/invitations"] button[type="submit"]`)
	operator.see(".notice", "Die Einladung ist versandt.")
	operator.see("#invitations", "kasse-demo", "kasse@demo-shop.example")

	mail := e.mails.last(t)
	if mail.Purpose != account.Invitation || mail.To != "kasse@demo-shop.example" {
		t.Fatalf("the invitation mail: %+v", mail)
	}
	link := e.srv.URL + "/invite/" + mail.Token.Reveal()

	// 2. The invitee opens the link in a browser that never saw the
	// service, and sets a password: first two that differ, then right.
	invitee := s.tab("invitee")
	invitee.openURL("invitation", link)
	invitee.see("#invite-login", "kasse-demo")
	invitee.do("two passwords that differ",
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.SendKeys(chromedp.ID("f-password2"), "something else entirely"),
	)
	invitee.submitStatus("mismatch", `form[action^="/invite/"] button[type="submit"]`, 422)
	invitee.fieldError("f-password2", "passt nicht zu")
	invitee.value("f-password", "")
	invitee.do("the same password twice",
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.SendKeys(chromedp.ID("f-password2"), testPassword),
	)
	invitee.submit("password-set", `form[action^="/invite/"] button[type="submit"]`)
	invitee.see(".notice", "Ihr Passwort ist festgelegt.")

	// 3. The first login, and the answer to the complaint.
	invitee.login("kasse-demo", "/shop")
	invitee.see("h1", "Demo-Shop")
	invitee.submit("complaint", `a[href="/shop/complaints/`+id+`"]`)
	invitee.do("write the answer", chromedp.SendKeys(chromedp.ID("f-body"), "Wir schicken das Paket heute noch einmal los."))
	invitee.submit("answered", `form[action$="/messages"] button[type="submit"]`)
	invitee.see(".thread", "Wir schicken das Paket heute noch einmal los.")

	// 4. The link is used up.
	late := s.tab("late")
	late.do("open the used link", chromedp.Navigate(link))
	late.see("main", "Dieser Link funktioniert nicht")

	for _, tab := range s.tabs {
		tab.noScriptErrors()
	}
}
