package fairshops_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

// TestEntryDigestEncodings pins the two canonical encodings byte for byte:
// stored complaint and case histories must keep verifying.
func TestEntryDigestEncodings(t *testing.T) {
	e := fs.Entry{Seq: 2, At: time.Date(2026, 11, 25, 10, 0, 0, 5, time.FixedZone("CET", 3600)),
		Actor: fs.Actor{Role: fs.RoleShop, ShopID: "shop-1"}, Action: "edited", Detail: "a<b",
		Before: `{"x":1}`, After: `{"x":2}`, Prev: "p"}
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	require.Equal(t, sum(`["c_1",2,"2026-11-25T09:00:00.000000005Z","shop","shop-1","","edited","a<b","p"]`),
		e.Digest("c_1", fs.PlainEntries))
	require.Equal(t, sum(`["m_1",2,"2026-11-25T09:00:00.000000005Z","shop","shop-1","","edited","a<b","{\"x\":1}","{\"x\":2}","p"]`),
		e.Digest("m_1", fs.EditEntries))
}

func TestHistoryVerify(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	build := func() fs.History {
		var h fs.History
		for _, a := range []string{"a", "b", "c"} {
			h.Append("m_1", fs.EditEntries, fs.Entry{At: at, Actor: fs.AsOperator("olga").Actor(), Action: a, After: a})
		}
		return h
	}
	tests := []struct {
		name   string
		change func(fs.History) fs.History
		want   string // "" for a valid history
	}{
		{"as appended", func(h fs.History) fs.History { return h }, ""},
		{"empty", func(fs.History) fs.History { return nil }, ""},
		{"an edit changed", func(h fs.History) fs.History { h[1].After = "B"; return h }, "entry 2 was changed"},
		{"an entry removed", func(h fs.History) fs.History { return append(h[:1], h[2:]...) }, "entry 2 has sequence number 3"},
		{"a link broken", func(h fs.History) fs.History { h[2].Prev = "x"; return h }, "entry 3 does not chain to the entry before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.change(build()).Verify("test", "m_1", fs.EditEntries)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, fs.ErrInvalid)
			require.ErrorContains(t, err, tt.want)
		})
	}
	require.Error(t, build().Verify("test", "m_other", fs.EditEntries), "entries belong to one record")
	require.Error(t, build().Verify("test", "m_1", fs.PlainEntries), "the encoding is part of the chain")
}
