package fairshops

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCataloguesComplete checks every message set of the package: each key
// in German and English, and every reason code and why code with a text.
func TestCataloguesComplete(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]*Messages{"reasons": reasonMessages(), "assessment": assessMessages()} {
		require.Empty(t, m.Missing(), "%s: every key in de and en", name)
	}
	for _, w := range []Why{WhyFulfilled, WhyNotFulfilled, WhyBooked, WhyBookedNotCounted, WhyIncluded, WhyNotBooked} {
		require.True(t, assessMessages().Has("why."+string(w)), w)
	}
	for _, k := range reasonMessages().Keys() {
		require.Regexp(t, `^reason\.[a-z0-9_]+$`, k, "no unknown keys in the reason set")
	}
}
