package memory

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

var _ audit.Log = (*AuditLog)(nil)

// AuditLog is the audit.Log of a DB: entries in Seq order, appended under
// the DB's lock, which serialises appends.
type AuditLog struct{ db *DB }

// Audit returns the operators' audit log of the DB.
func (db *DB) Audit() *AuditLog { return &AuditLog{db: db} }

// Append implements audit.Log.
func (l *AuditLog) Append(ctx context.Context, e *audit.Entry) error {
	unlock, err := l.db.lock(ctx)
	if err != nil {
		return fairshops.Wrap("memory.AuditLog.Append", string(e.Action), err)
	}
	defer unlock()
	head := l.head()
	e.Chain(head.Seq+1, head.Hash)
	l.db.audit = append(l.db.audit, *e)
	return nil
}

func (l *AuditLog) head() audit.Head {
	if n := len(l.db.audit); n > 0 {
		return audit.Head{Seq: l.db.audit[n-1].Seq, Hash: l.db.audit[n-1].Hash}
	}
	return audit.Head{}
}

// List implements audit.Log.
func (l *AuditLog) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	const op = "memory.AuditLog.List"
	if err := f.Check(); err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	unlock, err := l.db.lock(ctx)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	defer unlock()
	all, pruned := l.db.audit, l.db.auditPruned // Seq pruned+i+1 at index i
	if f.After != 0 && (f.After <= pruned || f.After > pruned+len(all)) {
		return nil, fairshops.UnknownCursor(op, strconv.Itoa(f.After))
	}
	out := []audit.Entry{}
	n := fairshops.PageLimit(f.Limit)
	add := func(e audit.Entry) bool {
		if f.Match(e) {
			out = append(out, e)
		}
		return len(out) < n
	}
	if f.Newest {
		end := len(all)
		if f.After > 0 {
			end = f.After - 1 - pruned
		}
		for _, e := range slices.Backward(all[:end]) {
			if !add(e) {
				break
			}
		}
		return out, nil
	}
	start := 0
	if f.After > 0 {
		start = f.After - pruned
	}
	for _, e := range all[start:] {
		if !add(e) {
			break
		}
	}
	return out, nil
}

// Prune implements audit.Log under the DB's lock, which serialises it with
// Append.
func (l *AuditLog) Prune(ctx context.Context, cutoff, at time.Time) (int, error) {
	unlock, err := l.db.lock(ctx)
	if err != nil {
		return 0, fairshops.Wrap("memory.AuditLog.Prune", "", err)
	}
	defer unlock()
	cutoff = cutoff.Truncate(time.Microsecond) // as entries keep their times
	n := 0
	for n < len(l.db.audit) && l.db.audit[n].At.Before(cutoff) {
		n++
	}
	if n == 0 {
		return 0, nil
	}
	last := l.db.audit[n-1]
	head := l.head()
	cp := audit.Checkpoint(at, audit.Head{Seq: last.Seq, Hash: last.Hash})
	cp.Chain(head.Seq+1, head.Hash)
	l.db.audit = append(slices.Clone(l.db.audit[n:]), cp)
	l.db.auditPruned = last.Seq
	return n, nil
}

// Head implements audit.Log.
func (l *AuditLog) Head(ctx context.Context) (audit.Head, error) {
	unlock, err := l.db.lock(ctx)
	if err != nil {
		return audit.Head{}, fairshops.Wrap("memory.AuditLog.Head", "", err)
	}
	defer unlock()
	return l.head(), nil
}
