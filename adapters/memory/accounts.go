package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// Create implements account.Accounts.
func (st *AccountStore) Create(ctx context.Context, a *account.Account) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := db.accounts[a.ID]; ok {
		return fairshops.E("memory.AccountStore.Create", fairshops.Conflict, a.ID, "account exists", nil)
	}
	if _, ok := db.logins[a.Login]; ok {
		return fairshops.E("memory.AccountStore.Create", fairshops.Conflict, a.Login, "login taken", nil)
	}
	c := *a
	db.accounts[a.ID] = &c
	db.logins[a.Login] = a.ID
	return nil
}

// ByLogin implements account.Accounts.
func (st *AccountStore) ByLogin(ctx context.Context, login string) (*account.Account, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	id, ok := db.logins[login]
	if !ok {
		return nil, fairshops.E("memory.AccountStore.ByLogin", fairshops.NotFound, login, "", nil)
	}
	c := *db.accounts[id]
	return &c, nil
}

// Create implements account.APIKeys.
func (st *APIKeyStore) Create(ctx context.Context, k *account.APIKey) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := db.keys[k.Hash]; ok {
		return fairshops.E("memory.APIKeyStore.Create", fairshops.Conflict, k.ID, "key exists", nil)
	}
	if db.keyByID(k.ID) != nil {
		return fairshops.E("memory.APIKeyStore.Create", fairshops.Conflict, k.ID, "key exists", nil)
	}
	c := *k
	db.keys[k.Hash] = &c
	return nil
}

// keyByID returns the stored key with the ID, or nil; the caller holds
// db.mu.
func (db *DB) keyByID(id string) *account.APIKey {
	for _, k := range db.keys {
		if k.ID == id {
			return k
		}
	}
	return nil
}

// ByHash implements account.APIKeys.
func (st *APIKeyStore) ByHash(ctx context.Context, hash string) (*account.APIKey, error) {
	return lookup(ctx, st.db, st.db.keys, strings.ToLower(hash), "memory.APIKeyStore.ByHash")
}

// lookup returns a copy of the row key of m, under the DB's lock;
// NotFound for none (naming no entity: the keys are secrets' hashes).
func lookup[T any](ctx context.Context, db *DB, m map[string]*T, key, op string) (*T, error) {
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	v, ok := m[key]
	if !ok {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	c := *v
	return &c, nil
}

// keyOrder is the order of APIKeys.List: CreatedAt, then ID.
func keyOrder(a, b *account.APIKey) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// List implements account.APIKeys.
func (st *APIKeyStore) List(ctx context.Context, f account.KeyFilter) ([]*account.APIKey, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var after *account.APIKey
	if f.After != "" {
		if after = db.keyByID(f.After); after == nil {
			return nil, fairshops.UnknownCursor("memory.APIKeyStore.List", f.After)
		}
	}
	out := []*account.APIKey{}
	for _, k := range db.keys {
		if k.ShopID == f.ShopID && (after == nil || keyOrder(after, k) < 0) {
			c := *k
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, keyOrder)
	return out[:min(len(out), fairshops.PageLimit(f.Limit))], nil
}

// Revoke implements account.APIKeys.
func (st *APIKeyStore) Revoke(ctx context.Context, shopID, id string, at time.Time) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if k := db.keyByID(id); k != nil && k.ShopID == shopID {
		if k.RevokedAt.IsZero() {
			k.RevokedAt = at
		}
		return nil
	}
	return fairshops.E("memory.APIKeyStore.Revoke", fairshops.NotFound, id, "", nil)
}

// Create implements account.Sessions.
func (st *SessionStore) Create(ctx context.Context, sess *account.Session) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := db.sessions[sess.Hash]; ok {
		return fairshops.E("memory.SessionStore.Create", fairshops.Conflict, "", "session exists", nil)
	}
	c := *sess
	db.sessions[sess.Hash] = &c
	return nil
}

// Get implements account.Sessions.
func (st *SessionStore) Get(ctx context.Context, hash string) (*account.Session, error) {
	return lookup(ctx, st.db, st.db.sessions, hash, "memory.SessionStore.Get")
}

// Delete implements account.Sessions.
func (st *SessionStore) Delete(ctx context.Context, hash string) error {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	delete(db.sessions, hash)
	return nil
}

// DeleteExpired implements account.Sessions.
func (st *SessionStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	unlock, err := db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, sess := range db.sessions {
		if sess.ExpiresAt.Before(t) {
			delete(db.sessions, h)
			n++
		}
	}
	return n, nil
}
