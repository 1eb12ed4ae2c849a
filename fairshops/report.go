package fairshops

import (
	"slices"
	"sync"
)

// Report is an assessment explained in one language: the JSON answer of
// POST /api/v1/assessments (DESIGN.md section 6).
type Report struct {
	Catalogue      string         `json:"catalogue"`
	Version        string         `json:"version"`
	AsOf           Date           `json:"as_of"`
	Lang           Language       `json:"lang"`
	Compliant      bool           `json:"compliant"`
	Summary        string         `json:"summary"`
	MustMissing    []string       `json:"must_missing"`
	BonusPoints    int            `json:"bonus_points"`
	BonusThreshold int            `json:"bonus_threshold"`
	Shortfall      int            `json:"shortfall"`
	ModulePoints   CombineRule    `json:"module_points"`
	Criteria       []ReportedItem `json:"criteria"`
	WaysToClose    [][]string     `json:"ways_to_close"`
}

// ReportedItem is one criterion of a Report, with its title and the reason
// in words.
type ReportedItem struct {
	ID      string        `json:"id"`
	Kind    CriterionKind `json:"kind"`
	Title   string        `json:"title"`
	Points  int           `json:"points"`
	Counted int           `json:"counted"`
	Met     bool          `json:"met"`
	Code    Why           `json:"why_code"`
	Why     string        `json:"why"`
}

// Report explains the assessment in lang, with titles from cat (the
// catalogue it was made with).
func (a *Assessment) Report(cat *Catalogue, lang Language) Report {
	if !lang.Valid() {
		lang = German
	}
	msgs := assessMessages()
	r := Report{
		Catalogue: a.Catalogue, Version: a.Version, AsOf: a.AsOf, Lang: lang,
		Compliant: a.Compliant, MustMissing: slices.Clone(a.MustMissing),
		BonusPoints: a.BonusPoints, BonusThreshold: a.BonusThreshold, Shortfall: a.Shortfall,
		ModulePoints: a.ModulePoints, Criteria: make([]ReportedItem, 0, len(a.Criteria)),
		WaysToClose: make([][]string, 0, len(a.WaysToClose)),
	}
	if r.MustMissing == nil {
		r.MustMissing = []string{}
	}
	for _, w := range a.WaysToClose {
		r.WaysToClose = append(r.WaysToClose, slices.Clone(w))
	}
	for _, c := range a.Criteria {
		cr, _ := cat.Criterion(c.ID)
		var args []any
		if c.Why == WhyBooked {
			args = append(args, c.Counted)
		}
		r.Criteria = append(r.Criteria, ReportedItem{
			ID: c.ID, Kind: c.Kind, Title: cr.Title.In(lang), Points: c.Points, Counted: c.Counted,
			Met: c.Met, Code: c.Why, Why: msgs.Render(lang, "why."+string(c.Why), args...),
		})
	}
	switch {
	case a.Compliant:
		r.Summary = msgs.Render(lang, "summary.compliant", a.BonusPoints, a.BonusThreshold)
	case len(a.MustMissing) > 0 && a.Shortfall > 0:
		r.Summary = msgs.Render(lang, "summary.must_and_points",
			msgs.Render(lang, "count.must_missing", len(a.MustMissing)), msgs.Render(lang, "count.points_missing", a.Shortfall))
	case len(a.MustMissing) > 0:
		r.Summary = msgs.Render(lang, "summary.must", msgs.Render(lang, "count.must_missing", len(a.MustMissing)))
	default:
		r.Summary = msgs.Render(lang, "summary.points", a.BonusPoints, a.BonusThreshold, a.Shortfall)
	}
	return r
}

var assessMessages = sync.OnceValue(func() *Messages {
	return NewMessages(map[Language]map[string]string{German: assessTextDE(), English: assessTextEN()})
})
