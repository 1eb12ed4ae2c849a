package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The retention's work lists (migration 00025, docs/adr-retention.md):
// complaints.erased marks an erased complaint (written by Erase), and the
// partial index complaints_retention holds only the ended complaints not
// erased, by the day they ended; cases.settlement_kept_since holds the day
// a case was settled while its settlement is kept (mediation.Case.
// SettlementKeptSince), indexed by cases_settlement_retention. Each query
// reads only what is due.

// finalStates are the complaint states Store.DueForErasure reads.
var finalStates = []any{string(complaint.Resolved), string(complaint.Withdrawn), string(complaint.Closed),
	string(complaint.Escalated)}

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

// DueForErasure implements complaint.Store (index complaints_retention).
func (s *ComplaintStore) DueForErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.DueForErasure"
	q := `SELECT ` + complaintColumns + ` FROM complaints
		WHERE ended_on IS NOT NULL AND NOT erased AND ended_on < ? AND state ` + in(len(finalStates))
	args := append([]any{dateArg(before)}, finalStates...)
	if after != "" {
		ended, err := s.db.cursorValue(ctx, op, "complaints", "ended_on", after)
		if err != nil {
			return nil, err
		}
		q += ` AND (ended_on, id) > (?, ?)`
		args = append(args, ended, after)
	}
	q += ` ORDER BY ended_on, id LIMIT ?`
	list, err := s.load(ctx, q, append(args, fairshops.PageLimit(limit))...)
	return list, wrap(op, "", err)
}

// DueForSettlementErasure implements mediation.Store (index
// cases_settlement_retention).
func (st *CaseStore) DueForSettlementErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.DueForSettlementErasure"
	q := `SELECT ` + caseColumns + ` FROM cases
		WHERE settled_on IS NOT NULL AND NOT settlement_erased AND settled_on < ?`
	args := []any{dateArg(before)}
	if after != "" {
		since, err := db.cursorValue(ctx, op, "cases", "settled_on", after)
		if err != nil {
			return nil, err
		}
		q += ` AND (settled_on, id) > (?, ?)`
		args = append(args, since, after)
	}
	q += ` ORDER BY settled_on, id LIMIT ?`
	list, err := db.loadCases(ctx, q, append(args, fairshops.PageLimit(limit))...)
	return list, wrap(op, "", err)
}

// Erase implements mediation.Store: it reads the stored case, lets
// mediation.CheckErasure make sure that only tombstones differ in its
// history, and then, in one unit of work at the version read, rewrites the
// erased entries (migration 00025 lets case_history's trigger pass a
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
