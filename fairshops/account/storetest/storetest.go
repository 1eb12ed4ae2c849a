// Package storetest is the conformance suite for the account ports
// (account.Accounts, account.APIKeys, account.Sessions, account.Tokens,
// account.Throttles): every adapter runs
// Run with a function that opens empty stores.
package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// Stores are the three account ports of one empty database.
type Stores struct {
	Accounts account.Accounts
	APIKeys  account.APIKeys
	Sessions account.Sessions
	// Tokens and Throttles are run when set (links.go).
	Tokens    account.Tokens
	Throttles account.Throttles
}

// Run runs the suite; newStore must return empty stores each call.
func Run(t *testing.T, newStore func(t *testing.T) Stores) {
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, newStore(t)) })
	t.Run("APIKeys", func(t *testing.T) { testAPIKeys(t, newStore(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, newStore(t)) })
	t.Run("ConcurrentLogins", func(t *testing.T) { testConcurrentCreate(t, newStore(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newStore(t)) })
	runLinks(t, newStore)
}

var at = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

var timeOpt = cmpopts.EquateApproxTime(time.Microsecond)

func testAccounts(t *testing.T, s Stores) {
	ctx := context.Background()
	a := &account.Account{ID: "acct_1", Login: "anna", Role: account.Operator, PasswordHash: "$2a$04$hash", CreatedAt: at}
	require.NoError(t, s.Accounts.Create(ctx, a))
	got, err := s.Accounts.ByLogin(ctx, "anna")
	require.NoError(t, err)
	if d := cmp.Diff(a, got, timeOpt); d != "" {
		t.Fatalf("account differs (-want +got):\n%s", d)
	}
	shop := &account.Account{ID: "acct_2", Login: "mein-shop", Role: account.Shop, ShopID: "mein-shop", PasswordHash: "h", Disabled: true, CreatedAt: at}
	require.NoError(t, s.Accounts.Create(ctx, shop))
	got, err = s.Accounts.ByLogin(ctx, "mein-shop")
	require.NoError(t, err)
	if d := cmp.Diff(shop, got, timeOpt); d != "" {
		t.Fatalf("shop account differs (-want +got):\n%s", d)
	}
	err = s.Accounts.Create(ctx, &account.Account{ID: "acct_3", Login: "anna", Role: account.Operator, PasswordHash: "x", CreatedAt: at})
	require.ErrorIs(t, err, fairshops.ErrConflict, "a login is unique")
	err = s.Accounts.Create(ctx, &account.Account{ID: "acct_1", Login: "other", Role: account.Operator, PasswordHash: "x", CreatedAt: at})
	require.ErrorIs(t, err, fairshops.ErrConflict, "an ID is unique")
	_, err = s.Accounts.ByLogin(ctx, "other")
	require.ErrorIs(t, err, fairshops.ErrNotFound, "a clash stores nothing")
}

func testAPIKeys(t *testing.T, s Stores) {
	ctx := context.Background()
	k1 := &account.APIKey{ID: "key_1", ShopID: "shop-a", Label: "ERP", Hash: "aa11", CreatedAt: at}
	k2 := &account.APIKey{ID: "key_2", ShopID: "shop-a", Label: "", Hash: "bb22", CreatedAt: at.Add(time.Minute)}
	k3 := &account.APIKey{ID: "key_3", ShopID: "shop-b", Label: "x", Hash: "cc33", CreatedAt: at}
	for _, k := range []*account.APIKey{k2, k1, k3} {
		require.NoError(t, s.APIKeys.Create(ctx, k))
	}
	require.ErrorIs(t, s.APIKeys.Create(ctx, &account.APIKey{ID: "key_9", ShopID: "shop-a", Hash: "aa11", CreatedAt: at}), fairshops.ErrConflict)
	got, err := s.APIKeys.ByHash(ctx, "aa11")
	require.NoError(t, err)
	if d := cmp.Diff(k1, got, timeOpt); d != "" {
		t.Fatalf("key differs (-want +got):\n%s", d)
	}
	_, err = s.APIKeys.ByHash(ctx, "ffff")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	list, err := s.APIKeys.List(ctx, account.KeyFilter{ShopID: "shop-a"})
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "key_1", list[0].ID, "oldest first")
	page, err := s.APIKeys.List(ctx, account.KeyFilter{ShopID: "shop-a", Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"key_1"}, keyIDs(page), "a page holds at most Limit keys")
	page, err = s.APIKeys.List(ctx, account.KeyFilter{ShopID: "shop-a", After: "key_1", Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"key_2"}, keyIDs(page), "the next page starts after the cursor")
	page, err = s.APIKeys.List(ctx, account.KeyFilter{ShopID: "shop-a", After: "key_2"})
	require.NoError(t, err)
	require.Empty(t, page, "after the last key")
	_, err = s.APIKeys.List(ctx, account.KeyFilter{ShopID: "shop-a", After: "key_unknown"})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), "an unknown cursor is invalid: %v", err)
	require.ErrorIs(t, s.APIKeys.Revoke(ctx, "shop-b", "key_1", at), fairshops.ErrNotFound, "a shop revokes only its own keys")
	require.NoError(t, s.APIKeys.Revoke(ctx, "shop-a", "key_1", at.Add(time.Hour)))
	got, err = s.APIKeys.ByHash(ctx, "aa11")
	require.NoError(t, err)
	require.WithinDuration(t, at.Add(time.Hour), got.RevokedAt, time.Microsecond)
}

func testSessions(t *testing.T, s Stores) {
	ctx := context.Background()
	live := &account.Session{Hash: "s1", AccountID: "acct_1", Login: "anna", Role: account.Operator, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	old := &account.Session{Hash: "s2", AccountID: "acct_2", Login: "mein-shop", Role: account.Shop, ShopID: "mein-shop", CreatedAt: at, ExpiresAt: at.Add(-time.Minute)}
	require.NoError(t, s.Sessions.Create(ctx, live))
	require.NoError(t, s.Sessions.Create(ctx, old))
	require.ErrorIs(t, s.Sessions.Create(ctx, live), fairshops.ErrConflict)
	got, err := s.Sessions.Get(ctx, "s2")
	require.NoError(t, err)
	if d := cmp.Diff(old, got, timeOpt); d != "" {
		t.Fatalf("session differs (-want +got):\n%s", d)
	}
	n, err := s.Sessions.DeleteExpired(ctx, at)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = s.Sessions.Get(ctx, "s2")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	require.NoError(t, s.Sessions.Delete(ctx, "s1"))
	require.NoError(t, s.Sessions.Delete(ctx, "s1"), "deleting twice is fine")
	_, err = s.Sessions.Get(ctx, "s1")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
}

func testConcurrentCreate(t *testing.T, s Stores) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Accounts.Create(ctx, &account.Account{ID: fairshops.NewID("acct"), Login: "same", Role: account.Operator, PasswordHash: "h", CreatedAt: at})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			require.ErrorIs(t, err, fairshops.ErrConflict)
		}
	}
	require.Equal(t, 1, ok, "one login, one account")
}

func testCanceled(t *testing.T, s Stores) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.Error(t, s.Accounts.Create(ctx, &account.Account{ID: "acct_x", Login: "x1", Role: account.Operator, PasswordHash: "h", CreatedAt: at}))
	_, err := s.Accounts.ByLogin(context.Background(), "x1")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
}

func keyIDs(keys []*account.APIKey) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.ID)
	}
	return out
}
