package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

var _ account.Store = (*DB)(nil)

// Accounts, API keys and sessions are plain rows; unique logins, key
// hashes and session hashes are unique constraints, so a clash is a
// Conflict however many processes write. They write no domain events.

const (
	accountColumns = `id, login, role, shop_id, password_hash, disabled, created_at`
	apiKeyColumns  = `id, shop_id, label, hash, created_at, revoked_at`
	sessionColumns = `hash, account_id, login, role, shop_id, created_at, expires_at`
)

// CreateAccount implements account.Store.
func (db *DB) CreateAccount(ctx context.Context, a *account.Account) error {
	const op = "sqlstore.CreateAccount"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO accounts (`+accountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Login, string(a.Role), a.ShopID, a.PasswordHash, a.Disabled, db.d.timeArg(a.CreatedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, a.Login, "account or login exists", err)
		}
		return err
	})
	return wrap(op, a.ID, err)
}

// AccountByLogin implements account.Store.
func (db *DB) AccountByLogin(ctx context.Context, login string) (*account.Account, error) {
	const op = "sqlstore.AccountByLogin"
	var a account.Account
	var role string
	err := db.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE login = ?`, login).
		Scan(&a.ID, &a.Login, &role, &a.ShopID, &a.PasswordHash, &a.Disabled, timeCol{&a.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fairshops.E(op, fairshops.NotFound, login, "", nil)
	}
	if err != nil {
		return nil, wrap(op, login, err)
	}
	a.Role = account.Role(role)
	return &a, nil
}

// CreateAPIKey implements account.Store.
func (db *DB) CreateAPIKey(ctx context.Context, k *account.APIKey) error {
	const op = "sqlstore.CreateAPIKey"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			k.ID, k.ShopID, k.Label, k.Hash, db.d.timeArg(k.CreatedAt), db.d.timeArg(k.RevokedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, k.ID, "key exists", err)
		}
		return err
	})
	return wrap(op, k.ID, err)
}

func scanAPIKey(row scanner) (*account.APIKey, error) {
	var k account.APIKey
	err := row.Scan(&k.ID, &k.ShopID, &k.Label, &k.Hash, timeCol{&k.CreatedAt}, timeCol{&k.RevokedAt})
	return &k, err
}

// APIKeyByHash implements account.Store. Hashes are hex; the one asked for
// is matched in lower case, as keys are issued.
func (db *DB) APIKeyByHash(ctx context.Context, hash string) (*account.APIKey, error) {
	const op = "sqlstore.APIKeyByHash"
	k, err := scanAPIKey(db.queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = ?`, strings.ToLower(hash)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return k, nil
}

// ListAPIKeys implements account.Store.
func (db *DB) ListAPIKeys(ctx context.Context, shopID string) ([]*account.APIKey, error) {
	const op = "sqlstore.ListAPIKeys"
	rows, err := db.query(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE shop_id = ? ORDER BY created_at, id`, shopID)
	if err != nil {
		return nil, wrap(op, shopID, err)
	}
	defer rows.Close()
	var out []*account.APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, wrap(op, shopID, err)
		}
		out = append(out, k)
	}
	return out, wrap(op, shopID, rows.Err())
}

// RevokeAPIKey implements account.Store. Revoking a revoked key keeps the
// first revocation time.
func (db *DB) RevokeAPIKey(ctx context.Context, shopID, id string, at time.Time) error {
	const op = "sqlstore.RevokeAPIKey"
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

// CreateSession implements account.Store.
func (db *DB) CreateSession(ctx context.Context, s *account.Session) error {
	const op = "sqlstore.CreateSession"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			s.Hash, s.AccountID, s.Login, string(s.Role), s.ShopID, db.d.timeArg(s.CreatedAt), db.d.timeArg(s.ExpiresAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, "", "session exists", err)
		}
		return err
	})
	return wrap(op, "", err)
}

// SessionByHash implements account.Store.
func (db *DB) SessionByHash(ctx context.Context, hash string) (*account.Session, error) {
	const op = "sqlstore.SessionByHash"
	var s account.Session
	var role string
	err := db.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.AccountID, &s.Login, &role, &s.ShopID, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	if err != nil {
		return nil, wrap(op, "", err)
	}
	s.Role = account.Role(role)
	return &s, nil
}

// DeleteSession implements account.Store.
func (db *DB) DeleteSession(ctx context.Context, hash string) error {
	const op = "sqlstore.DeleteSession"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
		return err
	})
	return wrap(op, "", err)
}

// DeleteExpiredSessions implements account.Store.
func (db *DB) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	return db.deleteRows(ctx, "sqlstore.DeleteExpiredSessions", `DELETE FROM sessions WHERE expires_at < ?`, db.d.timeArg(t))
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
