package precheck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden checks real-looking complaints, each a file
// testdata/golden/<name>.facts.json with its check date in as_of, against
// the pre-check rendered as text in German (<name>.de.txt) and English
// (<name>.en.txt). Refresh with: go test ./complaint/precheck -run Golden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.facts.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(inputs), 12)
	categories := map[Category]bool{}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".facts.json")
		data, err := os.ReadFile(in)
		require.NoError(t, err)
		f, err := DecodeFacts(data)
		require.NoError(t, err, name)
		categories[f.Category] = true
		r := Check(f, fairshops.Date{}, Options{})
		require.Equal(t, r, Check(f, f.AsOf, Options{}), "deterministic")
		for _, lang := range fairshops.Languages() {
			t.Run(name+"."+string(lang), func(t *testing.T) {
				got := r.Localize(lang).Text()
				require.NotContains(t, got, "%!", "a message with the wrong arguments")
				require.NotContains(t, got, "rule.", "a message without text")
				require.NotContains(t, got, "tip.", "a tip without text")
				path := filepath.Join("testdata", "golden", name+"."+string(lang)+".txt")
				if *update {
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
					return
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run with -update to create it")
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s (-want +got); rerun with -update if intended:\n%s", path, diff)
				}
			})
		}
	}
	for _, c := range Categories() {
		require.True(t, categories[c], "no golden complaint of category %s", c)
	}
}
