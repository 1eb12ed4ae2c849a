package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"
)

// DefaultSMTPTimeout bounds connecting to the mail server when
// SMTPConfig.Timeout is zero.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Host string
	// Port is the server's port; 587 when zero (submission with STARTTLS).
	Port int
	// TLSPolicy is go-mail's STARTTLS policy; the zero value,
	// mail.TLSMandatory, refuses to send without encryption. Use
	// mail.NoTLS only for a server on the same host or in tests.
	TLSPolicy mail.TLSPolicy
	// Username and Password log in when Username is set.
	Username string
	Password Secret
	// Auth is the SMTP AUTH mechanism; mail.SMTPAuthPlain when a Username is
	// set and Auth is empty (go-mail sends PLAIN only over TLS or to
	// localhost).
	Auth mail.SMTPAuthType
	// Timeout bounds connecting; DefaultSMTPTimeout when zero.
	Timeout time.Duration
	// HELO is the name the client greets with; go-mail's default (the
	// host name) when empty.
	HELO string
}

// SMTPSender sends mails over SMTP with go-mail, one connection per Send.
type SMTPSender struct {
	client *mail.Client
}

// NewSMTPSender checks cfg and returns a sender; it does not connect yet.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	opts := []mail.Option{
		mail.WithPort(cfg.Port),
		mail.WithTLSPolicy(cfg.TLSPolicy),
		mail.WithTimeout(cfg.Timeout),
	}
	if cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(cfg.HELO))
	}
	if cfg.Username != "" {
		auth := cfg.Auth
		if auth == "" {
			auth = mail.SMTPAuthPlain
		}
		opts = append(opts, mail.WithSMTPAuth(auth),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password.Reveal()))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client for %s: %w", cfg.Host, err)
	}
	return &SMTPSender{client: c}, nil
}

// SMTPError is a mail server's refusal of one message. It carries the codes
// only: go-mail's own error names the recipients' addresses, which must not
// end up in the outbox or in logs.
type SMTPError struct {
	Code         int    // the SMTP reply code (550, 451, ...); 0 when the client failed
	EnhancedCode string // RFC 3463 code ("5.1.1") when the server sends one
	Step         string // the SMTP step that failed
}

func (e *SMTPError) Error() string {
	msg := "mail server refused the message"
	if e.Code != 0 {
		msg = fmt.Sprintf("%s: %d", msg, e.Code)
		if e.EnhancedCode != "" {
			msg += " " + e.EnhancedCode
		}
	}
	if e.Step != "" {
		msg += " (" + e.Step + ")"
	}
	return msg
}

// Send connects, sends msgs over one connection, and disconnects. When the
// server refused every failed message with a 5xx reply the error is
// Permanent; connection trouble and 4xx replies are worth a retry.
func (s *SMTPSender) Send(ctx context.Context, msgs ...*mail.Msg) error {
	err := s.client.DialAndSendWithContext(ctx, msgs...)
	if err == nil {
		return nil
	}
	var refusals []error
	permanent := true
	for _, msg := range msgs {
		if msg == nil || !msg.HasSendError() {
			continue
		}
		var se *mail.SendError
		if !errors.As(msg.SendError(), &se) {
			permanent = false
			refusals = append(refusals, &SMTPError{})
			continue
		}
		code := se.ErrorCode()
		if code < 500 || code > 599 {
			permanent = false
		}
		refusals = append(refusals, &SMTPError{Code: code, EnhancedCode: se.EnhancedStatusCode(), Step: se.Reason.String()})
	}
	if len(refusals) == 0 {
		// Connecting, greeting or logging in failed: the messages were
		// not tried. The error names the host, never a recipient.
		return fmt.Errorf("smtp: %w", err)
	}
	joined := fmt.Errorf("smtp: %d of %d messages failed: %w", len(refusals), len(msgs), errors.Join(refusals...))
	if permanent {
		return Permanent(joined)
	}
	return joined
}
