package portal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

func fixtureIndex(t testing.TB) *portal.Index {
	t.Helper()
	lib := fixture(t)
	return portal.BuildIndex(lib.Articles, lib.Topics)
}

func slugsOf(hits []portal.Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Slug)
	}
	return out
}

func TestSearch(t *testing.T) {
	t.Parallel()
	ix := fixtureIndex(t)
	tests := []struct {
		name      string
		req       portal.SearchRequest
		want      []string // slugs in order; only the first len(want) are checked when prefix is set
		prefix    bool
		wantTotal int
	}{
		{name: "compound", req: portal.SearchRequest{Q: "Rücksendekosten"}, want: []string{"porto"}, prefix: true},
		{name: "umlaut typed as ue", req: portal.SearchRequest{Q: "Ruecksendekosten"}, want: []string{"porto"}, prefix: true},
		{name: "umlaut dropped", req: portal.SearchRequest{Q: "Handler"}, want: []string{"porto"}, prefix: true},
		{name: "split compound", req: portal.SearchRequest{Q: "Schaden beim Transport"}, want: []string{"paket"}, prefix: true},
		{name: "synonym", req: portal.SearchRequest{Q: "Geld zurück"}, want: []string{"erstattung"}, prefix: true},
		{name: "plural", req: portal.SearchRequest{Q: "Pakete"}, want: []string{"paket"}, prefix: true},
		{name: "english", req: portal.SearchRequest{Q: "return postage", Lang: fairshops.English}, want: []string{"porto"}, prefix: true},
		{name: "english plural and synonym", req: portal.SearchRequest{Q: "packages broken", Lang: fairshops.English}, want: []string{"paket"}, prefix: true},
		{name: "title outranks body", req: portal.SearchRequest{Q: "Widerrufsfrist"}, want: []string{"frist"}, prefix: true},
		{name: "only German has it", req: portal.SearchRequest{Q: "Telefon"}, want: []string{"nurdeutsch"}, wantTotal: 1},
		{name: "not in English", req: portal.SearchRequest{Q: "Telefon", Lang: fairshops.English}, want: []string{}, wantTotal: 0},
		{name: "tag filter", req: portal.SearchRequest{Q: "Widerruf", Tags: []string{"refund.overdue"}}, want: []string{"erstattung"}, wantTotal: 1},
		{name: "tags are all required", req: portal.SearchRequest{Q: "Widerruf", Tags: []string{"withdrawal", "return"}}, want: []string{"porto"}, wantTotal: 1},
		{name: "topic filter", req: portal.SearchRequest{Q: "Widerruf", Topic: "refunds"}, want: []string{"erstattung"}, wantTotal: 1},
		{name: "stop words only", req: portal.SearchRequest{Q: "der die das"}, want: []string{}, wantTotal: 0},
		{name: "no match", req: portal.SearchRequest{Q: "Quantenphysik"}, want: []string{}, wantTotal: 0},
		{name: "empty lists by topic then title", req: portal.SearchRequest{}, want: []string{"frist", "nurdeutsch", "porto", "paket", "erstattung"}, wantTotal: 5},
		{name: "empty in English", req: portal.SearchRequest{Lang: fairshops.English}, want: []string{"frist", "porto", "paket", "erstattung"}, wantTotal: 4},
		{name: "empty with tag", req: portal.SearchRequest{Tags: []string{"delivery"}}, want: []string{"paket"}, wantTotal: 1},
		{name: "page two", req: portal.SearchRequest{Offset: 2, Limit: 2}, want: []string{"porto", "paket"}, wantTotal: 5},
		{name: "past the end", req: portal.SearchRequest{Q: "Widerruf", Offset: 50}, want: []string{}, wantTotal: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(tc.req)
			require.NoError(t, err)
			got := slugsOf(res.Hits)
			if tc.prefix {
				require.GreaterOrEqual(t, len(got), len(tc.want), "hits %v", got)
				got = got[:len(tc.want)]
			} else {
				require.Equal(t, tc.wantTotal, res.Total)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			for i := 1; i < len(res.Hits); i++ {
				require.GreaterOrEqual(t, res.Hits[i-1].Score, res.Hits[i].Score, "hits ranked by score")
			}
		})
	}
}

func TestSearchPagingIsStable(t *testing.T) {
	t.Parallel()
	ix := fixtureIndex(t)
	all, err := ix.Search(portal.SearchRequest{Q: "Widerruf Ware", Limit: portal.MaxLimit})
	require.NoError(t, err)
	var paged []string
	for off := 0; off < all.Total; off += 2 {
		res, err := ix.Search(portal.SearchRequest{Q: "Widerruf Ware", Offset: off, Limit: 2})
		require.NoError(t, err)
		require.Equal(t, all.Total, res.Total)
		paged = append(paged, slugsOf(res.Hits)...)
	}
	require.Equal(t, slugsOf(all.Hits), paged)
}

func TestSearchInvalid(t *testing.T) {
	t.Parallel()
	ix := fixtureIndex(t)
	_, err := ix.Search(portal.SearchRequest{
		Q:      "R\xfcckgabe",
		Lang:   "fr",
		Offset: -1,
		Limit:  portal.MaxLimit + 1,
		Tags:   strings.Fields("a b c d e f g h i j k"),
	})
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field+":"+f.Code)
	}
	want := []string{"q:invalid_utf8", "lang:unknown_value", "offset:negative", "limit:too_large", "tag:too_many"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("every wrong field at once (-want +got):\n%s", diff)
	}
	_, err = ix.Search(portal.SearchRequest{Limit: -1})
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	ix := fixtureIndex(t)
	res, err := ix.Search(portal.SearchRequest{Q: "Transportschaden Übergabe"})
	require.NoError(t, err)
	require.Equal(t, "paket", res.Hits[0].Slug)
	want := []portal.Segment{
		{Text: "… einem Verbrauchsgüterkauf geht die Gefahr erst mit der "},
		{Text: "Übergabe", Hit: true},
		{Text: " der Ware über. Ein "},
		{Text: "Transportschaden", Hit: true},
		{Text: " ist Sache des Händlers. Melden Sie den Schaden dem Shop mit Fotos der Verpackung."},
	}
	if diff := cmp.Diff(want, res.Hits[0].Snippet); diff != "" {
		t.Errorf("snippet (-want +got):\n%s", diff)
	}
	require.Equal(t, "… einem Verbrauchsgüterkauf geht die Gefahr erst mit der <mark>Übergabe</mark> der Ware über. Ein <mark>Transportschaden</mark> ist Sache des Händlers. Melden Sie den Schaden dem Shop mit Fotos der Verpackung.",
		string(portal.SnippetHTML(res.Hits[0].Snippet)))

	// A hit only in the summary shows the summary.
	res, err = ix.Search(portal.SearchRequest{Q: "Risiko"})
	require.NoError(t, err)
	require.Equal(t, "Geht ein Paket auf dem Weg zum Verbraucher verloren oder kaputt, trägt der Shop das <mark>Risiko</mark>.", string(portal.SnippetHTML(res.Hits[0].Snippet)))

	// Compound parts and umlaut spellings are marked where they stand.
	res, err = ix.Search(portal.SearchRequest{Q: "Rueckgabe Kosten"})
	require.NoError(t, err)
	html := string(portal.SnippetHTML(res.Hits[0].Snippet))
	require.Contains(t, html, "<mark>Rücksendekosten</mark>")
}

func TestSnippetHTMLEscapes(t *testing.T) {
	t.Parallel()
	got := portal.SnippetHTML([]portal.Segment{{Text: "<script>alert(1)</script> & "}, {Text: "<b>\"x\"</b>", Hit: true}})
	require.Equal(t, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</mark>", string(got))
}

func TestForFindings(t *testing.T) {
	t.Parallel()
	ix := fixtureIndex(t)
	tests := []struct {
		name     string
		category string
		rules    []string
		lang     fairshops.Language
		limit    int
		want     []string
	}{
		{name: "rule first, then category by specificity", category: "withdrawal", rules: []string{"withdrawal.in_period"}, want: []string{"frist", "nurdeutsch", "porto", "erstattung"}},
		{name: "more matching rules win", category: "payment", rules: []string{"withdrawal.expired", "refund.overdue", "refund.may_be_withheld"}, want: []string{"erstattung", "frist"}},
		{name: "a rule tag beats a category tag", category: "return", rules: []string{"delivery.transit_risk_on_shop", "contact.shop_first"}, want: []string{"paket", "porto"}},
		{name: "duplicate rule IDs count once", rules: []string{"refund.overdue", "refund.overdue", "withdrawal.in_period"}, want: []string{"erstattung", "frist"}},
		{name: "limit", category: "withdrawal", limit: 2, want: []string{"nurdeutsch", "porto"}},
		{name: "nothing matches", category: "data", rules: []string{"data.request_overdue"}, want: []string{}},
		{name: "empty input", want: []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs := ix.ForFindings(tc.category, tc.rules, tc.lang, tc.limit)
			got := []string{}
			for _, r := range refs {
				got = append(got, r.Slug)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ForFindings (-want +got):\n%s", diff)
			}
		})
	}
	refs := ix.ForFindings("withdrawal", []string{"withdrawal.in_period"}, fairshops.English, 2)
	require.Equal(t, portal.ArticleRef{Slug: "frist", Lang: fairshops.English, Title: "The withdrawal period: 14 days",
		Summary: "How long consumers may withdraw from an order and when the period starts.", Topic: "withdrawal"}, refs[0])
	require.Equal(t, fairshops.German, refs[1].Lang, "an article without English falls back to German")
}
