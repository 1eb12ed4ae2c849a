package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	netmail "net/mail"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// AccountMailer is the account.Mailer that sends invitation and reset mails
// right away through a Sender (SMTPSender in production), in the
// invitee's language: plain text with an HTML alternative. It is called
// within the operator's or the user's request, not through the outbox, so
// the link's token is never stored anywhere but in the mail itself
// (docs/adr-accounts.md); errors never contain the link.
type AccountMailer struct {
	// Sender delivers the mails.
	Sender Sender
	// From is the sender, such as `Konfliktservice <noreply@example.org>`.
	From string
	// BaseURL is the public address of the web UI: links are
	// BaseURL/invite/<token> and BaseURL/reset/<token>.
	BaseURL string
	// Clock dates the mails; the system clock when nil.
	Clock fairshops.Clock
}

// AccountMailData is what the account mail templates see.
type AccountMailData struct {
	Login, Role, ShopID string
	Link                string
	Expires             string // the link's expiry, formatted for the reader
}

// accountTemplates are the parsed account.<lang>.txt/html templates.
type accountTemplates struct {
	text map[fairshops.Language]*texttemplate.Template
	html map[fairshops.Language]*htmltemplate.Template
}

var parseAccountTemplates = sync.OnceValues(func() (*accountTemplates, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	t := &accountTemplates{text: map[fairshops.Language]*texttemplate.Template{}, html: map[fairshops.Language]*htmltemplate.Template{}}
	for _, lang := range fairshops.Languages() {
		tt, err := texttemplate.New("account").ParseFS(sub, "account."+string(lang)+".txt")
		if err != nil {
			return nil, fmt.Errorf("account mail templates %s: %w", lang, err)
		}
		ht, err := htmltemplate.New("account").ParseFS(sub, "account."+string(lang)+".html")
		if err != nil {
			return nil, fmt.Errorf("account mail templates %s: %w", lang, err)
		}
		for _, p := range []account.Purpose{account.Invitation, account.Reset} {
			if tt.Lookup(string(p)+partSubject) == nil || tt.Lookup(string(p)+partText) == nil || ht.Lookup(string(p)+partHTML) == nil {
				return nil, fmt.Errorf("account mail templates %s: %s incomplete", lang, p)
			}
		}
		t.text[lang], t.html[lang] = tt, ht
	}
	return t, nil
})

// RenderAccountMail renders the mail m would send, with link as the
// link; the HTTP layer's tests and the examples use it to read a link.
func RenderAccountMail(m account.Mail, link string) (Rendered, error) {
	t, err := parseAccountTemplates()
	if err != nil {
		return Rendered{}, err
	}
	lang := langOr(m.Lang)
	name := string(m.Purpose)
	if m.Purpose != account.Invitation && m.Purpose != account.Reset {
		return Rendered{}, fmt.Errorf("account mail: unknown purpose %q", m.Purpose)
	}
	data := AccountMailData{Login: m.Login, Role: string(m.Role), ShopID: m.ShopID, Link: link,
		Expires: fairshops.FormatterFor(lang).DateTime(m.ExpiresAt.In(fairshops.Berlin()))}
	var subject, text, body bytes.Buffer
	if err := t.text[lang].ExecuteTemplate(&subject, name+partSubject, data); err != nil {
		return Rendered{}, err
	}
	if err := t.text[lang].ExecuteTemplate(&text, name+partText, data); err != nil {
		return Rendered{}, err
	}
	if err := t.html[lang].ExecuteTemplate(&body, name+partHTML, data); err != nil {
		return Rendered{}, err
	}
	r := Rendered{Subject: oneLine(subject.String()), Text: tidyText(text.String())}
	var page bytes.Buffer
	layout := struct {
		Subject string
		Body    htmltemplate.HTML
	}{Subject: r.Subject, Body: htmltemplate.HTML(body.String())} // escaped by html/template above
	if err := t.html[lang].ExecuteTemplate(&page, "layout", layout); err != nil {
		return Rendered{}, err
	}
	r.HTML = page.String()
	return r, nil
}

// AccountLink is the web UI's page for the link of m under base.
func AccountLink(base string, m account.Mail) string {
	path := "/invite/"
	if m.Purpose == account.Reset {
		path = "/reset/"
	}
	return strings.TrimRight(base, "/") + path + m.Token.Reveal()
}

// SendAccountMail implements account.Mailer.
func (a *AccountMailer) SendAccountMail(ctx context.Context, m account.Mail) error {
	const op = "notify.AccountMailer"
	if a.Sender == nil {
		return fairshops.E(op, fairshops.Internal, "", "no sender", nil)
	}
	msg, err := a.Message(m)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, "", "build mail", err)
	}
	if err := a.Sender.Send(ctx, msg); err != nil {
		// The sender's error names the server, never the mail's body.
		return fairshops.E(op, fairshops.Internal, "", "send", err)
	}
	return nil
}

// Message builds the mail of m.
func (a *AccountMailer) Message(m account.Mail) (*mail.Msg, error) {
	from, err := netmail.ParseAddress(a.From)
	if err != nil {
		return nil, fmt.Errorf("from address does not parse: %w", err)
	}
	to, err := parseAddress(m.To)
	if err != nil {
		return nil, err
	}
	if m.Token == "" {
		return nil, errors.New("account mail without a token")
	}
	out, err := RenderAccountMail(m, AccountLink(a.BaseURL, m))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if a.Clock != nil {
		now = a.Clock.Now()
	}
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	msg.SetAddrHeaderFromMailAddress(mail.HeaderFrom, from)
	msg.SetAddrHeaderFromMailAddress(mail.HeaderTo, to)
	msg.Subject(out.Subject)
	// The Message-ID names the token's hash, never the token.
	msg.SetMessageIDWithValue(messageID("account-"+m.Token.Hash()[:24], to.Address, from.Address))
	msg.SetDateWithValue(now)
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(mail.Header("Content-Language"), string(langOr(m.Lang)))
	msg.SetBodyString(mail.TypeTextPlain, out.Text)
	msg.AddAlternativeString(mail.TypeTextHTML, out.HTML)
	return msg, nil
}
