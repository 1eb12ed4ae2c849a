package account_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// outbox is a Mailer that keeps the mails it was given.
type outbox struct {
	mu    sync.Mutex
	mails []account.Mail
	fail  error
}

func (o *outbox) SendAccountMail(_ context.Context, m account.Mail) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	o.mails = append(o.mails, m)
	return nil
}

func (o *outbox) last(t *testing.T) account.Mail {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	require.NotEmpty(t, o.mails, "no mail sent")
	return o.mails[len(o.mails)-1]
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.mails)
}

type linkEnv struct {
	svc   *account.Service
	clock *fairshops.ManualClock
	mail  *outbox
	db    *memory.DB
}

func newLinkEnv(t *testing.T) linkEnv {
	t.Helper()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	db := memory.New()
	mail := &outbox{}
	svc, err := account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(),
		Tokens: db.Tokens(), Throttles: db.Throttles(), Mailer: mail, Clock: clock, BcryptCost: bcrypt.MinCost,
		SessionTTL: 12 * time.Hour})
	require.NoError(t, err)
	return linkEnv{svc: svc, clock: clock, mail: mail, db: db}
}

var operator = account.Identity{Role: account.Operator, Login: "anna", AccountID: "acct_anna"}

const goodPassword = "correct horse battery"

func (e linkEnv) invite(t *testing.T, login string) fairshops.Token {
	t.Helper()
	_, err := e.svc.Invite(context.Background(), operator, account.InviteInput{Role: account.Shop, ShopID: "mein-shop",
		Login: login, Email: login + "@example.org", Lang: fairshops.English})
	require.NoError(t, err)
	return e.mail.last(t).Token
}

func TestInvitation(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	inv, err := e.svc.Invite(ctx, operator, account.InviteInput{Role: account.Shop, ShopID: "mein-shop", Login: "Mein-Shop",
		Email: "service@mein-shop.example", Lang: fairshops.English})
	require.NoError(t, err)
	m := e.mail.last(t)
	require.Equal(t, account.Mail{Purpose: account.Invitation, To: "service@mein-shop.example", Lang: fairshops.English,
		Login: "mein-shop", Role: account.Shop, ShopID: "mein-shop", Token: m.Token, ExpiresAt: inv.ExpiresAt}, m)
	require.Equal(t, m.Token.Hash(), inv.Hash, "only the hash is stored")
	require.Equal(t, e.clock.Now().Add(7*24*time.Hour), inv.ExpiresAt, "an invitation is good for 7 days")
	require.Equal(t, "anna", inv.CreatedBy)

	open, err := e.svc.Invitations(ctx)
	require.NoError(t, err)
	require.Len(t, open, 1)

	got, err := e.svc.Link(ctx, account.Invitation, m.Token)
	require.NoError(t, err)
	require.Equal(t, "mein-shop", got.Login)
	_, err = e.svc.Link(ctx, account.Reset, m.Token)
	require.ErrorIs(t, err, account.ErrLinkInvalid, "an invitation is no reset link")

	_, err = e.svc.AcceptInvitation(ctx, m.Token, "short")
	require.Equal(t, []string{"password: too_small"}, codes(t, err))
	_, err = e.svc.AcceptInvitation(ctx, m.Token, "MEIN-SHOP")
	require.Equal(t, []string{"password: not_allowed"}, codes(t, err), "not the login")
	_, err = e.svc.AcceptInvitation(ctx, m.Token, "mein-shop.de-2026")
	require.NoError(t, err, "the login inside a password is fine")
	_, _, err = e.svc.Login(ctx, "mein-shop", "mein-shop.de-2026")
	require.NoError(t, err)

	_, err = e.svc.AcceptInvitation(ctx, m.Token, goodPassword)
	require.ErrorIs(t, err, account.ErrLinkInvalid, "an invitation is used once")
	_, _, err = e.svc.Login(ctx, "mein-shop", goodPassword)
	require.ErrorIs(t, err, account.ErrBadCredentials, "the second use changed nothing")
	open, err = e.svc.Invitations(ctx)
	require.NoError(t, err)
	require.Empty(t, open, "a used invitation is no longer open")
}

func TestInvitationPasswordIsLogin(t *testing.T) {
	e := newLinkEnv(t)
	tok := e.invite(t, "shop-login-long")
	_, err := e.svc.AcceptInvitation(context.Background(), tok, "Shop-Login-Long")
	require.Equal(t, []string{"password: not_allowed"}, codes(t, err))
	_, err = e.svc.AcceptInvitation(context.Background(), tok, string(make([]byte, 73)))
	require.Equal(t, []string{"password: too_long"}, codes(t, err), "longer than bcrypt reads: refused, not cut")
	_, err = e.svc.Link(context.Background(), account.Invitation, tok)
	require.NoError(t, err, "a refused password leaves the link open")
}

func TestInvitationExpiry(t *testing.T) {
	e := newLinkEnv(t)
	tok := e.invite(t, "spaeter")
	e.clock.Advance(7*24*time.Hour - time.Second)
	_, err := e.svc.Link(context.Background(), account.Invitation, tok)
	require.NoError(t, err, "good until the last second")
	e.clock.Advance(time.Second)
	_, err = e.svc.AcceptInvitation(context.Background(), tok, goodPassword)
	require.ErrorIs(t, err, account.ErrLinkInvalid, "expired")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	open, err := e.svc.Invitations(context.Background())
	require.NoError(t, err)
	require.Empty(t, open)
}

func TestInvitationConcurrentAccept(t *testing.T) {
	e := newLinkEnv(t)
	tok := e.invite(t, "zweimal")
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.AcceptInvitation(context.Background(), tok, goodPassword)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			require.ErrorIs(t, err, account.ErrLinkInvalid)
		}
	}
	require.Equal(t, 1, ok, "one invitation, one account")
}

func TestInviteValidation(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	_, err := e.svc.CreateOperator(ctx, "anna", goodPassword)
	require.NoError(t, err)
	tests := []struct {
		name string
		in   account.InviteInput
		want []string
	}{
		{name: "empty", in: account.InviteInput{}, want: []string{"role: unknown_value", "login: required", "email: required"}},
		{name: "shop without shop", in: account.InviteInput{Role: account.Shop, Login: "neu", Email: "a@b.example"}, want: []string{"shop_id: required"}},
		{name: "operator with shop", in: account.InviteInput{Role: account.Operator, ShopID: "x", Login: "neu", Email: "a@b.example"}, want: []string{"shop_id: not_allowed"}},
		{name: "bad email", in: account.InviteInput{Role: account.Operator, Login: "neu", Email: "Anna <a@b.example>"}, want: []string{"email: invalid_email"}},
		{name: "login taken", in: account.InviteInput{Role: account.Operator, Login: "Anna", Email: "a@b.example"}, want: []string{"login: duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Invite(ctx, operator, tt.in)
			require.Equal(t, tt.want, codes(t, err))
		})
	}
	_, err = e.svc.Invite(ctx, account.Identity{Role: account.Shop, ShopID: "x"}, account.InviteInput{Role: account.Operator, Login: "neu", Email: "a@b.example"})
	require.ErrorIs(t, err, fairshops.ErrForbidden, "only the operator invites")
	require.Zero(t, e.mail.count(), "no mail for a refused invitation")
}

func TestInviteMailFailureStoresNothing(t *testing.T) {
	e := newLinkEnv(t)
	e.mail.fail = errors.New("smtp down")
	_, err := e.svc.Invite(context.Background(), operator, account.InviteInput{Role: account.Operator, Login: "neu", Email: "a@b.example"})
	require.ErrorContains(t, err, "smtp down")
	open, err := e.svc.Invitations(context.Background())
	require.NoError(t, err)
	require.Empty(t, open, "an invitation whose mail failed is deleted")
}

func TestRevokeInvitation(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	tok := e.invite(t, "widerrufen")
	open, err := e.svc.Invitations(ctx)
	require.NoError(t, err)
	require.NoError(t, e.svc.RevokeInvitation(ctx, open[0].ID))
	_, err = e.svc.AcceptInvitation(ctx, tok, goodPassword)
	require.ErrorIs(t, err, account.ErrLinkInvalid)
	require.ErrorIs(t, e.svc.RevokeInvitation(ctx, open[0].ID), fairshops.ErrNotFound)
	require.ErrorIs(t, e.svc.RevokeInvitation(ctx, "rst_x"), fairshops.ErrNotFound)
}

func TestResetWithoutEnumeration(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	tok := e.invite(t, "mein-shop")
	_, err := e.svc.AcceptInvitation(ctx, tok, goodPassword)
	require.NoError(t, err)
	_, err = e.svc.CreateOperator(ctx, "ohne-mail", goodPassword)
	require.NoError(t, err)
	sent := e.mail.count()

	for _, login := range []string{"nobody", "ohne-mail", "NOT A LOGIN", ""} {
		require.NoError(t, e.svc.RequestReset(ctx, login, fairshops.German), "the same answer for %q", login)
	}
	require.Equal(t, sent, e.mail.count(), "no mail for unknown logins or accounts without an address")

	require.NoError(t, e.svc.RequestReset(ctx, " Mein-Shop ", fairshops.English))
	m := e.mail.last(t)
	require.Equal(t, account.Reset, m.Purpose)
	require.Equal(t, "mein-shop@example.org", m.To)
	require.Equal(t, e.clock.Now().Add(time.Hour), m.ExpiresAt, "a reset link is good for an hour")

	_, sessTok, err := e.svc.Login(ctx, "mein-shop", goodPassword)
	require.NoError(t, err)
	_, err = e.svc.ResetPassword(ctx, m.Token, "mein-shop")
	require.Equal(t, []string{"password: not_allowed"}, codes(t, err))
	_, err = e.svc.ResetPassword(ctx, m.Token, "a new long password")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, sessTok)
	require.ErrorIs(t, err, account.ErrBadCredentials, "a reset ends every session")
	_, _, err = e.svc.Login(ctx, "mein-shop", goodPassword)
	require.ErrorIs(t, err, account.ErrBadCredentials, "the old password is gone")
	_, _, err = e.svc.Login(ctx, "mein-shop", "a new long password")
	require.NoError(t, err)
	_, err = e.svc.ResetPassword(ctx, m.Token, "yet another password")
	require.ErrorIs(t, err, account.ErrLinkInvalid, "a reset link is used once")

	require.NoError(t, e.svc.RequestReset(ctx, "mein-shop", fairshops.German))
	e.clock.Advance(time.Hour)
	_, err = e.svc.ResetPassword(ctx, e.mail.last(t).Token, "yet another password")
	require.ErrorIs(t, err, account.ErrLinkInvalid, "an expired reset link")
	_, err = e.svc.ResetPassword(ctx, tok, "yet another password")
	require.ErrorIs(t, err, account.ErrLinkInvalid, "an invitation is no reset link")
}

func TestChangePassword(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	_, err := e.svc.CreateOperator(ctx, "anna", goodPassword)
	require.NoError(t, err)
	_, other, err := e.svc.Login(ctx, "anna", goodPassword)
	require.NoError(t, err)
	sess, mine, err := e.svc.Login(ctx, "anna", goodPassword)
	require.NoError(t, err)
	id, err := e.svc.Authenticate(ctx, mine)
	require.NoError(t, err)
	key, secret, err := e.svc.IssueAPIKey(ctx, "mein-shop", "ERP")
	require.NoError(t, err)

	ov, err := e.svc.Overview(ctx, id)
	require.NoError(t, err)
	require.Equal(t, 2, ov.Sessions)
	require.Equal(t, "anna", ov.Account.Login)

	_, _, err = e.svc.ChangePassword(ctx, id, "wrong password!", "anna")
	require.Equal(t, []string{"current_password: wrong", "password: not_allowed"}, codes(t, err))
	_, _, err = e.svc.ChangePassword(ctx, id, goodPassword, "anna-is-long-enough")
	require.NoError(t, err)
	// (The sessions ended with that change; log in anew for the rest.)
	_, mine, err = e.svc.Login(ctx, "anna", "anna-is-long-enough")
	require.NoError(t, err)
	id, err = e.svc.Authenticate(ctx, mine)
	require.NoError(t, err)
	_, _, err = e.svc.Login(ctx, "anna", "anna-is-long-enough")
	require.NoError(t, err)

	fresh, freshTok, err := e.svc.ChangePassword(ctx, id, "anna-is-long-enough", "an even longer password")
	require.NoError(t, err)
	require.NotEqual(t, sess.Hash, fresh.Hash)
	for _, old := range []fairshops.Token{other, mine} {
		_, err = e.svc.Authenticate(ctx, old)
		require.ErrorIs(t, err, account.ErrBadCredentials, "a change ends every session")
	}
	_, err = e.svc.Authenticate(ctx, freshTok)
	require.NoError(t, err, "the caller gets a fresh session")
	ov, err = e.svc.Overview(ctx, id)
	require.NoError(t, err)
	require.Equal(t, 1, ov.Sessions)
	_, err = e.svc.AuthenticateAPIKey(ctx, secret)
	require.NoError(t, err, "API keys stay: %s", key.ID)

	n, err := e.svc.LogoutEverywhere(ctx, id)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = e.svc.Authenticate(ctx, freshTok)
	require.ErrorIs(t, err, account.ErrBadCredentials)

	apiID := account.Identity{Role: account.Shop, ShopID: "mein-shop", Login: "api-key:" + key.ID}
	_, _, err = e.svc.ChangePassword(ctx, apiID, "x", "y")
	require.ErrorIs(t, err, fairshops.ErrForbidden, "an API key has no password")
	_, err = e.svc.Overview(ctx, apiID)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
}

func TestThrottling(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{0, 0}, {4, 0}, {5, time.Second}, {6, 2 * time.Second}, {7, 4 * time.Second}, {14, 512 * time.Second}, {15, 15 * time.Minute}, {1000, 15 * time.Minute}}
	for _, tt := range tests {
		require.Equal(t, tt.want, account.DefaultThrottling.Delay(tt.n), "after %d failures", tt.n)
	}
}

func TestLoginThrottled(t *testing.T) {
	for _, login := range []string{"mein-shop", "unbekannt"} {
		t.Run(login, func(t *testing.T) {
			e := newLinkEnv(t)
			ctx := context.Background()
			_, err := e.svc.CreateShopLogin(ctx, "mein-shop", "mein-shop", goodPassword)
			require.NoError(t, err)
			for range 5 {
				_, _, err = e.svc.Login(ctx, login, "wrong password!!")
				require.ErrorIs(t, err, account.ErrBadCredentials)
			}
			_, _, err = e.svc.Login(ctx, login, goodPassword)
			var te *account.ThrottledError
			require.ErrorAs(t, err, &te, "known and unknown logins are throttled alike")
			require.Equal(t, time.Second, te.Wait)
			require.ErrorIs(t, err, fairshops.ErrForbidden)

			e.clock.Advance(time.Second)
			_, _, err = e.svc.Login(ctx, login, "wrong password!!")
			require.ErrorIs(t, err, account.ErrBadCredentials, "after the wait the password is checked")
			_, _, err = e.svc.Login(ctx, login, goodPassword)
			require.ErrorAs(t, err, &te)
			require.Equal(t, 2*time.Second, te.Wait, "the wait doubles")
			for range 3 {
				_, _, err = e.svc.Login(ctx, login, goodPassword)
				require.ErrorAs(t, err, &te, "attempts while waiting are not counted")
				require.Equal(t, 2*time.Second, te.Wait)
			}
			e.clock.Advance(2 * time.Second)
			_, _, err = e.svc.Login(ctx, login, goodPassword)
			if login == "unbekannt" {
				require.ErrorIs(t, err, account.ErrBadCredentials)
				return
			}
			require.NoError(t, err, "the right password after the wait")
			for range 4 {
				_, _, err = e.svc.Login(ctx, login, "wrong password!!")
				require.ErrorIs(t, err, account.ErrBadCredentials, "a success clears the count")
			}
		})
	}
}

func TestInvitationsNeedMailer(t *testing.T) {
	svc, _ := newService(t)
	_, err := svc.Invite(context.Background(), operator, account.InviteInput{Role: account.Operator, Login: "neu", Email: "a@b.example"})
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err))
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(svc.RequestReset(context.Background(), "neu", "")))
}

type oneShop string

func (s oneShop) Shop(_ context.Context, id string) (*fairshops.Shop, error) {
	if id != string(s) {
		return nil, fairshops.E("test", fairshops.NotFound, id, "", nil)
	}
	return &fairshops.Shop{ID: id}, nil
}

func TestInviteUnknownShop(t *testing.T) {
	db := memory.New()
	svc, err := account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(),
		Tokens: db.Tokens(), Mailer: &outbox{}, Shops: oneShop("mein-shop"), BcryptCost: bcrypt.MinCost})
	require.NoError(t, err)
	_, err = svc.Invite(context.Background(), operator, account.InviteInput{Role: account.Shop, ShopID: "nope", Login: "x", Email: "bad"})
	require.Equal(t, []string{"login: invalid_format", "email: invalid_email", "shop_id: dangling"}, codes(t, err), "every field at once")
	_, err = svc.Invite(context.Background(), operator, account.InviteInput{Role: account.Shop, ShopID: "mein-shop", Login: "neu", Email: "a@b.example"})
	require.NoError(t, err)
}

// TestChangePasswordThrottled: guessing the current password with a
// session counts as failed logins and then waits like the login.
func TestChangePasswordThrottled(t *testing.T) {
	e := newLinkEnv(t)
	ctx := context.Background()
	_, err := e.svc.CreateOperator(ctx, "anna", goodPassword)
	require.NoError(t, err)
	_, tok, err := e.svc.Login(ctx, "anna", goodPassword)
	require.NoError(t, err)
	id, err := e.svc.Authenticate(ctx, tok)
	require.NoError(t, err)
	for range 5 {
		_, _, err = e.svc.ChangePassword(ctx, id, "a wrong guess!", "a brand new password")
		require.Equal(t, []string{"current_password: wrong"}, codes(t, err))
	}
	_, _, err = e.svc.ChangePassword(ctx, id, goodPassword, "a brand new password")
	var te *account.ThrottledError
	require.ErrorAs(t, err, &te, "the right password is not checked while the login waits")
	_, _, err = e.svc.Login(ctx, "anna", goodPassword)
	require.ErrorAs(t, err, &te, "the login waits too")
	e.clock.Advance(te.Wait)
	_, _, err = e.svc.ChangePassword(ctx, id, goodPassword, "a brand new password")
	require.NoError(t, err)
}
