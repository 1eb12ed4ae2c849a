package mediation

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// State is where a case stands in its lifecycle (domain/mediation.md).
type State string

// The states of a case. Declined, Settled, Failed, Expired and Withdrawn are
// final: no move leaves them.
const (
	Requested              State = "requested"                // asked for; the decider (shop or operator) has not decided
	Declined               State = "declined"                 // refused, with a Reason
	AwaitingCostAcceptance State = "awaiting_cost_acceptance" // marked abusive: the consumer may accept the fee or drop it
	Open                   State = "open"                     // accepted; both sides are asked for statements
	Statements             State = "statements"               // statements are coming in; the file becomes complete
	Proposed               State = "proposed"                 // a proposal waits for both answers
	Settled                State = "settled"                  // both accepted one option: binding
	Failed                 State = "failed"                   // a side rejected or left: non-binding end
	Expired                State = "expired"                  // a deadline passed without the answer it waited for
	Withdrawn              State = "withdrawn"                // the requester withdrew
)

// States lists every state in lifecycle order.
func States() []State {
	return []State{Requested, Declined, AwaitingCostAcceptance, Open, Statements, Proposed, Settled, Failed, Expired, Withdrawn}
}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return slices.Contains(States(), s) }

// Final reports whether no move leaves s.
func (s State) Final() bool {
	switch s {
	case Declined, Settled, Failed, Expired, Withdrawn:
		return true
	}
	return false
}

// otherParty returns the other party of a dispute.
func otherParty(r fairshops.Role) fairshops.Role {
	if r == fairshops.RoleConsumer {
		return fairshops.RoleShop
	}
	return fairshops.RoleConsumer
}

// Want is what one side wants or offers: a remedy and, for remedies that pay
// money, an amount in the order's currency. The consumer's Want is the
// claim, the shop's the offer; both feed the proposal engine.
type Want struct {
	Kind   Kind             `json:"kind,omitempty"`
	Amount *fairshops.Money `json:"amount,omitempty"`
}

func (w Want) clone() Want {
	if w.Amount != nil {
		a := *w.Amount
		w.Amount = &a
	}
	return w
}

// Statement is what one party states in the statements phase: facts in its
// own words and, optionally, what it now wants.
type Statement struct {
	ID    string         `json:"id"`
	Party fairshops.Role `json:"party"`
	Text  string         `json:"text"`
	Want  *Want          `json:"want,omitempty"`
	At    time.Time      `json:"at"`
	// Facts are facts in the pre-check's names the party states (canonical
	// JSON values); Defences the shop's defences or the consumer's
	// admissions (revision 2, see facts.go).
	Facts    map[string]json.RawMessage `json:"facts,omitempty"`
	Defences *Defences                  `json:"defences,omitempty"`
}

// DeadlineKind names the deadline a case waits on.
type DeadlineKind string

// The deadlines of a case; each state that waits for someone has exactly one.
const (
	DeadlineDecision   DeadlineKind = "decision"        // requested: the shop or operator decides (VSBG §14(3): 3 weeks)
	DeadlineCost       DeadlineKind = "cost_acceptance" // awaiting_cost_acceptance: the consumer answers
	DeadlineStatements DeadlineKind = "statements"      // open/statements: both sides state
	DeadlineProposal   DeadlineKind = "proposal"        // file complete: the moderator proposes (VSBG §20: 90 days)
	DeadlineAnswers    DeadlineKind = "answers"         // proposed: both sides answer
	DeadlineRevision   DeadlineKind = "revision"        // both asked for a revision: the moderator sends it
)

// Deadline is the one deadline a case waits on. Due is the last day (the
// period runs until its end); a reminder goes out once on or after RemindOn.
// The zero Deadline means the case waits on nobody.
type Deadline struct {
	Kind     DeadlineKind   `json:"kind,omitempty"`
	Due      fairshops.Date `json:"due,omitzero"`
	RemindOn fairshops.Date `json:"remind_on,omitzero"`
	Reminded bool           `json:"reminded,omitempty"`
}

// Passed reports whether the deadline has passed on the date today (the day
// after Due or later).
func (d Deadline) Passed(today fairshops.Date) bool {
	return d.Kind != "" && today.After(d.Due)
}

// Case is one dispute moderation about one complaint: the aggregate the
// Store keeps. It holds a snapshot of the complaint's facts and pre-check
// taken when the case was requested, so that proposals stay reproducible.
type Case struct {
	ID          string                  `json:"id"`
	ComplaintID string                  `json:"complaint"`
	ShopID      string                  `json:"shop"`
	Lang        fairshops.Language      `json:"lang"` // the consumer's language
	Mode        fairshops.MediationMode `json:"mode"` // the shop's mode on the request date
	State       State                   `json:"state"`
	RequestedBy fairshops.Role          `json:"requested_by"`
	RequestedOn fairshops.Date          `json:"requested_on"`
	// Directive: the request came under Config.ADRDirective, and the
	// shop's silence until the decision deadline declines it (directive.go).
	Directive bool `json:"directive,omitempty"`
	// Reason says why a declined case was declined.
	Reason Reason `json:"reason,omitempty"`
	// AbuseIndicators are the pre-check signs that a consumer's request may
	// be abusive; the operator may move the cost only when there is one.
	AbuseIndicators []Indicator `json:"abuse_indicators,omitempty"`
	// CostBearer is who pays the fee: the shop, unless the consumer accepted
	// it after the request was marked abusive.
	CostBearer fairshops.Role `json:"cost_bearer"`
	// Fee is the fee quote for the dispute value (nil for orders not in EUR).
	Fee          *FeeQuote       `json:"fee,omitempty"`
	DisputeValue fairshops.Money `json:"dispute_value"`
	// Limit is the most a proposal may pay out: order value plus delivery cost.
	Limit      fairshops.Money `json:"limit"`
	Facts      precheck.Facts  `json:"facts"`
	Precheck   precheck.Result `json:"precheck"`
	Claim      Want            `json:"claim"` // the consumer's latest claim
	Offer      Want            `json:"offer"` // the shop's latest offer
	Statements []Statement     `json:"statements,omitempty"`
	Merged     *CaseFacts      `json:"merged_facts,omitempty"` // MergeFacts, renewed with each statement
	// ValueWithDefect is the moderator's value of the goods with the defect
	// at the time of the contract (Service.SetDefectiveValue); every later
	// draft reduces the price by it (BGB §441(3)).
	ValueWithDefect *fairshops.Money `json:"value_with_defect,omitempty"`
	FileCompleteOn  fairshops.Date   `json:"file_complete_on,omitzero"`
	Deadline        Deadline         `json:"deadline"`
	// Questions are the moderator's questions to the parties with their
	// answers (clock.go); Clock is the moderator's own deadline clock,
	// paused by a question. While paused, Deadline.Due is the latest day.
	Questions  []Question        `json:"questions,omitempty"`
	Clock      complaint.Clock   `json:"clock,omitzero"`
	Draft      *Draft            `json:"draft,omitempty"`
	Proposals  []Proposal        `json:"proposals,omitempty"`
	Settlement *Settlement       `json:"settlement,omitempty"`
	History    fairshops.History `json:"history"`
	// TokenHash is the hash of the consumer's complaint token, copied from
	// the complaint so the consumer can act on the case; never shown or sent.
	TokenHash string    `json:"token_hash"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Obligations are what the parties owe under the Settlement, by date
	// (DeriveObligations); ReopenedOn is the day a missed obligation
	// reopened the settled case for the operator, zero when it is not
	// reopened (obligation.go).
	Obligations []Obligation   `json:"obligations,omitempty"`
	ReopenedOn  fairshops.Date `json:"reopened_on,omitzero"`
}

// NextDue returns the first date on which Service.ProcessDue has something
// to do for the case: the reminder date while no reminder went out, else the
// day after the deadline. It is the zero Date when the case waits on nobody.
// Stores index it for Store.Due.
func (c *Case) NextDue() fairshops.Date {
	if c.State == Settled {
		return c.obligationsDue()
	}
	d := c.Deadline
	if d.Kind == "" || c.State.Final() {
		return fairshops.Date{}
	}
	if c.Clock.Paused() {
		return c.Clock.ResumeBy
	}
	if !d.Reminded && !d.RemindOn.IsZero() && !d.RemindOn.After(d.Due) {
		return d.RemindOn
	}
	return d.Due.AddDays(1)
}

// Current returns the proposal that waits for answers, or nil.
func (c *Case) Current() *Proposal {
	if len(c.Proposals) == 0 {
		return nil
	}
	return &c.Proposals[len(c.Proposals)-1]
}

// decider is who accepts or declines a request in the requested state.
func (c *Case) decider() fairshops.Role {
	if c.Mode == fairshops.ShopDiscretion {
		return fairshops.RoleShop
	}
	return fairshops.RoleOperator
}

func (c *Case) statedBy(r fairshops.Role) int {
	n := 0
	for _, s := range c.Statements {
		if s.Party == r {
			n++
		}
	}
	return n
}

// Clone returns a deep copy of the case, sharing no memory with it.
func (c *Case) Clone() *Case {
	if c == nil {
		return nil
	}
	out := *c
	out.AbuseIndicators = slices.Clone(c.AbuseIndicators)
	out.Questions = slices.Clone(c.Questions)
	if c.Fee != nil {
		f := c.Fee.clone()
		out.Fee = &f
	}
	out.Facts = cloneFacts(c.Facts)
	out.Precheck = clonePrecheck(c.Precheck)
	out.Merged = c.Merged.clone()
	if c.ValueWithDefect != nil {
		v := *c.ValueWithDefect
		out.ValueWithDefect = &v
	}
	out.Claim = c.Claim.clone()
	out.Offer = c.Offer.clone()
	if c.Statements != nil {
		out.Statements = make([]Statement, len(c.Statements))
		for i, s := range c.Statements {
			if s.Want != nil {
				w := s.Want.clone()
				s.Want = &w
			}
			s.Facts = maps.Clone(s.Facts)
			if s.Defences != nil {
				d := s.Defences.clone()
				s.Defences = &d
			}
			out.Statements[i] = s
		}
	}
	if c.Draft != nil {
		d := c.Draft.clone()
		out.Draft = &d
	}
	if c.Proposals != nil {
		out.Proposals = make([]Proposal, len(c.Proposals))
		for i, p := range c.Proposals {
			out.Proposals[i] = p.clone()
		}
	}
	if c.Settlement != nil {
		s := c.Settlement.clone()
		out.Settlement = &s
	}
	if c.Obligations != nil {
		out.Obligations = make([]Obligation, len(c.Obligations))
		for i, o := range c.Obligations {
			if o.Amount != nil {
				a := *o.Amount
				o.Amount = &a
			}
			out.Obligations[i] = o
		}
	}
	out.History = slices.Clone(c.History)
	return &out
}

func cloneFacts(f precheck.Facts) precheck.Facts {
	if f.BuyerIsConsumer != nil {
		b := *f.BuyerIsConsumer
		f.BuyerIsConsumer = &b
	}
	if f.InformedAboutWithdrawal != nil {
		b := *f.InformedAboutWithdrawal
		f.InformedAboutWithdrawal = &b
	}
	if f.DeliveryCost != nil {
		m := *f.DeliveryCost
		f.DeliveryCost = &m
	}
	return f
}

func clonePrecheck(r precheck.Result) precheck.Result {
	if r.Findings != nil {
		fs := make([]precheck.Finding, len(r.Findings))
		for i, f := range r.Findings {
			f.Message.Args = slices.Clone(f.Message.Args)
			f.Tags = slices.Clone(f.Tags)
			fs[i] = f
		}
		r.Findings = fs
	}
	r.MissingFacts = slices.Clone(r.MissingFacts)
	r.StandardViolations = slices.Clone(r.StandardViolations)
	if r.Tips != nil {
		ts := make([]precheck.Message, len(r.Tips))
		for i, t := range r.Tips {
			t.Args = slices.Clone(t.Args)
			ts[i] = t
		}
		r.Tips = ts
	}
	return r
}
