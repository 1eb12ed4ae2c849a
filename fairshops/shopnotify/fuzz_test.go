package shopnotify_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// FuzzCheck feeds the settings' check arbitrary addresses and URLs: it
// never panics, refuses with field errors only, and what it accepts is an
// https URL with a host and no credentials.
func FuzzCheck(f *testing.F) {
	for _, seed := range [][2]string{{"service@shop.example", "https://shop.example/hooks"}, {"", "https://user:pw@x.example/"},
		{"Shop <a@b.example>", "javascript:alert(1)"}, {"a@b", "https://[::1]:8443/h?x=1#f"}, {"", "https:///nohost"}, {"", "http://plain.example/h"}} {
		f.Add(seed[0], seed[1])
	}
	s, err := shopnotify.NewService(shopnotify.Config{Store: memory.New().NotifySettings(), Shops: shops{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, email, raw string) {
		err := s.Check("fuzz", shopnotifyChange(email, raw))
		if err != nil {
			if fairshops.KindOf(err) != fairshops.Invalid {
				t.Fatalf("kind %v: %v", fairshops.KindOf(err), err)
			}
			return
		}
		if raw == "" {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil || strings.ContainsAny(raw, " \n") {
			t.Fatalf("accepted %q", raw)
		}
	})
}

func shopnotifyChange(email, raw string) shopnotify.Change {
	return shopnotify.Change{Email: email, WebhookURL: raw}
}
