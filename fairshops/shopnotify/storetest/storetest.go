// Package storetest is the conformance suite of shopnotify.Store: every
// adapter (memory, SQLite, PostgreSQL) runs Run with its own store.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

var base = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

// Run runs the suite; newStore returns an empty store for each case, in
// which the shops "shop-a" and "shop-b" exist where the store needs them
// (SQL keys the settings to the shops table).
func Run(t *testing.T, newStore func(t *testing.T) shopnotify.Store) {
	ctx := context.Background()
	same := func(t *testing.T, want, got *shopnotify.Settings) {
		t.Helper()
		if d := cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond)); d != "" {
			t.Fatalf("settings differ (-want +got):\n%s", d)
		}
	}
	kindIs := func(t *testing.T, err error, k fairshops.Kind) {
		t.Helper()
		require.Error(t, err)
		require.Equal(t, k, fairshops.KindOf(err), "%v", err)
	}
	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Get(ctx, "shop-a")
		kindIs(t, err, fairshops.NotFound)
		st := &shopnotify.Settings{ShopID: "shop-a", Email: "service@shop-a.example",
			WebhookURL: "https://shop-a.example/hooks?x=1", Secret: "secret-one-0123456789",
			SecretSetAt: base, CreatedAt: base, UpdatedAt: base}
		require.NoError(t, s.Create(ctx, st))
		require.Equal(t, 1, st.Version)
		got, err := s.Get(ctx, "shop-a")
		require.NoError(t, err)
		same(t, st, got)
		kindIs(t, s.Create(ctx, &shopnotify.Settings{ShopID: "shop-a", CreatedAt: base, UpdatedAt: base}), fairshops.Conflict)

		// A rotation: the previous secret with its end, every field written.
		got.Previous, got.PreviousUntil = got.Secret, base.Add(24*time.Hour)
		got.Secret, got.SecretSetAt, got.UpdatedAt = "secret-two-0123456789", base.Add(time.Hour), base.Add(time.Hour)
		got.Email, got.WebhookURL = "", "https://new.example/h"
		require.NoError(t, s.Update(ctx, got))
		require.Equal(t, 2, got.Version)
		again, err := s.Get(ctx, "shop-a")
		require.NoError(t, err)
		same(t, got, again)

		// A reset clears the secrets and their times.
		again.Secret, again.Previous, again.PreviousUntil, again.SecretSetAt = "", "", time.Time{}, time.Time{}
		require.NoError(t, s.Update(ctx, again))
		cleared, err := s.Get(ctx, "shop-a")
		require.NoError(t, err)
		same(t, again, cleared)

		stale := *st
		stale.Version = 1
		kindIs(t, s.Update(ctx, &stale), fairshops.Conflict)
		kindIs(t, s.Update(ctx, &shopnotify.Settings{ShopID: "shop-b", Version: 1, UpdatedAt: base}), fairshops.NotFound)
	})
	t.Run("NoAliasing", func(t *testing.T) {
		s := newStore(t)
		st := &shopnotify.Settings{ShopID: "shop-b", Email: "a@b.example", CreatedAt: base, UpdatedAt: base}
		require.NoError(t, s.Create(ctx, st))
		st.Email = "changed@b.example"
		got, err := s.Get(ctx, "shop-b")
		require.NoError(t, err)
		require.Equal(t, "a@b.example", got.Email)
		got.Email = "again@b.example"
		got2, err := s.Get(ctx, "shop-b")
		require.NoError(t, err)
		require.Equal(t, "a@b.example", got2.Email)
	})
	t.Run("Canceled", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.Get(cctx, "shop-a")
		kindIs(t, err, fairshops.Canceled)
		kindIs(t, s.Create(cctx, &shopnotify.Settings{ShopID: "shop-a", CreatedAt: base, UpdatedAt: base}), fairshops.Canceled)
	})
}
