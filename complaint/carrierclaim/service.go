package carrierclaim

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// DefaultCarriers is the list of carriers a shop picks from when the
// server configures none; "other" with a free name is always possible.
func DefaultCarriers() []string {
	return []string{"DHL", "DPD", "GLS", "Hermes", "UPS", "FedEx", "Deutsche Post"}
}

// OtherCarrier is the choice of a carrier that is not on the list; the
// free name goes into Input.CarrierName.
const OtherCarrier = "other"

// Limits of a claim's texts.
const (
	MaxTracking = 64
	MaxCarrier  = 80
	MaxReason   = 2000
	dueBatch    = 100
	maxRetries  = 3
)

// Config holds a Service's dependencies.
type Config struct {
	Store      Store      // required
	Complaints Complaints // required: complaint.Service
	Clock      fairshops.Clock
	Location   *time.Location // the day of a time (default Europe/Berlin)
	// Carriers is the list a shop picks from (default DefaultCarriers).
	Carriers []string
	Rand     io.Reader // the source of invitation tokens (default crypto/rand)
	Logger   *slog.Logger
	// Shares keeps the consumer's consent per file and Files reads the
	// complaint's attachments (complaint.Service); without both the
	// carrier sees no files (shares.go).
	Shares Shares
	Files  Files
	// Documents keeps the carrier's own uploads (documents.go); without it
	// the carrier cannot upload. MaxDocuments (default
	// complaint.DefaultMaxFiles) and MaxDocumentBytes (default
	// complaint.DefaultMaxFileBytes) bound them as the complaint's files.
	Documents        Documents
	MaxDocuments     int
	MaxDocumentBytes int64
}

// Service opens and follows carrier claims. It is the portable type over a
// Store: it checks input and access, applies the lifecycle, computes the
// deadlines and writes every change with its history entry and events in
// one Store call.
type Service struct {
	store       Store
	complaints  Complaints
	clock       fairshops.Clock
	loc         *time.Location
	carriers    []string
	rand        io.Reader
	log         *slog.Logger
	shares      Shares
	files       Files
	docs        Documents
	maxDocs     int
	maxDocBytes int64
}

// NewService checks the config and returns a Service.
func NewService(cfg Config) (*Service, error) {
	var p fairshops.Problems
	if cfg.Store == nil {
		p.Add("Store", fairshops.ReasonRequired)
	}
	if cfg.Complaints == nil {
		p.Add("Complaints", fairshops.ReasonRequired)
	}
	for _, c := range cfg.Carriers {
		if strings.TrimSpace(c) == "" || len(c) > MaxCarrier || strings.EqualFold(c, OtherCarrier) {
			p.Add("Carriers", fairshops.ReasonInvalidFormat, "names of 1 to 80 characters, not \"other\"")
			break
		}
	}
	if err := p.Err("carrierclaim.NewService"); err != nil {
		return nil, err
	}
	s := &Service{store: cfg.Store, complaints: cfg.Complaints, clock: cfg.Clock, loc: cfg.Location,
		carriers: slices.Clone(cfg.Carriers), rand: cfg.Rand, log: cfg.Logger,
		shares: cfg.Shares, files: cfg.Files, docs: cfg.Documents, maxDocs: cfg.MaxDocuments, maxDocBytes: cfg.MaxDocumentBytes}
	if s.maxDocs <= 0 {
		s.maxDocs = complaint.DefaultMaxFiles
	}
	if s.maxDocBytes <= 0 {
		s.maxDocBytes = complaint.DefaultMaxFileBytes
	}
	if s.clock == nil {
		s.clock = fairshops.SystemClock{}
	}
	if s.loc == nil {
		s.loc = fairshops.Berlin()
	}
	if len(s.carriers) == 0 {
		s.carriers = DefaultCarriers()
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Carriers returns the list a shop picks from (without "other").
func (s *Service) Carriers() []string { return slices.Clone(s.carriers) }

func (s *Service) now() (time.Time, fairshops.Date) {
	t := s.clock.Now()
	return t.UTC().Truncate(time.Microsecond), fairshops.DateOf(t, s.loc)
}

// Applies reports whether the complaint's pre-check (the filed one, or the
// latest re-check an operator recorded) found the transit risk on the shop:
// only then may a claim be opened, and only then the consumer's page says
// the consumer does not wait on the carrier.
func Applies(c *complaint.Complaint) bool {
	findings := c.Precheck.Findings
	if n := len(c.Rechecks); n > 0 {
		findings = append(slices.Clone(findings), c.Rechecks[n-1].Result.Findings...)
	}
	for _, f := range findings {
		if f.Rule == precheck.DeliveryTransitRiskOnShop {
			return true
		}
	}
	return false
}

// Input is what a shop gives to open a claim.
type Input struct {
	Carrier     string           // a name of Service.Carriers, or OtherCarrier
	CarrierName string           // the free name for OtherCarrier
	Tracking    string           // the tracking number
	Incident    Incident         // what happened
	On          fairshops.Date   // delivered on; for Loss the day it should have been delivered
	Amount      *fairshops.Money // the amount claimed, if known
	Reckless    bool             // the shop claims intent or recklessness (three years' limitation)
}

// check validates in against today (every wrong field at once).
func (s *Service) check(op string, in Input, today fairshops.Date) error {
	var p fairshops.Problems
	switch {
	case in.Carrier == OtherCarrier:
		checkLine(&p, "carrier_name", in.CarrierName, MaxCarrier, true)
	case in.Carrier == "":
		p.Add("carrier", fairshops.ReasonRequired)
	case !slices.Contains(s.carriers, in.Carrier):
		p.Add("carrier", fairshops.ReasonUnknownValue, in.Carrier, strings.Join(append(s.Carriers(), OtherCarrier), ", "))
	}
	if in.Carrier != OtherCarrier && in.CarrierName != "" {
		p.Add("carrier_name", fairshops.ReasonNotAllowedHere)
	}
	checkTracking(&p, in.Tracking)
	if !in.Incident.Valid() {
		p.Add("incident", fairshops.ReasonUnknownValue, string(in.Incident), fairshops.OneOf(Incidents()))
	}
	switch {
	case in.On.IsZero():
		p.Add("on", fairshops.ReasonRequired)
	case in.On.After(today):
		p.Add("on", fairshops.ReasonInFuture)
	case in.On.Before(fairshops.NewDate(1990, time.October, 3)):
		p.Add("on", fairshops.ReasonBefore, "1990-10-03")
	}
	checkAmount(&p, "amount", in.Amount)
	return p.Err(op)
}

func checkTracking(p *fairshops.Problems, t string) {
	if strings.TrimSpace(t) == "" {
		p.Add("tracking", fairshops.ReasonRequired)
		return
	}
	if len(t) > MaxTracking {
		p.Add("tracking", fairshops.ReasonTooLong, MaxTracking)
		return
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == ' ' || r == '-') {
			p.Add("tracking", fairshops.ReasonInvalidFormat, "letters, digits, spaces and hyphens")
			return
		}
	}
}

func checkLine(p *fairshops.Problems, field, s string, max int, required bool) {
	if strings.TrimSpace(s) == "" {
		if required {
			p.Add(field, fairshops.ReasonRequired)
		}
		return
	}
	control := false
	for _, fe := range precheck.TextProblems(s, max) {
		p.Add(field, fe.Code, fe.Args...)
		control = control || fe.Code == fairshops.ReasonControlChars
	}
	if field != "reason" && !control && strings.ContainsAny(s, "\n\r\t") {
		p.Add(field, fairshops.ReasonControlChars)
	}
}

func checkAmount(p *fairshops.Problems, field string, m *fairshops.Money) {
	if m == nil {
		return
	}
	if _, err := fairshops.ParseCurrency(string(m.Currency)); err != nil {
		p.Add(field, fairshops.ReasonCurrency, string(m.Currency))
	}
	if m.IsNegative() {
		p.Add(field, fairshops.ReasonNegative)
	}
}

// Open opens the shop's claim against its carrier for the complaint. Only
// the complaint's shop may, only when Applies, and only once per complaint
// (Conflict for a second). The deadlines are computed from in.On and today.
func (s *Service) Open(ctx context.Context, p fairshops.Principal, complaintID string, in Input) (*Claim, error) {
	const op = "carrierclaim.Service.Open"
	if p.Role != fairshops.RoleShop {
		return nil, fairshops.E(op, fairshops.Forbidden, complaintID, "only the shop opens a claim", nil)
	}
	c, err := s.complaints.Get(ctx, p, complaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	if !Applies(c) {
		return nil, fairshops.E(op, fairshops.NotAllowed, complaintID, "no transit finding", nil)
	}
	now, today := s.now()
	if err := s.check(op, in, today); err != nil {
		return nil, err
	}
	ds, err := Deadlines(in.Incident, in.On, today, in.Reckless)
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	cl := &Claim{ID: fairshops.NewOrderedID("cc", now), ComplaintID: c.ID, ShopID: c.ShopID,
		Carrier: in.Carrier, Tracking: strings.TrimSpace(in.Tracking), Incident: in.Incident, On: in.On,
		Reckless: in.Reckless, State: Open, Deadlines: ds, OpenedOn: today, CreatedAt: now, UpdatedAt: now}
	if in.Carrier == OtherCarrier {
		cl.Carrier, cl.CarrierOther = strings.TrimSpace(in.CarrierName), true
	}
	if in.Amount != nil {
		a := in.Amount.Round()
		cl.Amount = &a
	}
	cl.OpenedInTime = true
	if d, ok := cl.Deadline(Notice); ok {
		cl.OpenedInTime = !today.After(d.Due)
	}
	cl.History.Append(cl.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: p.Actor(),
		Action: "opened", Detail: "incident " + string(in.Incident)})
	cl.NextDue = cl.Timer()
	ev, err := newEvent(EventOpened, cl, now, EventData{})
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, cl, []fairshops.Event{ev}); err != nil {
		return nil, fairshops.Wrap(op, cl.ID, err)
	}
	return outward(cl), nil
}

// outward is what the Service hands out: a claim without its invitation hash.
func outward(c *Claim) *Claim {
	c.InviteHash = ""
	return c
}

// Get returns a claim to its shop or the operator; to anyone else it does
// not exist (NotFound).
func (s *Service) Get(ctx context.Context, p fairshops.Principal, id string) (*Claim, error) {
	const op = "carrierclaim.Service.Get"
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	if !canRead(p, c) {
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return outward(c), nil
}

func canRead(p fairshops.Principal, c *Claim) bool {
	return p.Role == fairshops.RoleOperator || p.Role == fairshops.RoleShop && p.ShopID != "" && p.ShopID == c.ShopID
}

// ForComplaint returns the complaint's claim to its shop or the operator
// (NotFound when there is none, or for anyone else).
func (s *Service) ForComplaint(ctx context.Context, p fairshops.Principal, complaintID string) (*Claim, error) {
	const op = "carrierclaim.Service.ForComplaint"
	if p.Role != fairshops.RoleShop && p.Role != fairshops.RoleOperator {
		return nil, fairshops.E(op, fairshops.NotFound, complaintID, "", nil)
	}
	list, err := s.store.List(ctx, Filter{ComplaintID: complaintID, Limit: 1})
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	if len(list) == 0 || !canRead(p, list[0]) {
		return nil, fairshops.E(op, fairshops.NotFound, complaintID, "no claim", nil)
	}
	return outward(list[0]), nil
}

// List returns claims: the operator's of every shop (or f.ShopID), a shop's
// of its own only.
func (s *Service) List(ctx context.Context, p fairshops.Principal, f Filter) ([]*Claim, error) {
	const op = "carrierclaim.Service.List"
	switch p.Role {
	case fairshops.RoleOperator:
	case fairshops.RoleShop:
		if p.ShopID == "" {
			return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
		}
		f.ShopID = p.ShopID
	default:
		return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
	}
	list, err := s.store.List(ctx, f)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	for _, c := range list {
		outward(c)
	}
	return list, nil
}

// Notify records that the shop notified the carrier (in text form, §438(4)
// HGB) today.
func (s *Service) Notify(ctx context.Context, p fairshops.Principal, id string) (*Claim, error) {
	const op = "carrierclaim.Service.Notify"
	return s.act(ctx, op, p, id, func(c *Claim, now time.Time, today fairshops.Date) ([]fairshops.Event, error) {
		to, err := Next(c.State, MoveNotify, p.Role)
		if err != nil {
			return nil, err
		}
		c.State, c.NotifiedOn = to, today
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: p.Actor(), Action: "notified"})
		ev, err := newEvent(EventNotified, c, now, EventData{})
		return []fairshops.Event{ev}, err
	})
}

// AnswerInput is an answer of the carrier.
type AnswerInput struct {
	Kind   AnswerKind
	Amount *fairshops.Money // required for AnswerPay
	Reason string           // required for AnswerRefuse and AnswerDocuments
}

func checkAnswer(op string, in AnswerInput) error {
	var p fairshops.Problems
	switch in.Kind {
	case AnswerPay:
		if in.Amount == nil {
			p.Add("amount", fairshops.ReasonRequired)
		}
		checkAmount(&p, "amount", in.Amount)
		checkLine(&p, "reason", in.Reason, MaxReason, false)
	case AnswerRefuse, AnswerDocuments:
		checkLine(&p, "reason", in.Reason, MaxReason, true)
		if in.Amount != nil {
			p.Add("amount", fairshops.ReasonNotAllowedHere)
		}
	default:
		p.Add("kind", fairshops.ReasonUnknownValue, string(in.Kind), fairshops.OneOf(AnswerKinds()))
	}
	return p.Err(op)
}

// Answer records an answer of the carrier that reached the shop by other
// ways (mail, letter).
func (s *Service) Answer(ctx context.Context, p fairshops.Principal, id string, in AnswerInput) (*Claim, error) {
	const op = "carrierclaim.Service.Answer"
	if err := checkAnswer(op, in); err != nil {
		return nil, err
	}
	return s.act(ctx, op, p, id, answer(p.Actor(), in))
}

func answer(who fairshops.Actor, in AnswerInput) func(*Claim, time.Time, fairshops.Date) ([]fairshops.Event, error) {
	return func(c *Claim, now time.Time, _ fairshops.Date) ([]fairshops.Event, error) {
		to, err := Next(c.State, moveOf(in.Kind), who.Role)
		if err != nil {
			return nil, err
		}
		a := Answer{Kind: in.Kind, Reason: strings.TrimSpace(in.Reason), By: who.Role, At: now}
		if in.Amount != nil {
			m := in.Amount.Round()
			a.Amount = &m
		}
		c.State = to
		c.Answers = append(c.Answers, a)
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: who, Action: "answered",
			Detail: string(in.Kind)})
		evs := []fairshops.Event{}
		ev, err := newEvent(EventAnswered, c, now, EventData{Answer: in.Kind})
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
		if to.Final() {
			ev, err := newEvent(EventClosed, c, now, EventData{})
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
		return evs, nil
	}
}

// act loads the claim for its shop, applies f and stores the result with
// f's events; a Conflict is retried on the fresh claim.
func (s *Service) act(ctx context.Context, op string, p fairshops.Principal, id string,
	f func(*Claim, time.Time, fairshops.Date) ([]fairshops.Event, error)) (*Claim, error) {
	if p.Role != fairshops.RoleShop {
		if p.Role == fairshops.RoleOperator {
			return nil, fairshops.E(op, fairshops.Forbidden, id, "the operator only reads claims", nil)
		}
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return s.apply(ctx, op, id, func(c *Claim) bool { return canRead(p, c) }, f)
}

func (s *Service) apply(ctx context.Context, op, id string, may func(*Claim) bool,
	f func(*Claim, time.Time, fairshops.Date) ([]fairshops.Event, error)) (*Claim, error) {
	for attempt := 0; ; attempt++ {
		c, err := s.store.Get(ctx, id)
		if err != nil {
			return nil, fairshops.Wrap(op, id, err)
		}
		if !may(c) {
			return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
		}
		now, today := s.now()
		evs, err := f(c, now, today)
		if err != nil {
			return nil, fairshops.Wrap(op, id, err)
		}
		c.NextDue, c.UpdatedAt = c.Timer(), now
		err = s.store.Update(ctx, c, evs)
		if err == nil {
			return outward(c), nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return nil, fairshops.Wrap(op, id, err)
		}
	}
}
