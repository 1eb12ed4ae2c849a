package complaint

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// A complaint's history is a fairshops.History in the PlainEntries
// encoding: each entry's digest covers [complaintID, seq, at, role, shop,
// name, action, detail, prev], and Action is an event name without
// "complaint.". Before and After stay empty.

// record appends an entry to the history, chained to the last one.
func (c *Complaint) record(at time.Time, who fairshops.Actor, action, detail string) {
	c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: at, Actor: who, Action: action, Detail: detail})
}

// HistoryHead returns the Hash of the last history entry: publishing it
// (in a receipt, an event) anchors the whole chain up to it.
func (c *Complaint) HistoryHead() string { return c.History.Head() }

// VerifyHistory checks an exported history of the complaint complaintID:
// entries numbered 1, 2, 3 ... without gaps, each entry's Hash matching its
// content, and each Prev matching the Hash before it. The error (kind
// Invalid) names the first entry that fails.
func VerifyHistory(complaintID string, history fairshops.History) error {
	return history.Verify("complaint.VerifyHistory", complaintID, fairshops.PlainEntries)
}
