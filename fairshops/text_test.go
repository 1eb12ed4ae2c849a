package fairshops_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestIsHiddenFormat(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'\u202a', true}, {'\u202b', true}, {'\u202c', true}, {'\u202d', true}, {'\u202e', true}, // embeddings, overrides
		{'\u2066', true}, {'\u2067', true}, {'\u2068', true}, {'\u2069', true}, // isolates
		{'\u200e', true}, {'\u200f', true}, // marks
		{'\u200b', true}, {'\u2060', true}, {'\ufeff', true}, // zero-width space, word joiner, BOM
		{'\u2028', true}, {'\u2029', true}, // line and paragraph separator
		{'\U000E0001', true},                 // language tag
		{'\u00ad', false},                    // soft hyphen
		{'\u200c', false}, {'\u200d', false}, // joiners
		{'\U000E0067', false}, // emoji tag
		{'a', false}, {'ß', false}, {'€', false}, {'\n', false}, {' ', false}, {'\u00a0', false},
	} {
		require.Equal(t, tc.want, fairshops.IsHiddenFormat(tc.r), "%U", tc.r)
	}
	require.True(t, fairshops.HasHiddenFormat("Rechnung \u202egnp.exe"))
	require.False(t, fairshops.HasHiddenFormat("Rechnung.pdf 👩‍👧"))
}
