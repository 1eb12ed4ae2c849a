package mediation

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// A settlement is carried out through its obligations (issue 16, item 2;
// docs/adr-settlement-obligations.md): each duty of the settled option, and
// each instalment of an option paid in instalments, becomes an Obligation
// with a date counted from the settlement, a reminder before it and a
// grace after it. The owing party confirms that it performed ("sent"), the
// receiving party that it received ("money received", "goods received");
// an obligation neither confirmed by the end of its grace is missed: the
// case is reopened for the operator and the miss counts against the shop.

// ObligationState is where an obligation stands.
type ObligationState string

// The states of an obligation.
const (
	ObligationOpen   ObligationState = "open"   // nobody confirmed anything yet
	ObligationSent   ObligationState = "sent"   // the owing party confirmed it performed; receipt not confirmed
	ObligationDone   ObligationState = "done"   // the receiving party confirmed receipt
	ObligationMissed ObligationState = "missed" // the grace ended without a confirmation
	// ObligationDisputed: the owing party confirmed it performed, the
	// receiving party reports it did not receive it (ReportNotReceived);
	// the operator clears it up and records the outcome
	// (ResolveObligation), unless the receiving party confirms receipt
	// meanwhile.
	ObligationDisputed ObligationState = "disputed"
)

// NotReceivedAfterDays is how many days after the owing party's
// confirmation the receiving party may report that nothing arrived: a
// transfer is credited by the end of the next business day (§675s(1) BGB),
// a parcel usually arrives in one to three days.
const NotReceivedAfterDays = 3

// Causes of refused confirmations, wrapped in a *fairshops.Error of the
// kind named; match them with errors.Is.
var (
	ErrNoObligation = errors.New("no such obligation") // NotFound
	// ErrTooEarly: a report that nothing arrived before
	// NotReceivedAfterDays passed since the owing party's confirmation.
	ErrTooEarly = errors.New("too early to report the obligation not received") // NotAllowed
)

// Obligation is one thing a party owes under a settlement, by a date.
// Party owes it, the other party receives it. Instalment is the number of
// the instalment (1, 2, ...) it pays, 0 when it is no instalment. Due is the
// last day to perform; GraceEnd the last day on which a confirmation still
// counts as in time (Due plus the grace in working days); RemindOn the day
// the owing party is reminded, once (Reminded).
type Obligation struct {
	ID         string           `json:"id"`
	Party      fairshops.Role   `json:"party"`
	Action     Action           `json:"action"`
	Amount     *fairshops.Money `json:"amount,omitempty"`
	Instalment int              `json:"instalment,omitempty"`
	Due        fairshops.Date   `json:"due"`
	GraceEnd   fairshops.Date   `json:"grace_end"`
	RemindOn   fairshops.Date   `json:"remind_on,omitzero"`
	Reminded   bool             `json:"reminded,omitempty"`
	State      ObligationState  `json:"state"`
	SentAt     time.Time        `json:"sent_at,omitzero"`     // the owing party's confirmation
	ReceivedAt time.Time        `json:"received_at,omitzero"` // the receiving party's confirmation
	MissedOn   fairshops.Date   `json:"missed_on,omitzero"`   // the day the miss was recorded
	DisputedOn fairshops.Date   `json:"disputed_on,omitzero"` // the day the receiving party reported it not received
}

// Text says in lang who owes what by when, as a duty of the settlement
// says it ("Shop: refunds 32,40 € by 23.11.2026 (instalment 1)").
func (o Obligation) Text(lang fairshops.Language) string {
	t := Duty{Party: o.Party, Action: o.Action, Amount: o.Amount, Due: o.Due}.Text(lang)
	if o.Instalment > 0 {
		t += " (" + messages().Render(lang, "obligation.instalment", strconv.Itoa(o.Instalment)) + ")"
	}
	return t
}

// NotReceivedFrom is the first day the receiving party may report the
// obligation not received: NotReceivedAfterDays after the owing party's
// confirmation (in Europe/Berlin); zero while it has not confirmed.
func (o Obligation) NotReceivedFrom() fairshops.Date {
	if o.SentAt.IsZero() {
		return fairshops.Date{}
	}
	return fairshops.DateOf(o.SentAt, fairshops.Berlin()).AddDays(NotReceivedAfterDays)
}

// Receiver is the party that receives the obligation's performance.
func (o Obligation) Receiver() fairshops.Role { return otherParty(o.Party) }

// Missed reports whether the obligation was missed, even when it was
// performed later.
func (o Obligation) Missed() bool { return !o.MissedOn.IsZero() }

// Kept reports whether the obligation was confirmed in time: by either
// party on or before its GraceEnd, and never missed.
func (o Obligation) Kept() bool {
	return !o.Missed() && (o.State == ObligationSent || o.State == ObligationDone)
}

// nextDue is the first date the obligation needs ProcessDue: its reminder
// while none went out, else the day after its grace; zero once someone
// confirmed or it was missed.
func (o Obligation) nextDue() fairshops.Date {
	if o.State != ObligationOpen {
		return fairshops.Date{}
	}
	if !o.Reminded && !o.RemindOn.IsZero() {
		return o.RemindOn
	}
	return o.GraceEnd.AddDays(1)
}

// ObligationRules are the periods of DeriveObligations: how many days
// before each date the owing party is reminded (none when zero or less),
// how many working days after the date a confirmation still counts, and
// whose holidays move dates (§193 BGB).
type ObligationRules struct {
	ReminderDays int
	GraceDays    int
	State        calendar.State
}

// DefaultObligationGrace is the grace after an obligation's date, in
// working days: a transfer made on the last day reaches the account on the
// next working day (§675s(1) BGB), a parcel in one to three; the receiving
// party gets that long to confirm, the owing party to confirm it performed.
const DefaultObligationGrace = 3

// DefaultObligationRules returns the defaults: a reminder 3 days before,
// DefaultObligationGrace working days of grace, national holidays.
func DefaultObligationRules() ObligationRules {
	return ObligationRules{ReminderDays: 3, GraceDays: DefaultObligationGrace}
}

// DeriveObligations turns a settlement into its obligations. The settled
// option's duties carry dates the proposal computed from the date its
// duties were counted from (proposedOn, Draft.On); the periods run from
// the settlement instead, since only the second acceptance binds: every
// date moves by the days between proposedOn and the settlement date, and
// then, per §193 BGB, to the next working day in rules.State when it falls
// on a Saturday, Sunday or public holiday. An option paid in instalments
// owes each instalment as an obligation of its own instead of its money
// duties (validation makes both add up to the amount). A duty without a
// date falls due 14 days after the settlement (§357(1), §355(3) BGB).
// The result is ordered as the duties, instalments in their order in
// place of the first money duty; IDs are "ob1", "ob2", ...
func DeriveObligations(s Settlement, proposedOn, settledOn fairshops.Date, rules ObligationRules) []Obligation {
	shift := 0
	if !proposedOn.IsZero() && proposedOn.Before(settledOn) {
		shift = proposedOn.DaysUntil(settledOn)
	}
	dateOf := func(named fairshops.Date) fairshops.Date {
		if named.IsZero() {
			return calendar.End(settledOn, calendar.Days(14), rules.State)
		}
		d := calendar.MoveToWorkingDay(named.AddDays(shift), rules.State)
		if d.IsZero() || d.Before(settledOn) {
			return calendar.End(settledOn, calendar.Days(14), rules.State)
		}
		return d
	}
	var out []Obligation
	add := func(party fairshops.Role, act Action, amount *fairshops.Money, inst int, named fairshops.Date) {
		due := dateOf(named)
		o := Obligation{Party: party, Action: act, Instalment: inst, Due: due, State: ObligationOpen,
			GraceEnd: due}
		if amount != nil {
			a := *amount
			o.Amount = &a
		}
		if rules.GraceDays > 0 {
			if g := calendar.AddWorkingDays(due, rules.GraceDays, rules.State); !g.IsZero() {
				o.GraceEnd = g
			}
		}
		if rules.ReminderDays > 0 {
			remind := due.AddDays(-rules.ReminderDays)
			if !remind.After(settledOn) {
				remind = settledOn.AddDays(1)
			}
			if remind.After(due) {
				remind = due
			}
			o.RemindOn = remind
		} else {
			o.Reminded = true
		}
		o.ID = "ob" + strconv.Itoa(len(out)+1)
		out = append(out, o)
	}
	opt := s.Option
	instalmentsDone := false
	for _, d := range opt.Duties {
		money := d.Action == ActRefund || d.Action == ActIssueVoucher
		if money && len(opt.Instalments) > 0 {
			if !instalmentsDone {
				for i, in := range opt.Instalments {
					add(d.Party, d.Action, &in.Amount, i+1, in.Due)
				}
				instalmentsDone = true
			}
			continue
		}
		add(d.Party, d.Action, d.Amount, 0, d.Due)
	}
	return out
}

// MissedObligations counts the obligations of the settlement that were
// missed (Obligation.Missed): a settlement with none counts as kept in the
// shop's figures.
func (c *Case) MissedObligations() int {
	n := 0
	for _, o := range c.Obligations {
		if o.Missed() {
			n++
		}
	}
	return n
}

// Obligation returns the case's obligation with the ID.
func (c *Case) Obligation(id string) (*Obligation, bool) {
	for i := range c.Obligations {
		if c.Obligations[i].ID == id {
			return &c.Obligations[i], true
		}
	}
	return nil, false
}

// obligationsDue returns the first date an obligation needs ProcessDue,
// or the zero Date.
func (c *Case) obligationsDue() fairshops.Date {
	var first fairshops.Date
	for _, o := range c.Obligations {
		if d := o.nextDue(); !d.IsZero() && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	return first
}

// deriveObligations sets the obligations of a case just settled.
func (s *step) deriveObligations(p *Proposal) {
	on := p.Draft.On
	if on.IsZero() {
		on = fairshops.DateOf(p.SentAt, fairshops.Berlin())
	}
	rules := ObligationRules{ReminderDays: s.dl.ReminderDays, GraceDays: s.dl.obligationGrace(), State: s.state}
	s.c.Obligations = DeriveObligations(*s.c.Settlement, on, s.today, rules)
}

// obligationsDue reminds of and records the misses of obligations on
// s.today; it reports whether anything changed. Each reminder and each miss
// happens once: the obligation records it in the same update as the event.
func (s *step) obligationsDue() bool {
	changed := false
	for i := range s.c.Obligations {
		o := &s.c.Obligations[i]
		if o.State != ObligationOpen {
			continue
		}
		if s.today.After(o.GraceEnd) {
			s.miss(o)
			changed = true
			continue
		}
		if !o.Reminded && !o.RemindOn.IsZero() && !s.today.Before(o.RemindOn) {
			o.Reminded = true
			s.c.record(s.at, s.who, "obligation_reminder", "obligation="+o.ID)
			ob := *o
			s.emit(EventObligationReminder, string(o.Party), func(d *EventData) { obligationData(d, ob) })
			changed = true
		}
	}
	return changed
}

// miss records a missed obligation and reopens the case for the operator.
func (s *step) miss(o *Obligation) {
	o.State = ObligationMissed
	o.MissedOn = s.today
	o.Reminded = true
	if s.c.ReopenedOn.IsZero() {
		s.c.ReopenedOn = s.today
	}
	s.c.record(s.at, s.who, "obligation_missed", "obligation="+o.ID+" due="+o.Due.String())
	ob := *o
	s.emit(EventObligationMissed, string(fairshops.RoleOperator), func(d *EventData) { obligationData(d, ob) })
}

func obligationData(d *EventData, o Obligation) {
	d.Obligation, d.Party, d.Owing, d.Due = o.ID, o.Party, o.Party, o.Due
	d.Action, d.Amount, d.Instalment = o.Action, o.Amount, o.Instalment
}

// confirmObligation records a party's confirmation: the owing party's that
// it performed, the receiving party's that it received. It reports false
// when the party had confirmed already (nothing changes). A confirmation
// after the grace finds the obligation missed first.
func (s *step) confirmObligation(id string) (bool, error) {
	// Settled is final: no move of the lifecycle leaves it, so the
	// confirmations are checked here rather than in the lifecycle table.
	const op = "ConfirmObligation"
	if s.c.State != Settled {
		return false, s.err(op, fairshops.NotAllowed, errors.New("case is "+string(s.c.State)+", not settled"))
	}
	if s.who.Role != fairshops.RoleConsumer && s.who.Role != fairshops.RoleShop {
		return false, s.err(op, fairshops.Forbidden, ErrNotParty)
	}
	o, ok := s.c.Obligation(id)
	if !ok {
		return false, fairshops.E("mediation.ConfirmObligation", fairshops.NotFound, s.c.ID, id, ErrNoObligation)
	}
	role := s.who.Role
	owing := role == o.Party
	if owing && !o.SentAt.IsZero() || !owing && !o.ReceivedAt.IsZero() {
		return false, nil
	}
	if o.State == ObligationOpen && s.today.After(o.GraceEnd) {
		s.miss(o)
	}
	action := "obligation_received"
	if owing {
		o.SentAt = s.at.UTC()
		action = "obligation_sent"
		if o.State == ObligationOpen {
			o.State = ObligationSent
		}
	} else {
		o.ReceivedAt = s.at.UTC()
		if o.State != ObligationMissed {
			o.State = ObligationDone
		}
	}
	s.c.record(s.at, s.who, action, "obligation="+o.ID)
	ob := *o
	s.emit(EventObligationConfirmed, "parties", func(d *EventData) {
		obligationData(d, ob)
		d.Party = role
	})
	return true, nil
}

// reportNotReceived records the receiving party's report that an
// obligation the owing party confirmed as performed did not arrive: the
// obligation is disputed and the case reopened for the operator.
func (s *step) reportNotReceived(id string) error {
	const op = "mediation.ReportNotReceived"
	o, err := s.settledObligation(op, id)
	if err != nil {
		return err
	}
	if s.who.Role != o.Receiver() {
		return fairshops.E(op, fairshops.Forbidden, s.c.ID, "only the receiving party reports it not received", nil)
	}
	if o.State != ObligationSent {
		return fairshops.E(op, fairshops.NotAllowed, s.c.ID, "obligation is "+string(o.State)+", not sent", nil)
	}
	if from := o.NotReceivedFrom(); s.today.Before(from) {
		return fairshops.E(op, fairshops.NotAllowed, s.c.ID, "not before "+from.String(), ErrTooEarly)
	}
	o.State = ObligationDisputed
	o.DisputedOn = s.today
	if s.c.ReopenedOn.IsZero() {
		s.c.ReopenedOn = s.today
	}
	s.c.record(s.at, s.who, "obligation_disputed", "obligation="+o.ID)
	ob := *o
	for _, to := range []string{string(fairshops.RoleOperator), string(o.Party)} {
		s.emit(EventObligationDisputed, to, func(d *EventData) { obligationData(d, ob) })
	}
	return nil
}

// resolveObligation records the operator's outcome of a disputed
// obligation: received (done) or not (missed, counted against the owing
// party from today).
func (s *step) resolveObligation(id string, received bool) error {
	const op = "mediation.ResolveObligation"
	if s.who.Role != fairshops.RoleOperator {
		return fairshops.E(op, fairshops.Forbidden, s.c.ID, "only the operator", nil)
	}
	o, err := s.settledObligation(op, id)
	if err != nil {
		return err
	}
	if o.State != ObligationDisputed {
		return fairshops.E(op, fairshops.NotAllowed, s.c.ID, "obligation is "+string(o.State)+", not disputed", nil)
	}
	outcome := "received"
	if received {
		o.State = ObligationDone
		o.ReceivedAt = s.at.UTC()
	} else {
		outcome = "missed"
		o.State = ObligationMissed
		o.MissedOn = s.today
	}
	s.c.record(s.at, s.who, "obligation_resolved", "obligation="+o.ID+" outcome="+outcome)
	return nil
}

// settledObligation returns the obligation id of the settled case.
func (s *step) settledObligation(op, id string) (*Obligation, error) {
	if s.c.State != Settled {
		return nil, fairshops.E(op, fairshops.NotAllowed, s.c.ID, "case is "+string(s.c.State)+", not settled", nil)
	}
	o, ok := s.c.Obligation(id)
	if !ok {
		return nil, fairshops.E(op, fairshops.NotFound, s.c.ID, id, ErrNoObligation)
	}
	return o, nil
}

// closeReopened is the operator's note that a reopened case was handled.
func (s *step) closeReopened() error {
	if s.who.Role != fairshops.RoleOperator {
		return fairshops.E("mediation.CloseReopened", fairshops.Forbidden, s.c.ID, "only the operator", nil)
	}
	if s.c.ReopenedOn.IsZero() {
		return fairshops.E("mediation.CloseReopened", fairshops.NotAllowed, s.c.ID, "case is not reopened", nil)
	}
	s.c.record(s.at, s.who, "reopened_closed", "since="+s.c.ReopenedOn.String())
	s.c.ReopenedOn = fairshops.Date{}
	return nil
}

// ObligationFigure counts a shop's obligations that fell due in one month
// (Month is "2026-12"): kept (confirmed in time), missed, disputed (the
// shop confirmed it, the consumer reports it not received, the operator
// has not recorded the outcome yet), and still open (the grace still
// running). Only the shop's own obligations count; the consumer's
// (returning the goods) are not the shop's record.
type ObligationFigure struct {
	ShopID   string `json:"shop"`
	Month    string `json:"month"`
	Kept     int    `json:"kept"`
	Missed   int    `json:"missed"`
	Disputed int    `json:"disputed"`
	Open     int    `json:"open"`
}

// CountObligations counts the shop obligations of cases by shop and by the
// month of their date, for dates from from to to (both included; zero:
// unbounded). The result is ordered by shop, then month. It is pure: the
// service figures read it through Service.ObligationFigures.
func CountObligations(cases []*Case, from, to fairshops.Date) []ObligationFigure {
	type key struct{ shop, month string }
	counts := map[key]*ObligationFigure{}
	for _, c := range cases {
		for _, o := range c.Obligations {
			if o.Party != fairshops.RoleShop || !from.IsZero() && o.Due.Before(from) || !to.IsZero() && o.Due.After(to) {
				continue
			}
			k := key{c.ShopID, o.Due.String()[:7]}
			f := counts[k]
			if f == nil {
				f = &ObligationFigure{ShopID: k.shop, Month: k.month}
				counts[k] = f
			}
			switch {
			case o.Missed():
				f.Missed++
			case o.State == ObligationDisputed:
				f.Disputed++
			case o.Kept():
				f.Kept++
			default:
				f.Open++
			}
		}
	}
	out := make([]ObligationFigure, 0, len(counts))
	for _, f := range counts {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b ObligationFigure) int {
		if a.ShopID != b.ShopID {
			if a.ShopID < b.ShopID {
				return -1
			}
			return 1
		}
		if a.Month < b.Month {
			return -1
		}
		if a.Month > b.Month {
			return 1
		}
		return 0
	})
	return out
}
