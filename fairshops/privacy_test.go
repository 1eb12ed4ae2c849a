package fairshops_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	fs "github.com/fairshops/konfliktservice/fairshops"
)

// forbidden are the strings by which a purpose could leak.
var forbidden = []string{"purpose", string(fs.ExtraTrust), string(fs.NeededForStandard), "bonus_points", "criteria", "fulfilled"}

func requireNoPurpose(t *testing.T, what string, b []byte) {
	t.Helper()
	for _, f := range forbidden {
		require.NotContains(t, strings.ToLower(string(b)), f, "%s leaks %q: %s", what, f, b)
	}
}

// TestViewTypeHasNoPrivateField walks the public view type: no field may be
// of type Purpose or carry points or an assessment, at any depth.
func TestViewTypeHasNoPrivateField(t *testing.T) {
	var walk func(reflect.Type, string)
	seen := map[reflect.Type]bool{}
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if seen[typ] {
			return
		}
		seen[typ] = true
		require.NotEqual(t, reflect.TypeFor[fs.Purpose](), typ, "%s is a Purpose", path)
		require.NotEqual(t, reflect.TypeFor[fs.Booking](), typ, "%s holds bookings with their purpose", path)
		require.NotEqual(t, reflect.TypeFor[fs.Assessment](), typ, "%s holds an assessment", path)
		if typ.Kind() != reflect.Struct {
			return
		}
		for f := range typ.Fields() {
			name := strings.ToLower(f.Name)
			require.NotContains(t, name, "purpose", path+"."+f.Name)
			require.NotContains(t, name, "point", path+"."+f.Name)
			walk(f.Type, path+"."+f.Name)
		}
	}
	walk(reflect.TypeFor[fs.View](), "View")
}

func TestPublicOutputsCarryNoPurpose(t *testing.T) {
	ctx := context.Background()
	db := memory.New()
	clock := fs.NewManualClock(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
	reg, err := fs.NewRegistry(fs.RegistryConfig{Store: db.Shops(), Catalogue: fs.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)

	for i, purpose := range []fs.Purpose{fs.ExtraTrust, fs.NeededForStandard} {
		shop, err := reg.Register(ctx, fs.Shop{
			Name: fmt.Sprintf("Shop %d", i), Domain: "shop.example",
			Seal:      fs.Seal{Status: fs.Licensed},
			Fulfilled: []string{"must.payment_buyer_protection"},
			Bookings: []fs.Booking{{Module: fs.Streitmoderation, From: fs.MustDate("2026-01-01"), Purpose: purpose, MediationMode: fs.ConsumerMode},
				{Module: fs.Themenportal, From: fs.MustDate("2026-01-01"), Purpose: purpose}},
		})
		require.NoError(t, err)
		shop, err = reg.AddBooking(ctx, shop.ID, shop.Version, fs.Booking{Module: fs.Beschwerdeservice, From: fs.MustDate("2027-01-01"), Purpose: purpose})
		require.NoError(t, err)

		view, err := reg.View(ctx, shop.ID)
		require.NoError(t, err)
		b, err := json.Marshal(view)
		require.NoError(t, err)
		requireNoPurpose(t, "public view", b)
		require.Contains(t, string(b), `"mediation_mode":"consumer"`, "the mode is public")
	}
	events := db.Events()
	require.Len(t, events, 4)
	for _, ev := range events {
		b, err := json.Marshal(ev)
		require.NoError(t, err)
		requireNoPurpose(t, ev.Type+" event", b)
	}
}

// TestViewsOfBothPurposesAreEqual: two shops alike but for the purpose give
// the same public view, byte for byte.
func TestViewsOfBothPurposesAreEqual(t *testing.T) {
	mk := func(p fs.Purpose) []byte {
		s := fs.Shop{ID: "same", Name: "Same", Domain: "same.example", Seal: fs.Seal{Status: fs.Licensed},
			Bookings: []fs.Booking{{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-01-01"), Purpose: p}}}
		b, err := json.Marshal(s.View(fs.MustDate("2026-02-01")))
		require.NoError(t, err)
		return b
	}
	require.Equal(t, string(mk(fs.ExtraTrust)), string(mk(fs.NeededForStandard)))
}
