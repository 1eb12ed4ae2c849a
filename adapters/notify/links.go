package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Template types of the access mails. They are not events: the Service
// hands the mail to LinkMailer directly, because the private link must not
// pass through the outbox (docs/adr-private-links.md).
const (
	TypeAccessFiled  = "access." + complaint.MailFiled
	TypeAccessResend = "access." + complaint.MailResend
)

// LinkMailer is the complaint.LinkMailer that mails consumers their
// private links: the confirmation of a filing and the links sent again on
// request, rendered from the same templates as the event mails (types
// TypeAccessFiled and TypeAccessResend), in the consumer's language.
//
// The links are built from BaseURL: /c/{id}?t={token} for a complaint and
// /access/overview?t={token} for the overview. Neither is ever logged or put in
// an error: errors name the complaint's reference at most.
type LinkMailer struct {
	Sender    Sender
	From      string
	BaseURL   string     // such as "https://konfliktservice.example", without a trailing slash
	Templates *Templates // DefaultTemplates when nil
	Clock     fairshops.Clock
	// ShopName names a shop in the mail (optional; the shop's ID otherwise
	// stays out of the text).
	ShopName func(ctx context.Context, shopID string) string
	// ADRDirective adds the label of the automated pre-check to the
	// filing's confirmation (the revised ADR Directive; template
	// "automated", Vars "automated"), as the server's setting says.
	ADRDirective bool
}

var _ complaint.LinkMailer = (*LinkMailer)(nil)

// ComplaintLink is the private link of a complaint under baseURL.
func ComplaintLink(baseURL, id string, token fairshops.Token) string {
	return strings.TrimSuffix(baseURL, "/") + "/c/" + url.PathEscape(id) + "?t=" + url.QueryEscape(token.Reveal())
}

// OverviewLink is the link of an overview under baseURL.
func OverviewLink(baseURL string, token fairshops.Token) string {
	return strings.TrimSuffix(baseURL, "/") + "/access/overview?t=" + url.QueryEscape(token.Reveal())
}

// MailLinks implements complaint.LinkMailer: one mail to m.To.
func (l *LinkMailer) MailLinks(ctx context.Context, m complaint.AccessMail) error {
	const op = "notify.LinkMailer"
	if l.Sender == nil || len(m.Links) == 0 {
		return Permanent(fairshops.E(op, fairshops.Internal, "", "no sender or no links", nil))
	}
	msg, err := l.Message(ctx, m)
	if err != nil {
		return Permanent(fairshops.E(op, fairshops.Invalid, m.Links[0].Reference, "", err))
	}
	if err := l.Sender.Send(ctx, msg); err != nil {
		return fairshops.E(op, fairshops.Internal, m.Links[0].Reference, "send", err)
	}
	return nil
}

// Message builds the mail of m; Mailer.Message does the headers.
func (l *LinkMailer) Message(ctx context.Context, m complaint.AccessMail) (*mail.Msg, error) {
	if len(m.Links) == 0 {
		return nil, errors.New("no links")
	}
	type link struct {
		Reference string `json:"reference"`
		Shop      string `json:"shop,omitempty"`
		URL       string `json:"url"`
	}
	data := struct {
		Reference     string `json:"reference"`
		Links         []link `json:"links"`
		Overview      string `json:"overview,omitempty"`
		OverviewUntil string `json:"overview_until,omitempty"`
	}{Reference: m.Links[0].Reference}
	vars := map[string]string{}
	if l.ADRDirective {
		vars["automated"] = "1"
	}
	for i, lk := range m.Links {
		name := ""
		if l.ShopName != nil {
			name = l.ShopName(ctx, lk.ShopID)
		}
		if i == 0 {
			vars["shop_name"] = name
		}
		data.Links = append(data.Links, link{Reference: lk.Reference, Shop: name, URL: ComplaintLink(l.BaseURL, lk.Complaint, lk.Token)})
	}
	if m.Overview != "" {
		data.Overview = OverviewLink(l.BaseURL, m.Overview)
		data.OverviewUntil = m.OverviewUntil.UTC().Format(time.RFC3339)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	typ := TypeAccessFiled
	if m.Kind == complaint.MailResend {
		typ = TypeAccessResend
	}
	// An event that lives only in memory: templates and headers take one.
	// Its ID makes the Message-ID, so each access mail gets its own.
	ev := fairshops.Event{ID: fairshops.NewID("am"), Type: typ, Subject: m.Links[0].Complaint, At: l.now()}
	ev.Data = raw
	mailer := Mailer{From: l.From, Templates: l.Templates, Clock: l.Clock}
	msg, err := mailer.Message(ev, Recipient{Address: m.To.Email, Name: m.To.Name, Lang: m.Lang, Role: RoleConsumer,
		Link: data.Links[0].URL, Vars: vars})
	if err != nil {
		return nil, fmt.Errorf("build %s mail: %w", typ, err)
	}
	return msg, nil
}

func (l *LinkMailer) now() time.Time {
	if l.Clock == nil {
		return time.Now()
	}
	return l.Clock.Now()
}
