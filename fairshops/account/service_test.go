package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

func newService(t *testing.T) (*account.Service, *fairshops.ManualClock) {
	t.Helper()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	logins := memory.New()
	svc, err := account.NewService(account.Config{Accounts: logins.Accounts(), APIKeys: logins.APIKeys(), Sessions: logins.Sessions(), Clock: clock, BcryptCost: bcrypt.MinCost, SessionTTL: time.Hour})
	require.NoError(t, err)
	return svc, clock
}

func codes(t *testing.T, err error) []string {
	t.Helper()
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "want *ValidationError, got %v", err)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+": "+f.Code)
	}
	return out
}

func TestCreateValidation(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	tests := []struct {
		name, shop, login, password string
		want                        []string
	}{
		{name: "empty", shop: "-", want: []string{"login: required", "password: too_small", "shop_id: required"}},
		{name: "bad login", login: "Anna Admin", password: "long enough password", want: []string{"login: invalid_format"}},
		{name: "short password", login: "anna", password: "short", want: []string{"password: too_small"}},
		{name: "long password", login: "anna", password: string(make([]byte, 80)) + "xxxxxxxxxxxx", want: []string{"password: too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.shop == "-" {
				_, err = svc.CreateShopLogin(ctx, "", tt.login, tt.password)
			} else {
				_, err = svc.CreateOperator(ctx, tt.login, tt.password)
			}
			require.Equal(t, tt.want, codes(t, err))
		})
	}
	_, err := svc.CreateOperator(ctx, "anna", "correct horse battery")
	require.NoError(t, err)
	_, err = svc.CreateOperator(ctx, "anna", "another long password")
	require.ErrorIs(t, err, fairshops.ErrConflict)
}

func TestLoginAndSessions(t *testing.T) {
	svc, clock := newService(t)
	ctx := context.Background()
	_, err := svc.CreateShopLogin(ctx, "mein-shop", "mein-shop", "correct horse battery")
	require.NoError(t, err)

	_, _, err = svc.Login(ctx, "mein-shop", "wrong password!!")
	require.ErrorIs(t, err, account.ErrBadCredentials)
	_, _, err = svc.Login(ctx, "nobody", "correct horse battery")
	require.ErrorIs(t, err, account.ErrBadCredentials, "unknown login and wrong password look the same")
	require.ErrorIs(t, err, fairshops.ErrForbidden)

	sess, tok, err := svc.Login(ctx, "Mein-Shop", "correct horse battery")
	require.NoError(t, err)
	require.Equal(t, tok.Hash(), sess.Hash, "only the hash is stored")
	id, err := svc.Authenticate(ctx, tok)
	require.NoError(t, err)
	require.Equal(t, account.Identity{Role: account.Shop, ShopID: "mein-shop", Login: "mein-shop", AccountID: sess.AccountID}, id)

	_, err = svc.Authenticate(ctx, "forged")
	require.ErrorIs(t, err, account.ErrBadCredentials)
	_, err = svc.Authenticate(ctx, "")
	require.ErrorIs(t, err, account.ErrBadCredentials)

	clock.Advance(time.Hour)
	_, err = svc.Authenticate(ctx, tok)
	require.ErrorIs(t, err, account.ErrBadCredentials, "a session ends after its TTL")

	_, tok2, err := svc.Login(ctx, "mein-shop", "correct horse battery")
	require.NoError(t, err)
	require.NoError(t, svc.Logout(ctx, tok2))
	_, err = svc.Authenticate(ctx, tok2)
	require.ErrorIs(t, err, account.ErrBadCredentials, "logged out")
}

func TestAPIKeys(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	k, secret, err := svc.IssueAPIKey(ctx, "mein-shop", "ERP")
	require.NoError(t, err)
	require.Regexp(t, `^ksk_[a-z2-7]{52}$`, secret.Reveal())
	require.NotContains(t, k.Hash, secret.Reveal())

	id, err := svc.AuthenticateAPIKey(ctx, secret)
	require.NoError(t, err)
	require.Equal(t, account.Shop, id.Role)
	require.Equal(t, "mein-shop", id.ShopID)

	_, err = svc.AuthenticateAPIKey(ctx, "ksk_unknown")
	require.ErrorIs(t, err, account.ErrBadCredentials)
	_, err = svc.AuthenticateAPIKey(ctx, fairshops.Token(secret.Reveal()[4:]))
	require.ErrorIs(t, err, account.ErrBadCredentials, "the prefix is part of the key")

	require.ErrorIs(t, svc.RevokeAPIKey(ctx, "other-shop", k.ID), fairshops.ErrNotFound)
	require.NoError(t, svc.RevokeAPIKey(ctx, "mein-shop", k.ID))
	_, err = svc.AuthenticateAPIKey(ctx, secret)
	require.ErrorIs(t, err, account.ErrBadCredentials, "revoked")
	keys, err := svc.APIKeys(ctx, "mein-shop")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	require.False(t, keys[0].RevokedAt.IsZero())

	_, _, err = svc.IssueAPIKey(ctx, "", "x\n")
	require.Equal(t, []string{"shop_id: required", "label: control_chars"}, codes(t, err))
}

func TestNewServiceConfig(t *testing.T) {
	_, err := account.NewService(account.Config{})
	require.Equal(t, []string{"Accounts: required", "APIKeys: required", "Sessions: required"}, codes(t, err))
	logins := memory.New()
	_, err = account.NewService(account.Config{Accounts: logins.Accounts(), APIKeys: logins.APIKeys(), Sessions: logins.Sessions(), BcryptCost: 99})
	require.Equal(t, []string{"BcryptCost: unknown_value"}, codes(t, err))
}
