package fairshops_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func TestChainDigestIsCanonical(t *testing.T) {
	// The canonical form is a compact JSON array without HTML escaping, so
	// that any language can recompute it.
	want := sha256.Sum256([]byte(`["c_1",2,"2026-11-25T09:00:00Z","shop","<a&b>",""]`))
	require.Equal(t, hex.EncodeToString(want[:]), fs.ChainDigest("c_1", 2, "2026-11-25T09:00:00Z", "shop", "<a&b>", ""))
}

func TestVerifyChain(t *testing.T) {
	type entry struct {
		seq              int
		prev, hash, body string
	}
	build := func(bodies ...string) []entry {
		var out []entry
		prev := ""
		for i, b := range bodies {
			e := entry{seq: i + 1, prev: prev, body: b}
			e.hash = fs.ChainDigest(e.seq, e.body, e.prev)
			out = append(out, e)
			prev = e.hash
		}
		return out
	}
	verify := func(es []entry) error {
		return fs.VerifyChain("test", "x", len(es), func(i int) fs.ChainLink {
			e := es[i]
			return fs.ChainLink{Seq: e.seq, Prev: e.prev, Hash: e.hash, Recomputed: fs.ChainDigest(e.seq, e.body, e.prev)}
		})
	}
	require.NoError(t, verify(build("a", "b", "c")))
	require.NoError(t, verify(nil))
	es := build("a", "b", "c")
	es[1].body = "B"
	require.ErrorContains(t, verify(es), "entry 2 was changed")
	es = build("a", "b", "c")
	es = append(es[:1], es[2:]...)
	require.ErrorContains(t, verify(es), "entry 2 has sequence number 3")
	es = build("a", "b", "c")
	es[2].prev = "x"
	require.ErrorIs(t, verify(es), fs.ErrInvalid)
}
