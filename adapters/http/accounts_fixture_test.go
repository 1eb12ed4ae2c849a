package http_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// mailbox is the account.Mailer of the HTTP tests: it keeps every
// invitation and reset mail, so a test can follow the link.
type mailbox struct {
	mu    sync.Mutex
	mails []account.Mail
}

// SendAccountMail implements account.Mailer.
func (m *mailbox) SendAccountMail(_ context.Context, mail account.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mails = append(m.mails, mail)
	return nil
}

// last returns the last mail sent.
func (m *mailbox) last(t testing.TB) account.Mail {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	require.NotEmpty(t, m.mails, "no account mail sent")
	return m.mails[len(m.mails)-1]
}

// count is how many mails were sent.
func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.mails)
}

// loginsSnapshot is what the account stores hold that a call could
// change: every account (with its password hash) and every one-time token.
func (w *apiWorld) loginsSnapshot() any {
	w.t.Helper()
	type row struct{ ID, Login, Email, Hash string }
	as, err := w.logins.Accounts().List(w.ctx, account.AccountFilter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	var rows []row
	for _, a := range as {
		rows = append(rows, row{a.ID, a.Login, a.Email, a.PasswordHash})
	}
	toks, err := w.logins.Tokens().List(w.ctx, account.TokenFilter{Limit: fairshops.MaxLimit})
	require.NoError(w.t, err)
	return map[string]any{"accounts": rows, "tokens": toks}
}

// invite has the operator invite a shop login of shop-1 (with an e-mail
// address) and returns the invitation and its token.
func (w *apiWorld) invite(login string) (*account.OneTimeToken, fairshops.Token) {
	w.t.Helper()
	inv, err := w.accounts.Invite(w.ctx, account.Identity{Role: account.Operator, Login: apiOperatorLogin},
		account.InviteInput{Role: account.Shop, ShopID: apiShop1, Login: login, Email: login + "@shop.example"})
	require.NoError(w.t, err)
	return inv, w.mails.last(w.t).Token
}

// resetLink invites and accepts a login with an e-mail address, asks for
// its reset link and returns the link's token.
func (w *apiWorld) resetLink(login string) fairshops.Token {
	w.t.Helper()
	_, tok := w.invite(login)
	_, err := w.accounts.AcceptInvitation(w.ctx, tok, apiPassword)
	require.NoError(w.t, err)
	require.NoError(w.t, w.accounts.RequestReset(w.ctx, login, fairshops.German))
	m := w.mails.last(w.t)
	require.Equal(w.t, account.Reset, m.Purpose)
	return m.Token
}
