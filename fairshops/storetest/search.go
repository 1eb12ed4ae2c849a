package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fairshops/konfliktservice/fairshops"
)

// searchShops are the shops the search cases look through.
func searchShops() []*fairshops.Shop {
	shop := func(id, name, domain string) *fairshops.Shop {
		s := SampleShop(id)
		s.Name, s.Domain = name, domain
		return s
	}
	return []*fairshops.Shop{
		shop("demo-shop", "Demo-Shop", "demo.example"),
		shop("mueller", "Müller & Söhne", "mueller-soehne.example"),
		shop("other-shop", "Anderer Shop", "www.anderer.example"),
		shop("gross", "Großhandel Nord", "grosshandel.example"),
		shop("s-4711", "Café Crème", "cafe-creme.example"),
	}
}

// runSearch checks ShopStore.Search: by name, domain or ID, forgiving case,
// umlauts and ß, accents, punctuation and spaces, and a typo in a longer
// query; best first, at most the limit.
func runSearch(t *testing.T, newHarness func(t *testing.T) Harness) {
	h := newHarness(t)
	ctx := context.Background()
	for _, s := range searchShops() {
		if err := h.Store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		q     string
		limit int
		want  []string
	}{
		{"name with a space", "demo shop", 0, []string{"demo-shop"}},
		{"name as one word", "DEMOSHOP", 0, []string{"demo-shop"}},
		{"name with a hyphen", "Demo-Shop", 0, []string{"demo-shop"}},
		{"start of the name", "dem", 0, []string{"demo-shop"}},
		{"a typo", "demo shpo", 0, []string{"demo-shop"}},
		{"a letter left out", "demshop", 0, []string{"demo-shop"}},
		{"umlauts typed as two letters", "mueller soehne", 0, []string{"mueller"}},
		{"umlauts", "Müller", 0, []string{"mueller"}},
		{"sharp s", "großhandel", 0, []string{"gross"}},
		{"sharp s typed as ss", "grosshandel nord", 0, []string{"gross"}},
		{"accents", "cafe creme", 0, []string{"s-4711"}},
		{"domain", "anderer.example", 0, []string{"other-shop"}},
		{"domain with www", "www.anderer.example", 0, []string{"other-shop"}},
		{"a word of the name, by name", "shop", 0, []string{"other-shop", "demo-shop"}},
		{"the ID first", "s-4711", 0, []string{"s-4711"}},
		{"start of an ID", "s-47", 0, []string{"s-4711"}},
		{"the limit", "shop", 1, []string{"other-shop"}},
		{"short queries take no typo", "dxm", 0, []string{}},
		{"nothing", "xylophon", 0, []string{}},
		{"two typos in a short query", "dmeo shpo", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := fairshops.ShopQuery{Q: tt.q, Limit: tt.limit}
			if err := q.Check(); err != nil {
				t.Fatal(err)
			}
			got, err := h.Store.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if d := cmp.Diff(tt.want, ids); d != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.q, d)
			}
			for _, s := range got {
				var want *fairshops.Shop
				for _, w := range searchShops() {
					if w.ID == s.ID {
						want = w
					}
				}
				want.Version = 1
				if d := shopDiff(want, s); d != "" {
					t.Errorf("shop %s as found (-want +got):\n%s", s.ID, d)
				}
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := h.Store.Search(ctx, fairshops.ShopQuery{Q: "demo", Limit: 5}); fairshops.KindOf(err) != fairshops.Canceled {
			t.Errorf("Search on a cancelled context: %v, want kind Canceled", err)
		}
	})
}

// runContact checks that a shop's complaint contact is stored, changed and
// cleared.
func runContact(t *testing.T, newHarness func(t *testing.T) Harness) {
	h := newHarness(t)
	ctx := context.Background()
	s := SampleShop("contact")
	s.ComplaintContact = fairshops.ComplaintContact{Email: "beschwerde@contact.example", Phone: "+49 30 1234567",
		Hours: "Mo–Fr 9–17 Uhr"}
	if err := h.Store.Create(ctx, s.Clone(), nil); err != nil {
		t.Fatal(err)
	}
	got, err := h.Store.Get(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s.ComplaintContact, got.ComplaintContact); d != "" {
		t.Errorf("stored contact (-want +got):\n%s", d)
	}
	got.ComplaintContact = fairshops.ComplaintContact{Phone: "030 555"}
	if err := h.Store.Update(ctx, got, nil); err != nil {
		t.Fatal(err)
	}
	again, err := h.Store.Get(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(fairshops.ComplaintContact{Phone: "030 555"}, again.ComplaintContact); d != "" {
		t.Errorf("changed contact (-want +got):\n%s", d)
	}
}
