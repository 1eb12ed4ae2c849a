package memory

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

var _ account.Store = (*Accounts)(nil)

// Accounts is an account.Store in memory. Accounts write no domain events,
// so they need no outbox and keep their own lock.
type Accounts struct {
	mu       sync.Mutex
	accounts map[string]*account.Account // by ID
	logins   map[string]string           // login -> ID
	keys     map[string]*account.APIKey  // by hash
	sessions map[string]*account.Session // by hash
}

// NewAccounts returns an empty account store.
func NewAccounts() *Accounts {
	return &Accounts{
		accounts: map[string]*account.Account{}, logins: map[string]string{},
		keys: map[string]*account.APIKey{}, sessions: map[string]*account.Session{},
	}
}

func (s *Accounts) lock(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	return s.mu.Unlock, nil
}

// CreateAccount implements account.Store.
func (s *Accounts) CreateAccount(ctx context.Context, a *account.Account) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.accounts[a.ID]; ok {
		return fairshops.E("memory.CreateAccount", fairshops.Conflict, a.ID, "account exists", nil)
	}
	if _, ok := s.logins[a.Login]; ok {
		return fairshops.E("memory.CreateAccount", fairshops.Conflict, a.Login, "login taken", nil)
	}
	c := *a
	s.accounts[a.ID] = &c
	s.logins[a.Login] = a.ID
	return nil
}

// AccountByLogin implements account.Store.
func (s *Accounts) AccountByLogin(ctx context.Context, login string) (*account.Account, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	id, ok := s.logins[login]
	if !ok {
		return nil, fairshops.E("memory.AccountByLogin", fairshops.NotFound, login, "", nil)
	}
	c := *s.accounts[id]
	return &c, nil
}

// CreateAPIKey implements account.Store.
func (s *Accounts) CreateAPIKey(ctx context.Context, k *account.APIKey) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.keys[k.Hash]; ok {
		return fairshops.E("memory.CreateAPIKey", fairshops.Conflict, k.ID, "key exists", nil)
	}
	for _, o := range s.keys {
		if o.ID == k.ID {
			return fairshops.E("memory.CreateAPIKey", fairshops.Conflict, k.ID, "key exists", nil)
		}
	}
	c := *k
	s.keys[k.Hash] = &c
	return nil
}

// APIKeyByHash implements account.Store.
func (s *Accounts) APIKeyByHash(ctx context.Context, hash string) (*account.APIKey, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	k, ok := s.keys[strings.ToLower(hash)]
	if !ok {
		return nil, fairshops.E("memory.APIKeyByHash", fairshops.NotFound, "", "", nil)
	}
	c := *k
	return &c, nil
}

// ListAPIKeys implements account.Store.
func (s *Accounts) ListAPIKeys(ctx context.Context, shopID string) ([]*account.APIKey, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []*account.APIKey
	for _, k := range s.keys {
		if k.ShopID == shopID {
			c := *k
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *account.APIKey) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// RevokeAPIKey implements account.Store.
func (s *Accounts) RevokeAPIKey(ctx context.Context, shopID, id string, at time.Time) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	for _, k := range s.keys {
		if k.ID == id && k.ShopID == shopID {
			if k.RevokedAt.IsZero() {
				k.RevokedAt = at
			}
			return nil
		}
	}
	return fairshops.E("memory.RevokeAPIKey", fairshops.NotFound, id, "", nil)
}

// CreateSession implements account.Store.
func (s *Accounts) CreateSession(ctx context.Context, sess *account.Session) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.sessions[sess.Hash]; ok {
		return fairshops.E("memory.CreateSession", fairshops.Conflict, "", "session exists", nil)
	}
	c := *sess
	s.sessions[sess.Hash] = &c
	return nil
}

// SessionByHash implements account.Store.
func (s *Accounts) SessionByHash(ctx context.Context, hash string) (*account.Session, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	sess, ok := s.sessions[hash]
	if !ok {
		return nil, fairshops.E("memory.SessionByHash", fairshops.NotFound, "", "", nil)
	}
	c := *sess
	return &c, nil
}

// DeleteSession implements account.Store.
func (s *Accounts) DeleteSession(ctx context.Context, hash string) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	delete(s.sessions, hash)
	return nil
}

// DeleteExpiredSessions implements account.Store.
func (s *Accounts) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, sess := range s.sessions {
		if sess.ExpiresAt.Before(t) {
			delete(s.sessions, h)
			n++
		}
	}
	return n, nil
}
