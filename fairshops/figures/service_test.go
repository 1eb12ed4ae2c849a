package figures_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/figures"
)

// newService is a figures service over a memory DB with the shop "shop-s".
func newService(t *testing.T) (*figures.Service, *fairshops.Registry) {
	t.Helper()
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(context.Background(), fairshops.Shop{ID: "shop-s", Name: "S", Domain: "s.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed}})
	require.NoError(t, err)
	svc, err := figures.NewService(figures.Config{Store: db.Figures(), Shops: reg})
	require.NoError(t, err)
	return svc, reg
}

func TestNewServiceNeedsParts(t *testing.T) {
	t.Parallel()
	_, err := figures.NewService(figures.Config{})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err))
}

func TestServiceAccess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, reg := newService(t)
	q := figures.LastMonths("shop-s", reg.Today(), 12)
	tests := []struct {
		name string
		p    fairshops.Principal
		shop string
		want fairshops.Kind
	}{
		{"the shop itself", fairshops.AsShop("shop-s"), "shop-s", 0},
		{"the operator", fairshops.AsOperator("anna"), "shop-s", 0},
		{"another shop", fairshops.AsShop("shop-t"), "shop-s", fairshops.NotFound},
		{"a consumer", fairshops.AsConsumer("tok"), "shop-s", fairshops.NotFound},
		{"an unknown shop", fairshops.AsOperator("anna"), "nope", fairshops.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := q
			q.ShopID = tt.shop
			rep, err := svc.Figures(ctx, tt.p, q)
			if tt.want != 0 {
				require.Equal(t, tt.want, fairshops.KindOf(err), "%v", err)
				return
			}
			require.NoError(t, err)
			require.False(t, rep.Public)
			require.Len(t, rep.Months, 12)
		})
	}
}

func TestServicePublicOptIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, reg := newService(t)
	q := figures.LastMonths("shop-s", reg.Today(), 3)
	_, err := svc.Public(ctx, q)
	require.True(t, errors.Is(err, fairshops.ErrNotFound), "off by default: %v", err)

	_, err = svc.SetPublic(ctx, fairshops.AsOperator("anna"), "shop-s", true)
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err), "only the shop decides")
	_, err = svc.SetPublic(ctx, fairshops.AsShop("shop-t"), "shop-s", true)
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))

	changes := reg.Changes()
	sh, err := svc.SetPublic(ctx, fairshops.AsShop("shop-s"), "shop-s", true)
	require.NoError(t, err)
	require.True(t, sh.PublicFigures)
	require.Greater(t, reg.Changes(), changes, "a change of the shop: the public view's cache sees it")
	rep, err := svc.Public(ctx, q)
	require.NoError(t, err)
	require.True(t, rep.Public)
	for _, m := range rep.Months {
		require.True(t, m.Withheld, "no complaints: every month withheld from the public")
	}

	_, err = svc.SetPublic(ctx, fairshops.AsShop("shop-s"), "shop-s", false)
	require.NoError(t, err)
	_, err = svc.Public(ctx, q)
	require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
}

func TestServiceSetOrders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, reg := newService(t)
	d := fairshops.MustDate
	tests := []struct {
		name   string
		p      fairshops.Principal
		month  fairshops.Date
		orders int
		kind   fairshops.Kind
		fields []string
	}{
		{"the shop", fairshops.AsShop("shop-s"), d("2026-11-03"), 1500, 0, nil},
		{"the operator", fairshops.AsOperator("anna"), d("2026-10-01"), 0, 0, nil},
		{"another shop", fairshops.AsShop("shop-t"), d("2026-11-01"), 1, fairshops.NotFound, nil},
		{"negative and future", fairshops.AsShop("shop-s"), d("2026-12-01"), -1, fairshops.Invalid, []string{"month", "orders"}},
		{"no month", fairshops.AsShop("shop-s"), fairshops.Date{}, 1, fairshops.Invalid, []string{"month"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := svc.SetOrders(ctx, tt.p, "shop-s", tt.month, tt.orders)
			if tt.kind == 0 {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.kind, fairshops.KindOf(err), "%v", err)
			var ve *fairshops.ValidationError
			if len(tt.fields) > 0 {
				require.True(t, errors.As(err, &ve), "%v", err)
				var got []string
				for _, f := range ve.Fields {
					got = append(got, f.Field)
				}
				require.ElementsMatch(t, tt.fields, got)
			}
		})
	}
	rep, err := svc.Figures(ctx, fairshops.AsShop("shop-s"), figures.LastMonths("shop-s", reg.Today(), 2))
	require.NoError(t, err)
	require.Equal(t, 0, *rep.Months[0].Orders)
	require.Equal(t, 1500, *rep.Months[1].Orders)
}

func TestServiceQueryChecked(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	d := fairshops.MustDate
	for name, q := range map[string]figures.Query{
		"no from":  {ShopID: "shop-s", To: d("2026-11-01")},
		"no to":    {ShopID: "shop-s", From: d("2026-11-01")},
		"reversed": {ShopID: "shop-s", From: d("2026-11-01"), To: d("2026-10-01")},
		"too long": {ShopID: "shop-s", From: d("2020-01-01"), To: d("2026-10-01")},
	} {
		_, err := svc.Figures(context.Background(), fairshops.AsShop("shop-s"), q)
		require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), name)
	}
}
