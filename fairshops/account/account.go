package account

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Role is what an account may do.
type Role string

// The roles of accounts.
const (
	Operator Role = "operator" // the conflict service's staff
	Shop     Role = "shop"     // a shop, for its own data only
)

// Account is a login: a name and a bcrypt password hash.
type Account struct {
	ID     string `json:"id"`
	Login  string `json:"login"`
	Role   Role   `json:"role"`
	ShopID string `json:"shop_id,omitempty"`
	// Email is where invitation and reset mails go; "" for accounts made
	// before invitations (they cannot reset their password by mail).
	Email        string    `json:"email,omitempty"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// APIKey is a shop's key for the JSON API. Only the SHA-256 of the key is
// stored; the key itself is shown once, when issued.
type APIKey struct {
	ID        string    `json:"id"`
	ShopID    string    `json:"shop_id"`
	Label     string    `json:"label"`
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Session is an open web login. Hash is the SHA-256 of the session token in
// the user's cookie.
type Session struct {
	Hash      string
	AccountID string
	Login     string
	Role      Role
	ShopID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Identity is who a caller proved to be.
type Identity struct {
	Role      Role
	ShopID    string // for Shop
	Login     string // the account's login, or "api-key:<id>" for a key
	AccountID string
}

// The store ports of accounts: one small port per aggregate, each with the
// verbs every store of the module uses (docs/adr-ports.md). Implementations
// live in adapters/ and pass the suite in account/storetest.

// Accounts keeps accounts.
type Accounts interface {
	// Create stores a new account; Conflict when the ID or login exists.
	Create(ctx context.Context, a *Account) error
	// Get returns the account with the ID; NotFound if none.
	Get(ctx context.Context, id string) (*Account, error)
	// ByLogin returns the account with the login; NotFound if none.
	ByLogin(ctx context.Context, login string) (*Account, error)
	// Update replaces the e-mail address, password hash and disabled flag
	// of the account with a.ID (its login, role and shop never change);
	// NotFound if none.
	Update(ctx context.Context, a *Account) error
	// List returns one page of accounts ordered by ID, paged by the rule
	// of every List (fairshops.PageLimit).
	List(ctx context.Context, f AccountFilter) ([]*Account, error)
}

// AccountFilter selects accounts for Accounts.List.
type AccountFilter struct {
	After string // cursor: the ID of the last account seen
	Limit int
}

// APIKeys keeps shops' API keys.
type APIKeys interface {
	// Create stores a key; Conflict when the ID or hash exists.
	Create(ctx context.Context, k *APIKey) error
	// ByHash returns the key with the hash; NotFound if none.
	ByHash(ctx context.Context, hash string) (*APIKey, error)
	// List returns one page of a shop's keys, oldest first (CreatedAt,
	// then ID), paged by the rule of every List (fairshops.PageLimit).
	List(ctx context.Context, f KeyFilter) ([]*APIKey, error)
	// Revoke marks a shop's key revoked at the time; NotFound if the shop
	// has no such key.
	Revoke(ctx context.Context, shopID, id string, at time.Time) error
}

// KeyFilter selects one shop's API keys for APIKeys.List.
type KeyFilter struct {
	ShopID string
	After  string // cursor: the ID of the last key seen
	Limit  int
}

// Sessions keeps open web logins, keyed by the hash of their token.
type Sessions interface {
	// Create stores a session; Conflict when the hash exists.
	Create(ctx context.Context, s *Session) error
	// Get returns the session with the hash; NotFound if none.
	Get(ctx context.Context, hash string) (*Session, error)
	// Delete removes a session; deleting a missing one is no error.
	Delete(ctx context.Context, hash string) error
	// DeleteExpired removes sessions that expired before t and reports how
	// many.
	DeleteExpired(ctx context.Context, t time.Time) (int, error)
	// CountByAccount reports how many sessions of the account are still
	// valid at t.
	CountByAccount(ctx context.Context, accountID string, t time.Time) (int, error)
	// DeleteByAccount removes every session of the account and reports
	// how many.
	DeleteByAccount(ctx context.Context, accountID string) (int, error)
}

// Limits of account input.
const (
	MinPassword = 12 // characters
	MaxPassword = 72 // bytes: bcrypt reads no more
	MaxLabel    = 100
)

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

func checkLogin(p *fairshops.Problems, login string) {
	if login == "" {
		p.Add("login", fairshops.ReasonRequired)
	} else if !loginPattern.MatchString(login) {
		p.Add("login", fairshops.ReasonInvalidFormat, "lower-case letters, digits, . _ - (2 to 63)")
	}
}

func checkPassword(p *fairshops.Problems, login, password string) {
	switch {
	case login != "" && strings.EqualFold(strings.TrimSpace(password), login):
		p.Add("password", fairshops.ReasonNotAllowedHere, "the login")
	case !utf8.ValidString(password):
		p.Add("password", fairshops.ReasonInvalidUTF8)
	case utf8.RuneCountInString(password) < MinPassword:
		p.Add("password", fairshops.ReasonTooSmall, MinPassword)
	case len(password) > MaxPassword:
		p.Add("password", fairshops.ReasonTooLong, MaxPassword)
	}
}
