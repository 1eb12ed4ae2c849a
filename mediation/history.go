package mediation

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// A case's history is a fairshops.History in the EditEntries encoding: each
// entry's digest covers [caseID, seq, at, role, shop, name, action, detail,
// before, after, prev], so the edits of a draft (the options before and
// after, as JSON) are part of the chain.

// record appends an entry to the history, chained to the last one.
func (c *Case) record(at time.Time, who fairshops.Actor, action, detail string) {
	c.recordEdit(at, who, action, detail, "", "")
}

// recordEdit appends an entry with the state before and after an edit.
func (c *Case) recordEdit(at time.Time, who fairshops.Actor, action, detail, before, after string) {
	c.History.Append(c.ID, fairshops.EditEntries, fairshops.Entry{At: at.UTC(), Actor: who, Action: action,
		Detail: detail, Before: before, After: after})
}

// HistoryHead returns the Hash of the last history entry: publishing it
// anchors the whole chain up to it.
func (c *Case) HistoryHead() string { return c.History.Head() }

// VerifyHistory checks an exported history of the case caseID: entries
// numbered 1, 2, 3 ... without gaps, each Hash matching its entry, and each
// Prev the Hash before it. The error (kind Invalid) names the first entry
// that does not fit.
func VerifyHistory(caseID string, entries fairshops.History) error {
	return entries.Verify("mediation.VerifyHistory", caseID, fairshops.EditEntries)
}
