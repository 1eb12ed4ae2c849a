package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// accountMailer is the account service's Mailer; run sets next once the
// base URL of the links is known, before the server serves.
type accountMailer struct{ next account.Mailer }

// SendAccountMail implements account.Mailer.
func (m *accountMailer) SendAccountMail(ctx context.Context, mail account.Mail) error {
	if m.next == nil {
		return fairshops.E("server.accountMail", fairshops.Internal, "", "mail not ready", nil)
	}
	return m.next.SendAccountMail(ctx, mail)
}

// newAccountMailer sends invitation and reset mails by SMTP when a mail
// server is configured. Without one (development), it writes the links to
// stderr: never to stdout, the log stream, since a link is a password's
// worth of secret.
func newAccountMailer(cfg config, base string, stderr io.Writer) (account.Mailer, error) {
	if cfg.smtp.host == "" {
		return &stderrMailer{w: stderr, base: base}, nil
	}
	sender, err := notify.NewSMTPSender(notify.SMTPConfig{
		Host: cfg.smtp.host, Port: cfg.smtp.port, TLSPolicy: tlsPolicies()[cfg.smtp.tls],
		Username: cfg.smtp.user, Password: cfg.smtp.password,
	})
	if err != nil {
		return nil, err
	}
	return &notify.AccountMailer{Sender: sender, From: cfg.smtp.from, BaseURL: base}, nil
}

// stderrMailer writes account mails' links to stderr.
type stderrMailer struct {
	mu   sync.Mutex
	w    io.Writer
	base string
}

// SendAccountMail implements account.Mailer.
func (m *stderrMailer) SendAccountMail(_ context.Context, mail account.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, err := fmt.Fprintf(m.w, "no mail server: the %s mail for login %s (to %s) has the link %s\n",
		mail.Purpose, mail.Login, mail.To, notify.AccountLink(m.base, mail))
	return err
}
