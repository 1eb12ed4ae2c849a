package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// MacroStore is the complaint.MacroStore of a DB: one row per canned reply
// in macros (migration 00012).
type MacroStore struct{ db *DB }

// Macros returns the macro store of the DB.
func (db *DB) Macros() *MacroStore { return &MacroStore{db: db} }

var _ complaint.MacroStore = (*MacroStore)(nil)

// Create implements complaint.MacroStore.
func (s *MacroStore) Create(ctx context.Context, m *complaint.Macro) error {
	const op = "sqlstore.MacroStore.Create"
	d := s.db.d
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO macros (id, title, body, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)`,
			m.ID, m.Title, m.Body, d.timeArg(m.CreatedAt), d.timeArg(m.UpdatedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, m.ID, "macro exists", err)
		}
		return err
	})
	if err != nil {
		return wrap(op, m.ID, err)
	}
	m.Version = 1
	return nil
}

// Get implements complaint.MacroStore.
func (s *MacroStore) Get(ctx context.Context, id string) (*complaint.Macro, error) {
	const op = "sqlstore.MacroStore.Get"
	var m complaint.Macro
	err := s.db.queryRow(ctx, `SELECT id, title, body, version, created_at, updated_at FROM macros WHERE id = ?`, id).
		Scan(&m.ID, &m.Title, &m.Body, &m.Version, timeCol{&m.CreatedAt}, timeCol{&m.UpdatedAt})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	case err != nil:
		return nil, wrap(op, id, err)
	}
	return &m, nil
}

// Update implements complaint.MacroStore.
func (s *MacroStore) Update(ctx context.Context, m *complaint.Macro) error {
	const op = "sqlstore.MacroStore.Update"
	d := s.db.d
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE macros SET title = ?, body = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, m.Title, m.Body, d.timeArg(m.UpdatedAt), m.ID, m.Version)
		if err != nil {
			return err
		}
		return versionChecked(ctx, tx, res, op, "macros", "id", m.ID)
	})
	if err != nil {
		return wrap(op, m.ID, err)
	}
	m.Version++
	return nil
}

// Delete implements complaint.MacroStore.
func (s *MacroStore) Delete(ctx context.Context, id string, version int) error {
	const op = "sqlstore.MacroStore.Delete"
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `DELETE FROM macros WHERE id = ? AND version = ?`, id, version)
		if err != nil {
			return err
		}
		return versionChecked(ctx, tx, res, op, "macros", "id", id)
	})
	return wrap(op, id, err)
}

// List implements complaint.MacroStore.
func (s *MacroStore) List(ctx context.Context) ([]*complaint.Macro, error) {
	const op = "sqlstore.MacroStore.List"
	order := "title, id"
	if s.db.d.name == Postgres {
		order = `title COLLATE "C", id` // byte-wise, as SQLite and the memory store
	}
	rows, err := s.db.query(ctx, `SELECT id, title, body, version, created_at, updated_at FROM macros ORDER BY `+order)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer rows.Close()
	out := []*complaint.Macro{}
	for rows.Next() {
		var m complaint.Macro
		if err := rows.Scan(&m.ID, &m.Title, &m.Body, &m.Version, timeCol{&m.CreatedAt}, timeCol{&m.UpdatedAt}); err != nil {
			return nil, wrap(op, "", err)
		}
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, "", err)
	}
	return out, nil
}
