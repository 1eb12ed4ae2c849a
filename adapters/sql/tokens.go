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

// Invitations, resets and failed logins (migration 00011,
// docs/adr-accounts.md): plain rows like accounts. A token's use and a
// failure's count are single conditional or upserting statements, so
// concurrent requests on any node cannot both use one link or lose a
// failure.

const tokenColumns = `id, hash, purpose, account_id, login, role, shop_id, email, lang, created_by, created_at, expires_at, used_at`

// Get implements account.Accounts.
func (st *AccountStore) Get(ctx context.Context, id string) (*account.Account, error) {
	a, err := scanAccount(st.db.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return nil, wrapRow("sqlstore.AccountStore.Get", id, err)
	}
	return a, nil
}

// Update implements account.Accounts.
func (st *AccountStore) Update(ctx context.Context, a *account.Account) error {
	db := st.db
	const op = "sqlstore.AccountStore.Update"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE accounts SET email = ?, password_hash = ?, disabled = ? WHERE id = ?`,
			a.Email, a.PasswordHash, a.Disabled, a.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return fairshops.E(op, fairshops.NotFound, a.ID, "", nil)
	})
	return wrap(op, a.ID, err)
}

// List implements account.Accounts.
func (st *AccountStore) List(ctx context.Context, f account.AccountFilter) ([]*account.Account, error) {
	db := st.db
	const op = "sqlstore.AccountStore.List"
	if err := db.cursorExists(ctx, op, "accounts", "id", f.After); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, db, scanAccount, `SELECT `+accountColumns+` FROM accounts WHERE id > ? ORDER BY id LIMIT ?`,
		f.After, fairshops.PageLimit(f.Limit))
	return out, wrap(op, "", err)
}

// CountByAccount implements account.Sessions.
func (st *SessionStore) CountByAccount(ctx context.Context, accountID string, t time.Time) (int, error) {
	db := st.db
	var n int
	err := db.queryRow(ctx, `SELECT count(*) FROM sessions WHERE account_id = ? AND expires_at > ?`,
		accountID, db.d.timeArg(t)).Scan(&n)
	return n, wrap("sqlstore.SessionStore.CountByAccount", accountID, err)
}

// DeleteByAccount implements account.Sessions.
func (st *SessionStore) DeleteByAccount(ctx context.Context, accountID string) (int, error) {
	return st.db.deleteRows(ctx, "sqlstore.SessionStore.DeleteByAccount", `DELETE FROM sessions WHERE account_id = ?`, accountID)
}

// Create implements account.Tokens.
func (st *TokenStore) Create(ctx context.Context, t *account.OneTimeToken) error {
	db := st.db
	const op = "sqlstore.TokenStore.Create"
	err := db.insertRow(ctx, op, t.ID, "token exists",
		`INSERT INTO one_time_tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Hash, string(t.Purpose), t.AccountID, t.Login, string(t.Role), t.ShopID, t.Email, string(t.Lang),
		t.CreatedBy, db.d.timeArg(t.CreatedAt), db.d.timeArg(t.ExpiresAt), db.d.timeArg(t.UsedAt))
	return wrap(op, t.ID, err)
}

func scanToken(row scanner) (*account.OneTimeToken, error) {
	var t account.OneTimeToken
	var purpose, role, lang string
	err := row.Scan(&t.ID, &t.Hash, &purpose, &t.AccountID, &t.Login, &role, &t.ShopID, &t.Email, &lang,
		&t.CreatedBy, timeCol{&t.CreatedAt}, timeCol{&t.ExpiresAt}, timeCol{&t.UsedAt})
	t.Purpose, t.Role, t.Lang = account.Purpose(purpose), account.Role(role), fairshops.Language(lang)
	return &t, err
}

// ByHash implements account.Tokens.
func (st *TokenStore) ByHash(ctx context.Context, hash string) (*account.OneTimeToken, error) {
	t, err := scanToken(st.db.queryRow(ctx, `SELECT `+tokenColumns+` FROM one_time_tokens WHERE hash = ?`, strings.ToLower(hash)))
	if err != nil {
		return nil, wrapRow("sqlstore.TokenStore.ByHash", "", err)
	}
	return t, nil
}

// Use implements account.Tokens: one conditional UPDATE decides, then the
// row is read in the same unit of work.
func (st *TokenStore) Use(ctx context.Context, hash string, at time.Time) (*account.OneTimeToken, error) {
	db := st.db
	const op = "sqlstore.TokenStore.Use"
	var t *account.OneTimeToken
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE one_time_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?`,
			db.d.timeArg(at), strings.ToLower(hash), db.d.timeArg(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err == nil {
				err = fairshops.E(op, fairshops.NotFound, "", "", nil)
			}
			return err
		}
		t, err = scanToken(tx.queryRow(ctx, `SELECT `+tokenColumns+` FROM one_time_tokens WHERE hash = ?`, strings.ToLower(hash)))
		return err
	})
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return t, nil
}

// List implements account.Tokens.
func (st *TokenStore) List(ctx context.Context, f account.TokenFilter) ([]*account.OneTimeToken, error) {
	db := st.db
	const op = "sqlstore.TokenStore.List"
	if err := db.cursorExists(ctx, op, "one_time_tokens", "id", f.After); err != nil {
		return nil, err
	}
	where, args := "id > ?", []any{f.After}
	if f.Purpose != "" {
		where += " AND purpose = ?"
		args = append(args, string(f.Purpose))
	}
	if !f.OpenAt.IsZero() {
		where += " AND used_at IS NULL AND expires_at > ?"
		args = append(args, db.d.timeArg(f.OpenAt))
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	out, err := queryAll(ctx, db, scanToken, `SELECT `+tokenColumns+` FROM one_time_tokens WHERE `+where+` ORDER BY id LIMIT ?`, args...)
	return out, wrap(op, "", err)
}

// Delete implements account.Tokens.
func (st *TokenStore) Delete(ctx context.Context, id string) error {
	const op = "sqlstore.TokenStore.Delete"
	n, err := st.db.deleteRows(ctx, op, `DELETE FROM one_time_tokens WHERE id = ?`, id)
	if err == nil && n == 0 {
		err = fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return err
}

// DeleteExpired implements account.Tokens.
func (st *TokenStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	return db.deleteRows(ctx, "sqlstore.TokenStore.DeleteExpired", `DELETE FROM one_time_tokens WHERE expires_at < ?`, db.d.timeArg(t))
}

// Get implements account.Throttles.
func (st *ThrottleStore) Get(ctx context.Context, login string) (account.Failures, error) {
	var f account.Failures
	err := st.db.queryRow(ctx, `SELECT failures, last_failed_at FROM login_failures WHERE login = ?`, login).
		Scan(&f.Count, timeCol{&f.Last})
	if errors.Is(err, sql.ErrNoRows) {
		return account.Failures{}, nil
	}
	return f, wrap("sqlstore.ThrottleStore.Get", login, err)
}

// Fail implements account.Throttles: one upsert adds the failure.
func (st *ThrottleStore) Fail(ctx context.Context, login string, at time.Time) (account.Failures, error) {
	db := st.db
	var f account.Failures
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		return tx.queryRow(ctx, `INSERT INTO login_failures (login, failures, last_failed_at) VALUES (?, 1, ?)
ON CONFLICT (login) DO UPDATE SET failures = login_failures.failures + 1, last_failed_at = excluded.last_failed_at
RETURNING failures, last_failed_at`, login, db.d.timeArg(at)).Scan(&f.Count, timeCol{&f.Last})
	})
	return f, wrap("sqlstore.ThrottleStore.Fail", login, err)
}

// Clear implements account.Throttles.
func (st *ThrottleStore) Clear(ctx context.Context, login string) error {
	_, err := st.db.deleteRows(ctx, "sqlstore.ThrottleStore.Clear", `DELETE FROM login_failures WHERE login = ?`, login)
	return err
}

// DeleteExpired implements account.Throttles.
func (st *ThrottleStore) DeleteExpired(ctx context.Context, t time.Time) (int, error) {
	db := st.db
	return db.deleteRows(ctx, "sqlstore.ThrottleStore.DeleteExpired", `DELETE FROM login_failures WHERE last_failed_at < ?`, db.d.timeArg(t))
}
