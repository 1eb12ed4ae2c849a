package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The operators' audit log (migration 00014, docs/adr-audit-log.md).

var _ audit.Log = (*AuditLog)(nil)

// AuditLog is the audit.Log of a DB: audit_log holds the entries,
// audit_head the last one's seq and hash.
type AuditLog struct{ db *DB }

// Audit returns the operators' audit log of the DB.
func (db *DB) Audit() *AuditLog { return &AuditLog{db: db} }

const auditColumns = `seq, at, actor_role, actor_login, action, subject_kind, subject_id, detail, prev, hash`

// Append implements audit.Log. The UPDATE of audit_head's one row comes
// first: on PostgreSQL it locks the row until the transaction ends, so a
// second node's append waits and then reads the head this one wrote (read
// committed re-reads an updated row); on SQLite there is one writer at a
// time anyway. The log therefore stays one chain without gaps, and an
// append that fails leaves the head where it was.
func (l *AuditLog) Append(ctx context.Context, e *audit.Entry) error {
	db := l.db
	const op = "sqlstore.AuditLog.Append"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		var seq int
		var prev string
		if err := tx.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
			return err
		}
		e.Chain(seq, prev)
		if _, err := tx.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, db.d.timeArg(e.At), string(e.Actor.Role), e.Actor.Login, string(e.Action),
			string(e.Subject.Kind), e.Subject.ID, e.Detail, e.Prev, e.Hash); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, e.Hash)
		return err
	})
	return wrap(op, string(e.Action), err)
}

func scanAuditEntry(row scanner) (audit.Entry, error) {
	var e audit.Entry
	var role, action, kind string
	err := row.Scan(&e.Seq, timeCol{&e.At}, &role, &e.Actor.Login, &action, &kind, &e.Subject.ID, &e.Detail, &e.Prev, &e.Hash)
	e.At = e.At.UTC()
	e.Actor.Role, e.Action, e.Subject.Kind = fairshops.Role(role), audit.Action(action), audit.Kind(kind)
	return e, err
}

// List implements audit.Log.
func (l *AuditLog) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	db := l.db
	const op = "sqlstore.AuditLog.List"
	if err := f.Check(); err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	if f.After > 0 {
		var one int
		err := db.queryRow(ctx, `SELECT 1 FROM audit_log WHERE seq = ?`, f.After).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil, fairshops.UnknownCursor(op, strconv.Itoa(f.After))
		case err != nil:
			return nil, wrap(op, "", err)
		}
	}
	where, args := "1 = 1", []any{}
	add := func(cond string, arg any) {
		where += " AND " + cond
		args = append(args, arg)
	}
	order := "seq"
	switch {
	case f.Newest && f.After > 0:
		add("seq < ?", f.After)
		order = "seq DESC"
	case f.Newest:
		order = "seq DESC"
	default:
		add("seq > ?", f.After)
	}
	if f.Action != "" {
		add("action = ?", string(f.Action))
	}
	if f.Actor != "" {
		add("actor_login = ?", f.Actor)
	}
	if f.Subject.Kind != "" {
		add("subject_kind = ?", string(f.Subject.Kind))
	}
	if f.Subject.ID != "" {
		add("subject_id = ?", f.Subject.ID)
	}
	if !f.From.IsZero() {
		add("at >= ?", db.d.timeArg(f.From))
	}
	if !f.Until.IsZero() {
		add("at < ?", db.d.timeArg(f.Until))
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	out, err := queryAll(ctx, db, scanAuditEntry, `SELECT `+auditColumns+` FROM audit_log WHERE `+where+` ORDER BY `+order+` LIMIT ?`, args...)
	return out, wrap(op, "", err)
}

// Prune implements audit.Log (migration 00024). Like Append it first
// updates audit_head's one row, so a pruning and the appends of every node
// are serialised; it then moves audit_head.pruned_seq, which the delete
// trigger reads (only entries up to it may go), deletes the prefix and
// appends the checkpoint, in one transaction.
func (l *AuditLog) Prune(ctx context.Context, cutoff, at time.Time) (int, error) {
	db := l.db
	const op = "sqlstore.AuditLog.Prune"
	n := 0
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		n = 0
		var seq, pruned int
		var prev string
		if err := tx.queryRow(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash, pruned_seq`).
			Scan(&seq, &prev, &pruned); err != nil {
			return err
		}
		through := seq
		err := tx.queryRow(ctx, `SELECT seq FROM audit_log WHERE at >= ? ORDER BY seq LIMIT 1`,
			db.d.timeArg(cutoff.Truncate(time.Microsecond))).Scan(&through)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			through--
		}
		if through <= pruned {
			return nil
		}
		var hash string
		if err := tx.queryRow(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, through).Scan(&hash); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE audit_head SET pruned_seq = ? WHERE id = 1`, through); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM audit_log WHERE seq <= ?`, through)
		if err != nil {
			return err
		}
		deleted, err := res.RowsAffected()
		if err != nil {
			return err
		}
		cp := audit.Checkpoint(at, audit.Head{Seq: through, Hash: hash})
		cp.Chain(seq+1, prev)
		if _, err := tx.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			cp.Seq, db.d.timeArg(cp.At), string(cp.Actor.Role), cp.Actor.Login, string(cp.Action),
			string(cp.Subject.Kind), cp.Subject.ID, cp.Detail, cp.Prev, cp.Hash); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, cp.Seq, cp.Hash); err != nil {
			return err
		}
		n = int(deleted)
		return nil
	})
	if err != nil {
		return 0, wrap(op, "", err)
	}
	return n, nil
}

// Head implements audit.Log.
func (l *AuditLog) Head(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := l.db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash)
	return h, wrap("sqlstore.AuditLog.Head", "", err)
}
