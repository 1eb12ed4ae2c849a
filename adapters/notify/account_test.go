package notify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

func accountMail(p account.Purpose, lang fairshops.Language) account.Mail {
	return account.Mail{Purpose: p, To: "neu@shop.example", Lang: lang, Login: "mein-shop", Role: account.Shop,
		ShopID: "mein-shop", Token: "secret-token-abc", ExpiresAt: time.Date(2026, 12, 13, 9, 0, 0, 0, time.UTC)}
}

func TestRenderAccountMail(t *testing.T) {
	tests := []struct {
		purpose account.Purpose
		lang    fairshops.Language
		subject string
		text    []string
	}{
		{account.Invitation, fairshops.German, "Einladung zum Konfliktservice", []string{"Ihr Login: mein-shop", "Zugang des Shops mein-shop", "13.12.2026, 10:00 Uhr"}},
		{account.Invitation, fairshops.English, "Your invitation to the Konfliktservice", []string{"Your login: mein-shop", "13 December 2026, 10:00"}},
		{account.Reset, fairshops.German, "Neues Passwort für den Konfliktservice", []string{"Login mein-shop", "Danach sind alle"}},
		{account.Reset, fairshops.English, "A new password for the Konfliktservice", []string{"login mein-shop", "Afterwards every"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.purpose, "/", tt.lang), func(t *testing.T) {
			m := accountMail(tt.purpose, tt.lang)
			link := notify.AccountLink("https://k.example/", m)
			require.Equal(t, "https://k.example/"+map[account.Purpose]string{account.Invitation: "invite", account.Reset: "reset"}[tt.purpose]+"/secret-token-abc", link)
			r, err := notify.RenderAccountMail(m, link)
			require.NoError(t, err)
			require.Equal(t, tt.subject, r.Subject)
			for _, want := range append(tt.text, link) {
				require.Contains(t, r.Text, want)
			}
			require.Contains(t, r.HTML, `href="`+link+`"`)
			require.Contains(t, r.HTML, `<html lang="`+string(tt.lang)+`">`)
			for _, junk := range []string{"<no value>", "%!", "Vorgangsnummer"} {
				require.NotContains(t, r.Text+r.HTML, junk)
			}
		})
	}
	_, err := notify.RenderAccountMail(account.Mail{Purpose: "other"}, "x")
	require.Error(t, err)
}

func TestAccountMailer(t *testing.T) {
	sender := &collectSender{}
	m := &notify.AccountMailer{Sender: sender, From: "Konfliktservice <noreply@k.example>", BaseURL: "https://k.example",
		Clock: fairshops.NewManualClock(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))}
	require.NoError(t, m.SendAccountMail(context.Background(), accountMail(account.Invitation, fairshops.English)))
	require.Len(t, sender.msgs, 1)
	var raw bytes.Buffer
	_, err := sender.msgs[0].WriteTo(&raw)
	require.NoError(t, err)
	require.Contains(t, raw.String(), "To: <neu@shop.example>")
	require.Contains(t, raw.String(), "https://k.example/invite/secret-token-abc")
	require.NotContains(t, sender.msgs[0].GetGenHeader(mail.HeaderMessageID)[0], "secret-token-abc", "the Message-ID names no token")

	for name, bad := range map[string]account.Mail{
		"no address": {Purpose: account.Invitation, Token: "x"},
		"no token":   {Purpose: account.Invitation, To: "a@b.example"},
	} {
		err := m.SendAccountMail(context.Background(), bad)
		require.Error(t, err, name)
	}
	failing := &notify.AccountMailer{Sender: failSender{}, From: "noreply@k.example", BaseURL: "https://k.example"}
	err = failing.SendAccountMail(context.Background(), accountMail(account.Reset, fairshops.German))
	require.ErrorContains(t, err, "connection refused")
	require.NotContains(t, err.Error(), "secret-token-abc", "the error names no link")
	require.Error(t, (&notify.AccountMailer{}).SendAccountMail(context.Background(), accountMail(account.Reset, "")))
}

type failSender struct{}

func (failSender) Send(context.Context, ...*mail.Msg) error { return errors.New("connection refused") }
