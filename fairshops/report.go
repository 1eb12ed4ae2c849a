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
		r.Summary = msgs.Render(lang, "summary.must_and_points", len(a.MustMissing), a.Shortfall)
	case len(a.MustMissing) > 0:
		r.Summary = msgs.Render(lang, "summary.must", len(a.MustMissing))
	default:
		r.Summary = msgs.Render(lang, "summary.points", a.BonusPoints, a.BonusThreshold, a.Shortfall)
	}
	return r
}

var assessMessages = sync.OnceValue(func() *Messages {
	return NewMessages(map[Language]map[string]string{
		German: {
			"why." + string(WhyFulfilled):        "erfüllt",
			"why." + string(WhyNotFulfilled):     "nicht erfüllt",
			"why." + string(WhyBooked):           "am Stichtag gebucht; die %d Punkte zählen",
			"why." + string(WhyBookedNotCounted): "gebucht, aber nach der Regel „höchstes Modul“ zählt ein höheres Modul",
			"why." + string(WhyIncluded):         "nicht selbst gebucht, aber in einem höheren gebuchten Modul enthalten; Punkte zählen nur für das gebuchte Modul",
			"why." + string(WhyNotBooked):        "am Stichtag nicht gebucht",
			"summary.compliant":                  "Der Standard ist erfüllt: alle Pflichtkriterien und %d von %d nötigen Bonuspunkten.",
			"summary.must_and_points":            "Nicht erfüllt: %d Pflichtkriterien fehlen, und es fehlen %d Bonuspunkte.",
			"summary.must":                       "Nicht erfüllt: %d Pflichtkriterien fehlen.",
			"summary.points":                     "Nicht erfüllt: %d von %d Bonuspunkten, es fehlen %d.",
		},
		English: {
			"why." + string(WhyFulfilled):        "fulfilled",
			"why." + string(WhyNotFulfilled):     "not fulfilled",
			"why." + string(WhyBooked):           "booked on the date; its %d points count",
			"why." + string(WhyBookedNotCounted): "booked, but under the rule \"highest module\" a higher module counts",
			"why." + string(WhyIncluded):         "not booked itself, but included in a higher booked module; points count only for the booked module",
			"why." + string(WhyNotBooked):        "not booked on the date",
			"summary.compliant":                  "The standard is met: every MUST criterion and %d of the %d bonus points needed.",
			"summary.must_and_points":            "Not met: %d MUST criteria are missing, and %d bonus points are missing.",
			"summary.must":                       "Not met: %d MUST criteria are missing.",
			"summary.points":                     "Not met: %d of %d bonus points, %d missing.",
		},
	})
})
