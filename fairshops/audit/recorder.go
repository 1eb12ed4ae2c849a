package audit

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Recorder is what the HTTP layer calls: it stamps an entry with the time
// of its clock, checks it and appends it to the log. A nil *Recorder
// records nothing (a handler without an audit log), so call sites need no
// condition.
type Recorder struct {
	log   Log
	clock fairshops.Clock
}

// NewRecorder returns a recorder on log; clock defaults to the system clock.
func NewRecorder(log Log, clock fairshops.Clock) *Recorder {
	if clock == nil {
		clock = fairshops.SystemClock{}
	}
	return &Recorder{log: log, clock: clock}
}

// Log returns the log the recorder appends to (nil for a nil recorder).
func (r *Recorder) Log() Log {
	if r == nil {
		return nil
	}
	return r.log
}

// Record appends one entry: actor did action to subject, with a detail
// code (CheckDetail; "" for none). It returns the entry as stored.
func (r *Recorder) Record(ctx context.Context, actor Actor, action Action, subject Subject, detail string) (Entry, error) {
	if r == nil {
		return Entry{}, nil
	}
	e := Entry{At: r.clock.Now().UTC(), Actor: actor, Action: action, Subject: subject, Detail: detail}
	if err := e.Check(); err != nil {
		return Entry{}, err
	}
	if err := r.log.Append(ctx, &e); err != nil {
		return Entry{}, fairshops.Wrap("audit.Recorder.Record", string(action), err)
	}
	return e, nil
}

// SettlementErased records that by erased the settlement of the case
// caseID at the end of its period (reason: a detail code, "retention").
func (r *Recorder) SettlementErased(ctx context.Context, by Actor, caseID, reason string) error {
	_, err := r.Record(ctx, by, SettlementErased, Case(caseID), reason)
	return err
}

// Erased records that by erased (pseudonymised) the personal data of the
// complaint complaintID: the entry the erasure flow writes, with reason a
// detail code ("request", "retention"; "" for none).
func (r *Recorder) Erased(ctx context.Context, by Actor, complaintID, reason string) error {
	_, err := r.Record(ctx, by, ComplaintErased, Complaint(complaintID), reason)
	return err
}

// Verify walks the whole log in Seq order and checks its chain: nil, a
// *BrokenError naming the first entry that does not fit, or the store's
// error. It returns the head it checked up to. A pruned log (Prune) is
// checked from the anchor of its latest checkpoint, which must name the
// entry just before the first one left.
func Verify(ctx context.Context, log Log) (Head, error) {
	v := &Verifier{}
	after := 0
	for {
		page, err := log.List(ctx, Filter{After: after, Limit: fairshops.MaxLimit})
		if err != nil {
			return v.Checked(), err
		}
		if after == 0 && len(page) > 0 {
			// A pruned log starts after its latest checkpoint's anchor.
			anchor, err := anchorOf(ctx, log, page[0])
			if err != nil {
				return v.Checked(), err
			}
			v = VerifierAfter(anchor)
		}
		if err := v.Next(page); err != nil {
			return v.Checked(), err
		}
		if len(page) < fairshops.MaxLimit {
			return v.Checked(), nil
		}
		after = page[len(page)-1].Seq
	}
}
