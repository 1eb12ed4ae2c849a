package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// RunMacros is the conformance suite of complaint.MacroStore; newStore
// must return an empty store each call.
func RunMacros(t *testing.T, newStore func(t *testing.T) complaint.MacroStore) {
	ctx := context.Background()
	macro := func(id, title string) *complaint.Macro {
		return &complaint.Macro{ID: id, Title: title, Body: "Guten Tag {{consumer_name}},\n\tzu {{reference}}: …",
			CreatedAt: base, UpdatedAt: base}
	}
	same := func(t *testing.T, want, got *complaint.Macro) {
		t.Helper()
		if d := cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond)); d != "" {
			t.Fatalf("macro differs (-want +got):\n%s", d)
		}
	}
	t.Run("CreateGetUpdateDelete", func(t *testing.T) {
		s := newStore(t)
		m := macro("mac_1", "Fristerinnerung")
		require.NoError(t, s.Create(ctx, m))
		require.Equal(t, 1, m.Version)
		got, err := s.Get(ctx, "mac_1")
		require.NoError(t, err)
		same(t, m, got)
		kindIs(t, s.Create(ctx, macro("mac_1", "x")), fairshops.Conflict)

		got.Body, got.UpdatedAt = "Neu", base.Add(time.Hour)
		require.NoError(t, s.Update(ctx, got))
		require.Equal(t, 2, got.Version)
		again, err := s.Get(ctx, "mac_1")
		require.NoError(t, err)
		same(t, got, again)
		stale := macro("mac_1", "alt")
		stale.Version = 1
		kindIs(t, s.Update(ctx, stale), fairshops.Conflict)
		kindIs(t, s.Update(ctx, &complaint.Macro{ID: "mac_nope", Title: "x", Body: "y", Version: 1}), fairshops.NotFound)

		kindIs(t, s.Delete(ctx, "mac_1", 1), fairshops.Conflict)
		require.NoError(t, s.Delete(ctx, "mac_1", 2))
		_, err = s.Get(ctx, "mac_1")
		kindIs(t, err, fairshops.NotFound)
		kindIs(t, s.Delete(ctx, "mac_1", 2), fairshops.NotFound)
	})
	t.Run("ListByTitle", func(t *testing.T) {
		s := newStore(t)
		list, err := s.List(ctx)
		require.NoError(t, err)
		require.Empty(t, list)
		for _, m := range []*complaint.Macro{macro("mac_b", "Zahlung"), macro("mac_a", "Antwort fehlt"), macro("mac_c", "Antwort fehlt")} {
			require.NoError(t, s.Create(ctx, m))
		}
		list, err = s.List(ctx)
		require.NoError(t, err)
		var ids []string
		for _, m := range list {
			ids = append(ids, m.ID)
		}
		require.Equal(t, []string{"mac_a", "mac_c", "mac_b"}, ids, "by title, then ID")
		list[0].Title = "changed"
		got, err := s.Get(ctx, "mac_a")
		require.NoError(t, err)
		require.Equal(t, "Antwort fehlt", got.Title, "no aliasing")
	})
	t.Run("Canceled", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, s.Create(cctx, macro("mac_x", "x")))
		_, err := s.List(cctx)
		require.Error(t, err)
	})
}
