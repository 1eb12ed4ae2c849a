package sqlstore

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
)

// ShopReadStore is the complaint.ShopReads of a DB: one row per complaint
// its shop opened, in shop_reads (migration 00016).
type ShopReadStore struct{ db *DB }

// ShopReads returns the shop's read marks of the DB.
func (db *DB) ShopReads() *ShopReadStore { return &ShopReadStore{db: db} }

var _ complaint.ShopReads = (*ShopReadStore)(nil)

// MarkRead implements complaint.ShopReads: an upsert that keeps the later
// time (SQLite's fixed-width UTC text compares as the times do).
func (s *ShopReadStore) MarkRead(ctx context.Context, complaintID string, at time.Time) error {
	const op = "sqlstore.ShopReadStore.MarkRead"
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO shop_reads (complaint_id, read_at) VALUES (?, ?)
			ON CONFLICT (complaint_id) DO UPDATE SET read_at = excluded.read_at
			WHERE excluded.read_at > shop_reads.read_at`, complaintID, s.db.d.timeArg(at))
		return err
	})
	return wrap(op, complaintID, err)
}

// ReadAt implements complaint.ShopReads.
func (s *ShopReadStore) ReadAt(ctx context.Context, complaintIDs []string) (map[string]time.Time, error) {
	const op = "sqlstore.ShopReadStore.ReadAt"
	out := make(map[string]time.Time, len(complaintIDs))
	if len(complaintIDs) == 0 {
		return out, ctx.Err()
	}
	args := make([]any, len(complaintIDs))
	for i, id := range complaintIDs {
		args[i] = id
	}
	rows, err := s.db.query(ctx, `SELECT complaint_id, read_at FROM shop_reads WHERE complaint_id `+in(len(args)), args...)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, timeCol{&at}); err != nil {
			return nil, wrap(op, "", err)
		}
		out[id] = at
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, "", err)
	}
	return out, nil
}
