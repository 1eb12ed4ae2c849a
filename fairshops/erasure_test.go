package fairshops_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestTombstone(t *testing.T) {
	sum := sha256.Sum256([]byte("Erika Mustermann"))
	want := "erased sha256:" + hex.EncodeToString(sum[:])
	require.Equal(t, want, fairshops.Tombstone("Erika Mustermann"))
	require.Equal(t, want, fairshops.Tombstone(want), "erasing twice changes nothing")
	require.Equal(t, "", fairshops.Tombstone(""))
	require.True(t, fairshops.IsTombstone(want))
	require.Equal(t, hex.EncodeToString(sum[:]), fairshops.TombstoneDigest(want))
	for _, s := range []string{"", "erased sha256:", "erased sha256:xyz", want + "0", "Erika"} {
		require.False(t, fairshops.IsTombstone(s), s)
		require.Empty(t, fairshops.TombstoneDigest(s))
	}
}

func TestVerifyAfterErasure(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	build := func() fairshops.History {
		var h fairshops.History
		for _, d := range []string{"category delivery", "Frau Mustermann rief an", "reason requested"} {
			h.Append("c_1", fairshops.PlainEntries, fairshops.Entry{At: at, Actor: fairshops.Actor{Role: fairshops.RoleOperator, Name: "olga"},
				Action: "noted", Detail: d})
		}
		return h
	}
	for _, tc := range []struct {
		name   string
		change func(h fairshops.History)
		ok     bool
	}{
		{"untouched", func(fairshops.History) {}, true},
		{"a detail erased", func(h fairshops.History) { h[1].EraseDetail() }, true},
		{"the last entry erased", func(h fairshops.History) { h[2].EraseDetail() }, true},
		{"a detail changed", func(h fairshops.History) { h[1].Detail = "Herr Muster" }, false},
		{"an erased entry's hash changed", func(h fairshops.History) { h[1].EraseDetail(); h[1].Hash = h[0].Hash }, false},
		{"an entry after the tombstone changed", func(h fairshops.History) { h[1].EraseDetail(); h[2].Action = "closed" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := build()
			tc.change(h)
			err := h.Verify("test", "c_1", fairshops.PlainEntries)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
}

// FuzzTombstone: any text's tombstone is a tombstone, erasing twice changes
// nothing, and a text is never taken for its own tombstone unless it is one.
func FuzzTombstone(f *testing.F) {
	for _, s := range []string{"Erika Mustermann", "", "erased sha256:", fairshops.Tombstone("x"), "ä\x00\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts := fairshops.Tombstone(s)
		if s == "" {
			require.Empty(t, ts)
			return
		}
		require.True(t, fairshops.IsTombstone(ts))
		require.Equal(t, ts, fairshops.Tombstone(ts))
		if !fairshops.IsTombstone(s) {
			require.NotEqual(t, s, ts)
			require.Len(t, fairshops.TombstoneDigest(ts), 64)
		}
	})
}
