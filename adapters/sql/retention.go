package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The retention's work lists (migration 00024, docs/adr-retention.md):
// complaints.erased marks an erased complaint (written by Erase), and the
// partial index complaints_retention holds only the ended complaints not
// erased, by the day they ended; cases.settlement_kept_since holds the day
// a case was settled while its settlement is kept (mediation.Case.
// SettlementKeptSince), indexed by cases_settlement_retention. Each query
// reads only what is due.

// cursorValue reads column of the row of table whose id is after: the
// first key of a cursor that pages by (column, id). An unknown cursor is
// fairshops.UnknownCursor.
func (db *DB) cursorValue(ctx context.Context, op, table, column, after string) (any, error) {
	var v any
	err := db.queryRow(ctx, `SELECT `+column+` FROM `+table+` WHERE id = ?`, after).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fairshops.UnknownCursor(op, after)
	case err != nil:
		return nil, wrap(op, after, err)
	}
	return v, nil
}

// dueForErasureQuery reads one page of ComplaintStore.DueForErasure:
// arguments the cutoff, with a cursor its day and ID, and the limit. The
// conditions name the partial index's own, so both databases can use it.
// It needs no condition on the state: ended_on is set by the first final
// state, and no move leaves a final state (complaint.State.Final), so an
// ended complaint is final (a condition on state made SQLite read
// complaints_state instead: TestRetentionQueryPlans).
func dueForErasureQuery(cursor bool) string {
	q := `SELECT ` + complaintColumns + ` FROM complaints
		WHERE ended_on IS NOT NULL AND NOT erased AND ended_on < ?`
	if cursor {
		q += ` AND (ended_on, id) > (?, ?)`
	}
	return q + ` ORDER BY ended_on, id LIMIT ?`
}

// dueForSettlementQuery reads one page of
// CaseStore.DueForSettlementErasure: arguments the cutoff, with a cursor
// its day and ID, and the limit.
func dueForSettlementQuery(cursor bool) string {
	q := `SELECT ` + caseColumns + ` FROM cases
		WHERE settled_on IS NOT NULL AND NOT settlement_erased AND settled_on < ?`
	if cursor {
		q += ` AND (settled_on, id) > (?, ?)`
	}
	return q + ` ORDER BY settled_on, id LIMIT ?`
}

// DueForErasure implements complaint.Store (index complaints_retention).
func (s *ComplaintStore) DueForErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.DueForErasure"
	args := []any{dateArg(before)}
	if after != "" {
		ended, err := s.db.cursorValue(ctx, op, "complaints", "ended_on", after)
		if err != nil {
			return nil, err
		}
		args = append(args, ended, after)
	}
	list, err := s.load(ctx, dueForErasureQuery(after != ""), append(args, fairshops.PageLimit(limit))...)
	return list, wrap(op, "", err)
}

// DueForSettlementErasure implements mediation.Store (index
// cases_settlement_retention).
func (st *CaseStore) DueForSettlementErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.DueForSettlementErasure"
	args := []any{dateArg(before)}
	if after != "" {
		since, err := db.cursorValue(ctx, op, "cases", "settled_on", after)
		if err != nil {
			return nil, err
		}
		args = append(args, since, after)
	}
	list, err := db.loadCases(ctx, dueForSettlementQuery(after != ""), append(args, fairshops.PageLimit(limit))...)
	return list, wrap(op, "", err)
}

// Erase implements mediation.Store: it reads the stored case, lets
// mediation.CheckErasure make sure that only tombstones differ in its
// history, and then, in one unit of work at the version read, rewrites the
// erased entries (migration 00024 lets case_history's trigger pass a
// tombstone of detail, edit_before and edit_after and nothing else) and
// writes the case as Update does.
func (st *CaseStore) Erase(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.CaseStore.Erase"
	stored, err := st.Get(ctx, c.ID)
	if err != nil {
		return err
	}
	if stored.Version != c.Version {
		return fairshops.E(op, fairshops.Conflict, c.ID, "stale version", nil)
	}
	if why := mediation.CheckErasure(stored, c); why != "" {
		return fairshops.E(op, fairshops.Invalid, c.ID, why, nil)
	}
	doc, err := encodeDoc(caseDocOf(c))
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode case", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		for i, e := range stored.History {
			n := c.History[i]
			if n.Detail == e.Detail && n.Before == e.Before && n.After == e.After {
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE case_history SET detail = ?, edit_before = ?, edit_after = ?
				WHERE case_id = ? AND seq = ?`, n.Detail, n.Before, n.After, c.ID, e.Seq); err != nil {
				return err
			}
		}
		return st.writeCase(ctx, tx, op, c, doc, events)
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version++
	return nil
}
