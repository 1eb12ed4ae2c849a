package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// Accounts, API keys and sessions are plain rows; unique logins, key
// hashes and session hashes are unique constraints, so a clash is a
// Conflict however many processes write. They write no domain events.

const (
	accountColumns = `id, login, role, shop_id, password_hash, disabled, created_at, email`
	apiKeyColumns  = `id, shop_id, label, hash, created_at, revoked_at`
	sessionColumns = `hash, account_id, login, role, shop_id, created_at, expires_at`
)

// Create implements account.Accounts.
func (st *AccountStore) Create(ctx context.Context, a *account.Account) error {
	db := st.db
	const op = "sqlstore.AccountStore.Create"
	err := db.insertRow(ctx, op, a.Login, "account or login exists",
		`INSERT INTO accounts (`+accountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Login, string(a.Role), a.ShopID, a.PasswordHash, a.Disabled, db.d.timeArg(a.CreatedAt), a.Email)
	return wrap(op, a.ID, err)
}

// insertRow runs one INSERT in a unit of work of its own: accounts, keys
// and sessions are plain rows. A unique key's clash is a Conflict about
// entity, for the reason clash.
func (db *DB) insertRow(ctx context.Context, op, entity, clash, q string, args ...any) error {
	return db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, q, args...)
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, entity, clash, err)
		}
		return err
	})
}

// ByLogin implements account.Accounts.
func (st *AccountStore) ByLogin(ctx context.Context, login string) (*account.Account, error) {
	a, err := scanAccount(st.db.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE login = ?`, login))
	if err != nil {
		return nil, wrapRow("sqlstore.AccountStore.ByLogin", login, err)
	}
	return a, nil
}

func scanAccount(row scanner) (*account.Account, error) {
	var a account.Account
	var role string
	err := row.Scan(&a.ID, &a.Login, &role, &a.ShopID, &a.PasswordHash, &a.Disabled, timeCol{&a.CreatedAt}, &a.Email)
	a.Role = account.Role(role)
	return &a, err
}

// Create implements account.APIKeys.
func (st *APIKeyStore) Create(ctx context.Context, k *account.APIKey) error {
	db := st.db
	const op = "sqlstore.APIKeyStore.Create"
	err := db.insertRow(ctx, op, k.ID, "key exists", `INSERT INTO api_keys (`+apiKeyColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.ShopID, k.Label, k.Hash, db.d.timeArg(k.CreatedAt), db.d.timeArg(k.RevokedAt))
	return wrap(op, k.ID, err)
}

func scanAPIKey(row scanner) (*account.APIKey, error) {
	var k account.APIKey
	err := row.Scan(&k.ID, &k.ShopID, &k.Label, &k.Hash, timeCol{&k.CreatedAt}, timeCol{&k.RevokedAt})
	return &k, err
}

// ByHash implements account.APIKeys. Hashes are hex; the one asked for
// is matched in lower case, as keys are issued.
func (st *APIKeyStore) ByHash(ctx context.Context, hash string) (*account.APIKey, error) {
	db := st.db
	const op = "sqlstore.APIKeyStore.ByHash"
	k, err := scanAPIKey(db.queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = ?`, strings.ToLower(hash)))
	if err != nil {
		return nil, wrapRow(op, "", err)
	}
	return k, nil
}

// List implements account.APIKeys.
func (st *APIKeyStore) List(ctx context.Context, f account.KeyFilter) ([]*account.APIKey, error) {
	db := st.db
	const op = "sqlstore.APIKeyStore.List"
	where, args := "shop_id = ?", []any{f.ShopID}
	created, err := db.cursorCreated(ctx, op, "api_keys", f.After)
	if err != nil {
		return nil, err
	}
	if f.After != "" {
		where += " AND (created_at, id) > (?, ?)"
		args = append(args, created, f.After)
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	out, err := queryAll(ctx, db, scanAPIKey,
		`SELECT `+apiKeyColumns+` FROM api_keys WHERE `+where+` ORDER BY created_at, id LIMIT ?`, args...)
	return out, wrap(op, f.ShopID, err)
}

// Revoke implements account.APIKeys. Revoking a revoked key keeps the
// first revocation time.
func (st *APIKeyStore) Revoke(ctx context.Context, shopID, id string, at time.Time) error {
	db := st.db
	const op = "sqlstore.APIKeyStore.Revoke"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND shop_id = ?`,
			db.d.timeArg(at), id, shopID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	})
	return wrap(op, id, err)
}

// Create implements account.Sessions.
func (st *SessionStore) Create(ctx context.Context, s *account.Session) error {
	db := st.db
	const op = "sqlstore.SessionStore.Create"
	err := db.insertRow(ctx, op, "", "session exists", `INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Hash, s.AccountID, s.Login, string(s.Role), s.ShopID, db.d.timeArg(s.CreatedAt), db.d.timeArg(s.ExpiresAt))
	return wrap(op, "", err)
}

// Get implements account.Sessions.
func (st *SessionStore) Get(ctx context.Context, hash string) (*account.Session, error) {
	db := st.db
	const op = "sqlstore.SessionStore.Get"
	var s account.Session
	var role string
	err := db.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.AccountID, &s.Login, &role, &s.ShopID, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt})
	if err != nil {
		return nil, wrapRow(op, "", err)
	}
	s.Role = account.Role(role)
	return &s, nil
}

// Delete implements account.Sessions.
func (st *SessionStore) Delete(ctx context.Context, hash string) error {
	db := st.db
	const op = "sqlstore.SessionStore.Delete"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
		return err
	})
	return wrap(op, "", err)
}

// DeleteExpired implements account.Sessions.
func (st *SessionStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	return db.deleteRows(ctx, "sqlstore.SessionStore.DeleteExpired", `DELETE FROM sessions WHERE expires_at < ?`, db.d.timeArg(t))
}

// deleteRows runs the DELETE q in a write of its own and returns how many
// rows it deleted.
func (db *DB) deleteRows(ctx context.Context, op, q string, args ...any) (int, error) {
	var n int64
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, wrap(op, "", err)
	}
	return int(n), nil
}
