package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
)

// RunShopReads is the conformance suite of complaint.ShopReads.
func RunShopReads(t *testing.T, newStore func(t *testing.T) complaint.ShopReads) {
	ctx := context.Background()
	t.Run("MarkAndRead", func(t *testing.T) {
		s := newStore(t)
		got, err := s.ReadAt(ctx, []string{"c_1", "c_2"})
		require.NoError(t, err)
		require.Empty(t, got)
		require.NoError(t, s.MarkRead(ctx, "c_1", base))
		require.NoError(t, s.MarkRead(ctx, "c_2", base.Add(time.Hour)))
		require.NoError(t, s.MarkRead(ctx, "c_1", base.Add(2*time.Hour)))
		require.NoError(t, s.MarkRead(ctx, "c_1", base.Add(time.Minute)), "an older mark changes nothing")
		got, err = s.ReadAt(ctx, []string{"c_1", "c_2", "c_3"})
		require.NoError(t, err)
		require.Len(t, got, 2)
		require.WithinDuration(t, base.Add(2*time.Hour), got["c_1"], time.Microsecond)
		require.WithinDuration(t, base.Add(time.Hour), got["c_2"], time.Microsecond)
		got, err = s.ReadAt(ctx, nil)
		require.NoError(t, err)
		require.Empty(t, got)
	})
	t.Run("Canceled", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, s.MarkRead(cctx, "c_1", base))
		_, err := s.ReadAt(cctx, []string{"c_1"})
		require.Error(t, err)
	})
}
