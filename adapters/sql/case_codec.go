package sqlstore

import (
	"encoding/json"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// caseDoc is the part of a mediation.Case kept as one JSON document (the
// cases.doc column): everything that no query filters on. The columns hold
// the rest; the history has a table of its own.
type caseDoc struct {
	AbuseIndicators []string       `json:"abuse_indicators"`
	Fee             *feeRec        `json:"fee"`
	Facts           factsRec       `json:"facts"`
	Precheck        resultRec      `json:"precheck"`
	Claim           wantRec        `json:"claim"`
	Offer           wantRec        `json:"offer"`
	Statements      []statementRec `json:"statements"`
	Draft           *draftRec      `json:"draft"`
	Proposals       []proposalRec  `json:"proposals"`
	Settlement      *settlementRec `json:"settlement"`
	Merged          *mergedRec     `json:"merged,omitempty"`
	ValueWithDefect *moneyRec      `json:"value_with_defect,omitempty"`
	// Obligations and ReopenedOn came with migration 00019 (settlements
	// carried out); older documents lack them.
	Obligations []obligationRec `json:"obligations,omitempty"`
	ReopenedOn  dateRec         `json:"reopened_on,omitempty"`
	// Questions and Clock: the moderator's questions and paused deadline
	// (issue 16); older documents lack them.
	Questions []questionRec `json:"questions,omitempty"`
	Clock     *clockRec     `json:"clock,omitempty"`
	// Directive: the request came under the ADR Directive setting.
	Directive bool `json:"directive,omitempty"`
}

// questionRec is a moderator's question (mediation.Question).
type questionRec struct {
	ID         string    `json:"id"`
	To         string    `json:"to"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
	Answer     string    `json:"answer,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	Paused     bool      `json:"paused,omitempty"`
}

// clockRec is the moderator's deadline clock (complaint.Clock).
type clockRec struct {
	PausedOn   dateRec `json:"paused_on,omitempty"`
	Question   string  `json:"question,omitempty"`
	RestDays   int     `json:"rest_days,omitempty"`
	ResumeBy   dateRec `json:"resume_by,omitempty"`
	Pauses     int     `json:"pauses,omitempty"`
	PausedDays int     `json:"paused_days,omitempty"`
}

// obligationRec is one obligation of a settlement (mediation.Obligation).
type obligationRec struct {
	ID         string    `json:"id"`
	Party      string    `json:"party"`
	Action     string    `json:"action"`
	Amount     *moneyRec `json:"amount,omitempty"`
	Instalment int       `json:"instalment,omitempty"`
	Due        dateRec   `json:"due"`
	GraceEnd   dateRec   `json:"grace_end"`
	RemindOn   dateRec   `json:"remind_on,omitempty"`
	Reminded   bool      `json:"reminded,omitempty"`
	State      string    `json:"state"`
	SentAt     time.Time `json:"sent_at,omitzero"`
	ReceivedAt time.Time `json:"received_at,omitzero"`
	MissedOn   dateRec   `json:"missed_on,omitempty"`
	DisputedOn dateRec   `json:"disputed_on,omitempty"`
}

// defencesRec is a statement's defences (mediation.Defences).
type defencesRec struct {
	ReturnedDamagedLoss *moneyRec `json:"returned_damaged_loss,omitempty"`
	NotReceivedBack     bool      `json:"not_received_back,omitempty"`
	RefundPaidOn        dateRec   `json:"refund_paid_on,omitempty"`
	CureOfferedOn       dateRec   `json:"cure_offered_on,omitempty"`
	DefectMinor         bool      `json:"defect_minor,omitempty"`
	LimitationInvoked   bool      `json:"limitation_invoked,omitempty"`
}

// mergedRec is a case's merged facts (mediation.CaseFacts); settled values
// and statement facts are kept as the canonical JSON the domain made.
type mergedRec struct {
	Settled   map[string]json.RawMessage `json:"settled"`
	Contested []string                   `json:"contested"`
	Defences  defencesRec                `json:"defences"`
	Admitted  defencesRec                `json:"admitted"`
	Rechecked bool                       `json:"rechecked"`
	Facts     factsRec                   `json:"facts"`
	Precheck  resultRec                  `json:"precheck"`
}

type feeRec struct {
	DisputeValue         moneyRec  `json:"dispute_value"`
	Fee                  moneyRec  `json:"fee"`
	ReferenceADR         *moneyRec `json:"reference_adr"`
	ReferenceConfirmed   bool      `json:"reference_confirmed"`
	ConsumerFeeIfAbusive moneyRec  `json:"consumer_fee_if_abusive"`
}

type wantRec struct {
	Kind   string    `json:"kind"`
	Amount *moneyRec `json:"amount"`
}

type statementRec struct {
	ID    string    `json:"id"`
	Party string    `json:"party"`
	Text  string    `json:"text"`
	Want  *wantRec  `json:"want"`
	At    time.Time `json:"at"`
	// Facts and Defences were added with revision 2; older documents lack them.
	Facts    map[string]json.RawMessage `json:"facts,omitempty"`
	Defences *defencesRec               `json:"defences,omitempty"`
}

type partRec struct {
	Label  string   `json:"label"`
	Amount moneyRec `json:"amount"`
}

type instalmentRec struct {
	Amount moneyRec `json:"amount"`
	Due    dateRec  `json:"due"`
}

type dutyRec struct {
	Party  string    `json:"party"`
	Action string    `json:"action"`
	Amount *moneyRec `json:"amount"`
	Due    dateRec   `json:"due"`
}

type rationaleRec struct {
	Key   string   `json:"key"`
	Args  []string `json:"args"`
	Rules []string `json:"rules"`
}

type optionRec struct {
	ID             string          `json:"id"`
	Kind           string          `json:"kind"`
	Amount         moneyRec        `json:"amount"`
	Percent        string          `json:"percent"`
	ShopPaysReturn bool            `json:"shop_pays_return"`
	Parts          []partRec       `json:"parts"`
	Instalments    []instalmentRec `json:"instalments"`
	Duties         []dutyRec       `json:"duties"`
	Rationale      rationaleRec    `json:"rationale"`
	Note           string          `json:"note"`
	Basis          []string        `json:"basis"`
}

type limitsRec struct {
	Currency   string   `json:"currency"`
	OrderValue moneyRec `json:"order_value"`
	Max        moneyRec `json:"max"`
	On         dateRec  `json:"on"`
}

type draftRec struct {
	Side      string       `json:"side"`
	Options   []optionRec  `json:"options"`
	Rationale rationaleRec `json:"rationale"`
	Limits    limitsRec    `json:"limits"`
	Edited    bool         `json:"edited"`
	On        dateRec      `json:"on"`
}

type answerRec struct {
	Party    string    `json:"party"`
	Accepted bool      `json:"accepted"`
	OptionID string    `json:"option"`
	At       time.Time `json:"at"`
}

type proposalRec struct {
	ID            string      `json:"id"`
	Number        int         `json:"number"`
	Draft         draftRec    `json:"draft"`
	SentAt        time.Time   `json:"sent_at"`
	AnswersDue    dateRec     `json:"answers_due"`
	Answers       []answerRec `json:"answers"`
	RevisionAsked []string    `json:"revision_asked"`
}

type acceptanceRec struct {
	Party string    `json:"party"`
	At    time.Time `json:"at"`
}

type settlementRec struct {
	CaseID         string          `json:"case"`
	ComplaintID    string          `json:"complaint"`
	ShopID         string          `json:"shop"`
	ProposalID     string          `json:"proposal"`
	ProposalNumber int             `json:"proposal_number"`
	Option         optionRec       `json:"option"`
	Acceptances    []acceptanceRec `json:"acceptances"`
	SettledAt      time.Time       `json:"settled_at"`
}

// mapSlice converts a slice element by element, keeping nil apart from
// empty.
func mapSlice[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// stringsOf converts a slice of a named string type to plain strings.
func stringsOf[T ~string](in []T) []string {
	return mapSlice(in, func(v T) string { return string(v) })
}

// named converts plain strings to a named string type.
func named[T ~string](in []string) []T {
	return mapSlice(in, func(v string) T { return T(v) })
}

func caseDocOf(c *mediation.Case) caseDoc {
	doc := caseDoc{
		AbuseIndicators: stringsOf(c.AbuseIndicators),
		Facts:           factsRecOf(c.Facts),
		Precheck:        resultRecOf(c.Precheck),
		Claim:           wantRecOf(c.Claim),
		Offer:           wantRecOf(c.Offer),
		Statements: mapSlice(c.Statements, func(s mediation.Statement) statementRec {
			r := statementRec{ID: s.ID, Party: string(s.Party), Text: s.Text, At: s.At, Facts: s.Facts}
			if s.Want != nil {
				w := wantRecOf(*s.Want)
				r.Want = &w
			}
			if s.Defences != nil {
				dr := defencesRecOf(*s.Defences)
				r.Defences = &dr
			}
			return r
		}),
		Proposals: mapSlice(c.Proposals, func(p mediation.Proposal) proposalRec {
			return proposalRec{ID: p.ID, Number: p.Number, Draft: draftRecOf(p.Draft), SentAt: p.SentAt,
				AnswersDue: dateRecOf(p.AnswersDue),
				Answers: mapSlice(p.Answers, func(a mediation.Answer) answerRec {
					return answerRec{Party: string(a.Party), Accepted: a.Accepted, OptionID: a.OptionID, At: a.At}
				}),
				RevisionAsked: stringsOf(p.RevisionAsked)}
		}),
	}
	if f := c.Fee; f != nil {
		doc.Fee = &feeRec{DisputeValue: moneyRecOf(f.DisputeValue), Fee: moneyRecOf(f.Fee),
			ReferenceADR: moneyPtrRec(f.ReferenceADR), ReferenceConfirmed: f.ReferenceConfirmed,
			ConsumerFeeIfAbusive: moneyRecOf(f.ConsumerFeeIfAbusive)}
	}
	if c.Draft != nil {
		d := draftRecOf(*c.Draft)
		doc.Draft = &d
	}
	doc.ValueWithDefect = moneyPtrRec(c.ValueWithDefect)
	doc.Directive = c.Directive
	doc.Questions = mapSlice(c.Questions, func(q mediation.Question) questionRec {
		return questionRec{ID: q.ID, To: string(q.To), Text: q.Text, At: q.At, Answer: q.Answer,
			AnsweredAt: q.AnsweredAt, Paused: q.Paused}
	})
	if k := c.Clock; k != (complaint.Clock{}) {
		doc.Clock = &clockRec{PausedOn: dateRecOf(k.PausedOn), Question: k.Question, RestDays: k.RestDays,
			ResumeBy: dateRecOf(k.ResumeBy), Pauses: k.Pauses, PausedDays: k.PausedDays}
	}
	if m := c.Merged; m != nil {
		doc.Merged = &mergedRec{Settled: m.Settled, Contested: m.Contested, Defences: defencesRecOf(m.Defences),
			Admitted: defencesRecOf(m.Admitted), Rechecked: m.Rechecked, Facts: factsRecOf(m.Facts),
			Precheck: resultRecOf(m.Precheck)}
	}
	if s := c.Settlement; s != nil {
		doc.Settlement = &settlementRec{CaseID: s.CaseID, ComplaintID: s.ComplaintID, ShopID: s.ShopID,
			ProposalID: s.ProposalID, ProposalNumber: s.ProposalNumber, Option: optionRecOf(s.Option),
			Acceptances: mapSlice(s.Acceptances, func(a mediation.Acceptance) acceptanceRec {
				return acceptanceRec{Party: string(a.Party), At: a.At}
			}),
			SettledAt: s.SettledAt}
	}
	doc.Obligations = mapSlice(c.Obligations, func(o mediation.Obligation) obligationRec {
		return obligationRec{ID: o.ID, Party: string(o.Party), Action: string(o.Action), Amount: moneyPtrRec(o.Amount),
			Instalment: o.Instalment, Due: dateRecOf(o.Due), GraceEnd: dateRecOf(o.GraceEnd),
			RemindOn: dateRecOf(o.RemindOn), Reminded: o.Reminded, State: string(o.State), SentAt: o.SentAt,
			ReceivedAt: o.ReceivedAt, MissedOn: dateRecOf(o.MissedOn), DisputedOn: dateRecOf(o.DisputedOn)}
	})
	doc.ReopenedOn = dateRecOf(c.ReopenedOn)
	return doc
}

func wantRecOf(w mediation.Want) wantRec {
	return wantRec{Kind: string(w.Kind), Amount: moneyPtrRec(w.Amount)}
}

func rationaleRecOf(r mediation.Rationale) rationaleRec {
	return rationaleRec{Key: r.Key, Args: r.Args, Rules: stringsOf(r.Rules)}
}

func draftRecOf(d mediation.Draft) draftRec {
	return draftRec{Side: string(d.Side), Options: mapSlice(d.Options, optionRecOf),
		Rationale: rationaleRecOf(d.Rationale),
		Limits: limitsRec{Currency: string(d.Limits.Currency), OrderValue: moneyRecOf(d.Limits.OrderValue),
			Max: moneyRecOf(d.Limits.Max), On: dateRecOf(d.Limits.On)},
		Edited: d.Edited, On: dateRecOf(d.On)}
}

func optionRecOf(o mediation.Option) optionRec {
	return optionRec{ID: o.ID, Kind: string(o.Kind), Amount: moneyRecOf(o.Amount), Percent: decimalText(o.Percent),
		ShopPaysReturn: o.ShopPaysReturn,
		Parts: mapSlice(o.Parts, func(p mediation.Part) partRec {
			return partRec{Label: p.Label, Amount: moneyRecOf(p.Amount)}
		}),
		Instalments: mapSlice(o.Instalments, func(i mediation.Instalment) instalmentRec {
			return instalmentRec{Amount: moneyRecOf(i.Amount), Due: dateRecOf(i.Due)}
		}),
		Duties: mapSlice(o.Duties, func(d mediation.Duty) dutyRec {
			return dutyRec{Party: string(d.Party), Action: string(d.Action), Amount: moneyPtrRec(d.Amount),
				Due: dateRecOf(d.Due)}
		}),
		Rationale: rationaleRecOf(o.Rationale), Note: o.Note, Basis: o.Basis}
}

func defencesRecOf(d mediation.Defences) defencesRec {
	r := defencesRec{NotReceivedBack: d.NotReceivedBack, RefundPaidOn: dateRecOf(d.RefundPaidOn),
		CureOfferedOn: dateRecOf(d.CureOfferedOn), DefectMinor: d.DefectMinor, LimitationInvoked: d.LimitationInvoked}
	if d.ReturnedDamaged != nil {
		r.ReturnedDamagedLoss = moneyPtrRec(&d.ReturnedDamaged.Loss)
	}
	return r
}

func (r defencesRec) defences(d *decoder) mediation.Defences {
	out := mediation.Defences{NotReceivedBack: r.NotReceivedBack, RefundPaidOn: d.date(r.RefundPaidOn),
		CureOfferedOn: d.date(r.CureOfferedOn), DefectMinor: r.DefectMinor, LimitationInvoked: r.LimitationInvoked}
	if r.ReturnedDamagedLoss != nil {
		out.ReturnedDamaged = &mediation.ValueLoss{Loss: d.money(*r.ReturnedDamagedLoss)}
	}
	return out
}

// apply sets the document's fields on c; conversion errors go to d.
func (doc caseDoc) apply(c *mediation.Case, d *decoder) {
	c.AbuseIndicators = named[mediation.Indicator](doc.AbuseIndicators)
	c.Facts = doc.Facts.facts(d)
	c.Precheck = doc.Precheck.result(d)
	c.Claim = doc.Claim.want(d)
	c.Offer = doc.Offer.want(d)
	c.Statements = mapSlice(doc.Statements, func(r statementRec) mediation.Statement {
		s := mediation.Statement{ID: r.ID, Party: fairshops.Role(r.Party), Text: r.Text, At: r.At.UTC(),
			Facts: r.Facts}
		if r.Want != nil {
			w := r.Want.want(d)
			s.Want = &w
		}
		if r.Defences != nil {
			df := r.Defences.defences(d)
			s.Defences = &df
		}
		return s
	})
	c.Proposals = mapSlice(doc.Proposals, func(r proposalRec) mediation.Proposal {
		return mediation.Proposal{ID: r.ID, Number: r.Number, Draft: r.Draft.draft(d), SentAt: r.SentAt.UTC(),
			AnswersDue: d.date(r.AnswersDue),
			Answers: mapSlice(r.Answers, func(a answerRec) mediation.Answer {
				return mediation.Answer{Party: fairshops.Role(a.Party), Accepted: a.Accepted, OptionID: a.OptionID,
					At: a.At.UTC()}
			}),
			RevisionAsked: named[fairshops.Role](r.RevisionAsked)}
	})
	c.Fee, c.Draft, c.Settlement, c.Merged = nil, nil, nil, nil
	c.ValueWithDefect = d.moneyPtr(doc.ValueWithDefect)
	c.Directive = doc.Directive
	c.Questions = mapSlice(doc.Questions, func(r questionRec) mediation.Question {
		q := mediation.Question{ID: r.ID, To: fairshops.Role(r.To), Text: r.Text, At: r.At.UTC(), Answer: r.Answer,
			Paused: r.Paused}
		if !r.AnsweredAt.IsZero() {
			q.AnsweredAt = r.AnsweredAt.UTC()
		}
		return q
	})
	c.Clock = complaint.Clock{}
	if k := doc.Clock; k != nil {
		c.Clock = complaint.Clock{PausedOn: d.date(k.PausedOn), Question: k.Question, RestDays: k.RestDays,
			ResumeBy: d.date(k.ResumeBy), Pauses: k.Pauses, PausedDays: k.PausedDays}
	}
	c.Obligations = mapSlice(doc.Obligations, func(r obligationRec) mediation.Obligation {
		o := mediation.Obligation{ID: r.ID, Party: fairshops.Role(r.Party), Action: mediation.Action(r.Action),
			Amount: d.moneyPtr(r.Amount), Instalment: r.Instalment, Due: d.date(r.Due), GraceEnd: d.date(r.GraceEnd),
			RemindOn: d.date(r.RemindOn), Reminded: r.Reminded, State: mediation.ObligationState(r.State),
			MissedOn: d.date(r.MissedOn), DisputedOn: d.date(r.DisputedOn)}
		if !r.SentAt.IsZero() {
			o.SentAt = r.SentAt.UTC()
		}
		if !r.ReceivedAt.IsZero() {
			o.ReceivedAt = r.ReceivedAt.UTC()
		}
		return o
	})
	c.ReopenedOn = d.date(doc.ReopenedOn)
	if m := doc.Merged; m != nil {
		c.Merged = &mediation.CaseFacts{Settled: m.Settled, Contested: m.Contested, Defences: m.Defences.defences(d),
			Admitted: m.Admitted.defences(d), Rechecked: m.Rechecked, Facts: m.Facts.facts(d),
			Precheck: m.Precheck.result(d)}
	}
	if f := doc.Fee; f != nil {
		c.Fee = &mediation.FeeQuote{DisputeValue: d.money(f.DisputeValue), Fee: d.money(f.Fee),
			ReferenceADR: d.moneyPtr(f.ReferenceADR), ReferenceConfirmed: f.ReferenceConfirmed,
			ConsumerFeeIfAbusive: d.money(f.ConsumerFeeIfAbusive)}
	}
	if doc.Draft != nil {
		dr := doc.Draft.draft(d)
		c.Draft = &dr
	}
	if s := doc.Settlement; s != nil {
		c.Settlement = &mediation.Settlement{CaseID: s.CaseID, ComplaintID: s.ComplaintID, ShopID: s.ShopID,
			ProposalID: s.ProposalID, ProposalNumber: s.ProposalNumber, Option: s.Option.option(d),
			Acceptances: mapSlice(s.Acceptances, func(a acceptanceRec) mediation.Acceptance {
				return mediation.Acceptance{Party: fairshops.Role(a.Party), At: a.At.UTC()}
			}),
			SettledAt: s.SettledAt.UTC()}
	}
}

func (r wantRec) want(d *decoder) mediation.Want {
	return mediation.Want{Kind: mediation.Kind(r.Kind), Amount: d.moneyPtr(r.Amount)}
}

func (r rationaleRec) rationale() mediation.Rationale {
	return mediation.Rationale{Key: r.Key, Args: r.Args, Rules: named[precheck.RuleID](r.Rules)}
}

func (r draftRec) draft(d *decoder) mediation.Draft {
	return mediation.Draft{Side: mediation.Side(r.Side),
		Options:   mapSlice(r.Options, func(o optionRec) mediation.Option { return o.option(d) }),
		Rationale: r.Rationale.rationale(),
		Limits: mediation.Limits{Currency: fairshops.Currency(r.Limits.Currency), OrderValue: d.money(r.Limits.OrderValue),
			Max: d.money(r.Limits.Max), On: d.date(r.Limits.On)},
		Edited: r.Edited, On: d.date(r.On)}
}

func (r optionRec) option(d *decoder) mediation.Option {
	return mediation.Option{ID: r.ID, Kind: mediation.Kind(r.Kind), Amount: d.money(r.Amount),
		Percent: d.decimal(r.Percent), ShopPaysReturn: r.ShopPaysReturn,
		Parts: mapSlice(r.Parts, func(p partRec) mediation.Part {
			return mediation.Part{Label: p.Label, Amount: d.money(p.Amount)}
		}),
		Instalments: mapSlice(r.Instalments, func(i instalmentRec) mediation.Instalment {
			return mediation.Instalment{Amount: d.money(i.Amount), Due: d.date(i.Due)}
		}),
		Duties: mapSlice(r.Duties, func(u dutyRec) mediation.Duty {
			return mediation.Duty{Party: fairshops.Role(u.Party), Action: mediation.Action(u.Action),
				Amount: d.moneyPtr(u.Amount), Due: d.date(u.Due)}
		}),
		Rationale: r.Rationale.rationale(), Note: r.Note, Basis: r.Basis}
}
