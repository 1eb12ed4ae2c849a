package precheck

import "github.com/fairshops/konfliktservice/fairshops"

// RuleID is the stable ID of a pre-check rule ("withdrawal.in_period"): the
// contract that APIs, tests, portal tags and translations key on.
type RuleID string

// Favours says whom a finding favours.
type Favours string

// The outcomes of a finding.
const (
	FavoursConsumer Favours = "consumer"
	FavoursShop     Favours = "shop"
	FavoursNeither  Favours = "neither"
	FavoursDoubtful Favours = "doubtful"
)

// Clarity is the outcome of the whole check.
type Clarity string

// The clarities of a check.
const (
	Clear       Clarity = "clear"
	Doubtful    Clarity = "doubtful"
	Displeasure Clarity = "displeasure"
)

// Message is a localisable text: a key and its arguments, rendered in the
// reader's language by Render. Arguments are plain strings (dates as
// YYYY-MM-DD, money as "19.99 EUR") so that a stored result renders the same
// later.
type Message struct {
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
}

// Finding is what one fired rule says.
type Finding struct {
	Rule    RuleID   `json:"rule"`
	Favours Favours  `json:"favours"`
	Basis   string   `json:"basis"`
	Message Message  `json:"message"`
	Tags    []string `json:"tags"` // portal tags: the rule ID and the category key
}

// Result is the outcome of a pre-check: deterministic for the same facts and
// check date.
type Result struct {
	// Revision is the revision of the rules the result was made under
	// (the constant Revision for a new result; RevisionOne for a stored
	// result that records none).
	Revision           int            `json:"rules_revision"`
	AsOf               fairshops.Date `json:"as_of"`
	Category           Category       `json:"category"`
	Clarity            Clarity        `json:"clarity"`
	Findings           []Finding      `json:"findings"`
	MissingFacts       []string       `json:"missing_facts"`
	StandardViolations []string       `json:"standard_violations"`
	Tips               []Message      `json:"tips"`
}
