package account

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Config holds what a Service needs. Accounts, APIKeys and Sessions are
// required (an adapter's DB hands out all three: db.Accounts(),
// db.APIKeys(), db.Sessions()); Tokens, Throttles and Mailer switch on
// invitations, resets and login throttling (docs/adr-accounts.md).
type Config struct {
	Accounts Accounts
	APIKeys  APIKeys
	Sessions Sessions
	// Tokens keeps invitations and resets; nil: neither is possible.
	Tokens Tokens
	// Throttles keeps failed logins; nil: no throttling per login (the
	// HTTP layer's per-client limit stays).
	Throttles Throttles
	// Mailer sends invitation and reset mails; nil: neither is possible.
	Mailer Mailer
	// Shops, when set, is asked whether the shop of a shop login's
	// invitation exists (a *fairshops.Registry).
	Shops Shops
	// Throttling is the delay after failed logins; DefaultThrottling when
	// zero.
	Throttling Throttling
	// InvitationTTL and ResetTTL are how long a link is good; defaults 7
	// days and 1 hour.
	InvitationTTL, ResetTTL time.Duration
	Clock                   fairshops.Clock // default: the system clock
	Rand                    io.Reader       // default: crypto/rand
	// SessionTTL is how long a login lasts; default 12 hours.
	SessionTTL time.Duration
	// BcryptCost is the bcrypt work factor; default 12. Tests may use bcrypt.MinCost.
	BcryptCost int
}

// Service creates accounts, logs in, and authenticates sessions and API keys.
type Service struct {
	accounts Accounts
	keys     APIKeys
	sessions Sessions
	clock    fairshops.Clock
	rand     io.Reader
	ttl      time.Duration
	cost     int
	dummy    func() []byte // a hash to compare against when a login is unknown

	tokens    Tokens
	shops     Shops
	throttles Throttles
	mailer    Mailer
	throttle  Throttling
	inviteTTL time.Duration
	resetTTL  time.Duration
}

// NewService checks the config and returns a Service.
func NewService(cfg Config) (*Service, error) {
	var p fairshops.Problems
	if cfg.Accounts == nil {
		p.Add("Accounts", fairshops.ReasonRequired)
	}
	if cfg.APIKeys == nil {
		p.Add("APIKeys", fairshops.ReasonRequired)
	}
	if cfg.Sessions == nil {
		p.Add("Sessions", fairshops.ReasonRequired)
	}
	if err := p.Err("account.NewService"); err != nil {
		return nil, err
	}
	s := &Service{accounts: cfg.Accounts, keys: cfg.APIKeys, sessions: cfg.Sessions, clock: cfg.Clock, rand: cfg.Rand, ttl: cfg.SessionTTL, cost: cfg.BcryptCost}
	if s.clock == nil {
		s.clock = fairshops.SystemClock{}
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.ttl <= 0 {
		s.ttl = 12 * time.Hour
	}
	if s.cost == 0 {
		s.cost = 12
	}
	s.tokens, s.throttles, s.mailer, s.shops = cfg.Tokens, cfg.Throttles, cfg.Mailer, cfg.Shops
	s.throttle, s.inviteTTL, s.resetTTL = cfg.Throttling, cfg.InvitationTTL, cfg.ResetTTL
	if s.throttle == (Throttling{}) {
		s.throttle = DefaultThrottling
	}
	if s.inviteTTL <= 0 {
		s.inviteTTL = 7 * 24 * time.Hour
	}
	if s.resetTTL <= 0 {
		s.resetTTL = time.Hour
	}
	if s.cost < bcrypt.MinCost || s.cost > bcrypt.MaxCost {
		var p fairshops.Problems
		p.Add("BcryptCost", fairshops.ReasonUnknownValue, s.cost)
		return nil, p.Err("account.NewService")
	}
	cost := s.cost
	s.dummy = sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("not a real password, only for timing"), cost)
		return h
	})
	return s, nil
}

// ErrBadCredentials is the one answer to a failed login or an unknown,
// expired or revoked token: it does not say which part was wrong.
var ErrBadCredentials = fairshops.E("account", fairshops.Forbidden, "", "wrong login, password or token", nil)

// CreateOperator creates a staff account of the operator.
func (s *Service) CreateOperator(ctx context.Context, login, password string) (*Account, error) {
	return s.create(ctx, Operator, "", login, "", password)
}

// CreateShopLogin creates a web login for a shop.
func (s *Service) CreateShopLogin(ctx context.Context, shopID, login, password string) (*Account, error) {
	return s.create(ctx, Shop, shopID, login, "", password)
}

func (s *Service) create(ctx context.Context, role Role, shopID, login, email, password string) (*Account, error) {
	const op = "account.Create"
	var p fairshops.Problems
	checkLogin(&p, login)
	checkPassword(&p, login, password)
	if role == Shop && shopID == "" {
		p.Add("shop_id", fairshops.ReasonRequired)
	}
	if err := p.Err(op); err != nil {
		return nil, err
	}
	hash, err := s.hash(op, password)
	if err != nil {
		return nil, err
	}
	a := &Account{
		ID: fairshops.NewID("acct"), Login: login, Role: role, ShopID: shopID, Email: email,
		PasswordHash: hash, CreatedAt: s.clock.Now().UTC().Truncate(time.Microsecond),
	}
	if err := s.accounts.Create(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Login checks a login and password and opens a session. The token goes into
// the user's cookie; only its hash is stored. A wrong login and a wrong
// password take the same time and give the same ErrBadCredentials. After
// too many failures in a row a login must wait (a *ThrottledError, for
// unknown logins as for known ones); while it waits, nothing is checked
// and nothing counted, so an attacker cannot lock an account out for
// longer than the delay.
func (s *Service) Login(ctx context.Context, login, password string) (*Session, fairshops.Token, error) {
	login = strings.ToLower(login)
	track := s.throttles != nil && loginPattern.MatchString(login)
	now := s.clock.Now()
	var failures Failures
	if track {
		var err error
		if failures, err = s.throttles.Get(ctx, login); err != nil {
			return nil, "", err
		}
		if wait := s.wait(failures, now); wait > 0 {
			return nil, "", &ThrottledError{Wait: wait}
		}
	}
	a, err := s.check(ctx, login, password)
	if errors.Is(err, ErrBadCredentials) && track {
		if _, ferr := s.throttles.Fail(ctx, login, now); ferr != nil {
			return nil, "", ferr
		}
	}
	if err != nil {
		return nil, "", err
	}
	if track && failures.Count > 0 {
		if err := s.throttles.Clear(ctx, login); err != nil {
			return nil, "", err
		}
	}
	return s.openSession(ctx, a)
}

// wait is how long a login with the failures must still wait at now.
func (s *Service) wait(f Failures, now time.Time) time.Duration {
	d := s.throttle.Delay(f.Count)
	if d == 0 {
		return 0
	}
	if left := f.Last.Add(d).Sub(now); left > 0 {
		return left
	}
	return 0
}

// check returns the enabled account whose password is password, or
// ErrBadCredentials, in the same time for an unknown login.
func (s *Service) check(ctx context.Context, login, password string) (*Account, error) {
	a, err := s.accounts.ByLogin(ctx, login)
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		_ = bcrypt.CompareHashAndPassword(s.dummy(), []byte(password))
		return nil, ErrBadCredentials
	case err != nil:
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(a.PasswordHash), []byte(password)) != nil || a.Disabled {
		return nil, ErrBadCredentials
	}
	return a, nil
}

// openSession opens a session of the account.
func (s *Service) openSession(ctx context.Context, a *Account) (*Session, fairshops.Token, error) {
	tok, err := fairshops.NewToken(s.rand)
	if err != nil {
		return nil, "", fairshops.E("account.Login", fairshops.Internal, "", "draw token", err)
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	sess := &Session{
		Hash: tok.Hash(), AccountID: a.ID, Login: a.Login, Role: a.Role, ShopID: a.ShopID,
		CreatedAt: now, ExpiresAt: now.Add(s.ttl),
	}
	if err := s.sessions.Create(ctx, sess); err != nil {
		return nil, "", err
	}
	return sess, tok, nil
}

// Authenticate returns the identity of a session token; an unknown or
// expired one gives ErrBadCredentials (and an expired one is deleted).
func (s *Service) Authenticate(ctx context.Context, token fairshops.Token) (Identity, error) {
	if token == "" {
		return Identity{}, ErrBadCredentials
	}
	sess, err := s.sessions.Get(ctx, token.Hash())
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return Identity{}, ErrBadCredentials
	case err != nil:
		return Identity{}, err
	}
	if !s.clock.Now().Before(sess.ExpiresAt) {
		_ = s.sessions.Delete(ctx, sess.Hash)
		return Identity{}, ErrBadCredentials
	}
	return Identity{Role: sess.Role, ShopID: sess.ShopID, Login: sess.Login, AccountID: sess.AccountID}, nil
}

// Logout ends the session of token; ending an unknown one is no error.
func (s *Service) Logout(ctx context.Context, token fairshops.Token) error {
	if token == "" {
		return nil
	}
	return s.sessions.Delete(ctx, token.Hash())
}

// APIKeyPrefix starts every API key, so that a leaked key is easy to spot.
const APIKeyPrefix = "ksk_"

// IssueAPIKey creates an API key for a shop and returns it with its secret,
// which is shown once and never stored.
func (s *Service) IssueAPIKey(ctx context.Context, shopID, label string) (*APIKey, fairshops.Token, error) {
	const op = "account.IssueAPIKey"
	var p fairshops.Problems
	if shopID == "" {
		p.Add("shop_id", fairshops.ReasonRequired)
	}
	if len([]rune(label)) > MaxLabel {
		p.Add("label", fairshops.ReasonTooLong, MaxLabel)
	} else if strings.ContainsFunc(label, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		p.Add("label", fairshops.ReasonControlChars)
	} else if fairshops.HasHiddenFormat(label) {
		p.Add("label", fairshops.ReasonFormatChars)
	}
	if err := p.Err(op); err != nil {
		return nil, "", err
	}
	tok, err := fairshops.NewToken(s.rand)
	if err != nil {
		return nil, "", fairshops.E(op, fairshops.Internal, "", "draw token", err)
	}
	secret := fairshops.Token(APIKeyPrefix + tok.Reveal())
	k := &APIKey{
		ID: fairshops.NewID("key"), ShopID: shopID, Label: label, Hash: secret.Hash(),
		CreatedAt: s.clock.Now().UTC().Truncate(time.Microsecond),
	}
	if err := s.keys.Create(ctx, k); err != nil {
		return nil, "", err
	}
	return k, secret, nil
}

// AuthenticateAPIKey returns the shop identity of an API key; an unknown or
// revoked key gives ErrBadCredentials.
func (s *Service) AuthenticateAPIKey(ctx context.Context, key fairshops.Token) (Identity, error) {
	if !strings.HasPrefix(key.Reveal(), APIKeyPrefix) {
		return Identity{}, ErrBadCredentials
	}
	k, err := s.keys.ByHash(ctx, key.Hash())
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return Identity{}, ErrBadCredentials
	case err != nil:
		return Identity{}, err
	}
	if !k.RevokedAt.IsZero() {
		return Identity{}, ErrBadCredentials
	}
	return Identity{Role: Shop, ShopID: k.ShopID, Login: "api-key:" + k.ID}, nil
}

// RevokeAPIKey revokes one of a shop's keys.
func (s *Service) RevokeAPIKey(ctx context.Context, shopID, id string) error {
	return s.keys.Revoke(ctx, shopID, id, s.clock.Now().UTC().Truncate(time.Microsecond))
}

// APIKeys lists all of a shop's keys (without secrets), oldest first. It
// walks the store's pages: a shop has few keys.
func (s *Service) APIKeys(ctx context.Context, shopID string) ([]*APIKey, error) {
	var out []*APIKey
	f := KeyFilter{ShopID: shopID, Limit: fairshops.MaxLimit}
	for {
		page, err := s.keys.List(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// PruneSessions deletes expired sessions, and, where configured, expired
// invitation and reset tokens and the failures of logins that have been
// quiet for a day; call it now and then. It reports the expired sessions.
func (s *Service) PruneSessions(ctx context.Context) (int, error) {
	now := s.clock.Now()
	n, err := s.sessions.DeleteExpired(ctx, now)
	if err != nil {
		return n, err
	}
	if s.tokens != nil {
		if _, err := s.tokens.DeleteExpired(ctx, now); err != nil {
			return n, err
		}
	}
	if s.throttles != nil {
		if _, err := s.throttles.DeleteExpired(ctx, now.Add(-max(s.throttle.Max, 24*time.Hour))); err != nil {
			return n, err
		}
	}
	return n, nil
}
