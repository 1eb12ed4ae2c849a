package fairshops_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestSearchKey(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"Demo-Shop", "demoshop"},
		{"demo shop", "demoshop"},
		{"DEMOSHOP", "demoshop"},
		{"Müller & Söhne", "muellersoehne"},
		{"MÜLLER", "mueller"},
		{"Großhandel", "grosshandel"},
		{"Café Crème", "cafecreme"},
		{"shop.example", "shopexample"},
		{"  -- ", ""},
		{"Ünal 24/7", "uenal247"},
	} {
		require.Equal(t, tt.want, fairshops.SearchKey(tt.in), tt.in)
	}
}

func TestMatchShop(t *testing.T) {
	t.Parallel()
	const id, name, domain = "demo-shop", "Demo-Shop GmbH", "www.demo.example"
	for _, tt := range []struct {
		q    string
		want int
		ok   bool
	}{
		{"demo-shop", fairshops.RankID, true},
		{"DEMO-SHOP", fairshops.RankID, true},
		{"demo shop gmbh", fairshops.RankExact, true},
		{"demo.example", fairshops.RankExact, true},
		{"www.demo.example", fairshops.RankExact, true},
		{"demo shop", fairshops.RankPrefix, true},
		{"gmbh", fairshops.RankWord, true},
		{"shop", fairshops.RankWord, true},
		{"demo shpo", fairshops.RankTypo + 1, true}, // a swap is two edits, within 2 for 8 letters
		{"demo shp", fairshops.RankTypo + 1, true},
		{"shpo", fairshops.RankTypo + 1, true}, // "sho" with a letter added
		{"dmeo shop", fairshops.RankTypo + 2, true},
		{"qwer", 0, false},
		{"xyz", 0, false},
		{"!!!", 0, false},
	} {
		got, ok := fairshops.MatchShop(tt.q, id, name, domain)
		require.Equal(t, tt.ok, ok, tt.q)
		if ok {
			require.Equal(t, tt.want, got, tt.q)
		}
	}
}

func TestMaxTypos(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]int{0: 0, 3: 0, 4: 1, 7: 1, 8: 2, 40: 2} {
		require.Equal(t, want, fairshops.MaxTypos(n), n)
	}
}

func TestShopQueryCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		q         fairshops.ShopQuery
		wantLimit int
		field     string
	}{
		{"default limit", fairshops.ShopQuery{Q: "demo"}, fairshops.DefaultSearchLimit, ""},
		{"limit capped", fairshops.ShopQuery{Q: "demo", Limit: 500}, fairshops.MaxSearchLimit, ""},
		{"empty", fairshops.ShopQuery{Q: " "}, 0, "q"},
		{"only punctuation", fairshops.ShopQuery{Q: "--"}, 0, "q"},
		{"too long", fairshops.ShopQuery{Q: strings.Repeat("a", fairshops.MaxSearchQuery+1)}, 0, "q"},
		{"not UTF-8", fairshops.ShopQuery{Q: "\xff"}, 0, "q"},
		{"negative limit", fairshops.ShopQuery{Q: "demo", Limit: -1}, 0, "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Check()
			if tt.field == "" {
				require.NoError(t, err)
				require.Equal(t, tt.wantLimit, tt.q.Limit)
				return
			}
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.Equal(t, tt.field, ve.Fields[0].Field)
		})
	}
}

func TestComplaintContactCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		c    fairshops.ComplaintContact
		want []string
	}{
		{"none", fairshops.ComplaintContact{}, nil},
		{"complete", fairshops.ComplaintContact{Email: "service@shop.example", Phone: "+49 (30) 123-456/7", Hours: "Mo–Fr 9–17 Uhr"}, nil},
		{"display name", fairshops.ComplaintContact{Email: "Service <service@shop.example>"}, []string{"email"}},
		{"no domain dot", fairshops.ComplaintContact{Email: "service@localhost"}, []string{"email"}},
		{"not an address", fairshops.ComplaintContact{Email: "service(at)shop.example"}, []string{"email"}},
		{"too long", fairshops.ComplaintContact{Email: strings.Repeat("a", 250) + "@x.example"}, []string{"email"}},
		{"letters in the phone", fairshops.ComplaintContact{Phone: "call me"}, []string{"phone"}},
		{"too few digits", fairshops.ComplaintContact{Phone: "+49"}, []string{"phone"}},
		{"phone too long", fairshops.ComplaintContact{Phone: strings.Repeat("1", 41)}, []string{"phone"}},
		{"markup in the phone", fairshops.ComplaintContact{Phone: "<b>030 1234</b>"}, []string{"phone"}},
		{"hours on two lines", fairshops.ComplaintContact{Hours: "Mo\nDi"}, []string{"hours"}},
		{"hours too long", fairshops.ComplaintContact{Hours: strings.Repeat("x", 201)}, []string{"hours"}},
		{"everything wrong", fairshops.ComplaintContact{Email: "x", Phone: "y", Hours: "\x00"}, []string{"email", "phone", "hours"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Check()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
			require.Equal(t, tt.want, got)
		})
	}
}

// FuzzMatchShop: any query and shop text match without a panic, a
// match's rank is one of the ranks, and the normalised key is valid
// UTF-8 of letters and digits.
func FuzzMatchShop(f *testing.F) {
	f.Add("demo shop", "demo-shop", "Demo-Shop", "demo.example")
	f.Add("müller", "m", "Müller & Söhne", "www.mueller.example")
	f.Add("\xff\x00", "", "", "")
	f.Add("ßßßß", "x", "Großhandel", "g.example")
	f.Fuzz(func(t *testing.T, q, id, name, domain string) {
		if len(q) > 400 || len(name) > 400 || len(domain) > 400 {
			return
		}
		rank, ok := fairshops.MatchShop(q, id, name, domain)
		if ok && (rank < fairshops.RankID || rank > fairshops.RankTypo+2) {
			t.Fatalf("rank %d", rank)
		}
		if k := fairshops.SearchKey(q); !utf8.ValidString(k) && utf8.ValidString(q) {
			t.Fatalf("key %q of %q is not UTF-8", k, q)
		}
	})
}

// BenchmarkMatch10000Shops matches one query (with a typo, the slowest
// path) against 10,000 shops: the work of one search in either adapter.
func BenchmarkMatch10000Shops(b *testing.B) {
	type shop struct{ id, name, domain string }
	shops := make([]shop, 10000)
	for i := range shops {
		n := strconv.Itoa(i)
		shops[i] = shop{"shop-" + n, "Händler Nummer " + n + " GmbH", "haendler-" + n + ".example"}
	}
	for b.Loop() {
		for _, s := range shops {
			fairshops.MatchShop("haendlr nummer 4711", s.id, s.name, s.domain)
		}
	}
}
