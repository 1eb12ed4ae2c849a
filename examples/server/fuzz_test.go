package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The seed corpus of both targets is in testdata/fuzz/<FuzzName>/.

// FuzzParseShopContacts feeds the -webhooks file parser arbitrary bytes:
// it never panics, refuses with an Invalid error, or returns contacts that
// each have a valid webhook URL with a long enough secret or an address.
func FuzzParseShopContacts(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, allowHTTP bool) {
		got, err := parseShopContacts(data, allowHTTP)
		if err != nil {
			if !errors.Is(err, fairshops.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		for id, c := range got {
			if strings.TrimSpace(id) == "" {
				t.Fatalf("blank shop ID accepted")
			}
			if c.endpoint.URL == "" && c.email == "" {
				t.Fatalf("%s: neither url nor email", id)
			}
			if c.endpoint.URL != "" && (!endpointURL(c.endpoint.URL, allowHTTP) || len(c.endpoint.Secret.Reveal()) < minSecret) {
				t.Fatalf("%s: bad endpoint accepted", id)
			}
		}
	})
}

// FuzzParseRateLimit: a rate limit flag either fails or reads back the
// same from its String form, with a positive rate and burst.
func FuzzParseRateLimit(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseRateLimit(s)
		if err != nil {
			return
		}
		if got.Rate <= 0 || got.Burst < 0 {
			t.Fatalf("%q: rate %v burst %d", s, got.Rate, got.Burst)
		}
		again, err := parseRateLimit(got.String())
		if err != nil || again != got {
			t.Fatalf("%q: String %q reads back as %v, %v", s, got.String(), again, err)
		}
	})
}
