package mediation

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

// This file holds the facts both sides state in a case (domain/mediation.md,
// revision 2) and how they are merged.
//
// The merge rule. The complaint is the consumer's own account, so the
// consumer's version of a fact is its latest statement of it, else the
// complaint's value (a plain yes/no question of the complaint form counts as
// answered "no" when the complaint leaves it false; a date or amount the
// complaint leaves empty is unknown). The shop's version is its latest
// statement of the fact, where its defences imply facts too: refund_paid_on
// says refund_received is true, not_received_back says goods_returned_on is
// unknown. A fact is contested when both sides have a version and the
// versions differ; it is settled otherwise, with the one value given. Silence
// is no contest: a fact one side states and the other does not answer is
// settled. Two defences are contested unless the consumer admits them, because
// the shop bears the burden of proof: returned_damaged (the loss in value,
// BGB §357a(1)) and defect_minor (BGB §323(5) sentence 2). The pre-check then
// runs twice on the merged facts, once with the consumer's and once with the
// shop's version of every contested fact; a finding the two runs do not share
// alike is doubtful, whatever it was at filing.

// ValueLoss is the loss in value of returned goods the shop claims as
// compensation (Wertersatz, BGB §357a(1)), or the consumer admits.
type ValueLoss struct {
	Loss fairshops.Money `json:"loss"`
}

// Defences are the shop's defences in a statement; the consumer may give
// returned_damaged, defect_minor and refund_paid_on only, to admit them.
type Defences struct {
	// ReturnedDamaged claims the goods came back handled beyond testing, with
	// the loss in value (BGB §357a(1)).
	ReturnedDamaged *ValueLoss `json:"returned_damaged,omitempty"`
	// NotReceivedBack says the goods have not come back (BGB §357(4)).
	NotReceivedBack bool `json:"not_received_back,omitempty"`
	// RefundPaidOn is the day the shop says it refunded.
	RefundPaidOn fairshops.Date `json:"refund_paid_on,omitzero"`
	// CureOfferedOn is the day the shop offered repair or replacement (§439).
	CureOfferedOn fairshops.Date `json:"cure_offered_on,omitzero"`
	// DefectMinor says the defect is minor: no rescission (§323(5) s. 2).
	DefectMinor bool `json:"defect_minor,omitempty"`
	// LimitationInvoked is the shop's plea of limitation (§214(1)).
	LimitationInvoked bool `json:"limitation_invoked,omitempty"`
}

// IsZero reports whether no defence is given.
func (d Defences) IsZero() bool { return d.ReturnedDamaged == nil && d == (Defences{}) }

func (d Defences) clone() Defences {
	if d.ReturnedDamaged != nil {
		v := *d.ReturnedDamaged
		d.ReturnedDamaged = &v
	}
	return d
}

// over returns d with every member n gives replaced: a later statement
// adds to or corrects an earlier one.
func (d Defences) over(n Defences) Defences {
	d = d.clone()
	if n.ReturnedDamaged != nil {
		v := *n.ReturnedDamaged
		d.ReturnedDamaged = &v
	}
	d.NotReceivedBack = d.NotReceivedBack || n.NotReceivedBack
	if !n.RefundPaidOn.IsZero() {
		d.RefundPaidOn = n.RefundPaidOn
	}
	if !n.CureOfferedOn.IsZero() {
		d.CureOfferedOn = n.CureOfferedOn
	}
	d.DefectMinor = d.DefectMinor || n.DefectMinor
	d.LimitationInvoked = d.LimitationInvoked || n.LimitationInvoked
	return d
}

// The names of the defences, as they appear among settled and contested facts.
const (
	DefenceReturnedDamaged   = "returned_damaged"
	DefenceNotReceivedBack   = "not_received_back"
	DefenceRefundPaidOn      = "refund_paid_on"
	DefenceCureOfferedOn     = "cure_offered_on"
	DefenceDefectMinor       = "defect_minor"
	DefenceLimitationInvoked = "limitation_invoked"
)

// statementFactsBarred are pre-check facts a statement may not set: the
// check date is the case's, and the description is the statement's text.
func statementFactsBarred() []string { return []string{"as_of", "description"} }

// CaseFacts is the merged view of the facts of a case: what is settled
// (pre-check fact names and defences, with their values) and what is
// contested (names), the shop's defences and the consumer's admissions, and
// the pre-check re-run on the merge. Rechecked is false while no statement
// carried facts or defences: the filing's pre-check then stands.
type CaseFacts struct {
	Settled   map[string]json.RawMessage `json:"settled"`
	Contested []string                   `json:"contested"`
	Defences  Defences                   `json:"defences,omitzero"`
	Admitted  Defences                   `json:"admitted,omitzero"`
	Rechecked bool                       `json:"rechecked,omitempty"`
	// Facts are the settled facts with the consumer's version of each
	// contested one (the account the proposal starts from).
	Facts    precheck.Facts  `json:"merged"`
	Precheck precheck.Result `json:"recheck"`
}

func (f *CaseFacts) clone() *CaseFacts {
	if f == nil {
		return nil
	}
	out := *f
	out.Settled = maps.Clone(f.Settled)
	out.Contested = slices.Clone(f.Contested)
	out.Defences = f.Defences.clone()
	out.Admitted = f.Admitted.clone()
	out.Facts = cloneFacts(f.Facts)
	out.Precheck = clonePrecheck(f.Precheck)
	return &out
}

// IsContested reports whether the named fact or defence is contested.
func (f *CaseFacts) IsContested(name string) bool {
	return f != nil && slices.Contains(f.Contested, name)
}

// factsTree returns the facts as a decoded JSON object (the pre-check's
// names), without the check date.
func factsTree(f precheck.Facts) map[string]any {
	b, err := json.Marshal(f)
	if err != nil {
		return map[string]any{}
	}
	v, err := jsonin.Decode(b)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		return map[string]any{}
	}
	delete(m, "as_of")
	return m
}

// plainBools are the facts that are a plain yes/no (false is an answer).
func plainBools() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeFor[precheck.Facts]()
	for i := range t.NumField() {
		fl := t.Field(i)
		name, _, _ := strings.Cut(fl.Tag.Get("json"), ",")
		if fl.Type.Kind() == reflect.Bool {
			out[name] = true
		}
	}
	return out
}

// readFacts decodes a facts tree; problems go to p under path.
func readFacts(tree map[string]any, path string, today fairshops.Date, p *fairshops.Problems) precheck.Facts {
	return precheck.ReadFacts(tree, path, today, nil, p)
}

// overlay returns base with every key of the layers set (nil deletes).
func overlay(base map[string]any, layers ...map[string]any) map[string]any {
	out := maps.Clone(base)
	for _, l := range layers {
		for k, v := range l {
			if v == nil {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
	}
	return out
}

// rawTree decodes stored statement facts.
func rawTree(raw map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, r := range raw {
		v, err := jsonin.Decode(r)
		if err == nil {
			out[k] = v
		}
	}
	return out
}

// sideFacts is one side's stated facts (latest wins) and defences.
type sideFacts struct {
	facts    map[string]any
	defences Defences
}

func collect(sts []Statement, party fairshops.Role) sideFacts {
	sf := sideFacts{facts: map[string]any{}}
	for _, st := range sts {
		if st.Party != party {
			continue
		}
		maps.Copy(sf.facts, rawTree(st.Facts))
		if st.Defences != nil {
			sf.defences = sf.defences.over(*st.Defences)
		}
	}
	return sf
}

// implied adds the facts a side's defences imply, unless it stated them.
func (sf sideFacts) implied() map[string]any {
	out := maps.Clone(sf.facts)
	if !sf.defences.RefundPaidOn.IsZero() {
		if _, ok := out["refund_received"]; !ok {
			out["refund_received"] = true
		}
	}
	if sf.defences.NotReceivedBack {
		if _, ok := out["goods_returned_on"]; !ok {
			out["goods_returned_on"] = nil
		}
	}
	return out
}

func marshalTree(f precheck.Facts) map[string]json.RawMessage {
	b, _ := json.Marshal(f)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	delete(m, "as_of")
	return m
}

// MergeInput is what MergeFacts reads: the complaint's facts, the
// statements, the day of the merge (the re-check's date), the request date,
// and whose holidays count.
type MergeInput struct {
	Facts       precheck.Facts
	Statements  []Statement
	On          fairshops.Date
	RequestedOn fairshops.Date
	State       calendar.State
	// Precheck is the filing's pre-check, which stands while no statement
	// carries facts or defences.
	Precheck precheck.Result
}

// MergeFacts merges the complaint's facts with both sides' statements by
// the rule in this file's comment and re-runs the pre-check on the merge.
func MergeFacts(in MergeInput) *CaseFacts {
	base := factsTree(in.Facts)
	cons, shop := collect(in.Statements, fairshops.RoleConsumer), collect(in.Statements, fairshops.RoleShop)
	ci, si := cons.implied(), shop.implied()
	bools := plainBools()
	var ignore fairshops.Problems
	cv := marshalTree(readFacts(overlay(base, ci), "", in.On, &ignore))
	sv := marshalTree(readFacts(overlay(base, si), "", in.On, &ignore))
	var contested []string
	settled := map[string]any{}
	for k, v := range ci {
		settled[k] = v
	}
	for k, v := range si {
		_, consStated := ci[k]
		_, inComplaint := base[k]
		consKnown := consStated || inComplaint || bools[k]
		a, b := cv[k], sv[k]
		if consKnown && !jsonEqual(a, b, bools[k]) {
			contested = append(contested, k)
			delete(settled, k)
			continue
		}
		settled[k] = v
	}
	slices.Sort(contested)
	cf := &CaseFacts{Defences: shop.defences, Admitted: cons.defences,
		Rechecked: len(ci)+len(si) > 0 || !cons.defences.IsZero() || !shop.defences.IsZero()}

	// The consumer's and the shop's account: settled facts, and each side's
	// version of the contested ones.
	common := overlay(base, settled)
	consAcc, shopAcc := maps.Clone(common), maps.Clone(common)
	for _, k := range contested {
		setOrDelete(consAcc, k, ci, base)
		setOrDelete(shopAcc, k, si, base)
	}
	cf.Facts = readFacts(consAcc, "", in.On, &ignore)
	cf.Precheck = in.Precheck
	if cf.Rechecked {
		opts := precheck.Options{State: in.State}
		rc := precheck.Check(cf.Facts, in.On, opts)
		rs := precheck.Check(readFacts(shopAcc, "", in.On, &ignore), in.On, opts)
		cf.Precheck = doubtWhereApart(rc, rs)
		cf.Precheck = doubtLimitationSinceRequest(cf.Precheck, cf.Facts, in.RequestedOn, opts)
	}

	// Defences: the two the shop must prove are contested until admitted.
	d, a := shop.defences, cons.defences
	if d.ReturnedDamaged != nil {
		if a.ReturnedDamaged == nil || a.ReturnedDamaged.Loss.Amount.LessThan(d.ReturnedDamaged.Loss.Amount) {
			contested = append(contested, DefenceReturnedDamaged)
		} else {
			settled[DefenceReturnedDamaged] = map[string]any{"loss": d.ReturnedDamaged.Loss}
		}
	} else if a.ReturnedDamaged != nil {
		settled[DefenceReturnedDamaged] = map[string]any{"loss": a.ReturnedDamaged.Loss}
	}
	if d.DefectMinor && !a.DefectMinor {
		contested = append(contested, DefenceDefectMinor)
	} else if a.DefectMinor {
		settled[DefenceDefectMinor] = true
	}
	if pd := d.over(a); !pd.RefundPaidOn.IsZero() && !slices.Contains(contested, "refund_received") {
		settled[DefenceRefundPaidOn] = pd.RefundPaidOn
	}
	if d.NotReceivedBack && !slices.Contains(contested, "goods_returned_on") {
		settled[DefenceNotReceivedBack] = true
	}
	if !d.CureOfferedOn.IsZero() {
		settled[DefenceCureOfferedOn] = d.CureOfferedOn
	}
	if d.LimitationInvoked {
		settled[DefenceLimitationInvoked] = true
	}
	cf.Contested = contested
	if cf.Contested == nil {
		cf.Contested = []string{}
	}
	cf.Settled = settledJSON(marshalTree(cf.withoutContested(common, in.On)), settled, base, contested)
	return cf
}

// withoutContested decodes the settled facts for their canonical form.
func (f *CaseFacts) withoutContested(common map[string]any, on fairshops.Date) precheck.Facts {
	var ignore fairshops.Problems
	return readFacts(common, "", on, &ignore)
}

// settledJSON returns the canonical settled facts plus the settled
// defences; a contested fact never appears.
func settledJSON(facts map[string]json.RawMessage, settled, base map[string]any, contested []string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range facts {
		if slices.Contains(contested, k) {
			continue
		}
		if _, stated := settled[k]; stated {
			out[k] = v
			continue
		}
		if _, ok := base[k]; ok {
			out[k] = v
		}
	}
	for _, k := range []string{DefenceReturnedDamaged, DefenceNotReceivedBack, DefenceRefundPaidOn,
		DefenceCureOfferedOn, DefenceDefectMinor, DefenceLimitationInvoked} {
		if v, ok := settled[k]; ok {
			if b, err := json.Marshal(v); err == nil {
				out[k] = b
			}
		}
	}
	return out
}

func setOrDelete(acc map[string]any, k string, side, base map[string]any) {
	v, ok := side[k]
	if !ok {
		v, ok = base[k]
	}
	if !ok || v == nil {
		delete(acc, k)
		return
	}
	acc[k] = v
}

// jsonEqual compares two canonical values; for a plain yes/no a missing
// value is false.
func jsonEqual(a, b json.RawMessage, plainBool bool) bool {
	norm := func(r json.RawMessage) string {
		if len(r) == 0 && plainBool {
			return "false"
		}
		return string(r)
	}
	return norm(a) == norm(b)
}

// doubtWhereApart returns the consumer's run with every finding that the
// shop's run does not share alike marked doubtful, and the shop's findings
// the consumer's run lacks added as doubtful.
func doubtWhereApart(rc, rs precheck.Result) precheck.Result {
	out := clonePrecheck(rc)
	changed := false
	for i, f := range out.Findings {
		if g, ok := finding(rs, f.Rule); !ok || g.Favours != f.Favours {
			if f.Favours != precheck.FavoursNeither || !ok {
				out.Findings[i].Favours = precheck.FavoursDoubtful
				changed = true
			}
		}
	}
	for _, g := range rs.Findings {
		if _, ok := finding(rc, g.Rule); !ok {
			g.Favours = precheck.FavoursDoubtful
			out.Findings = append(out.Findings, g)
			changed = true
		}
	}
	if changed && out.Clarity != precheck.Displeasure {
		out.Clarity = precheck.Doubtful
	}
	return out
}

// doubtLimitationSinceRequest makes warranty.expired doubtful when the
// claim was not yet time-barred on the request date: the moderation may
// have suspended limitation since (BGB §203).
func doubtLimitationSinceRequest(r precheck.Result, f precheck.Facts, requested fairshops.Date, opts precheck.Options) precheck.Result {
	g, ok := finding(r, precheck.WarrantyExpired)
	if !ok || g.Favours != precheck.FavoursShop || requested.IsZero() || !requested.Before(r.AsOf) {
		return r
	}
	if _, then := finding(precheck.Check(f, requested, opts), precheck.WarrantyExpired); then {
		return r
	}
	for i := range r.Findings {
		if r.Findings[i].Rule == precheck.WarrantyExpired {
			r.Findings[i].Favours = precheck.FavoursDoubtful
		}
	}
	r.Clarity = precheck.Doubtful
	return r
}

func finding(r precheck.Result, id precheck.RuleID) (precheck.Finding, bool) {
	for _, f := range r.Findings {
		if f.Rule == id {
			return f, true
		}
	}
	return precheck.Finding{}, false
}

// validateStatementFacts checks a statement's facts and defences: the facts
// must be pre-check facts that, merged over the complaint's and the party's
// earlier ones, pass the pre-check's validation on the statement date; a
// consumer may give only the defences it can admit; the loss is checked
// against the case's limits.
func validateStatementFacts(p *fairshops.Problems, c *Case, party fairshops.Role, facts map[string]any, d *Defences,
	today fairshops.Date) {
	if len(facts) > 0 {
		for _, k := range statementFactsBarred() {
			if _, ok := facts[k]; ok {
				p.Add("facts."+k, fairshops.ReasonNotAllowedHere)
			}
		}
		mine := collect(c.Statements, party)
		readFacts(overlay(factsTree(c.Facts), mine.facts, facts), "facts", today, p)
	}
	if d == nil {
		return
	}
	if party == fairshops.RoleConsumer {
		if d.NotReceivedBack {
			p.Add("defences."+DefenceNotReceivedBack, fairshops.ReasonNotAllowedHere)
		}
		if !d.CureOfferedOn.IsZero() {
			p.Add("defences."+DefenceCureOfferedOn, fairshops.ReasonNotAllowedHere)
		}
		if d.LimitationInvoked {
			p.Add("defences."+DefenceLimitationInvoked, fairshops.ReasonNotAllowedHere)
		}
	}
	if d.ReturnedDamaged != nil {
		checkAmount(p, "defences.returned_damaged.loss", d.ReturnedDamaged.Loss, LimitsOf(c.Facts, today))
		if d.ReturnedDamaged.Loss.IsZero() {
			p.Add("defences.returned_damaged.loss", fairshops.ReasonTooSmall, minorUnit(c.Facts.OrderValue.Currency))
		}
	}
	for name, day := range map[string]fairshops.Date{DefenceRefundPaidOn: d.RefundPaidOn, DefenceCureOfferedOn: d.CureOfferedOn} {
		if !day.IsZero() && day.After(today) {
			p.Add("defences."+name, fairshops.ReasonInFuture)
		}
	}
}

// statementFactsRaw stores a statement's facts as canonical JSON values.
func statementFactsRaw(facts map[string]any) map[string]json.RawMessage {
	if len(facts) == 0 {
		return nil
	}
	out := make(map[string]json.RawMessage, len(facts))
	for k, v := range facts {
		if b, err := json.Marshal(v); err == nil {
			out[k] = b
		}
	}
	return out
}

func cloneDefences(d *Defences) *Defences {
	if d == nil || d.IsZero() {
		return nil
	}
	c := d.clone()
	return &c
}

func (s *Service) today() fairshops.Date {
	_, d := s.now()
	return d
}

// remerge renews the case's merged facts after a statement.
func (s *step) remerge() {
	s.c.Merged = MergeFacts(MergeInput{Facts: s.c.Facts, Statements: s.c.Statements, On: s.today,
		RequestedOn: s.c.RequestedOn, State: s.state, Precheck: s.c.Precheck})
}

// proposalInput is what the engine reads for the case on the step's day:
// the filing's facts and pre-check while no statement carried facts or
// defences, else the merge, re-run on this day.
func (s *step) proposalInput() ProposalInput {
	c := s.c
	in := ProposalInput{Facts: c.Facts, Precheck: c.Precheck, Claim: c.Claim, Offer: c.Offer, On: s.today,
		ValueWithDefect: c.ValueWithDefect}
	if c.Merged == nil {
		return in
	}
	m := MergeFacts(MergeInput{Facts: c.Facts, Statements: c.Statements, On: s.today,
		RequestedOn: c.RequestedOn, State: s.state, Precheck: c.Precheck})
	in.Contested = m.Contested
	in.Defences, in.Admitted = m.Defences, m.Admitted
	if m.Rechecked {
		in.Facts, in.Precheck = m.Facts, m.Precheck
	}
	return in
}

// withBasis gives every option a basis list, empty when the moderator gave
// none, so the JSON always carries one.
func withBasis(opts []Option) []Option {
	for i := range opts {
		if opts[i].Basis == nil {
			opts[i].Basis = []string{}
		}
	}
	return opts
}

// MergedFacts returns the case's merged facts; before the first statement,
// the complaint's facts, all settled, and the filing's pre-check.
func (c *Case) MergedFacts() *CaseFacts {
	if c.Merged != nil {
		return c.Merged.clone()
	}
	return MergeFacts(MergeInput{Facts: c.Facts, RequestedOn: c.RequestedOn, Precheck: c.Precheck,
		On: c.RequestedOn})
}

// SettledText writes the settled facts as "name: value; ..." in lang
// (dates and money in the reader's format), in name order.
func (f *CaseFacts) SettledText(lang fairshops.Language) string {
	if f == nil {
		return ""
	}
	names := slices.Sorted(maps.Keys(f.Settled))
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, k+": "+factValueText(f.Settled[k], lang))
	}
	return strings.Join(parts, "; ")
}

// factValueText writes one canonical JSON value for a reader.
func factValueText(raw json.RawMessage, lang fairshops.Language) string {
	var m fairshops.Money
	if err := json.Unmarshal(raw, &m); err == nil && m.Currency != "" {
		return FormatMoney(m, lang)
	}
	var loss ValueLoss
	if err := json.Unmarshal(raw, &loss); err == nil && loss.Loss.Currency != "" {
		return FormatMoney(loss.Loss, lang)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return localizeArg(s, lang)
	}
	return string(raw)
}

// FactsText returns the lines "settled: ..." and "contested: ..." a
// proposal shows beside its options (empty lines are left out).
func (f *CaseFacts) FactsText(lang fairshops.Language) (settled, contested string) {
	if f == nil {
		return "", ""
	}
	if s := f.SettledText(lang); s != "" {
		settled = messages().Render(lang, "proposal.facts_settled", s)
	}
	if len(f.Contested) > 0 {
		contested = messages().Render(lang, "proposal.facts_contested", strings.Join(f.Contested, ", "))
	}
	return settled, contested
}
