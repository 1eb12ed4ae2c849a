package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// NotifySettingsStore is the shopnotify.Store of a DB: one row per shop in
// shop_notify (migration 00016).
type NotifySettingsStore struct{ db *DB }

// NotifySettings returns the notification settings store of the DB.
func (db *DB) NotifySettings() *NotifySettingsStore { return &NotifySettingsStore{db: db} }

var _ shopnotify.Store = (*NotifySettingsStore)(nil)

const notifyColumns = `shop_id, email, webhook_url, secret, previous, previous_until, secret_set_at, version, created_at, updated_at`

// Create implements shopnotify.Store.
func (s *NotifySettingsStore) Create(ctx context.Context, st *shopnotify.Settings) error {
	const op = "sqlstore.NotifySettingsStore.Create"
	d := s.db.d
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO shop_notify (`+notifyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			st.ShopID, st.Email, st.WebhookURL, st.Secret.Reveal(), st.Previous.Reveal(), d.timeArg(st.PreviousUntil),
			d.timeArg(st.SecretSetAt), d.timeArg(st.CreatedAt), d.timeArg(st.UpdatedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, st.ShopID, "settings exist", err)
		}
		return err
	})
	if err != nil {
		return wrap(op, st.ShopID, err)
	}
	st.Version = 1
	return nil
}

// Get implements shopnotify.Store.
func (s *NotifySettingsStore) Get(ctx context.Context, shopID string) (*shopnotify.Settings, error) {
	const op = "sqlstore.NotifySettingsStore.Get"
	var st shopnotify.Settings
	var secret, previous string
	err := s.db.queryRow(ctx, `SELECT `+notifyColumns+` FROM shop_notify WHERE shop_id = ?`, shopID).
		Scan(&st.ShopID, &st.Email, &st.WebhookURL, &secret, &previous, timeCol{&st.PreviousUntil},
			timeCol{&st.SecretSetAt}, &st.Version, timeCol{&st.CreatedAt}, timeCol{&st.UpdatedAt})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fairshops.E(op, fairshops.NotFound, shopID, "", nil)
	case err != nil:
		return nil, wrap(op, shopID, err)
	}
	st.Secret, st.Previous = fairshops.Token(secret), fairshops.Token(previous)
	return &st, nil
}

// Update implements shopnotify.Store.
func (s *NotifySettingsStore) Update(ctx context.Context, st *shopnotify.Settings) error {
	const op = "sqlstore.NotifySettingsStore.Update"
	d := s.db.d
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE shop_notify SET email = ?, webhook_url = ?, secret = ?, previous = ?,
			previous_until = ?, secret_set_at = ?, version = version + 1, updated_at = ?
			WHERE shop_id = ? AND version = ?`, st.Email, st.WebhookURL, st.Secret.Reveal(), st.Previous.Reveal(),
			d.timeArg(st.PreviousUntil), d.timeArg(st.SecretSetAt), d.timeArg(st.UpdatedAt), st.ShopID, st.Version)
		if err != nil {
			return err
		}
		return versionChecked(ctx, tx, res, op, "shop_notify", "shop_id", st.ShopID)
	})
	if err != nil {
		return wrap(op, st.ShopID, err)
	}
	st.Version++
	return nil
}
