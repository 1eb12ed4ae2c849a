package account_test

import (
	"context"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// A shop logs in to the web UI; its session token goes into a cookie and
// proves who it is on every request.
func ExampleService_Login() {
	ctx := context.Background()
	logins := memory.New()
	svc, _ := account.NewService(account.Config{Accounts: logins.Accounts(), APIKeys: logins.APIKeys(), Sessions: logins.Sessions(), BcryptCost: bcrypt.MinCost})
	_, _ = svc.CreateShopLogin(ctx, "mein-shop", "mein-shop", "correct horse battery")

	_, token, err := svc.Login(ctx, "mein-shop", "correct horse battery")
	if err != nil {
		fmt.Println(err)
		return
	}
	id, _ := svc.Authenticate(ctx, token)
	fmt.Println(id.Role, id.ShopID)
	// Output: shop mein-shop
}

// A shop platform calls the API with a key; only the key's hash is stored.
func ExampleService_IssueAPIKey() {
	ctx := context.Background()
	logins := memory.New()
	svc, _ := account.NewService(account.Config{Accounts: logins.Accounts(), APIKeys: logins.APIKeys(), Sessions: logins.Sessions(), BcryptCost: bcrypt.MinCost})
	_, secret, _ := svc.IssueAPIKey(ctx, "mein-shop", "ERP")
	id, _ := svc.AuthenticateAPIKey(ctx, secret)
	fmt.Println(id.Role, id.ShopID)
	// Output: shop mein-shop
}
