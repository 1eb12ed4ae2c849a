package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Create implements complaint.OverviewStore.
func (s *OverviewStore) Create(ctx context.Context, o complaint.Overview) error {
	const op = "sqlstore.OverviewStore.Create"
	db := s.db
	err := db.insertRow(ctx, op, "", "overview exists",
		`INSERT INTO access_overviews (hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		o.Hash, o.Email, db.d.timeArg(o.CreatedAt), db.d.timeArg(o.ExpiresAt))
	return wrap(op, "", err)
}

// ByHash implements complaint.OverviewStore.
func (s *OverviewStore) ByHash(ctx context.Context, hash string) (complaint.Overview, error) {
	const op = "sqlstore.OverviewStore.ByHash"
	var o complaint.Overview
	err := s.db.queryRow(ctx, `SELECT hash, email, created_at, expires_at FROM access_overviews WHERE hash = ?`, hash).
		Scan(&o.Hash, &o.Email, timeCol{&o.CreatedAt}, timeCol{&o.ExpiresAt})
	if err != nil {
		return complaint.Overview{}, wrapRow(op, "", err)
	}
	return o, nil
}

// DeleteExpired implements complaint.OverviewStore.
func (s *OverviewStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	return s.db.deleteRows(ctx, "sqlstore.OverviewStore.DeleteExpired",
		`DELETE FROM access_overviews WHERE expires_at <= ?`, s.db.d.timeArg(now))
}

// DeleteByEmail implements complaint.OverviewStore.
func (s *OverviewStore) DeleteByEmail(ctx context.Context, email string) (int, error) {
	return s.db.deleteRows(ctx, "sqlstore.OverviewStore.DeleteByEmail",
		`DELETE FROM access_overviews WHERE email = ?`, email)
}

// backfillBatch is how many complaints one statement of the backfill reads.
const backfillBatch = 500

// backfillAccess gives the complaints stored before migration 00008 their
// reference and normalised contact address (docs/adr-private-links.md):
// a reference needs a check character, which is no work for SQL, so the
// program fills them when it opens the database, right after migrating.
// Rows still to fill have no reference (NULL); each is updated only while
// it has none, so programs opening the same database at once do not clash,
// and a drawn reference that a stored one has is drawn again. A complaint
// filed since has both from its Create.
func backfillAccess(ctx context.Context, db *sql.DB, d *dialect) error {
	const op = "sqlstore.backfill"
	for {
		rows, err := db.QueryContext(ctx, d.rebind(`SELECT id, contact_email FROM complaints
			WHERE reference IS NULL ORDER BY id LIMIT ?`), backfillBatch)
		if err != nil {
			return wrap(op, "", err)
		}
		type row struct{ id, email string }
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.email); err != nil {
				rows.Close()
				return wrap(op, "", err)
			}
			todo = append(todo, r)
		}
		if err := rows.Close(); err != nil {
			return wrap(op, "", err)
		}
		if err := rows.Err(); err != nil {
			return wrap(op, "", err)
		}
		if len(todo) == 0 {
			return nil
		}
		for _, r := range todo {
			for attempt := 0; ; attempt++ {
				ref, err := complaint.NewReference(rand.Reader)
				if err != nil {
					return fairshops.E(op, fairshops.Internal, r.id, "draw reference", err)
				}
				_, err = db.ExecContext(ctx, d.rebind(`UPDATE complaints SET reference = ?, contact_email_norm = ?
					WHERE id = ? AND reference IS NULL`), ref, complaint.NormalizeEmail(r.email), r.id)
				if err == nil {
					break
				}
				if !uniqueViolation(err) || attempt >= 3 {
					return wrap(op, r.id, err)
				}
			}
		}
	}
}
