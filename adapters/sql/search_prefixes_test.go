package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// searchPrefixesMigration is the migration of the prefixes' index
// (PostgreSQL; a placeholder on SQLite).
const searchPrefixesMigration = 25

// TestSearchWalkPlans runs the complaint store's conformance suite on
// SQLite through the other branches of the frequent-word plan (ftsPage):
// the walk over the list order continuing after its own cursor in chunks
// of two rows, and the walk giving up after one row and looking the
// matches up after all.
func TestSearchWalkPlans(t *testing.T) {
	for _, tc := range []struct {
		name        string
		walk, chunk int
	}{
		{"chunks-of-two", 0, 2},
		{"walk-gives-up", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			complaintstoretest.Run(t, func(t *testing.T) complaintstoretest.Harness {
				db := openTest(t, sqlitePath(t))
				db.ftsFrequent, db.ftsWalk, db.ftsChunk = 1, tc.walk, tc.chunk
				return complaintstoretest.Harness{Store: db.Complaints(), Overviews: db.Overviews(), Shops: db.Shops(),
					Events: func() []fairshops.Event { return outboxEvents(t, db) }}
			})
		})
	}
}

func TestPrefixLexemes(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`'paket':*`, `'paket'`, true},
		{`'packstat':* & 'zoll':*`, `'packstat' & 'zol'`, true}, // the longest of 3, 5, 8
		{`'erika':* & 'mull':*`, `'erika' & 'mul'`, true},
		{`'versandk':*`, `'versandk'`, true},
		{`'versand':*`, `'versa'`, true},
		{`'kaffeemaschin':*`, `'kaffeema'`, true},                     // the first 8 characters
		{`'größenangab':*`, `'größenan'`, true},                       // characters, not bytes
		{`'kaffe':* & 'markt':* & '30':*`, `'kaffe' & 'markt'`, true}, // '30' is left to the prefix query
		{`'ab':*`, "", false},                                         // nothing indexed to look up
		{`'ab':* & 'a':*`, "", false},
		{``, "", false},                        // only stop words
		{`'paket'`, "", false},                 // not a prefix
		{`'paket':* | 'zoll':*`, "", false},    // not an AND of prefixes
		{`'a-0500000':* <-> 'a':*`, "", false}, // a phrase
		{`'o''neil':*`, "", false},             // a quote in the lexeme
		{`'zoll':A*`, "", false},               // weights
	} {
		got, ok := prefixLexemes(tc.in)
		require.Equal(t, tc.ok, ok, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

// prefixTexts are search texts with umlauts, compounds, digits and short
// words.
var prefixTexts = []string{
	"Paket beschädigt Rücksendung Packstation Zoll Gebühr",
	"Erika Müller erika.mueller@example.org A-0500000 Kaffeemaschine",
	"Größenangabe falsch, Überweisung 30 Tage Kundendienst antwortet nicht",
	"Lieferzeit überschritten Sendungsverfolgung zeigt Zustellung Nachbar 12345",
}

// TestSearchPrefixesImplied: on PostgreSQL every prefix of every word of
// a text that matches it as a prefix query (word:*) also matches the
// prefixes' index exactly (konfliktservice_search_prefixes with the
// lexemes prefixLexemes makes of it), so the index condition next to the
// prefix query never drops a match; and the words that do not occur stay
// unmatched by both.
func TestSearchPrefixesImplied(t *testing.T) {
	db := targets()[1].open(t)
	ctx := context.Background()
	checked := 0
	for _, text := range prefixTexts {
		words := complaint.SearchWords(text)
		words = append(words, "zzz", "pakx", "kaffeemaschinex")
		for _, w := range words {
			for n := 1; n <= len([]rune(w)); n++ {
				q := db.d.ftsQuery([]string{string([]rune(w)[:n])})
				var parsed string
				var prefix bool
				require.NoError(t, db.read.QueryRowContext(ctx, `SELECT to_tsquery('german', $1)::text,
					to_tsvector('german', $2) @@ to_tsquery('german', $1)`, q, text).Scan(&parsed, &prefix))
				exact, ok := prefixLexemes(parsed)
				if !ok {
					continue
				}
				var indexed bool
				require.NoError(t, db.read.QueryRowContext(ctx, `SELECT konfliktservice_search_prefixes(to_tsvector('german', $1)) @@ $2::tsquery`,
					text, exact).Scan(&indexed))
				if prefix {
					require.True(t, indexed, "%q matches %s but not the prefixes' %s", text, q, exact)
					checked++
				}
			}
		}
	}
	require.Greater(t, checked, 100)
}

// TestSearchPrefixesMigration: the words searched on stored complaints
// find what the prefix query alone finds, on both databases, before and
// after migration 00025 is rolled back and applied again over the stored
// rows; on PostgreSQL the search takes the prefixes' condition.
func TestSearchPrefixesMigration(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			for i := range 12 {
				c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_%02d", i), fmt.Sprintf("shop-%d", i%3))
				c.Facts.Description = prefixTexts[i%len(prefixTexts)]
				c.CreatedAt = c.CreatedAt.AddDate(0, 0, -i)
				require.NoError(t, store.Create(ctx, c, nil))
			}
			queries := []string{"Paket", "Packst Zoll", "Erika Mül", "Kaffeemaschine", "kaffeemaschinen", "Größe 30",
				"Lieferz Nachb", "zz", "Zustellung Paket"}
			// want is what the words alone find, by the database's own
			// prefix query over all rows.
			want := func(text string) []string {
				words := complaint.QueryWords(text)
				q := `SELECT id FROM complaints WHERE rowid IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?) ORDER BY created_at, id`
				if db.d.name == Postgres {
					q = `SELECT id FROM complaints WHERE search @@ to_tsquery('german', ?) ORDER BY created_at, id`
				}
				ids, err := queryAll(ctx, db, func(row scanner) (string, error) {
					var id string
					return id, row.Scan(&id)
				}, q, db.d.ftsQuery(words))
				require.NoError(t, err)
				return ids
			}
			check := func(what string) {
				t.Helper()
				found := 0
				for _, text := range queries {
					list, err := store.Search(ctx, complaint.Query{Text: text, Limit: 50})
					require.NoError(t, err)
					got := []string{}
					for _, sm := range list {
						got = append(got, sm.ID)
					}
					w := want(text)
					require.Equal(t, w, got, "%s: %q", what, text)
					found += len(got)
				}
				require.Greater(t, found, 12, "the queries find complaints")
			}
			check("migrated")
			if db.d.name == Postgres {
				cond, args, err := store.tsSource(ctx, complaint.QueryWords("Packstation Zoll"))
				require.NoError(t, err)
				require.True(t, strings.HasPrefix(cond, "konfliktservice_search_prefixes(search) @@"), cond)
				require.Equal(t, []any{"'packstat' & 'zol'", "packstation:* & zoll:*"}, args)
			}
			p, err := newProvider(ctx, db.wpool, db.d, db.log)
			require.NoError(t, err)
			_, err = p.DownTo(ctx, searchPrefixesMigration-1)
			require.NoError(t, err)
			if db.d.name == Postgres {
				var n int
				require.NoError(t, db.read.QueryRowContext(ctx, `SELECT count(*) FROM pg_indexes
					WHERE schemaname = current_schema() AND indexname = 'complaints_search_prefixes'`).Scan(&n))
				require.Zero(t, n, "down drops the index")
			}
			_, err = p.Up(ctx)
			require.NoError(t, err)
			check("rolled back and applied again")
		})
	}
}

// FuzzPrefixLexemes: whatever text it is given, prefixLexemes either
// declines or returns exact lexemes of 3, 5 or 8 characters, quoted and
// without quotes, backslashes or spaces inside, at most one per & part.
func FuzzPrefixLexemes(f *testing.F) {
	for _, s := range []string{`'paket':*`, `'packstat':* & 'zoll':*`, `'größenangab':*`, `'ab':* & 'a':*`,
		`'a-0500000':* <-> 'a':*`, `'o''neil':*`, `'zoll':A*`, ``, `' ':*`, `'x':* & `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := prefixLexemes(in)
		if !ok {
			if out != "" {
				t.Fatalf("declined %q with %q", in, out)
			}
			return
		}
		parts := strings.Split(out, " & ")
		if len(parts) > strings.Count(in, " & ")+1 {
			t.Fatalf("%q: %d lexemes from %q", out, len(parts), in)
		}
		for _, p := range parts {
			lex, found := strings.CutPrefix(p, "'")
			if found {
				lex, found = strings.CutSuffix(lex, "'")
			}
			n := len([]rune(lex))
			if !found || strings.ContainsAny(lex, `'\ `) || !slices.Contains(prefixLengths, n) {
				t.Fatalf("%q: bad lexeme %q from %q", out, p, in)
			}
		}
	})
}
