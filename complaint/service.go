package complaint

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// Shops gives the registered shop, whose bookings say whether it may
// receive complaints and whose seat (Shop.State) ends the shop's periods in
// the pre-check (rules revision 2, BGB §193); one read serves both.
// *fairshops.Registry satisfies it. Unknown shops give an error of kind
// NotFound.
type Shops interface {
	Shop(ctx context.Context, id string) (*fairshops.Shop, error)
}

// Config holds the dependencies and settings of a Service. Store and Shops
// are required; every other field has a default.
type Config struct {
	Store Store // required
	Shops Shops // required: is the complaint service booked?
	// Clock is the source of every time and date (default: the system clock).
	Clock fairshops.Clock
	// Location is where dates are read (default: Europe/Berlin).
	Location *time.Location
	// State is the federal state whose public holidays end the shop's
	// answer period (BGB §193; default: calendar.National). Since rules
	// revision 2 it no longer decides the pre-check's periods: those end
	// by the consumer's state (a fact) and the shop's registered seat
	// (fairshops.Shop.State), and by every state's end where these are
	// unknown.
	State calendar.State
	// AnswerDays is the shop's answer period in days from forwarding
	// (default 7).
	AnswerDays int
	// ReminderDays is how many days before the end of the answer period the
	// shop is reminded (default 2; negative: no reminders).
	ReminderDays int
	// ManualForward leaves pre-checked complaints for the operator to
	// forward (Service.Forward). By default (false) the Service forwards
	// every complaint to the shop at once when it is filed.
	ManualForward bool
	// Catalogue decides which standard violations the pre-check names
	// (default: fairshops.DefaultCatalogue()).
	Catalogue *fairshops.Catalogue
	// Rand is the source of consumer tokens (default: crypto/rand.Reader).
	Rand io.Reader
	// Logger receives one line per timer run and per failure (default:
	// discard). It never gets tokens or personal data.
	Logger *slog.Logger
	// Links mails the consumer's private links: the confirmation at filing
	// and the links sent again on request (links.go). Nil: no such mails;
	// the caller shows the filing's token, and ResendLinks mails nothing.
	Links LinkMailer
	// Overviews keeps the tokens of the overview links that ResendLinks
	// mails; nil: the mail carries no overview link.
	Overviews OverviewStore
	// OverviewTTL is how long an overview link works (default
	// DefaultOverviewTTL).
	OverviewTTL time.Duration
	// Files keeps attachments (evidence); without it the attachment
	// methods answer NotAllowed.
	Files Files
	// MaxFiles bounds the attachments of one complaint (default
	// DefaultMaxFiles); MaxFileBytes the size of one file (default
	// DefaultMaxFileBytes).
	MaxFiles     int
	MaxFileBytes int64
	// Cases erases the personal data of a complaint's mediation cases when
	// the complaint is erased (Erase; mediation.NewEraser). Nil: there are
	// no cases to erase.
	Cases CaseEraser
	// ADRDirective offers the consumer a human review of the automated
	// pre-check (the revised ADR Directive (EU) 2025/2647; review.go,
	// docs/adr-adr-directive.md). Off: RequestReview is NotAllowed.
	ADRDirective bool
}

// Defaults of Config.
const (
	DefaultAnswerDays   = 7
	DefaultReminderDays = 2
	// maxRetries bounds the retries after a Conflict where a retry is safe:
	// the change is worked out again from the fresh complaint.
	maxRetries = 3
	// dueBatch is the page size of one Store.Due call in ProcessDue.
	dueBatch = 100
)

// Service is the complaint service as the rest of the product uses it
// (the HTTP layer, a shop platform, the mediation module): it validates,
// pre-checks, authorises, applies the lifecycle and writes each change with
// its history entries and events in one Store call.
type Service struct {
	store   Store
	shops   Shops
	clock   fairshops.Clock
	loc     *time.Location
	d       deadlines
	manual  bool
	options precheck.Options
	rand    io.Reader
	log     *slog.Logger

	links       LinkMailer
	overviews   OverviewStore
	overviewTTL time.Duration
	files       fileConfig
	cases       CaseEraser
	directive   bool // Config.ADRDirective
}

// NewService checks the config and returns a Service.
func NewService(cfg Config) (*Service, error) {
	const op = "complaint.NewService"
	var p fairshops.Problems
	if cfg.Store == nil {
		p.Add("Store", fairshops.ReasonRequired)
	}
	if cfg.Shops == nil {
		p.Add("Shops", fairshops.ReasonRequired)
	}
	if !cfg.State.Valid() {
		p.Add("State", fairshops.ReasonUnknownValue, cfg.State.String())
	}
	if cfg.AnswerDays < 0 || cfg.AnswerDays > 365 {
		p.Add("AnswerDays", fairshops.ReasonInvalidFormat, "0 to 365 days")
	}
	if cfg.MaxFiles < 0 {
		p.Add("MaxFiles", fairshops.ReasonNegative)
	}
	if cfg.MaxFileBytes < 0 {
		p.Add("MaxFileBytes", fairshops.ReasonNegative)
	}
	if err := p.Err(op); err != nil {
		return nil, err
	}
	s := &Service{files: newFileConfig(cfg), store: cfg.Store, shops: cfg.Shops, clock: cfg.Clock, loc: cfg.Location,
		manual: cfg.ManualForward, rand: cfg.Rand, log: cfg.Logger,
		cases: cfg.Cases, directive: cfg.ADRDirective, links: cfg.Links, overviews: cfg.Overviews, overviewTTL: cfg.OverviewTTL,
		d: deadlines{answerDays: cfg.AnswerDays, reminderDays: cfg.ReminderDays, state: cfg.State}}
	if s.clock == nil {
		s.clock = fairshops.SystemClock{}
	}
	if s.loc == nil {
		s.loc = fairshops.Berlin()
	}
	if s.d.answerDays == 0 {
		s.d.answerDays = DefaultAnswerDays
	}
	if s.d.reminderDays == 0 {
		s.d.reminderDays = DefaultReminderDays
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.overviewTTL <= 0 {
		s.overviewTTL = DefaultOverviewTTL
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.options = precheck.Options{Catalogue: cfg.Catalogue}
	return s, nil
}

// now returns the time of the clock, in UTC and to the microsecond (what
// every store keeps, so history hashes survive a round trip), and its date.
func (s *Service) now() (time.Time, fairshops.Date) {
	t := s.clock.Now()
	return t.UTC().Truncate(time.Microsecond), fairshops.DateOf(t, s.loc)
}

// Submit files a complaint about the shop: it validates the intake (every
// wrong field at once), checks that the shop has the complaint service
// booked today (field "shop", reason not_booked), pre-checks the facts as of
// today, and stores the complaint with its history and events in one unit of
// work: submitted -> checked -> forwarded (unless Config.ManualForward), and a
// complaint that only voices displeasure is confirmed (closed) at once after
// forwarding. It returns the complaint and the consumer's private token,
// which exists nowhere else: show it once and forget it.
func (s *Service) Submit(ctx context.Context, shopID string, in Intake) (*Complaint, fairshops.Token, error) {
	const op = "complaint.Service.Submit"
	now, today := s.now()
	var p fairshops.Problems
	if err := in.Validate(today); err != nil && !p.Merge("", err) {
		return nil, "", fairshops.E(op, fairshops.Internal, "", "", err)
	}
	var shop *fairshops.Shop
	if shopID == "" {
		p.Add("shop", fairshops.ReasonRequired)
	} else {
		var err error
		if shop, err = s.shops.Shop(ctx, shopID); err != nil {
			return nil, "", fairshops.Wrap(op, shopID, err)
		}
		if !shop.EntitlementsOn(today).ReceivesComplaints() {
			p.Add("shop", fairshops.ReasonNotBooked)
		}
	}
	if err := p.Err(op); err != nil {
		return nil, "", err
	}
	opts := s.precheckOptions(shop)
	token, err := fairshops.NewToken(s.rand)
	if err != nil {
		return nil, "", fairshops.E(op, fairshops.Internal, "", "draw token", err)
	}
	ref, err := NewReference(s.rand)
	if err != nil {
		return nil, "", fairshops.E(op, fairshops.Internal, "", "draw reference", err)
	}
	lang := in.Lang
	if lang == "" {
		lang = fairshops.German
	}
	c := &Complaint{
		ID: fairshops.NewOrderedID("c", now), Reference: ref, ShopID: shopID, Lang: lang, Facts: cloneFacts(in.Facts),
		Contact: in.Contact, OrderRef: in.OrderRef, State: Submitted, TokenHash: token.Hash(),
		CreatedAt: now, UpdatedAt: now,
	}
	ch := &change{c: c, at: now}
	system := fairshops.Actor{Role: fairshops.RoleSystem}
	c.record(now, fairshops.Actor{Role: fairshops.RoleConsumer}, "submitted", "category "+string(c.Facts.Category))
	if err := ch.emit(EventSubmitted, toConsumer, nil); err != nil {
		return nil, "", fairshops.E(op, fairshops.Internal, c.ID, "", err)
	}
	c.Precheck = precheck.Check(c.Facts, today, opts)
	err = ch.move(MoveCheck, system, today, s.d, "clarity "+string(c.Precheck.Clarity))
	if err == nil && !s.manual {
		err = ch.move(MoveForward, system, today, s.d, "")
		if err == nil && c.Displeasure() {
			err = ch.move(MoveConfirmDispleasure, system, today, s.d, "")
		}
	}
	if err != nil {
		return nil, "", fairshops.E(op, fairshops.Internal, c.ID, "file", err)
	}
	// A clash of the reference with a stored one is a Conflict (the unique
	// key); a fresh draw ends it.
	for attempt := 0; ; attempt++ {
		err = s.store.Create(ctx, c, ch.events)
		if err == nil {
			break
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return nil, "", fairshops.Wrap(op, c.ID, err)
		}
		if c.Reference, err = NewReference(s.rand); err != nil {
			return nil, "", fairshops.E(op, fairshops.Internal, c.ID, "draw reference", err)
		}
		for i := range ch.events {
			if err := setEventReference(&ch.events[i], c.Reference); err != nil {
				return nil, "", fairshops.E(op, fairshops.Internal, c.ID, "", err)
			}
		}
	}
	s.log.InfoContext(ctx, "complaint filed", "complaint", c.ID, "shop", shopID, "state", string(c.State))
	s.mailFiled(ctx, c, token)
	return outward(c), token, nil
}

// precheckOptions are the pre-check's options for a complaint about the
// shop: the shop's registered seat. A seat that is no known state counts as
// none.
func (s *Service) precheckOptions(shop *fairshops.Shop) precheck.Options {
	opts := s.options
	if st, err := calendar.ParseState(shop.State); err == nil {
		opts.ShopState = st
	}
	return opts
}

// Get returns the complaint with the ID if p may read it (see the package doc, Access).
func (s *Service) Get(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	c, err := s.load(ctx, "complaint.Service.Get", p, id)
	if err != nil {
		return nil, err
	}
	return outwardFor(p, c), nil
}

// List returns one page of complaints (see Filter for order and paging).
// The operator sees every complaint; a shop its own complaints from their
// forwarding on (Filter.ShopID must be empty or its own ID; the Service
// sets it and Filter.Forwarded); consumers list nothing (Forbidden): they
// read their complaint by ID and token.
func (s *Service) List(ctx context.Context, p fairshops.Principal, f Filter) ([]*Complaint, error) {
	const op = "complaint.Service.List"
	if !wellFormed(p) || p.Role == fairshops.RoleConsumer {
		return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
	}
	if p.Role == fairshops.RoleShop {
		if f.ShopID != "" && f.ShopID != p.ShopID {
			return nil, fairshops.E(op, fairshops.Forbidden, f.ShopID, "another shop's complaints", nil)
		}
		f.ShopID, f.Forwarded = p.ShopID, true
	}
	var pr fairshops.Problems
	for i, st := range f.States {
		if !st.Valid() {
			pr.Add("states["+strconv.Itoa(i)+"]", fairshops.ReasonUnknownValue, string(st))
		}
	}
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	f.Limit = fairshops.PageLimit(f.Limit)
	list, err := s.store.List(ctx, f)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	for i, c := range list {
		list[i] = outwardFor(p, c)
	}
	return list, nil
}

// AddMessage adds a message to the complaint's thread. The body is
// required, at most MaxMessage characters, plain text (newlines and tabs
// allowed, no other control characters, no HTML). The shop's first message
// on a forwarded complaint is its answer: the complaint moves to answered.
// A Conflict with a concurrent change is retried on the fresh complaint.
func (s *Service) AddMessage(ctx context.Context, p fairshops.Principal, id, body string) (*Complaint, error) {
	const op = "complaint.Service.AddMessage"
	var pr fairshops.Problems
	checkBody(&pr, "body", body)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	msgID := fairshops.NewID("m")
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, today fairshops.Date) error {
		return ch.message(p.Actor(), msgID, body, today, s.d)
	})
}

// Forward forwards a pre-checked complaint to the shop and starts the
// shop's answer period (operator only; needed with Config.ManualForward).
func (s *Service) Forward(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.Forward", p, id, MoveForward)
}

// Resolve marks the complaint as settled (the consumer or the operator).
func (s *Service) Resolve(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.Resolve", p, id, MoveResolve)
}

// Withdraw withdraws the complaint (the consumer, while it is open).
func (s *Service) Withdraw(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.Withdraw", p, id, MoveWithdraw)
}

// Escalate hands the complaint on to dispute moderation (the consumer or
// the operator, once it was forwarded and before it is final). Whether the
// shop's mediation mode allows a case is for the mediation module to decide
// before it calls Escalate.
func (s *Service) Escalate(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.Escalate", p, id, MoveEscalate)
}

// CloseDeadlineMissed closes a forwarded complaint whose answer period is
// over without an answer from the shop (the consumer or the operator).
func (s *Service) CloseDeadlineMissed(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.CloseDeadlineMissed", p, id, MoveCloseDeadlineMissed)
}

// ConfirmDispleasure confirms the forwarding of a complaint that only voices
// displeasure and closes it (the operator; with Config.ManualForward, after
// Forward).
func (s *Service) ConfirmDispleasure(ctx context.Context, p fairshops.Principal, id string) (*Complaint, error) {
	return s.moveBy(ctx, "complaint.Service.ConfirmDispleasure", p, id, MoveConfirmDispleasure)
}

// moveBy makes one lifecycle move on behalf of p. A Conflict is returned,
// not retried: p decided on the complaint as they saw it.
func (s *Service) moveBy(ctx context.Context, op string, p fairshops.Principal, id string, m Move) (*Complaint, error) {
	return s.act(ctx, op, p, id, 0, func(ch *change, today fairshops.Date) error {
		return ch.move(m, p.Actor(), today, s.d, "")
	})
}

// load reads the complaint for p: Forbidden for a malformed principal,
// NotFound when there is no such complaint or p may not read it.
func (s *Service) load(ctx context.Context, op string, p fairshops.Principal, id string) (*Complaint, error) {
	if !wellFormed(p) {
		return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	if !canRead(p, c) {
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return c, nil
}

// act loads the complaint for p, applies fn to it and writes the result with
// its events in one Update, retrying up to retries times after a Conflict.
func (s *Service) act(ctx context.Context, op string, p fairshops.Principal, id string, retries int,
	fn func(ch *change, today fairshops.Date) error) (*Complaint, error) {
	for attempt := 0; ; attempt++ {
		c, err := s.load(ctx, op, p, id)
		if err != nil {
			return nil, err
		}
		now, today := s.now()
		ch := &change{c: c, at: now}
		if err := fn(ch, today); err != nil {
			return nil, wrapMove(op, id, err)
		}
		c.UpdatedAt = now
		err = s.store.Update(ctx, c, ch.events)
		if err == nil {
			return outwardFor(p, c), nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= retries {
			return nil, fairshops.Wrap(op, id, err)
		}
	}
}

// DueReport tells what one ProcessDue run did.
type DueReport struct {
	Reminders int // reminder events emitted
	Missed    int // deadline_missed events emitted
	Resumed   int // paused clocks that ran again without an answer (clock_resumed)
	Reviews   int // reviews whose deadline passed without an answer (review_overdue)
	Failed    int // complaints left for the next run after an error
}

// ProcessDue fires the timers due today: for every forwarded complaint
// without an answer, the reminder once its day has come and the
// deadline_missed event once the answer period is over. Each fires exactly
// once per complaint: the complaint records it in the same Update that
// writes the event, and a Conflict (another run, a concurrent answer) is
// retried on the fresh complaint, which then may have nothing left to do.
// A server calls it from a ticker; a failure on one complaint is logged and
// counted, and the run goes on; only a failing Store.Due or a canceled
// context ends it early with an error.
func (s *Service) ProcessDue(ctx context.Context) (DueReport, error) {
	const op = "complaint.Service.ProcessDue"
	var r DueReport
	_, today := s.now()
	seen := map[string]bool{}
	for {
		batch, err := s.store.Due(ctx, today, dueBatch)
		if err != nil {
			return r, fairshops.Wrap(op, "", err)
		}
		fresh := 0
		for _, c := range batch {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			fresh++
			types, err := s.tick(ctx, c, today)
			switch {
			case err != nil && ctx.Err() != nil:
				return r, fairshops.Wrap(op, c.ID, err)
			case err != nil:
				r.Failed++
				s.log.ErrorContext(ctx, "complaint timer failed", "complaint", c.ID, "error", err)
			}
			for _, typ := range types {
				switch typ {
				case EventReminder:
					r.Reminders++
				case EventDeadlineMissed:
					r.Missed++
				case EventClockResumed:
					r.Resumed++
				case EventReviewOverdue:
					r.Reviews++
				}
			}
		}
		if fresh == 0 || len(batch) < dueBatch {
			break
		}
	}
	if r != (DueReport{}) {
		s.log.InfoContext(ctx, "complaint timers", "reminders", r.Reminders, "missed", r.Missed, "resumed", r.Resumed, "reviews", r.Reviews, "failed", r.Failed)
	}
	return r, nil
}

// tick fires what is due on c and returns the types of the events it
// wrote (none: nothing fired).
func (s *Service) tick(ctx context.Context, c *Complaint, today fairshops.Date) ([]string, error) {
	for attempt := 0; ; attempt++ {
		now, _ := s.now()
		ch := &change{c: c, at: now}
		reviewed, err := ch.tickReview(today)
		if err != nil {
			return nil, err
		}
		fired, err := ch.tick(today, s.d)
		if err != nil {
			return nil, err
		}
		fired = fired || reviewed
		if !fired && c.NextDue == c.Timer() {
			return nil, nil
		}
		// Nothing fired but NextDue was stale: store the right one, so the
		// complaint stops coming up as due.
		c.NextDue = c.Timer()
		c.UpdatedAt = now
		err = s.store.Update(ctx, c, ch.events)
		if err == nil {
			types := make([]string, len(ch.events))
			for i, ev := range ch.events {
				types[i] = ev.Type
			}
			return types, nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return nil, err
		}
		if c, err = s.store.Get(ctx, c.ID); err != nil {
			return nil, err
		}
	}
}

// outward is what the Service hands out: a complaint without its token hash.
func outward(c *Complaint) *Complaint {
	c.TokenHash = ""
	return c
}

// wrapMove turns a refused move into an error of the operation, keeping the
// *MoveError for errors.As.
func wrapMove(op, id string, err error) error {
	var me *MoveError
	if errors.As(err, &me) {
		return fairshops.E(op, fairshops.KindOf(err), id, "", me)
	}
	return fairshops.E(op, fairshops.KindOf(err), id, "", err)
}
