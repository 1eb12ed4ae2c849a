// Package shopnotify keeps where a shop's notifications go: the e-mail
// address the service mails the shop at, and the webhook endpoint with the
// secret its deliveries are signed with (issue 14 item 2,
// docs/adr-shop-notifications.md).
//
// The flow: a shop (its session or API key) or the operator edits the
// address and the URL (Service.Set); the shop draws a new signing secret
// (Service.Rotate), which the service generates and shows once; the
// operator sees whether a secret is set, never the secret, and can revoke
// it (Service.Reset). The relay asks Service.Targets at send time, so a
// change applies to the next delivery on every node without a restart.
// After a rotation the previous secret keeps signing beside the new one for
// a grace period (DefaultGrace, 24 hours), so that a receiver can switch
// without losing deliveries: a delivery then carries both signatures.
//
// The settings of a shop start from the operator's seed file (Service.Seed
// imports an entry when the shop has no settings yet); from then on the
// store is the truth.
package shopnotify

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// DefaultGrace is how long the previous secret keeps signing after a
// rotation when Config.Grace is zero: a day, as Stripe's default roll.
const DefaultGrace = 24 * time.Hour

// Limits of the settings.
const (
	MaxURL = 2048
)

// Settings are a shop's notification targets as stored. Secrets are
// fairshops.Token values, which print as "[token]": a Settings value
// logged by mistake leaks nothing. They are kept in clear because signing
// needs them (an HMAC key cannot be hashed like an access token).
type Settings struct {
	ShopID     string
	Email      string // where the shop's mails go; "" for none
	WebhookURL string // where its webhooks go; "" for none
	// Secret signs the webhook deliveries; "" when none was drawn or the
	// operator revoked it (then no webhook is sent).
	Secret fairshops.Token
	// Previous is the secret before the last rotation; it signs beside
	// Secret until PreviousUntil.
	Previous      fairshops.Token
	PreviousUntil time.Time
	SecretSetAt   time.Time // when Secret was drawn or seeded
	Version       int       // optimistic lock; set by the store
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Store keeps the settings, one row per shop; adapters implement it and
// pass fairshops/shopnotify/storetest.Run. Create stores version 1 (a
// second Create of a shop is a Conflict), Update checks the version
// (Conflict) and stores Version+1, Get of an unknown shop is NotFound.
// There is no List: the settings are read one shop at a time (the relay,
// the shop's page, the operator's page of the shop).
type Store interface {
	Create(ctx context.Context, s *Settings) error
	Get(ctx context.Context, shopID string) (*Settings, error)
	Update(ctx context.Context, s *Settings) error
}

// View is the settings as the shop and the operator see them: never a
// secret, only whether one is set and since when.
type View struct {
	ShopID        string    `json:"shop"`
	Email         string    `json:"email"`
	WebhookURL    string    `json:"webhook_url"`
	SecretSet     bool      `json:"secret_set"`
	SecretSetAt   time.Time `json:"secret_set_at,omitzero"`
	PreviousUntil time.Time `json:"previous_until,omitzero"` // the old secret still signs until then
	Version       int       `json:"version"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

// Targets are where one event for a shop goes, as the relay reads them at
// send time. Secrets holds the current secret first and, within the grace
// period after a rotation, the previous one.
type Targets struct {
	Email      string
	WebhookURL string
	Secrets    []fairshops.Token
}

// Change is an edit of the address and the URL; an empty value clears it.
type Change struct {
	Email      string
	WebhookURL string
}
