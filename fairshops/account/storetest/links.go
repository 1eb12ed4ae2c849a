package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// The cases of the ports added for invitations, resets and throttling
// (issue 14, item 1): accounts read by ID, updated and listed; sessions
// counted and ended per account; one-time tokens; failed logins.
func runLinks(t *testing.T, newStore func(t *testing.T) Stores) {
	t.Run("AccountsGetUpdateList", func(t *testing.T) { testAccountUpdate(t, newStore(t)) })
	t.Run("SessionsByAccount", func(t *testing.T) { testSessionsByAccount(t, newStore(t)) })
	t.Run("Tokens", func(t *testing.T) { testTokens(t, needTokens(t, newStore(t))) })
	t.Run("TokensList", func(t *testing.T) { testTokensList(t, needTokens(t, newStore(t))) })
	t.Run("TokenConcurrentUse", func(t *testing.T) { testTokenConcurrentUse(t, needTokens(t, newStore(t))) })
	t.Run("Throttles", func(t *testing.T) {
		s := newStore(t)
		if s.Throttles == nil {
			t.Skip("no Throttles")
		}
		testThrottles(t, s)
	})
}

func needTokens(t *testing.T, s Stores) Stores {
	t.Helper()
	if s.Tokens == nil {
		t.Skip("no Tokens")
	}
	return s
}

func testAccountUpdate(t *testing.T, s Stores) {
	ctx := context.Background()
	a := &account.Account{ID: "acct_1", Login: "anna", Role: account.Operator, Email: "anna@example.org", PasswordHash: "h1", CreatedAt: at}
	b := &account.Account{ID: "acct_2", Login: "mein-shop", Role: account.Shop, ShopID: "mein-shop", PasswordHash: "h2", CreatedAt: at}
	require.NoError(t, s.Accounts.Create(ctx, b))
	require.NoError(t, s.Accounts.Create(ctx, a))
	got, err := s.Accounts.Get(ctx, "acct_1")
	require.NoError(t, err)
	if d := cmp.Diff(a, got, timeOpt); d != "" {
		t.Fatalf("account differs (-want +got):\n%s", d)
	}
	_, err = s.Accounts.Get(ctx, "acct_9")
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	changed := *a
	changed.Email, changed.PasswordHash, changed.Disabled = "new@example.org", "h3", true
	changed.Login, changed.Role = "other", account.Shop // never changed by Update
	require.NoError(t, s.Accounts.Update(ctx, &changed))
	got, err = s.Accounts.Get(ctx, "acct_1")
	require.NoError(t, err)
	want := *a
	want.Email, want.PasswordHash, want.Disabled = "new@example.org", "h3", true
	if d := cmp.Diff(&want, got, timeOpt); d != "" {
		t.Fatalf("updated account differs (-want +got):\n%s", d)
	}
	require.ErrorIs(t, s.Accounts.Update(ctx, &account.Account{ID: "acct_9"}), fairshops.ErrNotFound)

	all, err := s.Accounts.List(ctx, account.AccountFilter{})
	require.NoError(t, err)
	require.Equal(t, []string{"acct_1", "acct_2"}, accountIDs(all), "ordered by ID")
	page, err := s.Accounts.List(ctx, account.AccountFilter{After: "acct_1", Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"acct_2"}, accountIDs(page))
	_, err = s.Accounts.List(ctx, account.AccountFilter{After: "acct_unknown"})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), "an unknown cursor is invalid: %v", err)
}

func testSessionsByAccount(t *testing.T, s Stores) {
	ctx := context.Background()
	for i, sess := range []*account.Session{
		{Hash: "s1", AccountID: "acct_1", Login: "anna", Role: account.Operator, CreatedAt: at, ExpiresAt: at.Add(time.Hour)},
		{Hash: "s2", AccountID: "acct_1", Login: "anna", Role: account.Operator, CreatedAt: at, ExpiresAt: at.Add(2 * time.Hour)},
		{Hash: "s3", AccountID: "acct_1", Login: "anna", Role: account.Operator, CreatedAt: at, ExpiresAt: at.Add(-time.Minute)},
		{Hash: "s4", AccountID: "acct_2", Login: "bert", Role: account.Operator, CreatedAt: at, ExpiresAt: at.Add(time.Hour)},
	} {
		require.NoError(t, s.Sessions.Create(ctx, sess), i)
	}
	n, err := s.Sessions.CountByAccount(ctx, "acct_1", at)
	require.NoError(t, err)
	require.Equal(t, 2, n, "expired sessions do not count")
	n, err = s.Sessions.DeleteByAccount(ctx, "acct_1")
	require.NoError(t, err)
	require.Equal(t, 3, n, "every session of the account, expired or not")
	_, err = s.Sessions.Get(ctx, "s2")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = s.Sessions.Get(ctx, "s4")
	require.NoError(t, err, "another account's session stays")
	n, err = s.Sessions.CountByAccount(ctx, "acct_1", at)
	require.NoError(t, err)
	require.Zero(t, n)
}

func invitation(id, hash string, expires time.Time) *account.OneTimeToken {
	return &account.OneTimeToken{ID: id, Hash: hash, Purpose: account.Invitation, Login: "neu-" + id[len(id)-1:],
		Role: account.Shop, ShopID: "mein-shop", Email: "neu@example.org", Lang: fairshops.German, CreatedBy: "anna",
		CreatedAt: at, ExpiresAt: expires}
}

func testTokens(t *testing.T, s Stores) {
	ctx := context.Background()
	inv := invitation("inv_1", "aa11", at.Add(time.Hour))
	reset := &account.OneTimeToken{ID: "rst_1", Hash: "bb22", Purpose: account.Reset, AccountID: "acct_1", Login: "anna",
		Role: account.Operator, Email: "anna@example.org", Lang: fairshops.English, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	require.NoError(t, s.Tokens.Create(ctx, inv))
	require.NoError(t, s.Tokens.Create(ctx, reset))
	require.ErrorIs(t, s.Tokens.Create(ctx, invitation("inv_2", "aa11", at)), fairshops.ErrConflict, "a hash is unique")
	require.ErrorIs(t, s.Tokens.Create(ctx, invitation("inv_1", "cc33", at)), fairshops.ErrConflict, "an ID is unique")

	got, err := s.Tokens.ByHash(ctx, "bb22")
	require.NoError(t, err)
	if d := cmp.Diff(reset, got, timeOpt); d != "" {
		t.Fatalf("token differs (-want +got):\n%s", d)
	}
	_, err = s.Tokens.ByHash(ctx, "ffff")
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	_, err = s.Tokens.Use(ctx, "aa11", at.Add(time.Hour))
	require.ErrorIs(t, err, fairshops.ErrNotFound, "a token is not used at or after its expiry")
	used, err := s.Tokens.Use(ctx, "aa11", at.Add(time.Minute))
	require.NoError(t, err)
	require.WithinDuration(t, at.Add(time.Minute), used.UsedAt, time.Microsecond)
	require.Equal(t, "inv_1", used.ID)
	_, err = s.Tokens.Use(ctx, "aa11", at.Add(2*time.Minute))
	require.ErrorIs(t, err, fairshops.ErrNotFound, "a token is used once")
	got, err = s.Tokens.ByHash(ctx, "aa11")
	require.NoError(t, err)
	require.WithinDuration(t, at.Add(time.Minute), got.UsedAt, time.Microsecond, "the first use stays")
	_, err = s.Tokens.Use(ctx, "ffff", at)
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	require.NoError(t, s.Tokens.Delete(ctx, "rst_1"))
	require.ErrorIs(t, s.Tokens.Delete(ctx, "rst_1"), fairshops.ErrNotFound)
	_, err = s.Tokens.Use(ctx, "bb22", at)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "a deleted token is gone")

	require.NoError(t, s.Tokens.Create(ctx, invitation("inv_3", "dd44", at.Add(-time.Minute))))
	n, err := s.Tokens.DeleteExpired(ctx, at)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = s.Tokens.ByHash(ctx, "dd44")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = s.Tokens.ByHash(ctx, "aa11")
	require.NoError(t, err, "a used token stays until it expires")
}

func testTokensList(t *testing.T, s Stores) {
	ctx := context.Background()
	open1 := invitation("inv_1", "h1", at.Add(time.Hour))
	used := invitation("inv_2", "h2", at.Add(time.Hour))
	expired := invitation("inv_3", "h3", at)
	open4 := invitation("inv_4", "h4", at.Add(time.Hour))
	reset := &account.OneTimeToken{ID: "rst_5", Hash: "h5", Purpose: account.Reset, AccountID: "acct_1", Login: "anna",
		Role: account.Operator, Email: "a@example.org", Lang: fairshops.German, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	for _, tok := range []*account.OneTimeToken{open4, reset, expired, used, open1} {
		require.NoError(t, s.Tokens.Create(ctx, tok))
	}
	_, err := s.Tokens.Use(ctx, "h2", at.Add(-time.Minute))
	require.NoError(t, err)

	all, err := s.Tokens.List(ctx, account.TokenFilter{})
	require.NoError(t, err)
	require.Equal(t, []string{"inv_1", "inv_2", "inv_3", "inv_4", "rst_5"}, tokenIDs(all), "every token, by ID")
	open, err := s.Tokens.List(ctx, account.TokenFilter{Purpose: account.Invitation, OpenAt: at})
	require.NoError(t, err)
	require.Equal(t, []string{"inv_1", "inv_4"}, tokenIDs(open), "open invitations: unused, not expired")
	page, err := s.Tokens.List(ctx, account.TokenFilter{Purpose: account.Invitation, OpenAt: at, After: "inv_1", Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"inv_4"}, tokenIDs(page))
	page, err = s.Tokens.List(ctx, account.TokenFilter{Purpose: account.Invitation, OpenAt: at, Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"inv_1"}, tokenIDs(page), "a page holds at most Limit tokens")
	_, err = s.Tokens.List(ctx, account.TokenFilter{After: "inv_unknown"})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), "an unknown cursor is invalid: %v", err)
}

// Two requests with the same link at once: exactly one uses it.
func testTokenConcurrentUse(t *testing.T, s Stores) {
	ctx := context.Background()
	require.NoError(t, s.Tokens.Create(ctx, invitation("inv_1", "aa11", at.Add(time.Hour))))
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Tokens.Use(ctx, "aa11", at)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			require.ErrorIs(t, err, fairshops.ErrNotFound)
		}
	}
	require.Equal(t, 1, ok, "one link, one use")
}

func testThrottles(t *testing.T, s Stores) {
	ctx := context.Background()
	f, err := s.Throttles.Get(ctx, "anna")
	require.NoError(t, err)
	require.Equal(t, account.Failures{}, f, "no failures yet")
	for i := 1; i <= 3; i++ {
		f, err = s.Throttles.Fail(ctx, "anna", at.Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
		require.Equal(t, i, f.Count)
		require.WithinDuration(t, at.Add(time.Duration(i)*time.Second), f.Last, time.Microsecond)
	}
	_, err = s.Throttles.Fail(ctx, "nobody", at)
	require.NoError(t, err, "unknown logins count too")
	f, err = s.Throttles.Get(ctx, "anna")
	require.NoError(t, err)
	require.Equal(t, 3, f.Count)

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Throttles.Fail(ctx, "bert", at)
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	f, err = s.Throttles.Get(ctx, "bert")
	require.NoError(t, err)
	require.Equal(t, 8, f.Count, "concurrent failures are all counted")

	require.NoError(t, s.Throttles.Clear(ctx, "anna"))
	require.NoError(t, s.Throttles.Clear(ctx, "anna"), "clearing twice is fine")
	f, err = s.Throttles.Get(ctx, "anna")
	require.NoError(t, err)
	require.Zero(t, f.Count)

	n, err := s.Throttles.DeleteExpired(ctx, at.Add(time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, 2, n, "nobody and bert failed at at")
	f, err = s.Throttles.Get(ctx, "bert")
	require.NoError(t, err)
	require.Zero(t, f.Count)
}

func accountIDs(as []*account.Account) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func tokenIDs(ts []*account.OneTimeToken) []string {
	out := []string{}
	for _, tok := range ts {
		out = append(out, tok.ID)
	}
	return out
}
