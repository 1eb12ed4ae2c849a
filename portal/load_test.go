package portal_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// fixture loads testdata/good, the small content the engine tests use.
func fixture(t testing.TB) *portal.Library {
	t.Helper()
	lib, err := portal.Load(os.DirFS("testdata/good"), ".")
	require.NoError(t, err)
	return lib
}

func TestLoadFixture(t *testing.T) {
	t.Parallel()
	lib := fixture(t)
	var slugs []string
	for _, a := range lib.Articles {
		slugs = append(slugs, a.Slug)
	}
	require.Equal(t, []string{"erstattung", "frist", "nurdeutsch", "paket", "porto"}, slugs)
	require.Equal(t, "withdrawal", lib.Topics[0].Key, "topics sorted by order")

	got, ok := lib.Article("frist")
	require.True(t, ok)
	want := portal.Article{
		Slug:     "frist",
		Topic:    "withdrawal",
		Tags:     []string{"withdrawal", "withdrawal.in_period", "withdrawal.expired"},
		Related:  []string{"porto", "erstattung"},
		Basis:    []string{"BGB §355", "BGB §356 Abs. 2"},
		Reviewed: fairshops.MustDate("2026-11-25"),
		Translations: []portal.Translation{
			{
				Lang: fairshops.German, Title: "Die Widerrufsfrist: 14 Tage",
				Summary:  "Wie lange Verbraucher eine Bestellung widerrufen können und wann die Frist beginnt.",
				Keywords: []string{"Widerrufsfrist", "Frist", "vierzehn Tage"},
				Body:     "## Worum es geht\n\nVerbraucher können einen Vertrag im Fernabsatz binnen 14 Tagen widerrufen. Die Frist beginnt mit dem Erhalt der Ware.\n\n## Was daraus folgt\n\nWer rechtzeitig widerruft, bekommt sein Geld zurück. Siehe [Erstattung](/portal/erstattung).\n",
			},
			{
				Lang: fairshops.English, Title: "The withdrawal period: 14 days",
				Summary:  "How long consumers may withdraw from an order and when the period starts.",
				Keywords: []string{"withdrawal period", "deadline", "fourteen days"},
				Body:     "## What it is about\n\nConsumers may withdraw from a distance contract within 14 days. The period starts when the goods arrive.\n",
			},
		},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(fairshops.Date{})); diff != "" {
		t.Errorf("article (-want +got):\n%s", diff)
	}
	de, _ := lib.Article("nurdeutsch")
	require.Len(t, de.Translations, 1)
	require.Equal(t, fairshops.German, de.In(fairshops.English).Lang, "a missing translation falls back to German")
}

// TestLoadBroken checks the loader's report on testdata/broken against the
// golden list: every problem at once, each with file and line.
func TestLoadBroken(t *testing.T) {
	t.Parallel()
	_, err := portal.Load(os.DirFS("testdata/broken"), ".")
	require.Error(t, err)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	var errs portal.LoadErrors
	require.True(t, errors.As(err, &errs))
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintln(&b, e.Error())
	}
	golden := "testdata/broken.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("load errors (-golden +got), run with -update to accept:\n%s", diff)
	}
	for _, e := range errs {
		require.NotEmpty(t, e.File)
		if e.File != "articles/Bad_Name.md" {
			require.Positive(t, e.Line, "%v has no line", e)
		}
	}
}

const topicsYAML = "- key: withdrawal\n  order: 1\n  title: {de: Widerruf, en: Withdrawal}\n  summary: {de: x, en: y}\n"

func article(slug, lang, extra, body string) string {
	return "---\nslug: " + slug + "\nlang: " + lang + "\ntitle: T\nsummary: S\ntopic: withdrawal\ntags: [withdrawal]\nreviewed: 2026-11-25\n" + extra + "---\n" + body
}

func TestLoadCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string // LoadError strings
	}{
		{
			name:  "valid single article",
			files: map[string]string{"articles/a.de.md": article("a", "de", "", "Text.\n")},
		},
		{
			name:  "crlf line ends and a bom",
			files: map[string]string{"articles/a.de.md": "\ufeff" + strings.ReplaceAll(article("a", "de", "", "Text.\n"), "\n", "\r\n")},
		},
		{
			name:  "oversized file",
			files: map[string]string{"articles/a.de.md": article("a", "de", "", strings.Repeat("Text. ", 50_000))},
			want:  []string{"articles/a.de.md: too large (at most 262144 bytes)"},
		},
		{
			name:  "body too large",
			files: map[string]string{"articles/a.de.md": article("a", "de", "", strings.Repeat("Text. ", 12_000))},
			want:  []string{"articles/a.de.md:10: translations.de.body: too large (at most 65536 bytes)"},
		},
		{
			name:  "unclosed front matter",
			files: map[string]string{"articles/a.de.md": "---\nslug: a\n"},
			want:  []string{"articles/a.de.md:1: syntax error: the file must start with YAML front matter between --- lines"},
		},
		{
			name:  "empty front matter",
			files: map[string]string{"articles/a.de.md": "---\n---\nText.\n"},
			want:  []string{"articles/a.de.md:1: syntax error: front matter must be a mapping of keys to values"},
		},
		{
			name:  "duplicate key",
			files: map[string]string{"articles/a.de.md": article("a", "de", "topic: withdrawal\n", "Text.\n")},
			want:  []string{"articles/a.de.md:9: topic: syntax error: mapping key \"topic\" already defined at line 6"},
		},
		{
			name:  "body with control characters and invalid utf-8",
			files: map[string]string{"articles/a.de.md": article("a", "de", "", "Text.\n\x00\n"), "articles/b.de.md": article("b", "de", "", "Text \xff.\n")},
			want: []string{
				"articles/a.de.md:11: translations.de.body: contains control characters",
				"articles/b.de.md:10: translations.de.body: contains invalid characters (not UTF-8)",
			},
		},
		{
			name: "missing topics",
			files: map[string]string{
				"topics.yaml":      "",
				"articles/a.de.md": article("a", "de", "", "Text.\n"),
			},
			want: []string{"topics.yaml:1: is required"},
		},
		{
			name: "broken topics",
			files: map[string]string{
				"topics.yaml":      "- key: withdrawal\n  order: 1\n  title: {de: Widerruf, fr: Rétractation}\n  summary: {de: x, en: y}\n  colour: red\n- key: withdrawal\n  title: {de: a, en: b}\n  summary: {de: a, en: b}\n",
				"articles/a.de.md": article("a", "de", "", "Text.\n"),
			},
			want: []string{"topics.yaml:6: colour: unknown field"},
		},
		{
			name: "topic semantics",
			files: map[string]string{
				"topics.yaml":      "- key: withdrawal\n  order: 1\n  title: {de: Widerruf, fr: Rétractation}\n  summary: {de: x, en: y}\n- key: withdrawal\n  title: {de: a, en: b}\n  summary: {de: a, en: b}\n",
				"articles/a.de.md": article("a", "de", "", "Text.\n"),
			},
			want: []string{
				"topics.yaml:2: [0].title.fr: unknown value \"fr\"",
				"topics.yaml:2: [0].title.en: is required",
				"topics.yaml:6: [1].key: duplicate: withdrawal",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"topics.yaml": {Data: []byte(topicsYAML)}}
			for name, data := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			lib, err := portal.Load(fsys, ".")
			if tc.want == nil {
				require.NoError(t, err)
				require.Len(t, lib.Articles, 1)
				return
			}
			var errs portal.LoadErrors
			require.True(t, errors.As(err, &errs), "want LoadErrors, got %v", err)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzLoad feeds arbitrary article files to the loader: it must never panic,
// and what it accepts must be a consistent library.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(article("a", "de", "", "Text.\n")), []byte(article("a", "en", "", "Text.\n")))
	f.Add([]byte("---\nslug: a\nlang: de\ntags: [a, &x b, *x]\n---\n<script>x</script>\n"), []byte(""))
	f.Add([]byte("---\n- a\n- b\n---\n"), []byte("---\nslug: [\n---\n"))
	f.Fuzz(func(t *testing.T, de, en []byte) {
		fsys := fstest.MapFS{
			"topics.yaml":      {Data: []byte(topicsYAML)},
			"articles/a.de.md": {Data: de},
			"articles/a.en.md": {Data: en},
		}
		lib, err := portal.Load(fsys, ".")
		if err != nil {
			var errs portal.LoadErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("want LoadErrors, got %T %v", err, err)
			}
			return
		}
		for _, a := range lib.Articles {
			if err := portal.Validate(a, lib.Topics, nil); err != nil {
				t.Fatalf("loaded article fails validation: %v", err)
			}
		}
		ix := portal.BuildIndex(lib.Articles, lib.Topics)
		if _, err := ix.Search(portal.SearchRequest{Q: "Text"}); err != nil {
			t.Fatalf("search: %v", err)
		}
	})
}

func TestLoadMissingDirectory(t *testing.T) {
	t.Parallel()
	_, err := portal.Load(fstest.MapFS{}, "content")
	require.EqualError(t, err, "portal content: 1 problem(s)\n\ttopics.yaml: is required")
}

func TestArticleJSONRoundTrip(t *testing.T) {
	t.Parallel()
	a, _ := fixture(t).Article("frist")
	data, err := json.Marshal(a)
	require.NoError(t, err)
	require.Contains(t, string(data), `"reviewed":"2026-11-25"`)
	var back portal.Article
	require.NoError(t, json.Unmarshal(data, &back))
	if diff := cmp.Diff(a, back, cmp.AllowUnexported(fairshops.Date{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
