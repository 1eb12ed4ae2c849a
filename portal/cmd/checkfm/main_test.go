package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		dir      string
		wantCode int
		want     []string
	}{
		{name: "good content", dir: "../../testdata/good", wantCode: 0, want: []string{"5 articles, 4 topics: no problems"}},
		{name: "articles directory", dir: "../../testdata/good/articles", wantCode: 0, want: []string{"5 articles, 4 topics: no problems"}},
		{name: "broken content", dir: "../../testdata/broken", wantCode: 1, want: []string{
			"../../testdata/broken/articles/bad-fields.de.md:6: autor: unknown field",
			"../../testdata/broken/articles/syntax.de.md:4: syntax error: found unexpected end of stream",
			"25 problem(s)",
		}},
		{name: "shipped content", dir: "../../content", wantCode: 0, want: []string{"topics: no problems"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			require.Equal(t, tc.wantCode, run(&out, tc.dir), out.String())
			for _, w := range tc.want {
				require.Contains(t, out.String(), w)
			}
		})
	}
}
