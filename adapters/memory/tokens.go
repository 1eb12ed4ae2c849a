package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// Get implements account.Accounts.
func (st *AccountStore) Get(ctx context.Context, id string) (*account.Account, error) {
	return lookup(ctx, st.db, st.db.accounts, id, "memory.AccountStore.Get")
}

// Update implements account.Accounts.
func (st *AccountStore) Update(ctx context.Context, a *account.Account) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	cur, ok := db.accounts[a.ID]
	if !ok {
		return fairshops.E("memory.AccountStore.Update", fairshops.NotFound, a.ID, "", nil)
	}
	cur.Email, cur.PasswordHash, cur.Disabled = a.Email, a.PasswordHash, a.Disabled
	return nil
}

// List implements account.Accounts.
func (st *AccountStore) List(ctx context.Context, f account.AccountFilter) ([]*account.Account, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, ok := db.accounts[f.After]; f.After != "" && !ok {
		return nil, fairshops.UnknownCursor("memory.AccountStore.List", f.After)
	}
	out := []*account.Account{}
	for id, a := range db.accounts {
		if id > f.After {
			c := *a
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *account.Account) int { return strings.Compare(a.ID, b.ID) })
	return out[:min(len(out), fairshops.PageLimit(f.Limit))], nil
}

// CountByAccount implements account.Sessions.
func (st *SessionStore) CountByAccount(ctx context.Context, accountID string, t time.Time) (int, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for _, s := range db.sessions {
		if s.AccountID == accountID && t.Before(s.ExpiresAt) {
			n++
		}
	}
	return n, nil
}

// DeleteByAccount implements account.Sessions.
func (st *SessionStore) DeleteByAccount(ctx context.Context, accountID string) (int, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, s := range db.sessions {
		if s.AccountID == accountID {
			delete(db.sessions, h)
			n++
		}
	}
	return n, nil
}

// Create implements account.Tokens.
func (st *TokenStore) Create(ctx context.Context, t *account.OneTimeToken) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := db.tokens[t.Hash]; ok || db.tokenByID(t.ID) != nil {
		return fairshops.E("memory.TokenStore.Create", fairshops.Conflict, t.ID, "token exists", nil)
	}
	c := *t
	db.tokens[t.Hash] = &c
	return nil
}

// tokenByID returns the stored token with the ID, or nil; the caller holds
// db.mu.
func (db *DB) tokenByID(id string) *account.OneTimeToken {
	for _, t := range db.tokens {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// ByHash implements account.Tokens.
func (st *TokenStore) ByHash(ctx context.Context, hash string) (*account.OneTimeToken, error) {
	return lookup(ctx, st.db, st.db.tokens, strings.ToLower(hash), "memory.TokenStore.ByHash")
}

// Use implements account.Tokens: under the DB's lock, the check and the
// mark are one step.
func (st *TokenStore) Use(ctx context.Context, hash string, at time.Time) (*account.OneTimeToken, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, ok := db.tokens[strings.ToLower(hash)]
	if !ok || !t.Open(at) {
		return nil, fairshops.E("memory.TokenStore.Use", fairshops.NotFound, "", "", nil)
	}
	t.UsedAt = at
	c := *t
	return &c, nil
}

// List implements account.Tokens.
func (st *TokenStore) List(ctx context.Context, f account.TokenFilter) ([]*account.OneTimeToken, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if f.After != "" && db.tokenByID(f.After) == nil {
		return nil, fairshops.UnknownCursor("memory.TokenStore.List", f.After)
	}
	out := []*account.OneTimeToken{}
	for _, t := range db.tokens {
		if t.ID > f.After && (f.Purpose == "" || t.Purpose == f.Purpose) && (f.OpenAt.IsZero() || t.Open(f.OpenAt)) {
			c := *t
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *account.OneTimeToken) int { return strings.Compare(a.ID, b.ID) })
	return out[:min(len(out), fairshops.PageLimit(f.Limit))], nil
}

// Delete implements account.Tokens.
func (st *TokenStore) Delete(ctx context.Context, id string) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	t := db.tokenByID(id)
	if t == nil {
		return fairshops.E("memory.TokenStore.Delete", fairshops.NotFound, id, "", nil)
	}
	delete(db.tokens, t.Hash)
	return nil
}

// DeleteExpired implements account.Tokens.
func (st *TokenStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, tok := range db.tokens {
		if tok.ExpiresAt.Before(t) {
			delete(db.tokens, h)
			n++
		}
	}
	return n, nil
}

// Get implements account.Throttles.
func (st *ThrottleStore) Get(ctx context.Context, login string) (account.Failures, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return account.Failures{}, err
	}
	defer unlock()
	return db.throttles[login], nil
}

// Fail implements account.Throttles.
func (st *ThrottleStore) Fail(ctx context.Context, login string, at time.Time) (account.Failures, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return account.Failures{}, err
	}
	defer unlock()
	f := db.throttles[login]
	f.Count++
	f.Last = at
	db.throttles[login] = f
	return f, nil
}

// Clear implements account.Throttles.
func (st *ThrottleStore) Clear(ctx context.Context, login string) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	delete(db.throttles, login)
	return nil
}

// DeleteExpired implements account.Throttles.
func (st *ThrottleStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for login, f := range db.throttles {
		if f.Last.Before(t) {
			delete(db.throttles, login)
			n++
		}
	}
	return n, nil
}
