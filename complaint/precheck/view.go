package precheck

import (
	"fmt"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// ArticleRef names a portal article that explains a finding. The service
// layer fills View.Articles from the portal; this package leaves it empty.
type ArticleRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// FindingView is a finding with its message as text.
type FindingView struct {
	Rule    RuleID   `json:"rule"`
	Favours Favours  `json:"favours"`
	Basis   string   `json:"basis"`
	Message string   `json:"message"`
	Tags    []string `json:"tags"`
	// Evidence is what would support the finding (EvidenceFor): the
	// form lists it after the check, for the consumer to attach.
	Evidence []EvidenceView `json:"evidence"`
}

// View is a Result in one language: the pre-check answer of the v1 API
// (DESIGN.md section 6). Besides the fields of the contract it carries the
// language, the category with its label and the labels of the missing
// facts (missing_fact_labels, in the order of missing_facts).
type View struct {
	Lang               fairshops.Language `json:"lang"`
	RulesRevision      int                `json:"rules_revision"` // revision 2: the rules the result was made under
	AsOf               fairshops.Date     `json:"as_of"`
	Category           Category           `json:"category"`
	CategoryLabel      string             `json:"category_label"`
	Clarity            Clarity            `json:"clarity"`
	Findings           []FindingView      `json:"findings"`
	MissingFacts       []string           `json:"missing_facts"`
	MissingFactLabels  []string           `json:"missing_fact_labels"`
	StandardViolations []string           `json:"standard_violations"`
	Tips               []string           `json:"tips"`
	Articles           []ArticleRef       `json:"articles"`
	// Automated labels the findings as made by rules, not by a person,
	// where the revised ADR Directive (EU) 2025/2647 asks for it (the
	// HTTP layer's ADRDirective setting): "Automated first check
	// (rule-based), no legal advice" in the reader's language. Empty
	// without the setting.
	Automated string `json:"automated,omitempty"`
}

// Localize renders the result in lang (German for an unsupported language).
// The slices of the View are never nil, so that JSON shows [] rather than
// null; the View shares no memory with the Result.
func (r Result) Localize(lang fairshops.Language) View {
	if !lang.Valid() {
		lang = fairshops.German
	}
	v := View{
		Lang:               lang,
		RulesRevision:      r.RulesRevision(),
		AsOf:               r.AsOf,
		Category:           r.Category,
		CategoryLabel:      r.Category.Label(lang),
		Clarity:            r.Clarity,
		Findings:           make([]FindingView, 0, len(r.Findings)),
		MissingFacts:       append([]string{}, r.MissingFacts...),
		MissingFactLabels:  make([]string, 0, len(r.MissingFacts)),
		StandardViolations: append([]string{}, r.StandardViolations...),
		Tips:               make([]string, 0, len(r.Tips)),
		Articles:           []ArticleRef{},
	}
	for _, f := range r.Findings {
		v.Findings = append(v.Findings, FindingView{
			Rule:     f.Rule,
			Favours:  f.Favours,
			Basis:    localBasis(f.Basis, lang),
			Message:  f.Message.Render(lang),
			Tags:     append([]string{}, f.Tags...),
			Evidence: evidenceViews(f.Rule, lang),
		})
	}
	for _, name := range r.MissingFacts {
		v.MissingFactLabels = append(v.MissingFactLabels, FactLabel(name, lang))
	}
	for _, t := range r.Tips {
		v.Tips = append(v.Tips, t.Render(lang))
	}
	return v
}

// RulesRevision returns the revision of the rules the result was made
// under: Revision for a result of this package's Check, RevisionOne for a
// result stored before results recorded it (Revision is zero).
func (r Result) RulesRevision() int {
	if r.Revision == 0 {
		return RevisionOne
	}
	return r.Revision
}

// RuleIDs returns the rule IDs of the findings in order, for the portal's
// article links (portal.Index.ForFindings).
func (r Result) RuleIDs() []string {
	ids := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		ids[i] = string(f.Rule)
	}
	return ids
}

// Fired reports whether the rule fired.
func (r Result) Fired(id RuleID) bool {
	for _, f := range r.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// viewHeadings are the headings of Text, keys "view.<heading>".
func viewHeadings() []string {
	return []string{"category", "as_of", "clarity", "findings", "basis", "missing_facts", "standard_violations", "tips",
		"rules_revision", "evidence"}
}

// Text renders the view as plain text in its language, for e-mails and
// logs: the category, the check date and the clarity, then each finding
// with whom it favours, its message and its basis, then the missing facts,
// the breaches of the standard and the tips; empty lists are left out.
func (v View) Text() string {
	lang := v.Lang
	if !lang.Valid() {
		lang = fairshops.German
	}
	ms := messages()
	h := func(key string) string { return ms.Render(lang, viewPrefix+key) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)\n", h("category"), v.CategoryLabel, v.Category)
	fmt.Fprintf(&b, "%s: %s\n", h("as_of"), formatDate(v.AsOf, lang))
	fmt.Fprintf(&b, "%s: %s (%s)\n", h("clarity"), ms.Render(lang, clarityPrefix+string(v.Clarity)), v.Clarity)
	if v.RulesRevision != 0 {
		fmt.Fprintf(&b, "%s: %d\n", h("rules_revision"), v.RulesRevision)
	}
	if len(v.Findings) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", h("findings"))
		for _, f := range v.Findings {
			fmt.Fprintf(&b, "- %s [%s]\n  %s\n  %s: %s\n", f.Rule, ms.Render(lang, favoursPrefix+string(f.Favours)), f.Message, h("basis"), f.Basis)
			for i, e := range f.Evidence {
				if i == 0 {
					fmt.Fprintf(&b, "  %s:\n", h("evidence"))
				}
				fmt.Fprintf(&b, "  - %s\n", e.Text)
			}
		}
	}
	list := func(heading string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", h(heading))
		for _, it := range items {
			fmt.Fprintf(&b, "- %s\n", it)
		}
	}
	list("missing_facts", v.MissingFactLabels)
	list("standard_violations", v.StandardViolations)
	list("tips", v.Tips)
	return b.String()
}

// localBasis writes a legal basis the way readers of lang cite it: German
// citations number with "Nr." ("§356(2) Nr. 1"), English ones with "no.".
func localBasis(basis string, lang fairshops.Language) string {
	if lang == fairshops.German {
		return strings.ReplaceAll(basis, " no. ", " Nr. ")
	}
	return basis
}
