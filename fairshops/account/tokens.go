package account

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Purpose is what a one-time token is for.
type Purpose string

// The purposes of one-time tokens.
const (
	// Invitation: the invitee sets a password and the account is created.
	Invitation Purpose = "invitation"
	// Reset: the owner of an account sets a new password.
	Reset Purpose = "reset"
)

// OneTimeToken is an invitation or a password reset: a link mailed to one
// person, good once and until ExpiresAt. Only the SHA-256 of the token is
// stored (Hash); the token itself is in the mail alone
// (docs/adr-accounts.md).
type OneTimeToken struct {
	ID      string  `json:"id"`
	Hash    string  `json:"-"`
	Purpose Purpose `json:"purpose"`
	// AccountID is the account a reset is for; "" for an invitation.
	AccountID string `json:"account_id,omitempty"`
	// Login, Role and ShopID are the account an invitation creates (a
	// reset copies its account's).
	Login  string             `json:"login"`
	Role   Role               `json:"role"`
	ShopID string             `json:"shop_id,omitempty"`
	Email  string             `json:"email"`
	Lang   fairshops.Language `json:"lang"`
	// CreatedBy is the login of the operator who invited; "" for a reset.
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	UsedAt    time.Time `json:"used_at,omitzero"`
}

// Open reports whether the token can still be used at t.
func (t *OneTimeToken) Open(at time.Time) bool { return t.UsedAt.IsZero() && at.Before(t.ExpiresAt) }

// Tokens keeps one-time tokens (invitations and resets).
type Tokens interface {
	// Create stores a token; Conflict when the ID or hash exists.
	Create(ctx context.Context, t *OneTimeToken) error
	// ByHash returns the token with the hash, used or not; NotFound if
	// none.
	ByHash(ctx context.Context, hash string) (*OneTimeToken, error)
	// Use marks the token with the hash used at t and returns it, in one
	// conditional write: only a token that is unused and expires after t
	// is used, so of two concurrent uses one wins. NotFound for an
	// unknown, used or expired token.
	Use(ctx context.Context, hash string, at time.Time) (*OneTimeToken, error)
	// List returns one page of tokens ordered by ID, paged by the rule of
	// every List (fairshops.PageLimit).
	List(ctx context.Context, f TokenFilter) ([]*OneTimeToken, error)
	// Delete removes the token with the ID (revoking it); NotFound if
	// none.
	Delete(ctx context.Context, id string) error
	// DeleteExpired removes tokens that expired before t, used or not,
	// and reports how many.
	DeleteExpired(ctx context.Context, t time.Time) (int, error)
}

// TokenFilter selects tokens for Tokens.List.
type TokenFilter struct {
	Purpose Purpose // "" for every purpose
	// OpenAt, when set, keeps only tokens that are unused and expire
	// after it.
	OpenAt time.Time
	After  string // cursor: the ID of the last token seen
	Limit  int
}

// Failures is the throttling state of one login: how many logins failed
// in a row and when the last one did.
type Failures struct {
	Count int
	Last  time.Time
}

// Throttles keeps the failed logins per login name, for known and unknown
// logins alike (so that throttling tells nobody which logins exist). It is
// a store, not process memory, so that every node of a cluster sees the
// same count.
type Throttles interface {
	// Get returns the failures of the login; the zero Failures if none.
	Get(ctx context.Context, login string) (Failures, error)
	// Fail adds one failure at t to the login's count in one atomic
	// write and returns the new state.
	Fail(ctx context.Context, login string, at time.Time) (Failures, error)
	// Clear forgets the login's failures; clearing none is no error.
	Clear(ctx context.Context, login string) error
	// DeleteExpired forgets every login whose last failure was before t
	// and reports how many.
	DeleteExpired(ctx context.Context, t time.Time) (int, error)
}

// Mail is an invitation or reset mail for a Mailer to send. Token is the
// secret of the link; a Mailer puts it into the link and nowhere else (no
// log, no queue at rest).
type Mail struct {
	Purpose   Purpose
	To        string
	Lang      fairshops.Language
	Login     string
	Role      Role
	ShopID    string
	Token     fairshops.Token
	ExpiresAt time.Time
}

// Mailer sends invitation and reset mails (adapters/notify.AccountMailer
// by SMTP). It is called within the request: a failure is the caller's
// error, and nothing is stored for later.
type Mailer interface {
	SendAccountMail(ctx context.Context, m Mail) error
}

// MailerFunc adapts a function to Mailer.
type MailerFunc func(ctx context.Context, m Mail) error

// SendAccountMail implements Mailer.
func (f MailerFunc) SendAccountMail(ctx context.Context, m Mail) error { return f(ctx, m) }

// Throttling is the delay after failed logins: the first Free failures
// in a row cost nothing, every further one doubles the wait from Base,
// up to Max. A success clears the count.
type Throttling struct {
	Free int
	Base time.Duration
	Max  time.Duration
}

// DefaultThrottling waits 1 s after the fifth failure in a row, then 2 s,
// 4 s, ..., at most 15 minutes.
var DefaultThrottling = Throttling{Free: 5, Base: time.Second, Max: 15 * time.Minute}

// Delay is how long a login must wait after n failures in a row.
func (t Throttling) Delay(n int) time.Duration {
	if n < t.Free {
		return 0
	}
	d := t.Base
	for i := t.Free; i < n && d < t.Max; i++ {
		d *= 2
	}
	return min(d, t.Max)
}

// ThrottledError is the answer to a login tried too soon after failures:
// nothing was checked, try again after Wait. Known and unknown logins get
// it alike.
type ThrottledError struct {
	Wait time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("account: too many failed logins; try again in %s", e.Wait.Round(time.Second))
}

// Is makes a ThrottledError match fairshops.ErrForbidden.
func (e *ThrottledError) Is(target error) bool { return target == fairshops.ErrForbidden }

// ErrLinkInvalid is the one answer to an invitation or reset link that is
// unknown, used, revoked or expired: it does not say which.
var ErrLinkInvalid = fairshops.E("account", fairshops.NotFound, "", "unknown, used or expired link", nil)
