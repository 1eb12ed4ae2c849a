package figures

import (
	"context"
	"errors"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Config holds what a Service needs.
type Config struct {
	Store Store
	// Shops is the registry: whether a shop exists and opted in to public
	// figures, and where the opt-in is changed.
	Shops *fairshops.Registry
}

// Service answers the figures of a shop to whoever may read them.
type Service struct{ cfg Config }

// NewService returns a Service; Invalid when the Config lacks a part.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Shops == nil {
		return nil, fairshops.E("figures.NewService", fairshops.Invalid, "", "store and shops are required", nil)
	}
	return &Service{cfg: cfg}, nil
}

// Report is the figures of a shop over some months, as a reader sees them.
type Report struct {
	ShopID string         `json:"shop"`
	From   fairshops.Date `json:"from"` // the first day of the first month
	To     fairshops.Date `json:"to"`   // the last day of the last month
	// Public is true for the public's view: figures drawn from fewer
	// than MinPublic cases are withheld (null).
	Public    bool        `json:"public"`
	MinPublic int         `json:"min_public"`
	Months    []MonthView `json:"months"`
}

// MonthView is one month of a Report. A nil figure is not there: nothing
// to compute it from, or (Public) withheld.
type MonthView struct {
	Month       string `json:"month"` // YYYY-MM
	month       Month
	Withheld    bool    `json:"withheld"` // Public, and fewer than MinPublic complaints
	Complaints  *int    `json:"complaints"`
	Answered    *int    `json:"answered"`
	MedianDays  *int    `json:"answer_days_median"`
	P90Days     *int    `json:"answer_days_p90"`
	OnTime      *int    `json:"on_time"`
	Decided     *int    `json:"deadlines_decided"`
	OnTimePct   *Tenths `json:"on_time_percent"`
	Orders      *int    `json:"orders"`
	PerThousand *Tenths `json:"complaints_per_1000_orders"`
	Requests    *int    `json:"mediation_requests"`
	Accepted    *int    `json:"mediation_accepted"`
	AcceptPct   *Tenths `json:"mediation_accepted_percent"`
	Settled     *int    `json:"settlements"`
	Kept        *int    `json:"settlements_kept"`
	KeptPct     *Tenths `json:"settlements_kept_percent"`
}

// Counts returns the month's counts as the store gave them (all of them,
// also in a public view: for tests and the server's own use only).
func (v MonthView) Counts() Month { return v.month }

func ptr[T any](v T) *T { return &v }

func opt(t Tenths, ok bool) *Tenths {
	if !ok {
		return nil
	}
	return &t
}

// View turns the counts of a month into what a reader sees: everything for
// the shop and the operator; for the public (public true) nothing of a
// month with fewer than MinPublic complaints, no acceptance from fewer
// than MinPublic decided requests, no share kept from fewer than MinPublic
// settlements, and never the raw order count.
func View(m Month, public bool) MonthView {
	v := MonthView{Month: m.Month.String()[:7], month: m}
	if public && m.Complaints < MinPublic {
		v.Withheld = true
		return v
	}
	v.Complaints, v.Answered, v.OnTime = ptr(m.Complaints), ptr(m.Answered), ptr(m.OnTime)
	v.Decided = ptr(m.Decided())
	if m.Answered > 0 {
		v.MedianDays, v.P90Days = ptr(m.MedianDays), ptr(m.P90Days)
	}
	v.OnTimePct = opt(m.OnTimeShare())
	v.PerThousand = opt(m.PerThousandOrders())
	if m.OrdersReported && !public {
		v.Orders = ptr(m.Orders)
	}
	if !public || m.Requests >= MinPublic {
		v.Requests, v.Accepted = ptr(m.Requests), ptr(m.Accepted)
		v.AcceptPct = opt(m.AcceptanceShare())
	}
	if !public || m.Settled >= MinPublic {
		v.Settled, v.Kept = ptr(m.Settled), ptr(m.Kept)
		v.KeptPct = opt(m.KeptShare())
	}
	return v
}

// mayRead: the shop itself or the operator.
func mayRead(p fairshops.Principal, shopID string) bool {
	return p.Role == fairshops.RoleOperator || (p.Role == fairshops.RoleShop && p.ShopID == shopID)
}

// LastMonths is the query of the n months up to and including today's.
func LastMonths(shopID string, today fairshops.Date, n int) Query {
	return Query{ShopID: shopID, From: MonthOf(today).AddMonths(1 - n), To: today, Today: today}
}

// Figures returns the shop's figures for the shop itself or the operator;
// NotFound for anyone else and for an unknown shop (nobody learns which
// shops exist from it). q.ShopID names the shop.
func (s *Service) Figures(ctx context.Context, p fairshops.Principal, q Query) (Report, error) {
	const op = "figures.Service.Figures"
	if !mayRead(p, q.ShopID) {
		return Report{}, fairshops.E(op, fairshops.NotFound, q.ShopID, "", nil)
	}
	if _, err := s.cfg.Shops.Shop(ctx, q.ShopID); err != nil {
		return Report{}, fairshops.Wrap(op, q.ShopID, err)
	}
	return s.report(ctx, op, q, false)
}

// Public returns the figures the public may see: only of a shop that
// opted in (NotFound otherwise, as for an unknown shop), with the small
// figures withheld (View).
func (s *Service) Public(ctx context.Context, q Query) (Report, error) {
	const op = "figures.Service.Public"
	sh, err := s.cfg.Shops.Shop(ctx, q.ShopID)
	if err != nil {
		return Report{}, fairshops.Wrap(op, q.ShopID, err)
	}
	if !sh.PublicFigures {
		return Report{}, fairshops.E(op, fairshops.NotFound, q.ShopID, "figures not public", nil)
	}
	return s.report(ctx, op, q, true)
}

func (s *Service) report(ctx context.Context, op string, q Query, public bool) (Report, error) {
	if err := checkQuery(q); err != nil {
		return Report{}, fairshops.Wrap(op, q.ShopID, err)
	}
	months, err := s.cfg.Store.Figures(ctx, q)
	if err != nil {
		return Report{}, fairshops.Wrap(op, q.ShopID, err)
	}
	r := Report{ShopID: q.ShopID, From: MonthOf(q.From), To: q.End(), Public: public, MinPublic: MinPublic,
		Months: make([]MonthView, len(months))}
	for i, m := range months {
		r.Months[i] = View(m, public)
	}
	return r, nil
}

// checkQuery refuses a range that is empty or longer than MaxMonths.
func checkQuery(q Query) error {
	var p fairshops.Problems
	switch {
	case q.From.IsZero():
		p.Add("from", fairshops.ReasonRequired)
	case q.To.IsZero():
		p.Add("to", fairshops.ReasonRequired)
	case MonthOf(q.To).Before(MonthOf(q.From)):
		p.Add("to", fairshops.ReasonBefore, "from")
	case MonthOf(q.From).AddMonths(MaxMonths).Before(MonthOf(q.To).AddDays(1)):
		p.Add("to", fairshops.ReasonTooMany, MaxMonths)
	}
	return p.Err("figures.Query")
}

// SetOrders records the shop's order count for a month: the shop itself or
// the operator; NotFound for anyone else. A negative count, or a month
// after today's, is Invalid.
func (s *Service) SetOrders(ctx context.Context, p fairshops.Principal, shopID string, month fairshops.Date, orders int) error {
	const op = "figures.Service.SetOrders"
	if !mayRead(p, shopID) {
		return fairshops.E(op, fairshops.NotFound, shopID, "", nil)
	}
	var pr fairshops.Problems
	if month.IsZero() {
		pr.Add("month", fairshops.ReasonRequired)
	} else if MonthOf(month).After(MonthOf(s.cfg.Shops.Today())) {
		pr.Add("month", fairshops.ReasonInFuture)
	}
	if orders < 0 {
		pr.Add("orders", fairshops.ReasonNegative)
	}
	if err := pr.Err(op); err != nil {
		return err
	}
	if _, err := s.cfg.Shops.Shop(ctx, shopID); err != nil {
		return fairshops.Wrap(op, shopID, err)
	}
	return fairshops.Wrap(op, shopID, s.cfg.Store.SetOrders(ctx, shopID, MonthOf(month), orders))
}

// SetPublic opts the shop in to public figures (on) or out: the shop's own
// choice, so only the shop itself may make it (NotFound for anyone else).
// It is a change of the shop (fairshops.Registry.Update), so the public
// view's cache sees it at once.
func (s *Service) SetPublic(ctx context.Context, p fairshops.Principal, shopID string, on bool) (*fairshops.Shop, error) {
	const op = "figures.Service.SetPublic"
	if p.Role != fairshops.RoleShop || p.ShopID != shopID {
		return nil, fairshops.E(op, fairshops.NotFound, shopID, "", nil)
	}
	for attempt := 0; ; attempt++ {
		sh, err := s.cfg.Shops.Shop(ctx, shopID)
		if err != nil {
			return nil, fairshops.Wrap(op, shopID, err)
		}
		if sh.PublicFigures == on {
			return sh, nil
		}
		sh, err = s.cfg.Shops.Update(ctx, shopID, sh.Version, func(x *fairshops.Shop) error {
			x.PublicFigures = on
			return nil
		})
		if err == nil {
			return sh, nil
		}
		if attempt >= 2 || !errors.Is(err, fairshops.ErrConflict) {
			return nil, fairshops.Wrap(op, shopID, err)
		}
	}
}
