package shopnotify_test

import (
	"context"
	"fmt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// A shop sets its address and webhook URL, draws a signing secret (shown
// once), and the relay reads the targets when it sends.
func Example() {
	ctx := context.Background()
	s, _ := shopnotify.NewService(shopnotify.Config{Store: memory.New().NotifySettings(),
		Shops: shops{"demo-shop": true}, Clock: fairshops.NewManualClock(start)})
	shop := fairshops.AsShop("demo-shop")
	v, _ := s.Set(ctx, shop, "demo-shop", 0, shopnotify.Change{Email: "service@demo.example",
		WebhookURL: "https://demo.example/hooks"})
	v, secret, _ := s.Rotate(ctx, shop, "demo-shop", v.Version)
	fmt.Println(v.SecretSet, len(secret.Reveal()), secret)
	t, _ := s.Targets(ctx, "demo-shop")
	fmt.Println(t.Email, t.WebhookURL, len(t.Secrets))
	// Output:
	// true 52 [token]
	// service@demo.example https://demo.example/hooks 1
}
