package notify_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// The account service sends its invitation and reset mails through an
// AccountMailer; the link is built from the base URL and the token and
// is in the mail only.
func ExampleAccountMailer() {
	mailer := &notify.AccountMailer{Sender: printSender{}, From: "Konfliktservice <noreply@konfliktservice.example>",
		BaseURL: "https://konfliktservice.example"}
	var _ account.Mailer = mailer // what account.Config.Mailer takes
	m := account.Mail{Purpose: account.Invitation, To: "kasse@mein-shop.example", Lang: fairshops.English,
		Login: "kasse", Role: account.Shop, ShopID: "mein-shop", Token: "tok-example",
		ExpiresAt: time.Date(2026, 12, 13, 9, 0, 0, 0, time.UTC)}
	if err := mailer.SendAccountMail(context.Background(), m); err != nil {
		fmt.Println(err)
	}
	fmt.Println(notify.AccountLink(mailer.BaseURL, m))
	// Output:
	// <kasse@mein-shop.example> | Your invitation to the Konfliktservice
	// https://konfliktservice.example/invite/tok-example
}
