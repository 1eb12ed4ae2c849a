package audit

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Pruning (docs/adr-audit-log.md, docs/adr-retention.md): the log keeps an
// entry for Retention.Years whole years from the end of the year it was
// recorded in. The log is one hash chain, so it is pruned only at its
// start: Log.Prune deletes the longest prefix of entries recorded before the
// cutoff and appends, in the same unit of work, a checkpoint entry
// (Pruned) that names the last pruned entry's Seq and Hash. The first entry
// left chains to that hash (its Prev), so Verify checks the rest from the
// checkpoint's anchor: a removed entry after the prefix, or a prefix that
// was cut further than the checkpoint says, is still found. Entries are
// never rewritten.

// Pruned is the action of a checkpoint: the entries up to Seq N were
// pruned; the subject is the log (KindLog) with N's Hash as its ID, the
// detail "through:N" (Checkpoint).
const Pruned Action = "audit.pruned"

// KindLog is the subject kind of a checkpoint: the audit log itself; its
// ID is the hash of the last pruned entry.
const KindLog Kind = "log"

// DefaultYears is how long the log keeps an entry by default: the regular
// limitation period (BGB §§195, 199(1)), within which a shop, a consumer
// or a member of staff can still raise a claim about how something was
// handled and the log is the evidence of who did what.
const DefaultYears = 3

// MaxYears bounds a configured period (a typo of 300 for 3).
const MaxYears = 30

// Retention is the retention policy of the audit log.
type Retention struct {
	// Years: whole years from the end of the year an entry was recorded
	// in (Europe/Berlin); 0: DefaultYears; negative: never prune.
	Years int
}

// Validate checks the policy (field years: at most MaxYears).
func (r Retention) Validate() error {
	var p fairshops.Problems
	if r.Years > MaxYears {
		p.Add("years", fairshops.ReasonTooLarge, strconv.Itoa(MaxYears))
	}
	return p.Err("audit.Retention.Validate")
}

// Cutoff returns the instant before which entries are due for pruning at
// now: 00:00 on 1 January (Europe/Berlin) of now's year minus Years, so an
// entry recorded in year y goes on 1 January of y + Years + 1. ok is false
// when the policy never prunes.
func (r Retention) Cutoff(now time.Time) (cutoff time.Time, ok bool) {
	years := r.Years
	switch {
	case years < 0:
		return time.Time{}, false
	case years == 0:
		years = DefaultYears
	}
	loc := fairshops.Berlin()
	return time.Date(now.In(loc).Year()-years, time.January, 1, 0, 0, 0, 0, loc), true
}

// Checkpoint returns the entry Log.Prune appends after pruning the entries
// up to through (its Seq and Hash), recorded at at by the system. Seq,
// Prev and Hash are set when it is appended (Entry.Chain).
func Checkpoint(at time.Time, through Head) Entry {
	return Entry{At: at, Actor: Actor{Role: fairshops.RoleSystem}, Action: Pruned,
		Subject: Subject{Kind: KindLog, ID: through.Hash}, Detail: "through:" + strconv.Itoa(through.Seq)}
}

// Anchor returns the head a checkpoint entry names (the last entry it
// pruned); ok is false for any other entry.
func (e Entry) Anchor() (Head, bool) {
	n, found := strings.CutPrefix(e.Detail, "through:")
	if e.Action != Pruned || e.Subject.Kind != KindLog || !found {
		return Head{}, false
	}
	seq, err := strconv.Atoi(n)
	if err != nil || seq <= 0 {
		return Head{}, false
	}
	return Head{Seq: seq, Hash: e.Subject.ID}, true
}

// Prune applies the policy to the log at the clock's now: the entries
// recorded before the cutoff (Retention.Cutoff) go, and a checkpoint keeps
// the chain verifiable. It returns how many entries were pruned; a policy
// that never prunes does nothing. Several nodes may run it at once: each
// Log.Prune is serialised with every append, and a second one finds nothing
// left to prune.
func Prune(ctx context.Context, log Log, r Retention, clock fairshops.Clock) (int, error) {
	const op = "audit.Prune"
	if err := r.Validate(); err != nil {
		return 0, err
	}
	if clock == nil {
		clock = fairshops.SystemClock{}
	}
	now := clock.Now()
	cutoff, ok := r.Cutoff(now)
	if !ok {
		return 0, nil
	}
	n, err := log.Prune(ctx, cutoff, now.UTC())
	if err != nil {
		return n, fairshops.Wrap(op, "", err)
	}
	return n, nil
}

// anchorOf returns the head the log's remaining entries start after: the
// zero Head when its first entry is entry 1, else the anchor of its latest
// checkpoint, which must name the entry just before the first one left
// (Seq and Hash); anything else is a *BrokenError.
func anchorOf(ctx context.Context, log Log, first Entry) (Head, error) {
	if first.Seq <= 1 {
		return Head{}, nil
	}
	missing := &BrokenError{Seq: 1, Why: "entries 1 to " + strconv.Itoa(first.Seq-1) + " are missing"}
	cps, err := log.List(ctx, Filter{Action: Pruned, Newest: true, Limit: 1})
	if err != nil {
		return Head{}, err
	}
	if len(cps) == 0 {
		return Head{}, missing
	}
	a, ok := cps[0].Anchor()
	if !ok || a.Seq != first.Seq-1 || a.Hash != first.Prev {
		return Head{}, missing
	}
	return a, nil
}
