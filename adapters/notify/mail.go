package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The roles a mail recipient can have; templates word their text by role.
const (
	RoleConsumer = "consumer"
	RoleShop     = "shop"
	RoleOperator = "operator"
)

// Recipient is one addressee of an event's mail. Events never carry e-mail
// addresses: the wiring looks the contacts up when the mail is sent (by
// complaint or case ID), so an erased contact is never mailed from an old
// event.
type Recipient struct {
	Address string             // the e-mail address, "name@example.org"
	Name    string             // the display name; may be empty
	Lang    fairshops.Language // the language of the mail; German when unset
	Role    string             // RoleConsumer, RoleShop or RoleOperator
	// Link is put into the mail as the way to the case: the consumer's
	// private link, the shop's view; the wiring fills it, never the event.
	Link string
	// Vars are further values for the templates, such as "shop_name".
	Vars map[string]string
}

// RecipientSource finds the recipients of an event's mail. It returns none
// when nobody is to be mailed about the event; an error of kind NotFound (the
// complaint is gone, its contact erased) fails the event permanently, any
// other error makes it retry.
type RecipientSource interface {
	Recipients(ctx context.Context, ev fairshops.Event) ([]Recipient, error)
}

// RecipientFunc adapts a plain function to a RecipientSource.
type RecipientFunc func(ctx context.Context, ev fairshops.Event) ([]Recipient, error)

// Recipients calls f(ctx, ev).
func (f RecipientFunc) Recipients(ctx context.Context, ev fairshops.Event) ([]Recipient, error) {
	return f(ctx, ev)
}

// Sender hands finished mails to a mail server. SMTPSender is the
// implementation for production; tests may collect the messages instead. An
// error marked Permanent means the server refused for good.
type Sender interface {
	Send(ctx context.Context, msgs ...*mail.Msg) error
}

// Mailer is a Notifier that mails an event to its recipients, one mail each
// in the recipient's language: multipart/alternative with a plain-text and an
// HTML part. All mails of one event go out over one connection.
//
// The Message-ID of each mail is derived from the event ID and the address,
// so a mail sent again after a retry carries the same Message-ID and mail
// clients can drop it as a duplicate.
type Mailer struct {
	// Sender delivers the mails.
	Sender Sender
	// From is the sender, such as `Konfliktservice <noreply@example.org>`.
	From string
	// Templates renders the mails; DefaultTemplates when nil.
	Templates *Templates
	// Recipients finds who is mailed about an event.
	Recipients RecipientSource
	// Clock dates the mails; the system clock when nil.
	Clock fairshops.Clock
}

// Notify mails ev to every recipient. Recipients with an address that does
// not parse are skipped; the others are still mailed, and the event then
// fails permanently, naming the bad addresses' count.
func (m *Mailer) Notify(ctx context.Context, ev fairshops.Event) error {
	const op = "notify.Mailer"
	if m.Recipients == nil || m.Sender == nil {
		return Permanent(fairshops.E(op, fairshops.Internal, ev.ID, "mailer has no recipients source or sender", nil))
	}
	rcpts, err := m.Recipients.Recipients(ctx, ev)
	if err != nil {
		err = fairshops.E(op, fairshops.KindOf(err), ev.ID, "look up recipients", err)
		if errors.Is(err, fairshops.ErrNotFound) {
			return Permanent(err)
		}
		return err
	}
	if len(rcpts) == 0 {
		return nil
	}
	msgs := make([]*mail.Msg, 0, len(rcpts))
	var bad []error
	for i, r := range rcpts {
		msg, err := m.Message(ev, r)
		if err != nil {
			bad = append(bad, fmt.Errorf("recipient %d (%s): %w", i+1, r.Role, err))
			continue
		}
		msgs = append(msgs, msg)
	}
	if len(msgs) > 0 {
		if err := m.Sender.Send(ctx, msgs...); err != nil {
			return fairshops.E(op, fairshops.Internal, ev.ID, "send", err)
		}
	}
	if len(bad) > 0 {
		return Permanent(fairshops.E(op, fairshops.Invalid, ev.ID, "", errors.Join(bad...)))
	}
	return nil
}

// Message builds the mail of ev for one recipient. Headers are set through
// go-mail, which encodes them; names are folded to one line first, so no
// value can start a header of its own.
func (m *Mailer) Message(ev fairshops.Event, r Recipient) (*mail.Msg, error) {
	from, err := netmail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("from address does not parse: %w", err)
	}
	to, err := parseAddress(r.Address)
	if err != nil {
		return nil, err
	}
	to.Name = oneLine(r.Name)
	tmpl := m.Templates
	if tmpl == nil {
		if tmpl, err = DefaultTemplates(); err != nil {
			return nil, err
		}
	}
	out, err := tmpl.Render(r.Lang, TemplateData{
		Event: ev, Data: decodeData(ev.Data),
		Name: to.Name, Role: r.Role, Link: r.Link, Vars: r.Vars,
	})
	if err != nil {
		return nil, err
	}

	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	msg.SetAddrHeaderFromMailAddress(mail.HeaderFrom, from)
	msg.SetAddrHeaderFromMailAddress(mail.HeaderTo, to)
	msg.Subject(out.Subject)
	msg.SetMessageIDWithValue(messageID(ev.ID, to.Address, from.Address))
	msg.SetDateWithValue(m.now())
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated") // RFC 3834: no auto-replies
	msg.SetGenHeader(mail.Header("Content-Language"), string(langOr(r.Lang)))
	msg.SetBodyString(mail.TypeTextPlain, out.Text)
	msg.AddAlternativeString(mail.TypeTextHTML, out.HTML)
	return msg, nil
}

func (m *Mailer) now() time.Time {
	if m.Clock == nil {
		return time.Now()
	}
	return m.Clock.Now()
}

// parseAddress accepts a bare address ("a@example.org") and nothing else: no
// display name, no list, no control characters.
func parseAddress(s string) (*netmail.Address, error) {
	if s == "" || strings.ContainsAny(s, "\r\n<>,\"") {
		return nil, errors.New("address does not parse")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Address != s {
		return nil, errors.New("address does not parse")
	}
	return &netmail.Address{Address: a.Address}, nil
}

// messageID is stable for an event and a recipient: "<event>.<hash>@<domain
// of the sender>"; the hash hides the address.
func messageID(eventID, to, from string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(to)))
	domain := "konfliktservice.invalid"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	id := strings.Map(func(r rune) rune {
		if r < 128 && (r == '.' || r == '-' || r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return r
		}
		return '-'
	}, eventID)
	return id + "." + hex.EncodeToString(sum[:6]) + "@" + domain
}

func langOr(l fairshops.Language) fairshops.Language {
	if l.Valid() {
		return l
	}
	return fairshops.German
}
