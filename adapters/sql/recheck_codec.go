package sqlstore

import (
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// recheckRec is a complaint.RecheckRecord as stored: the re-checks of a
// complaint are one JSON document (the column rechecks, migration 00007),
// rewritten whole by Update; the service only ever appends to it.
type recheckRec struct {
	At       time.Time  `json:"at"`
	By       string     `json:"by"`
	Notified bool       `json:"notified"`
	Result   resultRec  `json:"result"`
	Changes  changesRec `json:"changes"`
}

// changesRec is a precheck.Changes as stored.
type changesRec struct {
	FromRevision              int                `json:"from_revision"`
	ToRevision                int                `json:"to_revision"`
	ClarityBefore             string             `json:"clarity_before"`
	ClarityAfter              string             `json:"clarity_after"`
	Findings                  []findingChangeRec `json:"findings"`
	StandardViolationsAdded   []string           `json:"standard_violations_added"`
	StandardViolationsRemoved []string           `json:"standard_violations_removed"`
	MissingFactsAdded         []string           `json:"missing_facts_added"`
	MissingFactsRemoved       []string           `json:"missing_facts_removed"`
}

// findingChangeRec is a precheck.FindingChange as stored.
type findingChangeRec struct {
	Rule        string      `json:"rule"`
	Change      string      `json:"change"`
	Before      *findingRec `json:"before"`
	After       *findingRec `json:"after"`
	DatesBefore []string    `json:"dates_before"`
	DatesAfter  []string    `json:"dates_after"`
}

func findingRecOf(f precheck.Finding) findingRec {
	return findingRec{Rule: string(f.Rule), Favours: string(f.Favours), Basis: f.Basis,
		Message: messageRec{Key: f.Message.Key, Args: f.Message.Args}, Tags: f.Tags}
}

func (r findingRec) finding() precheck.Finding {
	return precheck.Finding{Rule: precheck.RuleID(r.Rule), Favours: precheck.Favours(r.Favours), Basis: r.Basis,
		Message: precheck.Message{Key: r.Message.Key, Args: r.Message.Args}, Tags: r.Tags}
}

func recheckRecsOf(rs []complaint.RecheckRecord) []recheckRec {
	if rs == nil {
		return nil
	}
	out := make([]recheckRec, len(rs))
	for i, r := range rs {
		c := r.Changes
		cr := changesRec{FromRevision: c.FromRevision, ToRevision: c.ToRevision,
			ClarityBefore: string(c.ClarityBefore), ClarityAfter: string(c.ClarityAfter),
			StandardViolationsAdded: c.StandardViolationsAdded, StandardViolationsRemoved: c.StandardViolationsRemoved,
			MissingFactsAdded: c.MissingFactsAdded, MissingFactsRemoved: c.MissingFactsRemoved}
		if c.Findings != nil {
			cr.Findings = make([]findingChangeRec, len(c.Findings))
			for j, f := range c.Findings {
				fr := findingChangeRec{Rule: string(f.Rule), Change: f.Change, DatesBefore: f.DatesBefore, DatesAfter: f.DatesAfter}
				if f.Before != nil {
					b := findingRecOf(*f.Before)
					fr.Before = &b
				}
				if f.After != nil {
					a := findingRecOf(*f.After)
					fr.After = &a
				}
				cr.Findings[j] = fr
			}
		}
		out[i] = recheckRec{At: r.At, By: r.By, Notified: r.Notified, Result: resultRecOf(r.Result), Changes: cr}
	}
	return out
}

func recheckRecords(rs []recheckRec, d *decoder) []complaint.RecheckRecord {
	if rs == nil {
		return nil
	}
	out := make([]complaint.RecheckRecord, len(rs))
	for i, r := range rs {
		c := r.Changes
		ch := precheck.Changes{FromRevision: c.FromRevision, ToRevision: c.ToRevision,
			ClarityBefore: precheck.Clarity(c.ClarityBefore), ClarityAfter: precheck.Clarity(c.ClarityAfter),
			StandardViolationsAdded: c.StandardViolationsAdded, StandardViolationsRemoved: c.StandardViolationsRemoved,
			MissingFactsAdded: c.MissingFactsAdded, MissingFactsRemoved: c.MissingFactsRemoved}
		if c.Findings != nil {
			ch.Findings = make([]precheck.FindingChange, len(c.Findings))
			for j, f := range c.Findings {
				fc := precheck.FindingChange{Rule: precheck.RuleID(f.Rule), Change: f.Change,
					DatesBefore: f.DatesBefore, DatesAfter: f.DatesAfter}
				if f.Before != nil {
					b := f.Before.finding()
					fc.Before = &b
				}
				if f.After != nil {
					a := f.After.finding()
					fc.After = &a
				}
				ch.Findings[j] = fc
			}
		}
		out[i] = complaint.RecheckRecord{At: r.At.UTC(), By: r.By, Notified: r.Notified, Result: r.Result.result(d), Changes: ch}
	}
	return out
}
