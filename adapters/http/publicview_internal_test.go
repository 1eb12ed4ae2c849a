package http

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestViewCacheBounded: the cache holds at most its size, dropping the
// least recently used entry first.
func TestViewCacheBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	for i := range 5 {
		_, err := reg.Register(ctx, fairshops.Shop{ID: fmt.Sprintf("shop-%d", i), Name: "S", Domain: "s.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed}})
		require.NoError(t, err)
	}
	c := newViewCache(3, time.Second)
	now := clock.Now()
	for _, id := range []string{"shop-0", "shop-1", "shop-2", "shop-0", "shop-3", "shop-4"} {
		_, err := c.view(ctx, reg, now, id)
		require.NoError(t, err)
	}
	require.Equal(t, 3, c.len())
	for id, kept := range map[string]bool{"shop-0": true, "shop-1": false, "shop-2": false, "shop-3": true, "shop-4": true} {
		_, ok := c.items[viewKey{shop: id, day: reg.Today()}]
		require.Equal(t, kept, ok, id)
	}
	// A fresh entry is the same read; an unknown shop is no entry.
	e1, _ := c.view(ctx, reg, now, "shop-4")
	e2, _ := c.view(ctx, reg, now, "shop-4")
	require.Same(t, e1, e2)
	_, err = c.view(ctx, reg, now, "nope")
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
	require.Equal(t, 3, c.len())
}

// TestViewCacheConcurrent: readers and a writer at once (run with -race);
// after the writer's last change every reader sees it.
func TestViewCacheConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New().Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(ctx, fairshops.Shop{ID: "shop-0", Name: "S", Domain: "s.example", Seal: fairshops.Seal{Status: fairshops.Licensed}})
	require.NoError(t, err)
	c := newViewCache(2, time.Second)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				e, err := c.view(ctx, reg, clock.Now(), "shop-0")
				if err != nil || len(e.body) == 0 {
					t.Errorf("view: %v", err)
					return
				}
			}
		}()
	}
	for i := range 20 {
		s, err := reg.Shop(ctx, "shop-0")
		require.NoError(t, err)
		_, err = reg.Update(ctx, "shop-0", s.Version, func(s *fairshops.Shop) error { s.Name = fmt.Sprintf("S%d", i); return nil })
		require.NoError(t, err)
	}
	wg.Wait()
	e, err := c.view(ctx, reg, clock.Now(), "shop-0")
	require.NoError(t, err)
	require.Equal(t, "S19", e.view.Name)
}
