package sqlstore

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Erase implements complaint.Store: the one write that changes stored
// messages and history entries. It reads the stored complaint, lets
// complaint.CheckErasure make sure that only tombstones differ, and then,
// in one unit of work at the version read, rewrites the row (its derived
// search text and excerpt with it, and so the full-text index: the FTS5
// table by its trigger, with 'secure-delete' set by migration 00013; the
// generated tsvector on PostgreSQL), every erased message body and entry
// detail (migration 00013 lets the history's trigger pass a tombstone and
// nothing else), the new history entries and the events.
func (s *ComplaintStore) Erase(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	const op = "sqlstore.ComplaintStore.Erase"
	stored, err := s.Get(ctx, c.ID)
	if err != nil {
		return err
	}
	if stored.Version != c.Version {
		return fairshops.E(op, fairshops.Conflict, c.ID, "stale version", nil)
	}
	if why := complaint.CheckErasure(stored, c); why != "" {
		return fairshops.E(op, fairshops.Invalid, c.ID, why, nil)
	}
	docs, err := encodeComplaintDocs(c)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode complaint", err)
	}
	d := s.db.d
	err = s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		// The version check makes the thread and history read above the
		// stored ones: every change of them raises the version.
		if err := updateComplaintRow(ctx, tx, op, c, docs); err != nil {
			return err
		}
		// The retention's work list leaves it (migration 00024).
		if _, err := tx.exec(ctx, `UPDATE complaints SET erased = TRUE WHERE id = ?`, c.ID); err != nil {
			return err
		}
		for i, m := range c.Messages {
			if m.Body == stored.Messages[i].Body {
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE complaint_messages SET body = ? WHERE complaint_id = ? AND id = ?`,
				m.Body, c.ID, m.ID); err != nil {
				return err
			}
		}
		for i, e := range stored.History {
			if c.History[i].Detail == e.Detail {
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE complaint_history SET detail = ? WHERE complaint_id = ? AND seq = ?`,
				c.History[i].Detail, c.ID, e.Seq); err != nil {
				return err
			}
		}
		entries := len(stored.History)
		history, err := complaintHistory.insert(d, c.ID, entries, c.History[entries:])
		if err != nil {
			return err
		}
		err = tx.execAll(ctx, history, eventsInsert(d, events))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, c.ID, "event exists", err)
		}
		return err
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version++
	return nil
}
