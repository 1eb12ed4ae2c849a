package complaint

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func chained(t *testing.T) *Complaint {
	t.Helper()
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC)
	c := &Complaint{ID: "c_chain"}
	c.record(at, fairshops.Actor{Role: fairshops.RoleConsumer}, "submitted", "category delivery")
	c.record(at, fairshops.Actor{Role: fairshops.RoleSystem}, "checked", "clarity doubtful")
	c.record(at.Add(time.Minute), fairshops.Actor{Role: fairshops.RoleOperator, Name: "Olga <Team>"}, "forwarded", "answer due 2026-03-09")
	c.record(at.Add(time.Hour), fairshops.Actor{Role: fairshops.RoleShop, ShopID: "fair-shop"}, "message_added", "m_1")
	return c
}

func TestHistoryChain(t *testing.T) {
	c := chained(t)
	require.NoError(t, VerifyHistory(c.ID, c.History))
	require.NoError(t, VerifyHistory(c.ID, nil), "an empty history is valid")
	require.Equal(t, c.History[3].Hash, c.HistoryHead())
	for i, e := range c.History {
		require.Equal(t, i+1, e.Seq)
		require.Len(t, e.Hash, 64)
		if i == 0 {
			require.Empty(t, e.Prev)
		} else {
			require.Equal(t, c.History[i-1].Hash, e.Prev)
		}
	}
	// The hash is over the documented canonical form (in UTC, no HTML
	// escaping), so anyone can recompute it:
	// printf '%s' '["c_x",1,"2026-03-02T08:00:00Z","consumer","","","submitted","<b>&",""]' | sha256sum
	e := fairshops.Entry{Seq: 1, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CET", 3600)),
		Actor: fairshops.Actor{Role: fairshops.RoleConsumer}, Action: "submitted", Detail: "<b>&"}
	require.Equal(t, "2e77403360d9bbca66acc323338bde9303918c2121cb561f7d6f7216f7d255a7", e.Digest("c_x", fairshops.PlainEntries))
}

func TestHistoryTamper(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(h []fairshops.Entry) []fairshops.Entry
		why    string
	}{
		{"detail changed", func(h []fairshops.Entry) []fairshops.Entry { h[1].Detail = "clarity clear"; return h }, "entry 2 was changed"},
		{"actor changed", func(h []fairshops.Entry) []fairshops.Entry { h[3].Actor.ShopID = "other-shop"; return h }, "entry 4 was changed"},
		{"time changed", func(h []fairshops.Entry) []fairshops.Entry { h[0].At = h[0].At.Add(time.Microsecond); return h }, "entry 1 was changed"},
		{"last entry changed", func(h []fairshops.Entry) []fairshops.Entry { h[3].Action = "resolved"; return h }, "entry 4 was changed"},
		{"entry removed", func(h []fairshops.Entry) []fairshops.Entry { return append(h[:1], h[2:]...) }, "entry 2 has sequence number 3"},
		{"entry removed and renumbered", func(h []fairshops.Entry) []fairshops.Entry {
			h = append(h[:1], h[2:]...)
			for i := range h {
				h[i].Seq = i + 1
			}
			return h
		}, "entry 2 does not chain to the entry before"},
		{"rehashed after a change", func(h []fairshops.Entry) []fairshops.Entry {
			h[1].Detail = "clarity clear"
			h[1].Hash = h[1].Digest("c_chain", fairshops.PlainEntries)
			return h
		}, "entry 3 does not chain to the entry before"},
		{"reordered", func(h []fairshops.Entry) []fairshops.Entry { h[2], h[3] = h[3], h[2]; return h }, "entry 3 has sequence number 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.change(chained(t).History)
			err := VerifyHistory("c_chain", h)
			require.ErrorIs(t, err, fairshops.ErrInvalid)
			require.ErrorContains(t, err, tc.why)
		})
	}
	t.Run("moved to another complaint", func(t *testing.T) {
		err := VerifyHistory("c_other", chained(t).History)
		require.ErrorContains(t, err, "entry 1 was changed")
	})
}
