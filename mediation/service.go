package mediation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// Config holds the dependencies and settings of a Service. Store,
// Complaints and Shops are required; the rest have defaults.
type Config struct {
	Store      Store
	Complaints Complaints
	Shops      Shops
	Clock      fairshops.Clock // default fairshops.SystemClock
	Location   *time.Location  // where dates are read; default fairshops.Berlin()
	State      calendar.State  // whose holidays move deadlines (§193 BGB); default National
	Deadlines  *Deadlines      // default DefaultDeadlines()
	Fees       *Fees           // default DefaultFeeConfig()
	Engine     *EngineConfig   // default DefaultEngineConfig()
	Logger     *slog.Logger    // default: discard
	ADR        *ADRBody        // named in the failure notice; default DefaultADRBody()
	// ADRDirective switches on the rules of the revised ADR Directive
	// (EU) 2025/2647 (directive.go): 20 working days for the shop to say
	// whether it takes part, silence counts as a refusal. Off by default.
	ADRDirective bool
}

// Service runs dispute moderations: it checks who may act, applies the
// lifecycle's moves, and stores each change with its events in one unit of
// work. Every method that changes a case returns the case as stored.
type Service struct {
	store      Store
	complaints Complaints
	shops      Shops
	clock      fairshops.Clock
	loc        *time.Location
	state      calendar.State
	dl         Deadlines
	fees       Fees
	engine     EngineConfig
	log        *slog.Logger
	adr        ADRBody
	directive  bool
}

// NewService checks the configuration and returns a Service.
func NewService(cfg Config) (*Service, error) {
	var p fairshops.Problems
	if cfg.Store == nil {
		p.Add("store", fairshops.ReasonRequired)
	}
	if cfg.Complaints == nil {
		p.Add("complaints", fairshops.ReasonRequired)
	}
	if cfg.Shops == nil {
		p.Add("shops", fairshops.ReasonRequired)
	}
	if !cfg.State.Valid() {
		p.Add("state", fairshops.ReasonUnknownValue, cfg.State.String())
	}
	s := &Service{store: cfg.Store, complaints: cfg.Complaints, shops: cfg.Shops, clock: cfg.Clock,
		loc: cfg.Location, state: cfg.State, dl: DefaultDeadlines(), fees: DefaultFeeConfig(),
		engine: DefaultEngineConfig(), log: cfg.Logger}
	if cfg.Deadlines != nil {
		s.dl = *cfg.Deadlines
		for _, k := range []DeadlineKind{DeadlineDecision, DeadlineCost, DeadlineStatements, DeadlineProposal,
			DeadlineAnswers, DeadlineRevision} {
			per := s.dl.period(k)
			if per.IsZero() {
				p.Add("deadlines."+string(k), fairshops.ReasonRequired)
			}
			p.Merge("deadlines."+string(k), per.Check())
		}
	}
	if cfg.Fees != nil {
		s.fees = Fees{Schedule: cfg.Fees.Schedule.clone(), Reference: cfg.Fees.Reference.clone(),
			ConsumerCap: cfg.Fees.ConsumerCap}
		p.Merge("fees.schedule", s.fees.Schedule.Validate())
		p.Merge("fees.reference", s.fees.Reference.Validate())
		if s.fees.ConsumerCap.IsNegative() {
			p.Add("fees.consumer_cap", fairshops.ReasonNegative)
		}
	}
	if cfg.Engine != nil {
		s.engine = *cfg.Engine
	}
	s.adr = DefaultADRBody()
	s.directive = cfg.ADRDirective
	if cfg.ADR != nil {
		s.adr = *cfg.ADR
		p.Merge("adr", s.adr.Validate())
	}
	s.engine.State = cfg.State
	if s.clock == nil {
		s.clock = fairshops.SystemClock{}
	}
	if s.loc == nil {
		s.loc = fairshops.Berlin()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if err := p.Err("mediation.NewService"); err != nil {
		return nil, err
	}
	return s, nil
}

// Quote returns the fees for a dispute value in EUR, beside the reference
// ADR fee.
func (s *Service) Quote(value fairshops.Money) (FeeQuote, error) { return s.fees.Quote(value) }

func (s *Service) now() (time.Time, fairshops.Date) {
	t := s.clock.Now()
	return t, fairshops.DateOf(t, s.loc)
}

func (s *Service) newStep(c *Case, p fairshops.Principal) *step {
	at, today := s.now()
	return &step{c: c, at: at, today: today, who: p.Actor(), dl: s.dl, state: s.state}
}

// RequestInput asks for a case about a complaint. A consumer may state a
// claim, a shop an offer; both are optional (the consumer's claim defaults
// to the complaint's desired resolution).
type RequestInput struct {
	ComplaintID string
	Claim       *Want
	Offer       *Want
}

// validateWant checks a claim or offer against the case's limits.
func validateWant(p *fairshops.Problems, field string, w *Want, lim Limits) {
	if w == nil {
		return
	}
	if w.Kind != "" && !w.Kind.Valid() {
		p.Add(field+".kind", fairshops.ReasonUnknownValue, string(w.Kind))
	}
	if w.Amount == nil {
		return
	}
	if w.Kind != "" && w.Kind.Valid() && !w.Kind.mayPay() {
		p.Add(field+".amount", fairshops.ReasonNotAllowedHere)
		return
	}
	checkAmount(p, field+".amount", *w.Amount, lim)
}

// mayRequest reports whether a role may request a case in a mode
// (domain/mediation.md): in shop_discretion the shop starts a case and the
// consumer may ask for one, which the shop then accepts or declines.
func mayRequest(mode fairshops.MediationMode, r fairshops.Role) bool {
	switch mode {
	case fairshops.ShopDiscretion:
		return r == fairshops.RoleShop || r == fairshops.RoleConsumer
	case fairshops.ConsumerMode:
		return r == fairshops.RoleConsumer
	case fairshops.OperatorAfterComplaint:
		return r == fairshops.RoleOperator
	}
	return false
}

// opensAtOnce reports whether a request opens the case without a decision:
// when the role that decides makes it.
func opensAtOnce(mode fairshops.MediationMode, r fairshops.Role) bool {
	return mode == fairshops.ShopDiscretion && r == fairshops.RoleShop || mode == fairshops.OperatorAfterComplaint && r == fairshops.RoleOperator
}

// eligibility returns every reason that refuses the request.
func eligibility(r fairshops.Role, info ComplaintInfo, ent fairshops.Entitlements, cases []*Case) []Reason {
	var rs []Reason
	add := func(x Reason) {
		if !slices.Contains(rs, x) {
			rs = append(rs, x)
		}
	}
	if !ent.Mediates() {
		add(ReasonNotBooked)
	} else if !mayRequest(ent.MediationMode, r) {
		add(ReasonWrongRequester)
	}
	if !info.Forwarded || !info.ContactedShop {
		add(ReasonNotForwarded)
	}
	if r == fairshops.RoleConsumer && info.ShopMayAnswer(ent.On) {
		add(ReasonShopMayAnswer)
	}
	settled := info.Resolved
	for _, c := range cases {
		settled = settled || c.State == Settled
	}
	switch {
	case settled:
		add(ReasonAlreadySettled)
	case !info.Open:
		add(ReasonComplaintClosed)
	}
	for _, c := range cases {
		switch {
		case c.State == Settled:
		case c.State == Declined && (c.Reason == ReasonNotBooked || c.Reason == ReasonNotForwarded):
			// Those may change: the shop books, the complaint is forwarded.
		case c.State == Declined && c.Reason.Valid():
			add(c.Reason)
		default:
			add(ReasonCaseExists)
		}
	}
	if !info.Facts.IsConsumer() || hasRule(info.Precheck, precheck.ScopeNotConsumer) {
		add(ReasonOutOfScope)
	}
	// Limitation is the shop's defence (BGB §214): a request is never
	// refused as time-barred on its own; see step.declineRequest.
	return rs
}

// Request asks for a case about a complaint. Who may ask depends on the
// shop's mediation mode on the request date; every reason that refuses the
// request comes back at once as a *Refusal (kind NotAllowed). A request by
// the role that decides (the shop in shop_discretion, the operator in
// operator_after_complaint) opens the case at once and marks the complaint
// escalated; any other waits in requested for the decider (the shop, or in
// the mode consumer the operator, who may also mark it abusive). A
// principal who may not see the complaint gets NotFound.
func (s *Service) Request(ctx context.Context, p fairshops.Principal, in RequestInput) (*Case, error) {
	const op = "mediation.Request"
	if in.ComplaintID == "" {
		var pr fairshops.Problems
		pr.Add("complaint", fairshops.ReasonRequired)
		return nil, pr.Err(op)
	}
	if !p.Role.Valid() || p.Role == fairshops.RoleSystem {
		return nil, fairshops.E(op, fairshops.Forbidden, in.ComplaintID, "role "+string(p.Role)+" may not request", nil)
	}
	info, err := s.complaints.Complaint(ctx, in.ComplaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, in.ComplaintID, err)
	}
	if !sees(p, info.ShopID, info.TokenHash) {
		return nil, fairshops.E(op, fairshops.NotFound, in.ComplaintID, "", nil)
	}
	at, today := s.now()
	lim := LimitsOf(info.Facts, today)
	var pr fairshops.Problems
	validateWant(&pr, "claim", in.Claim, lim)
	validateWant(&pr, "offer", in.Offer, lim)
	if in.Claim != nil && p.Role != fairshops.RoleConsumer {
		pr.Add("claim", fairshops.ReasonNotAllowedHere)
	}
	if in.Offer != nil && p.Role != fairshops.RoleShop {
		pr.Add("offer", fairshops.ReasonNotAllowedHere)
	}
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	ent, err := s.shops.Entitlements(ctx, info.ShopID, today)
	if err != nil {
		return nil, fairshops.Wrap(op, info.ShopID, err)
	}
	cases, err := s.store.ByComplaint(ctx, info.ID)
	if err != nil {
		return nil, fairshops.Wrap(op, info.ID, err)
	}
	if rs := eligibility(p.Role, info, ent, cases); len(rs) > 0 {
		ref := &Refusal{Reasons: rs}
		if ref.Has(ReasonShopMayAnswer) {
			ref.AnswerDue = info.AnswerDue
		}
		return nil, ref
	}

	c := s.newCase(p, info, ent, lim, at, today)
	if in.Claim != nil {
		c.Claim = in.Claim.clone()
		if c.Claim.Amount != nil {
			c.DisputeValue = *c.Claim.Amount
		}
	}
	if in.Offer != nil {
		c.Offer = in.Offer.clone()
	}
	if q, err := s.fees.Quote(c.DisputeValue); err == nil {
		c.Fee = &q
	}
	st := &step{c: c, at: at, today: today, who: p.Actor(), dl: s.dl, state: s.state}
	c.record(at, st.who, "requested", "mode="+string(c.Mode))
	if opensAtOnce(c.Mode, p.Role) {
		st.emit(EventRequested, "parties", nil)
		st.open()
		if err := s.complaints.MarkEscalated(ctx, c.ComplaintID, c.ID); err != nil {
			return nil, fairshops.Wrap(op, c.ComplaintID, err)
		}
	} else {
		if s.directive && c.decider() == fairshops.RoleShop {
			c.Directive = true
			st.setDeadlineDue(DeadlineDecision, DirectiveReplyBy(today, s.seatOf(ctx, c.ShopID)))
		} else {
			st.setDeadline(DeadlineDecision)
		}
		st.emit(EventRequested, string(c.decider()), nil)
	}
	events, err := buildEvents(c, at, st.occ)
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, c, events); err != nil {
		return nil, fairshops.Wrap(op, c.ID, err)
	}
	return c.Clone(), nil
}

func (s *Service) newCase(p fairshops.Principal, info ComplaintInfo, ent fairshops.Entitlements, lim Limits,
	at time.Time, today fairshops.Date) *Case {
	lang := info.ConsumerLang
	if !lang.Valid() {
		lang = fairshops.German
	}
	claim := Want{Kind: kindOfResolution(info.Facts.DesiredResolution)}
	return &Case{
		ID:              fairshops.NewOrderedID("m", at),
		ComplaintID:     info.ID,
		ShopID:          info.ShopID,
		Lang:            lang,
		Mode:            ent.MediationMode,
		State:           Requested,
		RequestedBy:     p.Role,
		RequestedOn:     today,
		AbuseIndicators: abuseIndicators(info.Precheck),
		CostBearer:      fairshops.RoleShop,
		DisputeValue:    lim.Max,
		Limit:           lim.Max,
		Facts:           cloneFacts(info.Facts),
		Precheck:        clonePrecheck(info.Precheck),
		Claim:           claim,
		Offer:           Want{},
		TokenHash:       info.TokenHash,
		CreatedAt:       at.UTC(),
		UpdatedAt:       at.UTC(),
	}
}

// load reads a case the principal may see; NotFound otherwise, so that a
// stranger cannot tell whether it exists.
func (s *Service) load(ctx context.Context, p fairshops.Principal, op, id string) (*Case, error) {
	if !p.Role.Valid() {
		return nil, fairshops.E(op, fairshops.Forbidden, id, "unknown role", nil)
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	if !sees(p, c.ShopID, c.TokenHash) {
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return c, nil
}

// Get returns a case to a principal who may see it: the consumer with the
// complaint's token, the case's shop, the operator.
func (s *Service) Get(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.load(ctx, p, "mediation.Get", id)
}

// ForComplaint returns the newest case about the complaint that the
// principal may see, or nil when there is none: the consumer with the
// complaint's token, the complaint's shop and the operator find it; anyone
// else gets nil, exactly as if there were no case.
func (s *Service) ForComplaint(ctx context.Context, p fairshops.Principal, complaintID string) (*Case, error) {
	const op = "mediation.ForComplaint"
	if !p.Role.Valid() {
		return nil, fairshops.E(op, fairshops.Forbidden, complaintID, "unknown role", nil)
	}
	cases, err := s.store.ByComplaint(ctx, complaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	for i := len(cases) - 1; i >= 0; i-- {
		if sees(p, cases[i].ShopID, cases[i].TokenHash) {
			return cases[i], nil
		}
	}
	return nil, nil
}

// AllForComplaint returns every case about the complaint that the
// principal may see, oldest first (the export of a consumer's data, GDPR
// Art. 15 and 20); nil when there is none. Who sees them is as for
// ForComplaint.
func (s *Service) AllForComplaint(ctx context.Context, p fairshops.Principal, complaintID string) ([]*Case, error) {
	const op = "mediation.AllForComplaint"
	if !p.Role.Valid() {
		return nil, fairshops.E(op, fairshops.Forbidden, complaintID, "unknown role", nil)
	}
	cases, err := s.store.ByComplaint(ctx, complaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	var out []*Case
	for _, c := range cases {
		if sees(p, c.ShopID, c.TokenHash) {
			out = append(out, c)
		}
	}
	return out, nil
}

// List returns cases by the filter: a shop sees its own cases only (its
// ShopID replaces the filter's), the operator all; a consumer reads a case
// through its complaint and gets Forbidden here.
func (s *Service) List(ctx context.Context, p fairshops.Principal, f Filter) ([]*Case, error) {
	const op = "mediation.List"
	switch p.Role {
	case fairshops.RoleShop:
		if p.ShopID == "" {
			return nil, fairshops.E(op, fairshops.Forbidden, "", "shop without ID", nil)
		}
		f.ShopID = p.ShopID
	case fairshops.RoleOperator, fairshops.RoleSystem:
	default:
		return nil, fairshops.E(op, fairshops.Forbidden, "", "role "+string(p.Role)+" may not list cases", nil)
	}
	cases, err := s.store.List(ctx, f)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	return cases, nil
}

// act loads a case, applies a move and stores the change with its events,
// all or nothing. When the move opens the case, the complaint is marked
// escalated before the change is stored.
func (s *Service) act(ctx context.Context, p fairshops.Principal, op, id string, move func(*step) error) (*Case, error) {
	c, err := s.load(ctx, p, op, id)
	if err != nil {
		return nil, err
	}
	st := s.newStep(c, p)
	wasOpen := c.State == Open
	if err := move(st); err != nil {
		return nil, err
	}
	if c.State == Open && !wasOpen {
		if err := s.complaints.MarkEscalated(ctx, c.ComplaintID, c.ID); err != nil {
			return nil, fairshops.Wrap(op, c.ComplaintID, err)
		}
	}
	return s.save(ctx, op, st)
}

func (s *Service) save(ctx context.Context, op string, st *step) (*Case, error) {
	events, err := buildEvents(st.c, st.at, st.occ)
	if err != nil {
		return nil, err
	}
	st.c.UpdatedAt = st.at.UTC()
	if err := s.store.Update(ctx, st.c, events); err != nil {
		return nil, fairshops.Wrap(op, st.c.ID, err)
	}
	return st.c.Clone(), nil
}

// AcceptRequest opens a requested case; only the decider may (the shop in
// shop_discretion, the operator in the mode consumer). The shop's booking
// and the complaint are checked again: a refusal comes back as a *Refusal,
// and the decider may then decline with its reason.
func (s *Service) AcceptRequest(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	const op = "mediation.AcceptRequest"
	c, err := s.load(ctx, p, op, id)
	if err != nil {
		return nil, err
	}
	st := s.newStep(c, p)
	if err := st.acceptRequest(); err != nil {
		return nil, err
	}
	info, err := s.complaints.Complaint(ctx, c.ComplaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, c.ComplaintID, err)
	}
	ent, err := s.shops.Entitlements(ctx, c.ShopID, st.today)
	if err != nil {
		return nil, fairshops.Wrap(op, c.ShopID, err)
	}
	others, err := s.store.ByComplaint(ctx, c.ComplaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, c.ComplaintID, err)
	}
	others = slices.DeleteFunc(others, func(o *Case) bool { return o.ID == c.ID })
	// The request was eligible for its requester; check again for it.
	if rs := eligibility(c.RequestedBy, info, ent, others); len(rs) > 0 {
		return nil, &Refusal{Reasons: rs}
	}
	if err := s.complaints.MarkEscalated(ctx, c.ComplaintID, c.ID); err != nil {
		return nil, fairshops.Wrap(op, c.ComplaintID, err)
	}
	return s.save(ctx, op, st)
}

// DeclineRequest declines a requested case. The shop's reason is always
// shop_declined; the operator gives one of not_booked, not_forwarded,
// already_settled, case_exists, complaint_closed, time_barred or
// out_of_scope.
func (s *Service) DeclineRequest(ctx context.Context, p fairshops.Principal, id string, reason Reason) (*Case, error) {
	return s.act(ctx, p, "mediation.DeclineRequest", id, func(st *step) error { return st.declineRequest(reason) })
}

// MarkAbusive asks the consumer to bear the fee (at most the consumer cap)
// or drop the case. Only the operator may, only for a consumer's request in
// the mode consumer, and only when the pre-check shows an abuse indicator.
func (s *Service) MarkAbusive(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.MarkAbusive", id, func(st *step) error { return st.markAbusive() })
}

// AcceptCost is the consumer's acceptance of the fee: the case opens with
// the consumer as cost bearer.
func (s *Service) AcceptCost(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.AcceptCost", id, func(st *step) error { return st.answerCost(true) })
}

// DeclineCost is the consumer's refusal of the fee: the case is declined
// (abusive_cost_declined).
func (s *Service) DeclineCost(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.DeclineCost", id, func(st *step) error { return st.answerCost(false) })
}

// StatementInput is a party's statement: facts in its own words (plain
// text, at most MaxStatementRunes runes) and, optionally, what it now wants.
type StatementInput struct {
	Text string
	Want *Want
	// Facts are facts in the pre-check's names (a JSON object as encoding/json
	// decodes it with UseNumber); Defences the shop's defences or the
	// consumer's admissions (revision 2, facts.go).
	Facts    map[string]any
	Defences *Defences
}

// MaxStatementRunes is the longest statement text.
const MaxStatementRunes = 5000

// AddStatement records a party's statement in the statements period. When
// both parties have stated, the file is complete and the proposal period
// starts; otherwise it completes when the statements period ends.
func (s *Service) AddStatement(ctx context.Context, p fairshops.Principal, id string, in StatementInput) (*Case, error) {
	const op = "mediation.AddStatement"
	c, err := s.load(ctx, p, op, id)
	if err != nil {
		return nil, err
	}
	var pr fairshops.Problems
	if in.Text == "" {
		pr.Add("text", fairshops.ReasonRequired)
	}
	for _, fe := range precheck.TextProblems(in.Text, MaxStatementRunes) {
		pr.Add("text", fe.Code, fe.Args...)
	}
	validateWant(&pr, "want", in.Want, LimitsOf(c.Facts, c.RequestedOn))
	validateStatementFacts(&pr, c, p.Role, in.Facts, in.Defences, s.today())
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	st := s.newStep(c, p)
	var want *Want
	if in.Want != nil {
		w := in.Want.clone()
		want = &w
	}
	if err := st.addStatement(Statement{ID: fairshops.NewID("st"), Text: in.Text, Want: want,
		Facts: statementFactsRaw(in.Facts), Defences: cloneDefences(in.Defences)}); err != nil {
		return nil, err
	}
	return s.save(ctx, op, st)
}

// GenerateDraft lets the engine draft a proposal from the case's facts,
// pre-check, claim and offer, replacing any draft; the history records it.
func (s *Service) GenerateDraft(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.GenerateDraft", id, func(st *step) error {
		d := Propose(st.proposalInput(), s.engine)
		return st.setDraft(d, "draft_generated")
	})
}

// SetDefectiveValue records the moderator's value of the goods with the
// defect at the time of the contract and drafts anew from it: the price
// reduction of this and every later draft is then the price less that
// value (BGB §441(3), the price standing in for the value without the
// defect) instead of the default percentage. Only the operator may; the
// value must be in the order's currency, above zero and below the order
// value. The history records the value before and after.
func (s *Service) SetDefectiveValue(ctx context.Context, p fairshops.Principal, id string, v fairshops.Money) (*Case, error) {
	const op = "mediation.SetDefectiveValue"
	if p.Role != fairshops.RoleOperator {
		return nil, fairshops.E(op, fairshops.Forbidden, id, "only the operator may set the value with the defect", nil)
	}
	c, err := s.load(ctx, p, op, id)
	if err != nil {
		return nil, err
	}
	var pr fairshops.Problems
	validateDefectiveValue(&pr, "value_with_defect", v, LimitsOf(c.Facts, s.today()))
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	return s.act(ctx, p, op, id, func(st *step) error {
		before := ""
		if st.c.ValueWithDefect != nil {
			before = st.c.ValueWithDefect.String()
		}
		if err := st.allowed(MoveEditDraft); err != nil {
			return err
		}
		val := v
		st.c.ValueWithDefect = &val
		st.c.recordEdit(st.at, st.who, "value_with_defect_set", "", before, val.String())
		return st.setDraft(Propose(st.proposalInput(), s.engine), "draft_generated")
	})
}

// validateDefectiveValue checks a value with the defect against the order:
// the same currency, whole minor units, above zero and below the order
// value (a value of zero or of the full price is no reduction by value).
func validateDefectiveValue(p *fairshops.Problems, field string, v fairshops.Money, lim Limits) {
	switch {
	case v.Currency != lim.Currency:
		p.Add(field+".currency", fairshops.ReasonMismatch, string(lim.Currency))
	case !v.Round().Amount.Equal(v.Amount):
		p.Add(field, fairshops.ReasonInvalidFormat, fmt.Sprintf("at most %d decimals", lim.Currency.Scale()))
	case !v.Amount.IsPositive():
		p.Add(field, fairshops.ReasonTooSmall, "0.01")
	case !v.Amount.LessThan(lim.OrderValue.Amount):
		p.Add(field, fairshops.ReasonTooLarge, lim.OrderValue.String())
	}
}

// EditDraft replaces the options of the draft (generating one first when
// there is none) after checking them with ValidateOptions; the history
// records the options before and after.
func (s *Service) EditDraft(ctx context.Context, p fairshops.Principal, id string, options []Option) (*Case, error) {
	return s.act(ctx, p, "mediation.EditDraft", id, func(st *step) error {
		var d Draft
		if st.c.Draft != nil {
			d = st.c.Draft.clone()
		} else {
			d = Propose(st.proposalInput(), s.engine)
		}
		d.Limits = LimitsOf(st.c.Facts, st.today)
		d.Options = withBasis(cloneOptions(options))
		d.Edited = true
		if err := d.Validate(); err != nil {
			return err
		}
		return st.setDraft(d, "draft_edited")
	})
}

// SendProposal sends the draft to both parties once the file is complete
// (or, after both asked for it, as the one revision); it must still pass
// ValidateOptions with no duty due before today.
func (s *Service) SendProposal(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.SendProposal", id, func(st *step) error {
		if st.c.Draft != nil {
			st.c.Draft.Limits = LimitsOf(st.c.Facts, st.today)
		}
		return st.sendProposal(fairshops.NewID("mp"))
	})
}

// AcceptProposal is a party's acceptance of one option of the current
// proposal, within the answer period. When both parties accept the same
// option the case is settled and carries its Settlement.
func (s *Service) AcceptProposal(ctx context.Context, p fairshops.Principal, id, proposalID, optionID string) (*Case, error) {
	return s.act(ctx, p, "mediation.AcceptProposal", id, func(st *step) error {
		return st.answer(proposalID, true, optionID, false)
	})
}

// RejectProposal is a party's rejection of the current proposal. Unless the
// party asks for a revision (possible once per case), the case fails; a
// revision is sent only when both parties ask for it.
func (s *Service) RejectProposal(ctx context.Context, p fairshops.Principal, id, proposalID string, askRevision bool) (*Case, error) {
	return s.act(ctx, p, "mediation.RejectProposal", id, func(st *step) error {
		return st.answer(proposalID, false, "", askRevision)
	})
}

// RequestRevision is a party's wish for a revised proposal, also after it
// accepted an option; when both parties wish it, the moderator may send one.
func (s *Service) RequestRevision(ctx context.Context, p fairshops.Principal, id, proposalID string) (*Case, error) {
	return s.act(ctx, p, "mediation.RequestRevision", id, func(st *step) error {
		return st.requestRevision(proposalID)
	})
}

// Withdraw ends a running case at the requester's wish.
func (s *Service) Withdraw(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.Withdraw", id, func(st *step) error { return st.withdraw() })
}

// Leave ends an open case because the party that did not request it no
// longer takes part (VSBG §15: taking part is voluntary): the case fails.
func (s *Service) Leave(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.Leave", id, func(st *step) error { return st.leave() })
}

// processBatch is how many due cases ProcessDue reads at a time.
const processBatch = 100

// ProcessDue sends the reminders and applies the deadlines that are due
// today, each exactly once: the case records that it was reminded or
// expired in the same update as the event, and a concurrent run loses the
// update with a Conflict, reloads and finds nothing left to do. It returns
// how many events it wrote.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	const op = "mediation.ProcessDue"
	_, today := s.now()
	seen := map[string]bool{}
	written := 0
	for {
		cases, err := s.store.Due(ctx, today, processBatch)
		if err != nil {
			return written, fairshops.Wrap(op, "", err)
		}
		fresh := 0
		for _, c := range cases {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			fresh++
			n, err := s.processOne(ctx, c)
			written += n
			if err != nil {
				return written, err
			}
		}
		if fresh == 0 || len(cases) < processBatch {
			return written, nil
		}
	}
}

func (s *Service) processOne(ctx context.Context, c *Case) (int, error) {
	const op = "mediation.ProcessDue"
	for attempt := 0; ; attempt++ {
		st := s.newStep(c, fairshops.Principal{Role: fairshops.RoleSystem})
		if !st.due() {
			return 0, nil
		}
		if _, err := s.save(ctx, op, st); err == nil {
			return len(st.occ), nil
		} else if !errors.Is(err, fairshops.ErrConflict) || attempt >= 3 {
			return 0, err
		}
		s.log.Debug("mediation: due case changed meanwhile, reloading", "case", c.ID)
		fresh, err := s.store.Get(ctx, c.ID)
		if err != nil {
			return 0, fairshops.Wrap(op, c.ID, err)
		}
		c = fresh
	}
}
