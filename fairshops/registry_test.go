package fairshops_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	fs "github.com/fairshops/konfliktservice/fairshops"
)

func newRegistry(t *testing.T) (*fs.Registry, *memory.DB, *fs.ManualClock) {
	t.Helper()
	db := memory.New()
	clock := fs.NewManualClock(time.Date(2026, 6, 15, 22, 30, 0, 0, time.UTC)) // already June 16 in Berlin
	reg, err := fs.NewRegistry(fs.RegistryConfig{Store: db.Shops(), Catalogue: fs.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	return reg, db, clock
}

func validShop(id string) fs.Shop {
	return fs.Shop{ID: id, Name: "Shop " + id, Domain: "shop.example", Seal: fs.Seal{Status: fs.Licensed},
		Fulfilled: []string{"must.hotline_hours"},
		Bookings:  []fs.Booking{{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-01-01"), Purpose: fs.ExtraTrust}}}
}

func TestNewRegistryNeedsStoreAndCatalogue(t *testing.T) {
	_, err := fs.NewRegistry(fs.RegistryConfig{})
	if d := cmp.Diff([]string{"Store: required", "Catalogue: required"}, fieldCodes(t, err)); d != "" {
		t.Fatal(d)
	}
}

func TestRegistryRegister(t *testing.T) {
	ctx := context.Background()
	reg, db, _ := newRegistry(t)
	require.Equal(t, "2026-06-16", reg.Today().String(), "today is read in Europe/Berlin")

	s, err := reg.Register(ctx, validShop("ok-shop"))
	require.NoError(t, err)
	require.Equal(t, 1, s.Version)

	gen, err := reg.Register(ctx, validShop(""))
	require.NoError(t, err)
	require.Regexp(t, `^s-[a-z2-7]{26}$`, gen.ID)

	_, err = reg.Register(ctx, validShop("ok-shop"))
	require.ErrorIs(t, err, fs.ErrConflict)

	_, err = reg.Register(ctx, validShop("Not A Slug"))
	require.Equal(t, []string{"id: invalid_format"}, fieldCodes(t, err))

	bad := validShop("bad")
	bad.Bookings = append(bad.Bookings, fs.Booking{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-03-01"), Purpose: fs.ExtraTrust})
	_, err = reg.Register(ctx, bad)
	require.Equal(t, []string{"bookings[1]: overlap"}, fieldCodes(t, err))
	_, err = reg.Shop(ctx, "bad")
	require.ErrorIs(t, err, fs.ErrNotFound, "nothing is stored for bad input")
	require.Len(t, db.Events(), 2, "one event per registered shop")
}

func TestRegistryUpdate(t *testing.T) {
	ctx := context.Background()
	reg, db, _ := newRegistry(t)
	s, err := reg.Register(ctx, validShop("upd"))
	require.NoError(t, err)

	s2, err := reg.AddBooking(ctx, "upd", s.Version, fs.Booking{Module: fs.Streitmoderation, From: fs.MustDate("2026-06-16"), Purpose: fs.NeededForStandard})
	require.NoError(t, err)
	require.Equal(t, 2, s2.Version)
	require.Equal(t, fs.ShopDiscretion, s2.Bookings[1].MediationMode, "the default mode is filled in")

	_, err = reg.SetFulfilled(ctx, "upd", s.Version, []string{"must.hotline_hours"})
	require.ErrorIs(t, err, fs.ErrConflict, "a stale version is refused")

	_, err = reg.SetFulfilled(ctx, "upd", s2.Version, []string{"must.nope"})
	require.Equal(t, []string{"fulfilled[0]: dangling"}, fieldCodes(t, err))

	_, err = reg.Update(ctx, "upd", s2.Version, func(s *fs.Shop) error { s.ID = "other"; return nil })
	require.Equal(t, []string{"id: not_allowed"}, fieldCodes(t, err))

	_, err = reg.Update(ctx, "missing", 1, func(*fs.Shop) error { return nil })
	require.ErrorIs(t, err, fs.ErrNotFound)

	a, err := reg.Assess(ctx, "upd", fs.Date{})
	require.NoError(t, err)
	require.Equal(t, 50, a.BonusPoints, "Streitmoderation from today counts under highest")
	e, err := reg.Entitlements(ctx, "upd", fs.MustDate("2026-06-15"))
	require.NoError(t, err)
	require.False(t, e.Mediates(), "not yet the day before")

	got, err := reg.Shop(ctx, "upd")
	require.NoError(t, err)
	require.Equal(t, 2, got.Version, "refused updates changed nothing")
	require.Len(t, db.Events(), 2)
	require.Equal(t, fs.EventShopChanged, db.Events()[1].Type)
}

func TestRegistryList(t *testing.T) {
	ctx := context.Background()
	reg, _, _ := newRegistry(t)
	for _, id := range []string{"c-shop", "a-shop", "b-shop"} {
		_, err := reg.Register(ctx, validShop(id))
		require.NoError(t, err)
	}
	page, err := reg.List(ctx, fs.ShopFilter{Limit: 2})
	require.NoError(t, err)
	require.Len(t, page, 2)
	require.Equal(t, "a-shop", page[0].ID)
	rest, err := reg.List(ctx, fs.ShopFilter{After: page[1].ID})
	require.NoError(t, err)
	require.Len(t, rest, 1)
	require.Equal(t, "c-shop", rest[0].ID)
}
