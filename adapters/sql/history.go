package sqlstore

import (
	"context"
	"fmt"

	"github.com/fairshops/konfliktservice/fairshops"
)

// historyTable is where one kind of aggregate keeps its hash-chained
// history (fairshops.History), one row per entry keyed (aggregate, seq) and
// only ever appended to. Complaints and cases store their entries alike;
// a case's also record edits (edit_before, edit_after).
type historyTable struct {
	name  string // complaint_history, case_history
	key   string // the column of the aggregate's ID
	edits bool   // the table has edit_before and edit_after
}

var (
	complaintHistory = historyTable{name: "complaint_history", key: "complaint_id"}
	caseHistory      = historyTable{name: "case_history", key: "case_id", edits: true}
)

// columns lists the table's columns in the order of insert and load.
func (h historyTable) columns() (cols string, n int) {
	if h.edits {
		return h.key + `, seq, at, actor_role, actor_shop, actor_name, action, detail, edit_before, edit_after,
			prev, hash`, 12
	}
	return h.key + `, seq, at, actor_role, actor_shop, actor_name, action, detail, prev, hash`, 10
}

// insert appends entries to the history of the aggregate id, after the
// first `after` ones (no statement for none). An entry's Seq is its place
// in the chain (1, 2, 3, ...), which is also the row's key: an entry
// numbered otherwise is refused (Invalid) rather than renumbered.
func (h historyTable) insert(d *dialect, id string, after int, es []fairshops.Entry) (statement, error) {
	if len(es) == 0 {
		return statement{}, nil
	}
	cols, n := h.columns()
	args := make([]any, 0, n*len(es))
	for i, e := range es {
		if err := entryInPlace(id, e.Seq, after+i+1); err != nil {
			return statement{}, err
		}
		args = append(args, id, e.Seq, d.timeArg(e.At), string(e.Actor.Role), e.Actor.ShopID, e.Actor.Name,
			e.Action, e.Detail)
		if h.edits {
			args = append(args, e.Before, e.After)
		}
		args = append(args, e.Prev, e.Hash)
	}
	return statement{`INSERT INTO ` + h.name + ` (` + cols + `) VALUES ` + valuesRows(len(es), n), args}, nil
}

// insertHistory runs h.insert as a step of the unit of work tx.
func insertHistory(ctx context.Context, tx *txn, h historyTable, id string, after int, es []fairshops.Entry) error {
	st, err := h.insert(tx.d, id, after, es)
	if err != nil {
		return err
	}
	return tx.execAll(ctx, st)
}

// load reads the entries of the aggregates ids, each aggregate's in chain
// order, and hands each to add.
func (h historyTable) load(ctx context.Context, db *DB, ids []any, add func(id string, e fairshops.Entry)) error {
	if len(ids) == 0 {
		return nil
	}
	cols, _ := h.columns()
	rows, err := db.query(ctx, `SELECT `+cols+` FROM `+h.name+` WHERE `+h.key+` `+in(len(ids))+
		` ORDER BY `+h.key+`, seq`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, role string
		var e fairshops.Entry
		dest := []any{&id, &e.Seq, timeCol{&e.At}, &role, &e.Actor.ShopID, &e.Actor.Name, &e.Action, &e.Detail}
		if h.edits {
			dest = append(dest, &e.Before, &e.After)
		}
		if err := rows.Scan(append(dest, &e.Prev, &e.Hash)...); err != nil {
			return err
		}
		e.Actor.Role = fairshops.Role(role)
		add(id, e)
	}
	return rows.Err()
}

// entryInPlace checks that a history entry's number is its place.
func entryInPlace(id string, seq, place int) error {
	if seq == place {
		return nil
	}
	return fairshops.E("sqlstore.history", fairshops.Invalid, id,
		fmt.Sprintf("history entry %d has sequence number %d", place, seq), nil)
}
