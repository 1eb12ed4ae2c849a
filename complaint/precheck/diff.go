package precheck

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Changes is what a re-check changes in a stored result: the difference
// between the answer the consumer saw (the old Result) and the answer of the
// current rules for the same facts (the new one). Diff makes it; it is
// deterministic (findings ordered by rule ID, lists sorted), so that a
// stored Changes and a fresh one compare equal.
type Changes struct {
	FromRevision  int     `json:"from_revision"`
	ToRevision    int     `json:"to_revision"`
	ClarityBefore Clarity `json:"clarity_before"`
	ClarityAfter  Clarity `json:"clarity_after"`
	// Findings lists each rule whose finding was added, removed or changed,
	// ordered by rule ID.
	Findings                  []FindingChange `json:"findings"`
	StandardViolationsAdded   []string        `json:"standard_violations_added"`
	StandardViolationsRemoved []string        `json:"standard_violations_removed"`
	MissingFactsAdded         []string        `json:"missing_facts_added"`
	MissingFactsRemoved       []string        `json:"missing_facts_removed"`
}

// How a rule's finding changed.
const (
	FindingAdded   = "added"   // the rule fires now and did not before
	FindingRemoved = "removed" // the rule fired before and does not now
	FindingChanged = "changed" // it fires in both, with another answer, basis or dates
)

// FindingChange is the change of one rule's finding. Before is empty for an
// added finding, After for a removed one. Dates are the dates the message
// rests on (its arguments that are dates, YYYY-MM-DD, in order): the
// deadlines and days the finding names.
type FindingChange struct {
	Rule        RuleID   `json:"rule"`
	Change      string   `json:"change"`
	Before      *Finding `json:"before,omitempty"`
	After       *Finding `json:"after,omitempty"`
	DatesBefore []string `json:"dates_before"`
	DatesAfter  []string `json:"dates_after"`
}

// FavoursChanged reports whether the finding now favours someone else.
func (fc FindingChange) FavoursChanged() bool {
	return fc.Before == nil || fc.After == nil || fc.Before.Favours != fc.After.Favours
}

// DatesChanged reports whether the dates the finding rests on changed.
func (fc FindingChange) DatesChanged() bool { return !slices.Equal(fc.DatesBefore, fc.DatesAfter) }

// Empty reports whether nothing changed: the same clarity, findings,
// standard violations and missing facts. A change of revision alone is no
// change.
func (c Changes) Empty() bool {
	return c.ClarityBefore == c.ClarityAfter && len(c.Findings) == 0 &&
		len(c.StandardViolationsAdded) == 0 && len(c.StandardViolationsRemoved) == 0 &&
		len(c.MissingFactsAdded) == 0 && len(c.MissingFactsRemoved) == 0
}

// Diff returns what changes from the result old to the result new of the
// same facts. Findings are paired by rule ID (the n-th finding of a rule in
// old with the n-th of the same rule in new); a pair is changed when its
// favours, basis, message key or message arguments differ. Tips are not
// compared: they follow from the findings.
func Diff(old, new Result) Changes {
	c := Changes{FromRevision: old.RulesRevision(), ToRevision: new.RulesRevision(),
		ClarityBefore: old.Clarity, ClarityAfter: new.Clarity, Findings: []FindingChange{}}
	before, after := byRule(old.Findings), byRule(new.Findings)
	rules := make([]RuleID, 0, len(before)+len(after))
	for r := range before {
		rules = append(rules, r)
	}
	for r := range after {
		if _, ok := before[r]; !ok {
			rules = append(rules, r)
		}
	}
	slices.Sort(rules)
	for _, r := range rules {
		b, a := before[r], after[r]
		for i := range max(len(b), len(a)) {
			fc := FindingChange{Rule: r, DatesBefore: []string{}, DatesAfter: []string{}}
			switch {
			case i >= len(b):
				fc.Change, fc.After = FindingAdded, cloneFinding(a[i])
			case i >= len(a):
				fc.Change, fc.Before = FindingRemoved, cloneFinding(b[i])
			case sameFinding(b[i], a[i]):
				continue
			default:
				fc.Change, fc.Before, fc.After = FindingChanged, cloneFinding(b[i]), cloneFinding(a[i])
			}
			if fc.Before != nil {
				fc.DatesBefore = datesOf(fc.Before.Message)
			}
			if fc.After != nil {
				fc.DatesAfter = datesOf(fc.After.Message)
			}
			c.Findings = append(c.Findings, fc)
		}
	}
	c.StandardViolationsAdded, c.StandardViolationsRemoved = setDiff(old.StandardViolations, new.StandardViolations)
	c.MissingFactsAdded, c.MissingFactsRemoved = setDiff(old.MissingFacts, new.MissingFacts)
	return c
}

// Summary is a short, language-neutral line of the changes for a history
// entry: "clarity doubtful -> clear; findings +a -b ~c; standard
// violations +x -y; missing facts +m -n" (only the parts that changed;
// "no change" when none did).
func (c Changes) Summary() string {
	var parts []string
	if c.ClarityBefore != c.ClarityAfter {
		parts = append(parts, "clarity "+string(c.ClarityBefore)+" -> "+string(c.ClarityAfter))
	}
	if len(c.Findings) > 0 {
		fs := make([]string, len(c.Findings))
		for i, f := range c.Findings {
			sign := "~"
			switch f.Change {
			case FindingAdded:
				sign = "+"
			case FindingRemoved:
				sign = "-"
			}
			fs[i] = sign + string(f.Rule)
		}
		parts = append(parts, "findings "+strings.Join(fs, " "))
	}
	if s := signed(c.StandardViolationsAdded, c.StandardViolationsRemoved); s != "" {
		parts = append(parts, "standard violations "+s)
	}
	if s := signed(c.MissingFactsAdded, c.MissingFactsRemoved); s != "" {
		parts = append(parts, "missing facts "+s)
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}

// Revisions is "rules revision 1 -> 2", the head of a re-check's history
// entry.
func (c Changes) Revisions() string {
	return "rules revision " + strconv.Itoa(c.FromRevision) + " -> " + strconv.Itoa(c.ToRevision)
}

func signed(added, removed []string) string {
	var out []string
	for _, s := range added {
		out = append(out, "+"+s)
	}
	for _, s := range removed {
		out = append(out, "-"+s)
	}
	return strings.Join(out, " ")
}

func byRule(fs []Finding) map[RuleID][]Finding {
	m := make(map[RuleID][]Finding, len(fs))
	for _, f := range fs {
		m[f.Rule] = append(m[f.Rule], f)
	}
	return m
}

func sameFinding(a, b Finding) bool {
	return a.Favours == b.Favours && a.Basis == b.Basis && a.Message.Key == b.Message.Key &&
		slices.Equal(a.Message.Args, b.Message.Args)
}

func cloneFinding(f Finding) *Finding {
	f.Tags = slices.Clone(f.Tags)
	f.Message.Args = slices.Clone(f.Message.Args)
	return &f
}

// datesOf returns the arguments of m that are dates, in order.
func datesOf(m Message) []string {
	out := []string{}
	for _, a := range m.Args {
		if _, err := fairshops.ParseDate(a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// setDiff returns the elements of b not in a and those of a not in b,
// each sorted and unique.
func setDiff(a, b []string) (added, removed []string) {
	added, removed = []string{}, []string{}
	for _, s := range b {
		if !slices.Contains(a, s) && !slices.Contains(added, s) {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if !slices.Contains(b, s) && !slices.Contains(removed, s) {
			removed = append(removed, s)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}
