package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
)

const shopColumns = `id, name, domain, seal_status, seal_valid_until, fulfilled, bookings, conditions,
	version, created_at, updated_at, state, contact_email, contact_phone, contact_hours, public_figures`

// shopRow is a shop as columns: the lists as JSON text.
type shopRow struct {
	fulfilled, bookings, conditions string
}

func encodeShop(s *fairshops.Shop) (shopRow, error) {
	var r shopRow
	var err error
	if r.fulfilled, err = jsonList(s.Fulfilled); err != nil {
		return r, err
	}
	if r.bookings, err = jsonList(s.Bookings); err != nil {
		return r, err
	}
	r.conditions, err = jsonList(s.Conditions)
	return r, err
}

// jsonList encodes a list as JSON, an empty or nil one as [].
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// Create implements fairshops.ShopStore: the shop at version 1 and its
// events, in one unit of work.
func (st *ShopStore) Create(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.ShopStore.Create"
	r, err := encodeShop(s)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, s.ID, "encode shop", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		if _, err := tx.exec(ctx, `INSERT INTO shops (`+shopColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.Name, s.Domain, string(s.Seal.Status), dateArg(s.Seal.ValidUntil),
			r.fulfilled, r.bookings, r.conditions, db.d.timeArg(s.CreatedAt), db.d.timeArg(s.UpdatedAt), s.State,
			s.ComplaintContact.Email, s.ComplaintContact.Phone, s.ComplaintContact.Hours, s.PublicFigures); err != nil {
			if uniqueViolation(err) {
				return fairshops.E(op, fairshops.Conflict, s.ID, "shop exists", err)
			}
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	if err != nil {
		return wrap(op, s.ID, err)
	}
	s.Version = 1
	return nil
}

// Get implements fairshops.ShopStore.
func (st *ShopStore) Get(ctx context.Context, id string) (*fairshops.Shop, error) {
	db := st.db
	const op = "sqlstore.ShopStore.Get"
	s, err := scanShop(db.queryRow(ctx, `SELECT `+shopColumns+` FROM shops WHERE id = ?`, id))
	if err != nil {
		return nil, wrapRow(op, id, err)
	}
	return s, nil
}

// Update implements fairshops.ShopStore: it replaces the shop if the
// stored version is s.Version (then sets s.Version to the new one) and
// writes the events with it; a stale version is a Conflict and changes
// nothing. CreatedAt stays as stored.
func (st *ShopStore) Update(ctx context.Context, s *fairshops.Shop, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.ShopStore.Update"
	r, err := encodeShop(s)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, s.ID, "encode shop", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE shops SET name = ?, domain = ?, seal_status = ?, seal_valid_until = ?,
			fulfilled = ?, bookings = ?, conditions = ?, version = version + 1, updated_at = ?, state = ?,
			contact_email = ?, contact_phone = ?, contact_hours = ?, public_figures = ?
			WHERE id = ? AND version = ?`,
			s.Name, s.Domain, string(s.Seal.Status), dateArg(s.Seal.ValidUntil),
			r.fulfilled, r.bookings, r.conditions, db.d.timeArg(s.UpdatedAt), s.State,
			s.ComplaintContact.Email, s.ComplaintContact.Phone, s.ComplaintContact.Hours, s.PublicFigures, s.ID, s.Version)
		if err != nil {
			return err
		}
		if err := versionChecked(ctx, tx, res, op, "shops", "id", s.ID); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	if err != nil {
		return wrap(op, s.ID, err)
	}
	s.Version++
	return nil
}

// versionChecked turns the result of an optimistic UPDATE (or DELETE) ...
// WHERE key = ? AND version = ? into an error: no row changed means the row
// is gone (NotFound) or has moved on (Conflict), told apart by a second
// look.
func versionChecked(ctx context.Context, tx *txn, res sql.Result, op, table, key, id string) error {
	n, err := res.RowsAffected()
	if err != nil || n == 1 {
		return err
	}
	var exists int
	err = tx.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE `+key+` = ?`, id).Scan(&exists)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	case err != nil:
		return err
	}
	return fairshops.E(op, fairshops.Conflict, id, "stale version", nil)
}

// only returns the one aggregate a look-up by its key loaded: NotFound for
// none.
func only[T any](op, id string, list []*T, err error) (*T, error) {
	if err != nil {
		return nil, wrap(op, id, err)
	}
	if len(list) == 0 {
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return list[0], nil
}

// checkStored turns the read of an aggregate's stored version before an
// update into the update's error: NotFound for no row, the read's error,
// or Conflict when the version given is stale.
func checkStored(op, id string, err error, stored, given int) error {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	case err != nil:
		return err
	case stored != given:
		return fairshops.E(op, fairshops.Conflict, id, "stale version", nil)
	}
	return nil
}

// List implements fairshops.ShopStore.
func (st *ShopStore) List(ctx context.Context, f fairshops.ShopFilter) ([]*fairshops.Shop, error) {
	db := st.db
	const op = "sqlstore.ShopStore.List"
	if err := db.cursorExists(ctx, op, "shops", "id", f.After); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, db, scanShop, `SELECT `+shopColumns+` FROM shops WHERE id > ? ORDER BY id LIMIT ?`,
		f.After, fairshops.PageLimit(f.Limit))
	return out, wrap(op, "", err)
}

type scanner interface{ Scan(dest ...any) error }

// queryAll runs the query q and reads every row with scan; no rows is an
// empty list, not nil.
func queryAll[T any](ctx context.Context, db *DB, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// wrapRow is wrap for the read of one row: no row is NotFound.
func wrapRow(op, entity string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fairshops.E(op, fairshops.NotFound, entity, "", nil)
	}
	return wrap(op, entity, err)
}

// cursorCreated reads the creation time of the row after of table, the
// cursor of a list ordered by (created_at, id): nil for none (the first
// page), fairshops.UnknownCursor for an ID that is not stored.
func (db *DB) cursorCreated(ctx context.Context, op, table, after string) (any, error) {
	if after == "" {
		return nil, nil
	}
	var created any
	err := db.queryRow(ctx, `SELECT created_at FROM `+table+` WHERE id = ?`, after).Scan(&created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fairshops.UnknownCursor(op, after)
	case err != nil:
		return nil, wrap(op, after, err)
	}
	return created, nil
}

// cursorExists checks a List's cursor: nil for none (the first page) or one
// that names a stored row (key = after in table), else the Invalid error of
// every store (fairshops.UnknownCursor).
func (db *DB) cursorExists(ctx context.Context, op, table, key, after string) error {
	if after == "" {
		return nil
	}
	var one int
	err := db.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE `+key+` = ?`, after).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fairshops.UnknownCursor(op, after)
	case err != nil:
		return wrap(op, after, err)
	}
	return nil
}

func scanShop(row scanner) (*fairshops.Shop, error) {
	var s fairshops.Shop
	var status string
	var fulfilled, bookings, conditions []byte
	err := row.Scan(&s.ID, &s.Name, &s.Domain, &status, dateCol{&s.Seal.ValidUntil},
		bytesCol{&fulfilled}, bytesCol{&bookings}, bytesCol{&conditions},
		&s.Version, timeCol{&s.CreatedAt}, timeCol{&s.UpdatedAt}, &s.State,
		&s.ComplaintContact.Email, &s.ComplaintContact.Phone, &s.ComplaintContact.Hours, &s.PublicFigures)
	if err != nil {
		return nil, err
	}
	s.Seal.Status = fairshops.SealStatus(status)
	for _, f := range []struct {
		name string
		data []byte
		into any
	}{
		{"fulfilled", fulfilled, &s.Fulfilled},
		{"bookings", bookings, &s.Bookings},
		{"conditions", conditions, &s.Conditions},
	} {
		if err := json.Unmarshal(f.data, f.into); err != nil {
			return nil, fmt.Errorf("shop %s: decode %s: %w", s.ID, f.name, err)
		}
	}
	return &s, nil
}
