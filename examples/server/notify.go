package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// minSecret is the shortest webhook secret the shops file accepts.
const minSecret = 16

// maxShopsFile bounds the shops file that -webhooks names.
const maxShopsFile = 1 << 20

// shopContact is what the -webhooks file says about one shop: where its
// webhooks go and, optionally, the address its mails go to (a shop has no
// e-mail address in the registry).
type shopContact struct {
	endpoint notify.Endpoint // URL "" when the shop gets no webhooks
	email    string
}

// shopContacts maps shop IDs to their contacts, as the -webhooks file
// says: the seed of the shops' notification settings (seedNotifySettings).
type shopContacts map[string]shopContact

// shopAddresses tells the recipient source where a shop's mails go.
type shopAddresses interface {
	Email(ctx context.Context, shopID string) (string, error)
}

// Email implements shopAddresses.
func (c shopContacts) Email(_ context.Context, shopID string) (string, error) {
	return c[shopID].email, nil
}

// storeTargets reads a shop's notification targets from the store each
// time an event is sent (shopnotify.Service.Targets), so that a change a
// shop makes applies to the next delivery, on every node, without a
// restart. It is the webhooks' EndpointSource and the mails' shopAddresses.
type storeTargets struct{ s *shopnotify.Service }

// Endpoint implements notify.EndpointSource: a shop gets webhooks when its
// settings name a URL and hold a secret (a revoked secret stops them);
// during a rotation's grace period the previous secret signs too.
func (t storeTargets) Endpoint(ctx context.Context, shopID string) (notify.Endpoint, bool, error) {
	tg, err := t.s.Targets(ctx, shopID)
	if err != nil || tg.WebhookURL == "" || len(tg.Secrets) == 0 {
		return notify.Endpoint{}, false, err
	}
	ep := notify.Endpoint{URL: tg.WebhookURL, Secret: notify.NewSecret(tg.Secrets[0].Reveal())}
	if len(tg.Secrets) > 1 {
		ep.Previous = notify.NewSecret(tg.Secrets[1].Reveal())
	}
	return ep, true, nil
}

// Email implements shopAddresses.
func (t storeTargets) Email(ctx context.Context, shopID string) (string, error) {
	tg, err := t.s.Targets(ctx, shopID)
	return tg.Email, err
}

// seedNotifySettings imports the -webhooks file into the store: each shop
// it names that has no settings yet gets the file's address, URL and
// secret; shops with settings keep theirs (the store is the truth once a
// shop or the operator edited them). A shop the registry does not know is
// skipped with a warning; an entry the settings refuse (such as a URL the
// webhook guard would not call) stops the start.
func seedNotifySettings(ctx context.Context, cfg config, s *shopnotify.Service, log *slog.Logger) error {
	if cfg.webhooks == "" {
		return nil
	}
	contacts, err := loadShopContacts(cfg.webhooks, cfg.webhooksHTTP)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(contacts))
	for id := range contacts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := contacts[id]
		done, err := s.Seed(ctx, id, shopnotify.Change{Email: c.email, WebhookURL: c.endpoint.URL}, c.endpoint.Secret.Reveal())
		switch {
		case errors.Is(err, fairshops.ErrNotFound):
			log.Warn("shops file names an unknown shop; skipped", "shop", id)
		case err != nil:
			return fmt.Errorf("shops file, shop %s: %w", id, err)
		case done:
			log.Info("notification settings seeded from the shops file", "shop", id)
		}
	}
	return nil
}

// loadShopContacts reads the -webhooks file.
func loadShopContacts(path string, allowHTTP bool) (shopContacts, error) {
	const op = "server.webhooks"
	f, err := os.Open(path)
	if err != nil {
		return nil, fairshops.E(op, fairshops.Invalid, path, "open shops file", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, maxShopsFile+1)); err != nil {
		return nil, fairshops.E(op, fairshops.Invalid, path, "read shops file", err)
	}
	if buf.Len() > maxShopsFile {
		return nil, fairshops.E(op, fairshops.Invalid, path, fmt.Sprintf("shops file larger than %d bytes", maxShopsFile), nil)
	}
	return parseShopContacts(buf.Bytes(), allowHTTP)
}

// parseShopContacts reads a shops file:
//
//	{"demo-shop": {"url": "https://shop.example/hooks", "secret": "...", "email": "service@shop.example"}}
//
// Every wrong entry is reported at once, by JSON path. A shop needs a url
// (with a secret of at least 16 characters), an email, or both; a url must
// be https, or http when allowHTTP.
func parseShopContacts(data []byte, allowHTTP bool) (shopContacts, error) {
	const op = "server.webhooks"
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fairshops.E(op, fairshops.Invalid, "", "shops file is no JSON object", err)
	}
	var p fairshops.Problems
	out := make(shopContacts, len(raw))
	ids := make([]string, 0, len(raw))
	for id := range raw {
		ids = append(ids, id)
	}
	slices.Sort(ids) // problems in a stable order
	for _, id := range ids {
		path := id
		if strings.TrimSpace(id) == "" || !utf8.ValidString(id) {
			p.Add("[\"\"]", fairshops.ReasonInvalidFormat, "a shop ID")
			continue
		}
		var e struct {
			URL    string `json:"url"`
			Secret string `json:"secret"`
			Email  string `json:"email"`
		}
		dec := json.NewDecoder(bytes.NewReader(raw[id]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			p.Add(path, fairshops.ReasonInvalidFormat, `{"url", "secret", "email"}`)
			continue
		}
		sc := shopContact{email: e.Email}
		if e.URL == "" && e.Email == "" {
			p.Add(path, fairshops.ReasonInvalidFormat, `"url" with "secret", "email", or both`)
		}
		if e.URL != "" {
			if !endpointURL(e.URL, allowHTTP) {
				want := "https://host/path"
				if allowHTTP {
					want = "http(s)://host/path"
				}
				p.Add(path+".url", fairshops.ReasonInvalidFormat, want)
			}
			if len(e.Secret) < minSecret {
				p.Add(path+".secret", fairshops.ReasonTooSmall, fmt.Sprintf("%d characters", minSecret))
			}
			sc.endpoint = notify.Endpoint{URL: e.URL, Secret: notify.NewSecret(e.Secret)}
		} else if e.Secret != "" && e.Email != "" {
			p.Add(path+".url", fairshops.ReasonRequired) // a secret for no webhook
		}
		if e.Email != "" {
			if a, err := mail.ParseAddress(e.Email); err != nil || a.Name != "" {
				p.Add(path+".email", fairshops.ReasonInvalidEmail)
			}
		}
		out[id] = sc
	}
	if err := p.Err(op); err != nil {
		return nil, err
	}
	return out, nil
}

func endpointURL(s string, allowHTTP bool) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || (allowHTTP && u.Scheme == "http")
}

// recipientSource finds who is mailed about an event (notify.RecipientSource).
// Events carry no addresses: the consumer's comes from the complaint when
// the mail is sent, so an erased contact is never mailed; a shop's from the
// shops file; the operator's from -operator-email.
//
// The consumer's private link never goes into an event mail: only the hash
// of its token is stored. The complaint service mails it itself, at filing
// and on request (notify.LinkMailer, docs/adr-private-links.md); with
// linksMailed the relay leaves the filing's receipt to that mail. The event
// templates point the consumer to the confirmation and to "send me my link
// again".
type recipientSource struct {
	complaints  complaint.Store
	shops       *fairshops.Registry
	contacts    shopAddresses
	operator    string // e-mail address; "" for none
	baseURL     string
	linksMailed bool // the complaint service mails the receipt with the link
	// adrDirective (-adr-directive) labels the pre-check as automated in
	// the consumer's mails about it (Vars "automated", template
	// "automated"; docs/adr-adr-directive.md).
	adrDirective bool
}

// Recipients implements notify.RecipientSource. The event's Recipient hint
// names the role ("consumer", "shop", "operator", or "parties" for consumer
// and shop); events without a hint, and events that are not about a
// complaint, a case or a carrier claim, are mailed to nobody. A carrier
// claim's events (carrier_claim.*) are the shop's business: they never go
// to the consumer, whatever their hint says.
func (s *recipientSource) Recipients(ctx context.Context, ev fairshops.Event) ([]notify.Recipient, error) {
	claim := strings.HasPrefix(ev.Type, "carrier_claim.")
	if !strings.HasPrefix(ev.Type, "complaint.") && !strings.HasPrefix(ev.Type, "mediation.") && !claim {
		return nil, nil
	}
	var about struct {
		Complaint string `json:"complaint"`
		Case      string `json:"case"`
	}
	if len(ev.Data) > 0 {
		if err := json.Unmarshal(ev.Data, &about); err != nil {
			return nil, notify.Permanent(fmt.Errorf("event %s: read data: %w", ev.ID, err))
		}
	}
	if about.Complaint == "" {
		return nil, nil
	}
	var roles []string
	switch ev.Recipient {
	case "parties":
		roles = []string{notify.RoleConsumer, notify.RoleShop}
	case notify.RoleConsumer, notify.RoleShop, notify.RoleOperator:
		roles = []string{ev.Recipient}
	default:
		return nil, nil
	}
	if claim {
		roles = slices.DeleteFunc(roles, func(r string) bool { return r == notify.RoleConsumer })
	}
	shopName := ""
	if sh, err := s.shops.Shop(ctx, ev.ShopID); err == nil {
		shopName = sh.Name
	} else if !errors.Is(err, fairshops.ErrNotFound) {
		return nil, err
	}
	// The complaint's reference is what people quote; case events carry
	// only IDs, so every mail looks it up here (template "ref").
	c, err := s.complaints.Get(ctx, about.Complaint)
	if err != nil {
		return nil, err // NotFound: the relay gives the event up
	}
	vars := map[string]string{"shop_name": shopName, "reference": c.Reference}
	if s.adrDirective {
		vars["automated"] = "1"
	}
	var out []notify.Recipient
	for _, role := range roles {
		switch role {
		case notify.RoleConsumer:
			if s.linksMailed && ev.Type == complaint.EventSubmitted {
				continue // the confirmation with the private link went out at filing
			}
			if c.Contact.Email == "" {
				continue // erased
			}
			out = append(out, notify.Recipient{Address: c.Contact.Email, Name: c.Contact.Name, Lang: c.Lang,
				Role: role, Vars: vars})
		case notify.RoleShop:
			addr, err := s.contacts.Email(ctx, ev.ShopID)
			if err != nil {
				return nil, err
			}
			if addr != "" {
				out = append(out, notify.Recipient{Address: addr, Name: shopName, Lang: fairshops.German, Role: role,
					Link: s.baseURL + "/shop/complaints/" + url.PathEscape(about.Complaint), Vars: vars})
			}
		case notify.RoleOperator:
			if s.operator != "" {
				link := s.baseURL + "/operator/complaints/" + url.PathEscape(about.Complaint)
				if about.Case != "" {
					link = s.baseURL + "/operator/cases/" + url.PathEscape(about.Case)
				}
				out = append(out, notify.Recipient{Address: s.operator, Lang: fairshops.German, Role: role,
					Link: link, Vars: vars})
			}
		}
	}
	return out, nil
}

// logNotifier stands in for the mailer when no mail server is configured:
// it logs that an event happened, by type and ID only (event data may name
// a shop or carry amounts; addresses are never in it, but logs stay lean).
type logNotifier struct{ log *slog.Logger }

// Notify implements notify.Notifier.
func (n logNotifier) Notify(ctx context.Context, ev fairshops.Event) error {
	n.log.LogAttrs(ctx, slog.LevelInfo, "event", slog.String("type", ev.Type), slog.String("id", ev.ID))
	return nil
}

// countingNotifier counts the outcome of every delivery the relay makes:
// the relay has no hooks of its own, and a Notifier sees every attempt.
type countingNotifier struct {
	next    notify.Notifier
	outcome *prometheus.CounterVec // labels: type, outcome
}

// Outcomes of a delivery attempt, as the relay treats them.
const (
	outcomeDelivered = "delivered"
	outcomeRetry     = "retry"
	outcomePermanent = "permanent"
)

// Notify implements notify.Notifier.
func (n countingNotifier) Notify(ctx context.Context, ev fairshops.Event) error {
	err := n.next.Notify(ctx, ev)
	outcome := outcomeDelivered
	switch {
	case err == nil:
	case notify.IsPermanent(err):
		outcome = outcomePermanent
	default:
		outcome = outcomeRetry
	}
	n.outcome.WithLabelValues(eventTypeLabel(ev.Type), outcome).Inc()
	return err
}

// eventTypeLabel keeps the type label to the event families the domain
// writes, so that a label never grows without bound.
func eventTypeLabel(typ string) string {
	family, _, _ := strings.Cut(typ, ".")
	switch family {
	case "complaint", "mediation", "shop":
		if len(typ) <= 64 {
			return typ
		}
	}
	return "other"
}
