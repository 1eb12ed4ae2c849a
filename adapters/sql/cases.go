package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// A case is a row of cases (the columns that lists, timers and the
// one-case-per-complaint rule read, amounts as exact decimals; the rest as
// one JSON document) and its audit log in case_history, keyed (case, seq)
// and only ever appended to.

const caseColumns = `id, complaint_id, shop_id, lang, mode, state, requested_by, requested_on, reason,
	cost_bearer, dispute_value, dispute_currency, payout_limit, limit_currency, file_complete_on,
	deadline_kind, deadline_due, deadline_remind, deadline_reminded, doc, token_hash, history_count,
	version, created_at, updated_at`

// Create implements mediation.Store: the case at version 1, its
// history and its events in one unit of work. A second case that is not
// declined for the same complaint clashes with a partial unique index and
// is a Conflict.
func (st *CaseStore) Create(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.CaseStore.Create"
	doc, err := encodeDoc(caseDocOf(c))
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode case", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		if _, err := tx.exec(ctx, `INSERT INTO cases (`+caseColumns+`, next_due, history_head, reopened_on, missed_obligations,
			settled_on, settlement_erased)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.ComplaintID, c.ShopID, string(c.Lang), string(c.Mode), string(c.State), string(c.RequestedBy),
			dateArg(c.RequestedOn), string(c.Reason), string(c.CostBearer),
			decimalText(c.DisputeValue.Amount), string(c.DisputeValue.Currency),
			decimalText(c.Limit.Amount), string(c.Limit.Currency), dateArg(c.FileCompleteOn),
			string(c.Deadline.Kind), dateArg(c.Deadline.Due), dateArg(c.Deadline.RemindOn), c.Deadline.Reminded,
			doc, c.TokenHash, len(c.History), db.d.timeArg(c.CreatedAt), db.d.timeArg(c.UpdatedAt),
			dateArg(c.NextDue()), c.HistoryHead(), dateArg(c.ReopenedOn), c.MissedObligations(),
			dateArg(c.SettledOn()), c.SettlementErased()); err != nil {
			if uniqueViolation(err) {
				return fairshops.E(op, fairshops.Conflict, c.ID, "case exists, or the complaint has a case", err)
			}
			return err
		}
		if err := insertHistory(ctx, tx, caseHistory, c.ID, 0, c.History); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version = 1
	return nil
}

// Update implements mediation.Store: the optimistic version check, and
// the history held to append-only as in ComplaintStore.Update.
func (st *CaseStore) Update(ctx context.Context, c *mediation.Case, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.CaseStore.Update"
	doc, err := encodeDoc(caseDocOf(c))
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode case", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error { return st.writeCase(ctx, tx, op, c, doc, events) })
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version++
	return nil
}

// writeCase is the unit of work of Update (and of Erase after its
// rewrites): the version check, the history held to append-only, the row,
// the new history entries and the events.
func (st *CaseStore) writeCase(ctx context.Context, tx *txn, op string, c *mediation.Case, doc string, events []fairshops.Event) error {
	db := st.db
	var version, entries int
	var head string
	err := tx.queryRow(ctx, `SELECT version, history_count, history_head FROM cases WHERE id = ?`, c.ID).
		Scan(&version, &entries, &head)
	if err := checkStored(op, c.ID, err, version, c.Version); err != nil {
		return err
	}
	if err := appendOnly(op, c.ID, "history", entries, len(c.History), head,
		func(i int) string { return c.History[i].Hash }); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE cases SET complaint_id = ?, shop_id = ?, lang = ?, mode = ?, state = ?,
		requested_by = ?, requested_on = ?, reason = ?, cost_bearer = ?, dispute_value = ?, dispute_currency = ?,
		payout_limit = ?, limit_currency = ?, file_complete_on = ?, deadline_kind = ?, deadline_due = ?,
		deadline_remind = ?, deadline_reminded = ?, next_due = ?, doc = ?, token_hash = ?, history_count = ?,
		history_head = ?, reopened_on = ?, missed_obligations = ?, settled_on = ?, settlement_erased = ?,
		version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		c.ComplaintID, c.ShopID, string(c.Lang), string(c.Mode), string(c.State), string(c.RequestedBy),
		dateArg(c.RequestedOn), string(c.Reason), string(c.CostBearer),
		decimalText(c.DisputeValue.Amount), string(c.DisputeValue.Currency),
		decimalText(c.Limit.Amount), string(c.Limit.Currency), dateArg(c.FileCompleteOn),
		string(c.Deadline.Kind), dateArg(c.Deadline.Due), dateArg(c.Deadline.RemindOn), c.Deadline.Reminded,
		dateArg(c.NextDue()), doc, c.TokenHash, len(c.History), c.HistoryHead(), dateArg(c.ReopenedOn),
		c.MissedObligations(), dateArg(c.SettledOn()), c.SettlementErased(), db.d.timeArg(c.UpdatedAt),
		c.ID, c.Version)
	if err != nil {
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, c.ID, "the complaint has another case", err)
		}
		return err
	}
	if err := versionChecked(ctx, tx, res, op, "cases", "id", c.ID); err != nil {
		return err
	}
	if err := insertHistory(ctx, tx, caseHistory, c.ID, entries, c.History[entries:]); err != nil {
		return err
	}
	return insertEvents(ctx, tx, events)
}

// Get implements mediation.Store.
func (st *CaseStore) Get(ctx context.Context, id string) (*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.Get"
	list, err := db.loadCases(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id)
	return only(op, id, list, err)
}

// List implements mediation.Store.
func (st *CaseStore) List(ctx context.Context, f mediation.Filter) ([]*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.List"
	if err := db.cursorExists(ctx, op, "cases", "id", f.After); err != nil {
		return nil, err
	}
	where := []string{"id > ?"}
	args := []any{f.After}
	if f.ShopID != "" {
		where = append(where, "shop_id = ?")
		args = append(args, f.ShopID)
	}
	if f.Reopened {
		where = append(where, "reopened_on IS NOT NULL")
	}
	if len(f.States) > 0 {
		where = append(where, "state "+in(len(f.States)))
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	list, err := db.loadCases(ctx, `SELECT `+caseColumns+` FROM cases WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id LIMIT ?`, args...)
	return list, wrap(op, "", err)
}

// Due implements mediation.Store. The next due date (mediation.Case.
// NextDue) is kept in a column of its own, written with every change.
func (st *CaseStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.Due"
	list, err := db.loadCases(ctx, `SELECT `+caseColumns+` FROM cases
		WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, id LIMIT ?`,
		dateArg(on), fairshops.PageLimit(limit))
	return list, wrap(op, "", err)
}

// ByComplaint implements mediation.Store.
func (st *CaseStore) ByComplaint(ctx context.Context, complaintID string) ([]*mediation.Case, error) {
	db := st.db
	const op = "sqlstore.CaseStore.ByComplaint"
	list, err := db.loadCases(ctx, `SELECT `+caseColumns+` FROM cases WHERE complaint_id = ?
		ORDER BY created_at, id`, complaintID)
	return list, wrap(op, complaintID, err)
}

// loadCases runs a query for case rows and adds their histories, read as
// ComplaintStore.load reads complaints: without a transaction, the first
// history_count entries of each case.
func (db *DB) loadCases(ctx context.Context, q string, args ...any) ([]*mediation.Case, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	type row struct {
		c       *mediation.Case
		entries int
	}
	var rs []row
	for rows.Next() {
		c, entries, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		rs = append(rs, row{c, entries})
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*mediation.Case, len(rs))
	byID := make(map[string]*row, len(rs))
	var ids []any
	for i := range rs {
		out[i] = rs[i].c
		if rs[i].entries > 0 {
			byID[rs[i].c.ID] = &rs[i]
			ids = append(ids, rs[i].c.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	err = caseHistory.load(ctx, db, ids, func(id string, e fairshops.Entry) {
		if r := byID[id]; r != nil && e.Seq <= r.entries {
			r.c.History = append(r.c.History, e)
		}
	})
	if err != nil {
		return nil, err
	}
	for id, r := range byID {
		if len(r.c.History) != r.entries {
			return nil, fmt.Errorf("case %s: %d history entries stored, %d expected", id, len(r.c.History), r.entries)
		}
	}
	return out, nil
}

func scanCase(row scanner) (*mediation.Case, int, error) {
	var c mediation.Case
	var lang, mode, state, requestedBy, reason, costBearer, kind string
	var disputeValue, disputeCurrency, limit, limitCurrency string
	var doc []byte
	var entries int
	err := row.Scan(&c.ID, &c.ComplaintID, &c.ShopID, &lang, &mode, &state, &requestedBy,
		dateCol{&c.RequestedOn}, &reason, &costBearer, decimalCol{&disputeValue}, &disputeCurrency,
		decimalCol{&limit}, &limitCurrency, dateCol{&c.FileCompleteOn}, &kind, dateCol{&c.Deadline.Due},
		dateCol{&c.Deadline.RemindOn}, &c.Deadline.Reminded, bytesCol{&doc}, &c.TokenHash, &entries,
		&c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt})
	if err != nil {
		return nil, 0, err
	}
	c.Lang, c.Mode, c.State = fairshops.Language(lang), fairshops.MediationMode(mode), mediation.State(state)
	c.RequestedBy, c.Reason, c.CostBearer = fairshops.Role(requestedBy), mediation.Reason(reason), fairshops.Role(costBearer)
	c.Deadline.Kind = mediation.DeadlineKind(kind)
	var d decoder
	c.DisputeValue = d.money(moneyRec{Amount: disputeValue, Currency: disputeCurrency})
	c.Limit = d.money(moneyRec{Amount: limit, Currency: limitCurrency})
	var cd caseDoc
	if err := decodeDoc(doc, "case "+c.ID, &cd); err != nil {
		return nil, 0, err
	}
	cd.apply(&c, &d)
	if d.err != nil {
		return nil, 0, fmt.Errorf("case %s: %w", c.ID, d.err)
	}
	return &c, entries, nil
}
