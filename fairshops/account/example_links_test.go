package account_test

import (
	"context"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// The operator invites a shop login; the invitee follows the mailed link
// and sets a password; the link then is used up.
func ExampleService_Invite() {
	ctx := context.Background()
	db := memory.New()
	var link account.Mail
	mailer := account.MailerFunc(func(_ context.Context, m account.Mail) error { link = m; return nil })
	svc, _ := account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(),
		Tokens: db.Tokens(), Throttles: db.Throttles(), Mailer: mailer, BcryptCost: bcrypt.MinCost})

	operator := account.Identity{Role: account.Operator, Login: "anna"}
	_, _ = svc.Invite(ctx, operator, account.InviteInput{Role: account.Shop, ShopID: "mein-shop", Login: "mein-shop",
		Email: "service@mein-shop.example"})
	fmt.Println("mail to", link.To)

	a, err := svc.AcceptInvitation(ctx, link.Token, "correct horse battery")
	fmt.Println(a.Login, a.Role, err)
	_, err = svc.AcceptInvitation(ctx, link.Token, "correct horse battery")
	fmt.Println(err == account.ErrLinkInvalid)
	// Output:
	// mail to service@mein-shop.example
	// mein-shop shop <nil>
	// true
}

// A forgotten password: the answer is the same for every login; a known
// one with an address gets a link.
func ExampleService_RequestReset() {
	ctx := context.Background()
	db := memory.New()
	var sent []account.Mail
	mailer := account.MailerFunc(func(_ context.Context, m account.Mail) error { sent = append(sent, m); return nil })
	svc, _ := account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(),
		Tokens: db.Tokens(), Mailer: mailer, BcryptCost: bcrypt.MinCost})
	_, _ = svc.Invite(ctx, account.Identity{Role: account.Operator}, account.InviteInput{Role: account.Operator,
		Login: "bert", Email: "bert@example.org"})
	_, _ = svc.AcceptInvitation(ctx, sent[0].Token, "correct horse battery")

	fmt.Println(svc.RequestReset(ctx, "nobody", "de"), svc.RequestReset(ctx, "bert", "de"))
	_, err := svc.ResetPassword(ctx, sent[1].Token, "a brand new password")
	fmt.Println(len(sent), sent[1].Purpose, err)
	// Output:
	// <nil> <nil>
	// 2 reset <nil>
}
