package mediation

import (
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// Causes of refused moves, wrapped in a *fairshops.Error of the kind named;
// match them with errors.Is.
var (
	ErrDeadlinePassed  = errors.New("deadline passed")                            // NotAllowed
	ErrSuperseded      = errors.New("proposal superseded")                        // NotAllowed
	ErrAlreadyAnswered = errors.New("already answered")                           // NotAllowed
	ErrNotParty        = errors.New("not a party")                                // Forbidden
	ErrRevisionUsed    = errors.New("the one revision was used")                  // NotAllowed
	ErrNotAbusive      = errors.New("no sign of abuse in the pre-check")          // NotAllowed
	ErrFileIncomplete  = errors.New("the file is not complete")                   // NotAllowed
	ErrNoDraft         = errors.New("no draft to send")                           // NotAllowed
	ErrNotDecider      = errors.New("another role decides on this request")       // Forbidden
	ErrNotRequester    = errors.New("only the requester may withdraw")            // Forbidden
	ErrRequester       = errors.New("the requester withdraws instead of leaving") // NotAllowed
)

// Deadlines are the periods of a case, counted with calendar.End from the
// day of the event that starts them, and the days before each deadline on
// which a reminder goes out (none when ReminderDays is zero or less).
type Deadlines struct {
	Decision       calendar.Period // requested: the decider decides (default 3 weeks, VSBG §14(3))
	CostAcceptance calendar.Period // the consumer accepts or declines the fee (14 days)
	Statements     calendar.Period // from opening (14 days)
	Proposal       calendar.Period // from the complete file (90 days, VSBG §20(2))
	Answers        calendar.Period // from sending a proposal (14 days)
	Revision       calendar.Period // from both asking for a revision (30 days)
	ReminderDays   int             // default 3
	// ObligationGrace is the working days after an obligation's date in
	// which a confirmation still counts as in time (default
	// DefaultObligationGrace; negative: none). ReminderDays also applies
	// before each obligation's date.
	ObligationGrace int
}

func (d Deadlines) obligationGrace() int {
	switch {
	case d.ObligationGrace < 0:
		return 0
	case d.ObligationGrace == 0:
		return DefaultObligationGrace
	}
	return d.ObligationGrace
}

// DefaultDeadlines returns the defaults of domain/mediation.md.
func DefaultDeadlines() Deadlines {
	return Deadlines{Decision: calendar.Weeks(3), CostAcceptance: calendar.Days(14), Statements: calendar.Days(14),
		Proposal: calendar.Days(90), Answers: calendar.Days(14), Revision: calendar.Days(30), ReminderDays: 3}
}

func (d Deadlines) period(k DeadlineKind) calendar.Period {
	switch k {
	case DeadlineDecision:
		return d.Decision
	case DeadlineCost:
		return d.CostAcceptance
	case DeadlineStatements:
		return d.Statements
	case DeadlineProposal:
		return d.Proposal
	case DeadlineAnswers:
		return d.Answers
	}
	return d.Revision
}

// MaxStatements is how many statements each party may make.
const MaxStatements = 20

// step is one unit of work on a case: the moves of one call, the time, who
// acts, and the events they produce.
type step struct {
	c     *Case
	at    time.Time
	today fairshops.Date
	who   fairshops.Actor
	dl    Deadlines
	state calendar.State
	occ   []occurrence
}

func (s *step) err(op string, kind fairshops.Kind, cause error) error {
	return fairshops.E("mediation."+op, kind, s.c.ID, "", cause)
}

func (s *step) allowed(m Move) error {
	if err := Allowed(s.c.State, m, s.who.Role); err != nil {
		var e *fairshops.Error
		if errors.As(err, &e) {
			e.Entity = s.c.ID
		}
		return err
	}
	return nil
}

func (s *step) emit(typ, recipient string, fill func(*EventData)) {
	s.occ = append(s.occ, s.c.note(typ, recipient, fill))
}

func (s *step) setDeadline(k DeadlineKind) {
	// A new deadline ends a pause of the moderator's (clock.go).
	s.resumeClock(s.today, complaint.ResumeEnded)
	due := calendar.End(s.today, s.dl.period(k), s.state)
	if due.IsZero() {
		due = s.today
	}
	d := Deadline{Kind: k, Due: due}
	if s.dl.ReminderDays > 0 {
		remind := due.AddDays(-s.dl.ReminderDays)
		if !remind.After(s.today) {
			remind = s.today.AddDays(1)
		}
		if remind.After(due) {
			remind = due
		}
		d.RemindOn = remind
	} else {
		d.Reminded = true
	}
	s.c.Deadline = d
}

func (s *step) passed(k DeadlineKind) bool {
	return s.c.Deadline.Kind == k && s.c.Deadline.Passed(s.today)
}

func (s *step) end(to State) {
	s.resumeClock(s.today, complaint.ResumeEnded)
	s.c.State = to
	s.c.Deadline = Deadline{}
}

// open opens the case and starts the statements period.
func (s *step) open() {
	s.c.State = Open
	s.setDeadline(DeadlineStatements)
	s.c.record(s.at, s.who, "opened", "cost_bearer="+string(s.c.CostBearer))
	s.emit(EventOpened, "parties", nil)
}

func (s *step) acceptRequest() error {
	if err := s.allowed(MoveAcceptRequest); err != nil {
		return err
	}
	if s.who.Role != s.c.decider() {
		return s.err("AcceptRequest", fairshops.Forbidden, ErrNotDecider)
	}
	s.open()
	return nil
}

func (s *step) declineRequest(r Reason) error {
	if err := s.allowed(MoveDeclineRequest); err != nil {
		return err
	}
	if s.who.Role != s.c.decider() {
		return s.err("DeclineRequest", fairshops.Forbidden, ErrNotDecider)
	}
	if err := s.timeBarredDecline(r); err != nil {
		return err
	}
	if s.who.Role == fairshops.RoleShop && r != ReasonTimeBarred {
		r = ReasonShopDeclined
	} else if s.who.Role != fairshops.RoleShop && !slices.Contains(operatorReasons(), r) {
		var p fairshops.Problems
		p.Add("reason", fairshops.ReasonUnknownValue, string(r), fairshops.OneOf(operatorReasons()))
		return p.Err("mediation.DeclineRequest")
	}
	s.decline(r)
	return nil
}

func (s *step) decline(r Reason) {
	s.end(Declined)
	s.c.Reason = r
	s.c.record(s.at, s.who, "declined", "reason="+string(r))
	s.emit(EventDeclined, "parties", func(d *EventData) { d.Reason = r })
}

func (s *step) markAbusive() error {
	if err := s.allowed(MoveMarkAbusive); err != nil {
		return err
	}
	if s.c.RequestedBy != fairshops.RoleConsumer || s.c.decider() != fairshops.RoleOperator {
		return s.err("MarkAbusive", fairshops.NotAllowed, errors.New("only a consumer's request the operator decides on"))
	}
	if len(s.c.AbuseIndicators) == 0 {
		return s.err("MarkAbusive", fairshops.NotAllowed, ErrNotAbusive)
	}
	s.c.State = AwaitingCostAcceptance
	s.setDeadline(DeadlineCost)
	s.c.record(s.at, s.who, "cost_requested", "")
	var fee *fairshops.Money
	if s.c.Fee != nil {
		f := s.c.Fee.ConsumerFeeIfAbusive
		fee = &f
	}
	s.emit(EventCostRequested, "consumer", func(d *EventData) { d.Fee = fee })
	return nil
}

func (s *step) answerCost(accept bool) error {
	m := MoveDeclineCost
	if accept {
		m = MoveAcceptCost
	}
	if err := s.allowed(m); err != nil {
		return err
	}
	if s.passed(DeadlineCost) {
		return s.err(string(m), fairshops.NotAllowed, ErrDeadlinePassed)
	}
	if !accept {
		s.decline(ReasonAbusiveCostDeclined)
		return nil
	}
	s.c.CostBearer = fairshops.RoleConsumer
	s.open()
	return nil
}

func (s *step) addStatement(st Statement) error {
	if err := s.allowed(MoveAddStatement); err != nil {
		return err
	}
	if s.c.Deadline.Kind != DeadlineStatements {
		return s.err("AddStatement", fairshops.NotAllowed, errors.New("the file is complete"))
	}
	if s.passed(DeadlineStatements) {
		return s.err("AddStatement", fairshops.NotAllowed, ErrDeadlinePassed)
	}
	if s.c.statedBy(s.who.Role) >= MaxStatements {
		var p fairshops.Problems
		p.Add("statements", fairshops.ReasonTooMany, MaxStatements)
		return p.Err("mediation.AddStatement")
	}
	st.Party, st.At = s.who.Role, s.at.UTC()
	s.c.Statements = append(s.c.Statements, st)
	if st.Want != nil {
		if s.who.Role == fairshops.RoleConsumer {
			s.c.Claim = st.Want.clone()
		} else {
			s.c.Offer = st.Want.clone()
		}
	}
	s.c.State = Statements
	s.remerge()
	s.c.record(s.at, s.who, "statement_added", "statement="+st.ID)
	s.emit(EventStatement, string(otherParty(s.who.Role)), func(d *EventData) { d.Party = s.who.Role })
	if s.c.statedBy(fairshops.RoleConsumer) > 0 && s.c.statedBy(fairshops.RoleShop) > 0 {
		s.completeFile()
	}
	return nil
}

// completeFile ends the statements phase; the proposal period starts.
func (s *step) completeFile() {
	s.c.FileCompleteOn = s.today
	s.setDeadline(DeadlineProposal)
	s.c.record(s.at, s.who, "file_complete", "")
	s.emit(EventFileComplete, "operator", nil)
}

// revisionPending reports whether both parties asked for a revision of the
// current proposal, which the moderator has not sent yet.
func (c *Case) revisionPending() bool {
	p := c.Current()
	return c.State == Proposed && p != nil && p.Number == 1 && p.RevisionAgreed()
}

func optionsJSON(d *Draft) string {
	if d == nil {
		return ""
	}
	b, err := json.Marshal(d.Options)
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *step) setDraft(d Draft, action string) error {
	if err := s.allowed(MoveEditDraft); err != nil {
		return err
	}
	if s.c.State == Proposed && !s.c.revisionPending() {
		return s.err("EditDraft", fairshops.NotAllowed, errors.New("a proposal waits for answers"))
	}
	before := optionsJSON(s.c.Draft)
	s.c.Draft = &d
	s.c.recordEdit(s.at, s.who, action, "", before, optionsJSON(&d))
	return nil
}

func (s *step) sendProposal(id string) error {
	if err := s.allowed(MoveSendProposal); err != nil {
		return err
	}
	switch {
	case s.c.State == Statements && s.c.FileCompleteOn.IsZero():
		return s.err("SendProposal", fairshops.NotAllowed, ErrFileIncomplete)
	case s.c.State == Proposed && !s.c.revisionPending():
		return s.err("SendProposal", fairshops.NotAllowed, ErrRevisionUsed)
	case s.c.Draft == nil:
		return s.err("SendProposal", fairshops.NotAllowed, ErrNoDraft)
	}
	if err := s.c.Draft.Validate(); err != nil {
		return err
	}
	p := Proposal{ID: id, Number: len(s.c.Proposals) + 1, Draft: s.c.Draft.clone(), SentAt: s.at.UTC()}
	s.c.Draft = nil
	s.c.State = Proposed
	s.setDeadline(DeadlineAnswers)
	p.AnswersDue = s.c.Deadline.Due
	s.c.Proposals = append(s.c.Proposals, p)
	s.c.record(s.at, s.who, "proposed", "proposal="+id)
	s.emit(EventProposed, "parties", func(d *EventData) { d.Proposal = id })
	return nil
}

// current checks that an answer refers to the proposal that waits for
// answers, in time.
func (s *step) current(op, proposalID string) (*Proposal, error) {
	p := s.c.Current()
	if p == nil {
		return nil, s.err(op, fairshops.NotAllowed, errors.New("no proposal"))
	}
	if p.ID != proposalID {
		for _, old := range s.c.Proposals {
			if old.ID == proposalID {
				return nil, s.err(op, fairshops.NotAllowed, ErrSuperseded)
			}
		}
		return nil, fairshops.E("mediation."+op, fairshops.NotFound, proposalID, "no such proposal", nil)
	}
	if s.c.revisionPending() {
		return nil, s.err(op, fairshops.NotAllowed, ErrSuperseded)
	}
	if s.passed(DeadlineAnswers) {
		return nil, s.err(op, fairshops.NotAllowed, ErrDeadlinePassed)
	}
	return p, nil
}

func (s *step) answer(proposalID string, accept bool, optionID string, askRevision bool) error {
	m, op := MoveRejectProposal, "RejectProposal"
	if accept {
		m, op = MoveAcceptProposal, "AcceptProposal"
	}
	if !s.who.Role.Party() {
		return s.err(op, fairshops.Forbidden, ErrNotParty)
	}
	if err := s.allowed(m); err != nil {
		return err
	}
	p, err := s.current(op, proposalID)
	if err != nil {
		return err
	}
	if _, done := p.Answer(s.who.Role); done {
		return s.err(op, fairshops.NotAllowed, ErrAlreadyAnswered)
	}
	if accept {
		if _, ok := p.Option(optionID); !ok {
			var pr fairshops.Problems
			pr.Add("option", fairshops.ReasonUnknownValue, optionID)
			return pr.Err("mediation." + op)
		}
	} else {
		optionID = ""
	}
	if askRevision {
		if p.Number > 1 {
			return s.err(op, fairshops.NotAllowed, ErrRevisionUsed)
		}
		if !slices.Contains(p.RevisionAsked, s.who.Role) {
			p.RevisionAsked = append(p.RevisionAsked, s.who.Role)
		}
	}
	p.Answers = append(p.Answers, Answer{Party: s.who.Role, Accepted: accept, OptionID: optionID, At: s.at.UTC()})
	action := "rejected"
	if accept {
		action = "accepted"
	}
	detail := "proposal=" + p.ID
	if accept {
		detail += " option=" + optionID
	}
	if askRevision {
		detail += " revision"
	}
	s.c.record(s.at, s.who, action, detail)
	s.emit(EventAnswered, "parties", func(d *EventData) {
		d.Proposal, d.Option, d.Party, d.Accepted, d.Revision = p.ID, optionID, s.who.Role, &accept, askRevision
	})
	s.evaluate()
	return nil
}

func (s *step) requestRevision(proposalID string) error {
	if !s.who.Role.Party() {
		return s.err("RequestRevision", fairshops.Forbidden, ErrNotParty)
	}
	if err := s.allowed(MoveRequestRevision); err != nil {
		return err
	}
	p, err := s.current("RequestRevision", proposalID)
	if err != nil {
		return err
	}
	if p.Number > 1 {
		return s.err("RequestRevision", fairshops.NotAllowed, ErrRevisionUsed)
	}
	if slices.Contains(p.RevisionAsked, s.who.Role) {
		return s.err("RequestRevision", fairshops.NotAllowed, ErrAlreadyAnswered)
	}
	p.RevisionAsked = append(p.RevisionAsked, s.who.Role)
	s.c.record(s.at, s.who, "revision_requested", "proposal="+p.ID)
	s.emit(EventAnswered, "parties", func(d *EventData) {
		d.Proposal, d.Party, d.Revision = p.ID, s.who.Role, true
	})
	s.evaluate()
	return nil
}

// evaluate settles, fails or waits after an answer: both accepted one
// option: settled. Both asked for the one revision: the moderator may send
// it. A rejection by a party that did not ask for a revision, or when the
// revision was used: failed. Both answered without a common option and no
// revision possible: failed. Otherwise the case waits.
func (s *step) evaluate() {
	p := s.c.Current()
	ca, okc := p.Answer(fairshops.RoleConsumer)
	sa, oks := p.Answer(fairshops.RoleShop)
	if okc && oks && ca.Accepted && sa.Accepted && ca.OptionID == sa.OptionID {
		s.settle(p, ca, sa)
		return
	}
	revisionOpen := p.Number == 1
	if revisionOpen && p.RevisionAgreed() {
		s.setDeadline(DeadlineRevision)
		s.c.record(s.at, fairshops.Actor{Role: fairshops.RoleSystem}, "revision_agreed", "proposal="+p.ID)
		return
	}
	for _, a := range p.Answers {
		if !a.Accepted && (!revisionOpen || !slices.Contains(p.RevisionAsked, a.Party)) {
			s.fail("rejected")
			return
		}
	}
	if okc && oks && !revisionOpen {
		s.fail("no_common_option")
	}
}

func (s *step) settle(p *Proposal, ca, sa Answer) {
	o, _ := p.Option(ca.OptionID)
	s.end(Settled)
	s.c.Settlement = &Settlement{CaseID: s.c.ID, ComplaintID: s.c.ComplaintID, ShopID: s.c.ShopID,
		ProposalID: p.ID, ProposalNumber: p.Number, Option: o.clone(),
		Acceptances: []Acceptance{{Party: fairshops.RoleConsumer, At: ca.At}, {Party: fairshops.RoleShop, At: sa.At}},
		SettledAt:   s.at.UTC()}
	s.c.record(s.at, fairshops.Actor{Role: fairshops.RoleSystem}, "settled", "proposal="+p.ID+" option="+o.ID)
	s.emit(EventSettled, "parties", func(d *EventData) { d.Proposal, d.Option = p.ID, o.ID })
	s.deriveObligations(p)
}

func (s *step) fail(detail string) {
	s.end(Failed)
	s.c.record(s.at, s.who, "failed", detail)
	s.emit(EventFailed, "parties", nil)
}

func (s *step) withdraw() error {
	if err := s.allowed(MoveWithdraw); err != nil {
		return err
	}
	if s.who.Role != s.c.RequestedBy {
		return s.err("Withdraw", fairshops.Forbidden, ErrNotRequester)
	}
	s.end(Withdrawn)
	s.c.record(s.at, s.who, "withdrawn", "")
	s.emit(EventWithdrawn, "parties", nil)
	return nil
}

func (s *step) leave() error {
	if err := s.allowed(MoveLeave); err != nil {
		return err
	}
	if s.who.Role == s.c.RequestedBy {
		return s.err("Leave", fairshops.NotAllowed, ErrRequester)
	}
	s.fail("left")
	return nil
}

// due runs what a date brings: a reminder before the deadline, the
// consequence of the deadline after it. It reports whether anything changed.
func (s *step) due() bool {
	if s.c.State == Settled {
		return s.obligationsDue()
	}
	d := s.c.Deadline
	if d.Kind == "" || s.c.State.Final() {
		return false
	}
	if k := s.c.Clock; k.Paused() {
		if s.today.Before(k.ResumeBy) {
			return false
		}
		s.resumeClock(k.ResumeBy, complaint.ResumeNoAnswer) // the day, however late the run
		return true
	}
	if d.Passed(s.today) {
		s.expire()
		return true
	}
	if !d.Reminded && !d.RemindOn.IsZero() && !s.today.Before(d.RemindOn) {
		s.c.Deadline.Reminded = true
		s.c.record(s.at, s.who, "reminder", "deadline="+string(d.Kind))
		s.emit(EventReminder, s.waitingFor(), nil)
		return true
	}
	return false
}

// waitingFor names who the deadline waits on, as a notifier's recipient.
func (s *step) waitingFor() string {
	switch s.c.Deadline.Kind {
	case DeadlineDecision:
		return string(s.c.decider())
	case DeadlineCost:
		return string(fairshops.RoleConsumer)
	case DeadlineStatements:
		return s.missing(func(r fairshops.Role) bool { return s.c.statedBy(r) > 0 })
	case DeadlineAnswers:
		p := s.c.Current()
		return s.missing(func(r fairshops.Role) bool { _, ok := p.Answer(r); return ok })
	}
	return string(fairshops.RoleOperator)
}

func (s *step) missing(done func(fairshops.Role) bool) string {
	c, sh := done(fairshops.RoleConsumer), done(fairshops.RoleShop)
	switch {
	case c && !sh:
		return string(fairshops.RoleShop)
	case sh && !c:
		return string(fairshops.RoleConsumer)
	}
	return "parties"
}

func (s *step) expire() {
	k := s.c.Deadline.Kind
	switch k {
	case DeadlineDecision:
		if s.c.Directive {
			s.decline(ReasonNoReply) // silence is a refusal (directive.go)
			return
		}
	case DeadlineStatements:
		if len(s.c.Statements) > 0 {
			s.completeFile()
			return
		}
	case DeadlineAnswers:
		p := s.c.Current()
		if len(p.Answers) > 0 && (len(p.Answers) == 2 || !allAccepted(p.Answers)) {
			// A side rejected, or both answered without a common option:
			// the case failed rather than expired.
			s.fail("answers_deadline")
			return
		}
	}
	s.end(Expired)
	s.c.record(s.at, s.who, "expired", "deadline="+string(k))
	s.emit(EventExpired, "parties", func(d *EventData) { d.Deadline = k })
}

func allAccepted(as []Answer) bool {
	for _, a := range as {
		if !a.Accepted {
			return false
		}
	}
	return true
}
