package shopnotify_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

var start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

type shops map[string]bool

func (s shops) Shop(_ context.Context, id string) (*fairshops.Shop, error) {
	if !s[id] {
		return nil, fairshops.E("test", fairshops.NotFound, id, "", nil)
	}
	return &fairshops.Shop{ID: id}, nil
}

func newService(t *testing.T, check func(string) error) (*shopnotify.Service, *fairshops.ManualClock) {
	t.Helper()
	clock := fairshops.NewManualClock(start)
	s, err := shopnotify.NewService(shopnotify.Config{Store: memory.New().NotifySettings(),
		Shops: shops{"shop-a": true, "shop-b": true}, Clock: clock, CheckURL: check})
	require.NoError(t, err)
	return s, clock
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestSetChecksEveryField(t *testing.T) {
	guard := func(raw string) error {
		if raw == "https://10.0.0.1/h" {
			return errors.New("not public")
		}
		return nil
	}
	s, _ := newService(t, guard)
	ctx := context.Background()
	shop := fairshops.AsShop("shop-a")
	for _, tc := range []struct {
		name string
		in   shopnotify.Change
		want map[string]string
	}{
		{"bad email and url", shopnotify.Change{Email: "Shop <a@b.example>", WebhookURL: "ftp://x.example/"},
			map[string]string{"email": fairshops.ReasonInvalidEmail, "webhook_url": fairshops.ReasonInvalidFormat}},
		{"credentials", shopnotify.Change{WebhookURL: "https://user:pw@x.example/"}, map[string]string{"webhook_url": fairshops.ReasonInvalidFormat}},
		{"no host", shopnotify.Change{WebhookURL: "https:///path"}, map[string]string{"webhook_url": fairshops.ReasonInvalidFormat}},
		{"private address", shopnotify.Change{WebhookURL: "https://10.0.0.1/h"}, map[string]string{"webhook_url": fairshops.ReasonNotAllowedHere}},
		{"too long", shopnotify.Change{WebhookURL: "https://x.example/" + string(bytes.Repeat([]byte("a"), shopnotify.MaxURL))},
			map[string]string{"webhook_url": fairshops.ReasonTooLong}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Set(ctx, shop, "shop-a", 0, tc.in)
			require.Equal(t, tc.want, fields(t, err))
			v, err := s.Get(ctx, shop, "shop-a")
			require.NoError(t, err)
			require.Equal(t, 0, v.Version, "no partial write")
		})
	}
}

func TestSetRoundTripAndAccess(t *testing.T) {
	s, _ := newService(t, nil)
	ctx := context.Background()
	shop := fairshops.AsShop("shop-a")
	v, err := s.Set(ctx, shop, "shop-a", 0, shopnotify.Change{Email: "service@a.example", WebhookURL: "https://a.example/hooks"})
	require.NoError(t, err)
	require.Equal(t, 1, v.Version)
	got, err := s.Get(ctx, fairshops.AsOperator("op"), "shop-a")
	require.NoError(t, err)
	require.Equal(t, v, got)
	_, err = s.Set(ctx, shop, "shop-a", 0, shopnotify.Change{})
	require.ErrorIs(t, err, fairshops.ErrConflict)
	_, err = s.Get(ctx, fairshops.AsShop("shop-b"), "shop-a")
	require.ErrorIs(t, err, fairshops.ErrForbidden)
	_, err = s.Get(ctx, fairshops.AsOperator("op"), "nope")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	tg, err := s.Targets(ctx, "shop-a")
	require.NoError(t, err)
	require.Equal(t, shopnotify.Targets{Email: "service@a.example", WebhookURL: "https://a.example/hooks"}, tg)
}

// A rotation keeps the previous secret signing for the grace period, then
// only the new one; a reset revokes both at once.
func TestRotateGraceAndReset(t *testing.T) {
	s, clock := newService(t, nil)
	ctx := context.Background()
	shop := fairshops.AsShop("shop-a")
	_, _, err := s.Rotate(ctx, fairshops.AsOperator("op"), "shop-a", 0)
	require.ErrorIs(t, err, fairshops.ErrForbidden, "the operator never sees a secret")

	v, first, err := s.Rotate(ctx, shop, "shop-a", 0)
	require.NoError(t, err)
	require.True(t, v.SecretSet)
	require.True(t, v.PreviousUntil.IsZero(), "nothing to keep on the first secret")
	require.Len(t, first.Reveal(), 52)
	tg, err := s.Targets(ctx, "shop-a")
	require.NoError(t, err)
	require.Equal(t, []fairshops.Token{first}, tg.Secrets)

	clock.Advance(time.Hour)
	v, second, err := s.Rotate(ctx, shop, "shop-a", v.Version)
	require.NoError(t, err)
	require.NotEqual(t, first, second)
	require.Equal(t, start.Add(time.Hour+shopnotify.DefaultGrace), v.PreviousUntil)
	tg, _ = s.Targets(ctx, "shop-a")
	require.Equal(t, []fairshops.Token{second, first}, tg.Secrets, "both sign during the grace")

	clock.Advance(shopnotify.DefaultGrace - time.Second)
	tg, _ = s.Targets(ctx, "shop-a")
	require.Len(t, tg.Secrets, 2)
	clock.Advance(time.Second)
	tg, _ = s.Targets(ctx, "shop-a")
	require.Equal(t, []fairshops.Token{second}, tg.Secrets, "the grace is over")
	got, _ := s.Get(ctx, shop, "shop-a")
	require.True(t, got.PreviousUntil.IsZero())

	v, err = s.Reset(ctx, fairshops.AsOperator("op"), "shop-a", got.Version)
	require.NoError(t, err)
	require.False(t, v.SecretSet)
	tg, _ = s.Targets(ctx, "shop-a")
	require.Empty(t, tg.Secrets)
}

func TestSeedOnlyWhenNone(t *testing.T) {
	s, _ := newService(t, nil)
	ctx := context.Background()
	ok, err := s.Seed(ctx, "shop-a", shopnotify.Change{Email: "a@a.example", WebhookURL: "https://a.example/h"}, "0123456789abcdef")
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = s.Seed(ctx, "shop-a", shopnotify.Change{Email: "other@a.example"}, "")
	require.NoError(t, err)
	require.False(t, ok, "the store is the truth once seeded")
	tg, _ := s.Targets(ctx, "shop-a")
	require.Equal(t, "a@a.example", tg.Email)
	require.Equal(t, []fairshops.Token{"0123456789abcdef"}, tg.Secrets)
	_, err = s.Seed(ctx, "shop-b", shopnotify.Change{}, "short")
	require.Equal(t, map[string]string{"secret": fairshops.ReasonTooSmall}, fields(t, err))
}

func TestNewServiceRequires(t *testing.T) {
	_, err := shopnotify.NewService(shopnotify.Config{})
	require.Equal(t, map[string]string{"Store": fairshops.ReasonRequired, "Shops": fairshops.ReasonRequired}, fields(t, err))
}
