package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// settingsFixture is the demo shops with the notification settings on the
// memory store, and webhooks that read them through storeTargets.
func settingsFixture(t *testing.T) (*shopnotify.Service, *notify.Webhooks) {
	t.Helper()
	db := memory.New()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	require.NoError(t, err)
	require.NoError(t, ensureDemoShops(context.Background(), reg))
	hooks := &notify.Webhooks{AllowHTTP: true, AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"),
		netip.MustParsePrefix("::1/128")}}
	s, err := shopnotify.NewService(shopnotify.Config{Store: db.NotifySettings(), Shops: reg, CheckURL: hooks.CheckURL})
	require.NoError(t, err)
	hooks.Endpoints = storeTargets{s}
	return s, hooks
}

// The relay's webhooks read the shop's URL when they send: a change the
// shop makes reaches the next delivery without a restart.
func TestWebhooksFollowAChangedURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, hooks := settingsFixture(t)
	hits := map[string]int{}
	handler := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hits[name]++ // the client waits for the answer: no race
			w.WriteHeader(http.StatusNoContent)
		}
	}
	a, b := httptest.NewServer(handler("a")), httptest.NewServer(handler("b"))
	defer a.Close()
	defer b.Close()
	shop := fairshops.AsShop(demoShopID)
	ev := fairshops.Event{ID: "ev_1", Type: "complaint.forwarded", ShopID: demoShopID}

	require.NoError(t, hooks.Notify(ctx, ev), "no settings: nothing to deliver")
	v, err := s.Set(ctx, shop, demoShopID, 0, shopnotify.Change{WebhookURL: a.URL + "/h"})
	require.NoError(t, err)
	require.NoError(t, hooks.Notify(ctx, ev))
	require.Empty(t, hits, "no secret yet: no webhook")

	v, _, err = s.Rotate(ctx, shop, demoShopID, v.Version)
	require.NoError(t, err)
	require.NoError(t, hooks.Notify(ctx, ev))
	v, err = s.Set(ctx, shop, demoShopID, v.Version, shopnotify.Change{WebhookURL: b.URL + "/h"})
	require.NoError(t, err)
	require.NoError(t, hooks.Notify(ctx, ev))
	require.Equal(t, map[string]int{"a": 1, "b": 1}, hits)

	_, err = s.Reset(ctx, fairshops.AsOperator("op"), demoShopID, v.Version)
	require.NoError(t, err)
	require.NoError(t, hooks.Notify(ctx, ev))
	require.Equal(t, map[string]int{"a": 1, "b": 1}, hits, "a revoked secret stops the webhooks")
}

// The -webhooks file seeds the settings of shops that have none; shops
// with settings keep theirs, unknown shops are skipped, and an address
// the guard refuses stops the start.
func TestSeedNotifySettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := settingsFixture(t)
	dir := t.TempDir()
	write := func(body string) config {
		path := filepath.Join(dir, "shops.json")
		require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
		return config{webhooks: path, webhooksHTTP: true}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := write(`{"demo-shop": {"url": "https://demo.example/h", "secret": "0123456789abcdef", "email": "s@demo.example"},
		"nobody": {"email": "x@example.org"}}`)
	require.NoError(t, seedNotifySettings(ctx, cfg, s, log))
	tg, err := s.Targets(ctx, demoShopID)
	require.NoError(t, err)
	require.Equal(t, "https://demo.example/h", tg.WebhookURL)
	require.Equal(t, []fairshops.Token{"0123456789abcdef"}, tg.Secrets)

	// Edited in the store: a later start with another file changes nothing.
	v, err := s.Get(ctx, fairshops.AsShop(demoShopID), demoShopID)
	require.NoError(t, err)
	_, err = s.Set(ctx, fairshops.AsShop(demoShopID), demoShopID, v.Version, shopnotify.Change{Email: "new@demo.example"})
	require.NoError(t, err)
	require.NoError(t, seedNotifySettings(ctx, write(`{"demo-shop": {"email": "file@demo.example"}}`), s, log))
	tg, _ = s.Targets(ctx, demoShopID)
	require.Equal(t, "new@demo.example", tg.Email)

	err = seedNotifySettings(ctx, write(`{"beispiel-laden": {"url": "https://10.0.0.1/h", "secret": "0123456789abcdef"}}`), s, log)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}
