package portal

import (
	"cmp"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// DefaultLinks is the number of articles ForFindings returns when asked for
// none in particular.
const DefaultLinks = 5

// ForFindings returns the articles that best explain a pre-check: those
// tagged with more of its rule IDs first (a rule tag beats a category tag),
// then those that also carry the category, then, among equals, the more
// specific article (fewer rule tags of its own), then by slug. Articles that
// carry neither a rule ID nor the category are left out. lang selects the
// titles (German for an unsupported language); limit <= 0 means
// DefaultLinks.
func (ix *Index) ForFindings(category string, ruleIDs []string, lang fairshops.Language, limit int) []ArticleRef {
	if limit <= 0 {
		limit = DefaultLinks
	}
	if !lang.Valid() {
		lang = fairshops.German
	}
	type cand struct {
		a         *Article
		rules     int  // rule IDs of the findings the article carries
		category  bool // the article carries the category
		ruleTags  int  // rule-ID tags of the article
		firstRule int  // position of the first matched finding
	}
	var cands []cand
	for i := range ix.articles {
		a := &ix.articles[i]
		c := cand{a: a, category: category != "" && a.HasTag(category), firstRule: len(ruleIDs)}
		for j, id := range ruleIDs {
			if id != "" && !slices.Contains(ruleIDs[:j], id) && a.HasTag(id) {
				c.rules++
				c.firstRule = min(c.firstRule, j)
			}
		}
		if c.rules == 0 && !c.category {
			continue
		}
		for _, t := range a.Tags {
			if strings.Contains(t, ".") {
				c.ruleTags++
			}
		}
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(
			-cmp.Compare(x.rules, y.rules),
			-boolCompare(x.category, y.category),
			cmp.Compare(x.ruleTags-x.rules, y.ruleTags-y.rules),
			cmp.Compare(x.firstRule, y.firstRule),
			strings.Compare(x.a.Slug, y.a.Slug))
	})
	out := []ArticleRef{}
	for _, c := range cands[:min(limit, len(cands))] {
		t := c.a.In(lang)
		out = append(out, ArticleRef{Slug: c.a.Slug, Lang: t.Lang, Title: t.Title, Summary: t.Summary, Topic: c.a.Topic})
	}
	return out
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
