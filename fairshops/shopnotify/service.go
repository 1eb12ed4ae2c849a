package shopnotify

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Shops is the part of the shop registry the service needs: whether a
// shop exists (*fairshops.Registry implements it).
type Shops interface {
	Shop(ctx context.Context, id string) (*fairshops.Shop, error)
}

// Config holds the dependencies of a Service.
type Config struct {
	Store Store // required
	Shops Shops // required: settings only for registered shops
	// CheckURL is the check of a webhook URL that the delivery would make
	// (adapters/notify's Webhooks.CheckURL: the scheme, and an address the
	// guard against server-side request forgery refuses). Without it only
	// https URLs with a host and no credentials are accepted.
	CheckURL func(raw string) error
	Clock    fairshops.Clock // the system clock when nil
	Random   io.Reader       // crypto/rand when nil: draws the secrets
	Grace    time.Duration   // DefaultGrace when zero; negative: no grace
}

// Service reads and edits the notification settings of shops.
type Service struct {
	cfg Config
}

// NewService checks the configuration and returns the service.
func NewService(cfg Config) (*Service, error) {
	var p fairshops.Problems
	if cfg.Store == nil {
		p.Add("Store", fairshops.ReasonRequired)
	}
	if cfg.Shops == nil {
		p.Add("Shops", fairshops.ReasonRequired)
	}
	if err := p.Err("shopnotify.NewService"); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = fairshops.SystemClock{}
	}
	if cfg.Random == nil {
		cfg.Random = rand.Reader
	}
	if cfg.Grace == 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Grace < 0 {
		cfg.Grace = 0
	}
	return &Service{cfg: cfg}, nil
}

// allowed reports whether p may read or edit the settings of shopID: the
// shop itself or the operator.
func allowed(op string, p fairshops.Principal, shopID string) error {
	switch {
	case p.Role == fairshops.RoleOperator:
		return nil
	case p.Role == fairshops.RoleShop && p.ShopID == shopID && shopID != "":
		return nil
	}
	return fairshops.E(op, fairshops.Forbidden, shopID, "not this shop's settings", nil)
}

// load returns the stored settings of a registered shop, or new empty
// settings (Version 0) when it has none yet.
func (s *Service) load(ctx context.Context, op, shopID string) (*Settings, error) {
	if _, err := s.cfg.Shops.Shop(ctx, shopID); err != nil {
		return nil, fairshops.Wrap(op, shopID, err)
	}
	st, err := s.cfg.Store.Get(ctx, shopID)
	if errors.Is(err, fairshops.ErrNotFound) {
		return &Settings{ShopID: shopID}, nil
	}
	return st, fairshops.Wrap(op, shopID, err)
}

// save creates (Version 0) or updates the settings, checking version
// against the stored one first.
func (s *Service) save(ctx context.Context, op string, st *Settings, version int) error {
	if st.Version != version {
		return fairshops.E(op, fairshops.Conflict, st.ShopID, "settings changed since version", nil)
	}
	now := s.cfg.Clock.Now()
	st.UpdatedAt = now
	if st.Version == 0 {
		st.CreatedAt = now
		return fairshops.Wrap(op, st.ShopID, s.cfg.Store.Create(ctx, st))
	}
	return fairshops.Wrap(op, st.ShopID, s.cfg.Store.Update(ctx, st))
}

// view is what the shop and the operator see of st at now.
func (s *Service) view(st *Settings) View {
	v := View{ShopID: st.ShopID, Email: st.Email, WebhookURL: st.WebhookURL, SecretSet: st.Secret != "",
		Version: st.Version, UpdatedAt: st.UpdatedAt}
	if st.Secret != "" {
		v.SecretSetAt = st.SecretSetAt
	}
	if st.Previous != "" && s.cfg.Clock.Now().Before(st.PreviousUntil) {
		v.PreviousUntil = st.PreviousUntil
	}
	return v
}

// Get returns the settings of a shop for the shop itself or the operator
// (version 0 and empty when it has none yet).
func (s *Service) Get(ctx context.Context, p fairshops.Principal, shopID string) (View, error) {
	const op = "shopnotify.Service.Get"
	if err := allowed(op, p, shopID); err != nil {
		return View{}, err
	}
	st, err := s.load(ctx, op, shopID)
	if err != nil {
		return View{}, err
	}
	return s.view(st), nil
}

// Set replaces the e-mail address and the webhook URL (an empty value
// clears it), checked in full: every wrong field is reported at once
// (email: invalid_email, too_long, invalid_utf8; webhook_url:
// invalid_format, too_long, not_allowed for an address the delivery would
// refuse). version is the version read (0 for a shop without settings).
func (s *Service) Set(ctx context.Context, p fairshops.Principal, shopID string, version int, c Change) (View, error) {
	const op = "shopnotify.Service.Set"
	if err := allowed(op, p, shopID); err != nil {
		return View{}, err
	}
	if err := s.Check(op, c); err != nil {
		return View{}, err
	}
	st, err := s.load(ctx, op, shopID)
	if err != nil {
		return View{}, err
	}
	st.Email, st.WebhookURL = c.Email, c.WebhookURL
	if err := s.save(ctx, op, st, version); err != nil {
		return View{}, err
	}
	return s.view(st), nil
}

// Check validates a change and reports every wrong field.
func (s *Service) Check(op string, c Change) error {
	var p fairshops.Problems
	if c.Email != "" {
		p.Merge("", fairshops.ComplaintContact{Email: c.Email}.Check())
	}
	if c.WebhookURL != "" {
		switch {
		case !utf8.ValidString(c.WebhookURL):
			p.Add("webhook_url", fairshops.ReasonInvalidUTF8)
		case len(c.WebhookURL) > MaxURL:
			p.Add("webhook_url", fairshops.ReasonTooLong, MaxURL)
		case !plainURL(c.WebhookURL), s.cfg.CheckURL == nil && !strings.HasPrefix(c.WebhookURL, "https://"):
			p.Add("webhook_url", fairshops.ReasonInvalidFormat, "https://host/path")
		case s.cfg.CheckURL != nil && s.cfg.CheckURL(c.WebhookURL) != nil:
			p.Add("webhook_url", fairshops.ReasonNotAllowedHere)
		}
	}
	return p.Err(op)
}

// plainURL reports whether raw is an absolute http(s) URL with a host, no
// credentials, no fragment and no spaces. Whether http is allowed is the
// CheckURL's to say; without one only https passes.
func plainURL(raw string) bool {
	if strings.ContainsAny(raw, " \t\r\n") {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http"
}

// Rotate draws a new signing secret for the shop and returns it: the only
// time anyone sees it. Only the shop itself may rotate (the operator
// resets). The secret it replaces keeps signing beside the new one for
// the grace period; a rotation within the grace period drops the older
// secret at once (only the one just replaced keeps signing).
func (s *Service) Rotate(ctx context.Context, p fairshops.Principal, shopID string, version int) (View, fairshops.Token, error) {
	const op = "shopnotify.Service.Rotate"
	if p.Role != fairshops.RoleShop || p.ShopID != shopID || shopID == "" {
		return View{}, "", fairshops.E(op, fairshops.Forbidden, shopID, "only the shop draws its secret", nil)
	}
	st, err := s.load(ctx, op, shopID)
	if err != nil {
		return View{}, "", err
	}
	secret, err := fairshops.NewToken(s.cfg.Random)
	if err != nil {
		return View{}, "", fairshops.E(op, fairshops.Internal, shopID, "draw secret", err)
	}
	now := s.cfg.Clock.Now()
	st.Previous, st.PreviousUntil = "", time.Time{}
	if st.Secret != "" && s.cfg.Grace > 0 {
		st.Previous, st.PreviousUntil = st.Secret, now.Add(s.cfg.Grace)
	}
	st.Secret, st.SecretSetAt = secret, now
	if err := s.save(ctx, op, st, version); err != nil {
		return View{}, "", err
	}
	return s.view(st), secret, nil
}

// Reset revokes the shop's secrets at once, the current and the previous
// one (a secret that leaked must stop signing now): no webhook is sent
// until the shop draws a new secret. The shop or the operator may reset.
func (s *Service) Reset(ctx context.Context, p fairshops.Principal, shopID string, version int) (View, error) {
	const op = "shopnotify.Service.Reset"
	if err := allowed(op, p, shopID); err != nil {
		return View{}, err
	}
	st, err := s.load(ctx, op, shopID)
	if err != nil {
		return View{}, err
	}
	st.Secret, st.Previous, st.PreviousUntil, st.SecretSetAt = "", "", time.Time{}, time.Time{}
	if err := s.save(ctx, op, st, version); err != nil {
		return View{}, err
	}
	return s.view(st), nil
}

// Seed imports a shop's entry of the operator's seed file when the shop
// has no settings yet, and reports whether it did; settings that exist
// are never overwritten (the store is the truth once a shop has them).
// The entry is checked as Set checks a change; a secret shorter than 16
// characters is refused.
func (s *Service) Seed(ctx context.Context, shopID string, c Change, secret string) (bool, error) {
	const op = "shopnotify.Service.Seed"
	if err := s.Check(op, c); err != nil {
		return false, err
	}
	if secret != "" && len(secret) < 16 {
		var p fairshops.Problems
		p.Add("secret", fairshops.ReasonTooSmall, 16)
		return false, p.Err(op)
	}
	st, err := s.load(ctx, op, shopID)
	if err != nil || st.Version != 0 {
		return false, err
	}
	now := s.cfg.Clock.Now()
	st.Email, st.WebhookURL, st.Secret = c.Email, c.WebhookURL, fairshops.Token(secret)
	if secret != "" {
		st.SecretSetAt = now
	}
	err = s.save(ctx, op, st, 0)
	if errors.Is(err, fairshops.ErrConflict) {
		return false, nil // another node seeded it first
	}
	return err == nil, err
}

// Targets returns where an event for the shop goes, read from the store at
// the moment of sending: a shop without settings has none (no error).
// Secrets lists the current secret and, until the grace period ends, the
// previous one; it is empty when the secret was revoked.
func (s *Service) Targets(ctx context.Context, shopID string) (Targets, error) {
	const op = "shopnotify.Service.Targets"
	st, err := s.cfg.Store.Get(ctx, shopID)
	if errors.Is(err, fairshops.ErrNotFound) {
		return Targets{}, nil
	}
	if err != nil {
		return Targets{}, fairshops.Wrap(op, shopID, err)
	}
	t := Targets{Email: st.Email, WebhookURL: st.WebhookURL}
	if st.Secret != "" {
		t.Secrets = append(t.Secrets, st.Secret)
		if st.Previous != "" && s.cfg.Clock.Now().Before(st.PreviousUntil) {
			t.Secrets = append(t.Secrets, st.Previous)
		}
	}
	return t, nil
}
