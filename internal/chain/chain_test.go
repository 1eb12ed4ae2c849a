package chain_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/internal/chain"
)

func TestDigestIsCanonical(t *testing.T) {
	// The canonical form is a compact JSON array without HTML escaping, so
	// that any language can recompute it.
	want := sha256.Sum256([]byte(`["c_1",2,"2026-11-25T09:00:00Z","shop","<a&b>",""]`))
	require.Equal(t, hex.EncodeToString(want[:]), chain.Digest("c_1", 2, "2026-11-25T09:00:00Z", "shop", "<a&b>", ""))
}

func TestVerify(t *testing.T) {
	type entry struct {
		seq              int
		prev, hash, body string
	}
	build := func(bodies ...string) []entry {
		var out []entry
		prev := ""
		for i, b := range bodies {
			e := entry{seq: i + 1, prev: prev, body: b}
			e.hash = chain.Digest(e.seq, e.body, e.prev)
			out = append(out, e)
			prev = e.hash
		}
		return out
	}
	verify := func(es []entry) string {
		return chain.Verify(len(es), func(i int) chain.Link {
			e := es[i]
			return chain.Link{Seq: e.seq, Prev: e.prev, Hash: e.hash, Recomputed: chain.Digest(e.seq, e.body, e.prev)}
		})
	}
	require.Empty(t, verify(build("a", "b", "c")))
	require.Empty(t, verify(nil))
	es := build("a", "b", "c")
	es[1].body = "B"
	require.Equal(t, "entry 2 was changed", verify(es))
	es = build("a", "b", "c")
	es = append(es[:1], es[2:]...)
	require.Equal(t, "entry 2 has sequence number 3", verify(es))
	es = build("a", "b", "c")
	es[2].prev = "x"
	require.Equal(t, "entry 3 does not chain to the entry before", verify(es))
}
