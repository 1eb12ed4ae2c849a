package complaint

import (
	"context"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A re-check runs the pre-check of a stored complaint again under the
// current rules (precheck.Revision) and shows what would change; see
// docs/adr-recheck.md. It never rewrites Complaint.Precheck, the answer the
// consumer saw: an operator looks at the differences (Recheck,
// RecheckOpen) and records them (ApplyRecheck) as a RecheckRecord beside
// the filed result, with a history entry and an event that reaches the
// parties only when the operator says so.

// Recheck is the dry run of a re-check of one complaint: the result it has
// now (the filed one, or the last recorded re-check's), the result of the
// current rules for the same facts as of the same check date, and the
// difference.
type Recheck struct {
	Complaint string           `json:"complaint"`
	Shop      string           `json:"shop"`
	Reference string           `json:"reference"`           // the complaint's short reference for people (KS-XXXX-XXXX)
	OrderRef  string           `json:"order_ref,omitempty"` // the consumer's order reference, to find the complaint
	State     State            `json:"state"`
	Version   int              `json:"version"` // the complaint's version, for ApplyRecheck
	Before    precheck.Result  `json:"before"`
	After     precheck.Result  `json:"after"`
	Changes   precheck.Changes `json:"changes"`
}

// RecheckRecord is a re-check an operator recorded on a complaint.
type RecheckRecord struct {
	At       time.Time        `json:"at"`
	By       string           `json:"by"`       // the operator's name
	Notified bool             `json:"notified"` // whether the parties were told
	Result   precheck.Result  `json:"result"`   // the current rules' result
	Changes  precheck.Changes `json:"changes"`  // from the result before it
}

func (r RecheckRecord) clone() RecheckRecord {
	r.Result = cloneResult(r.Result)
	r.Changes.Findings = slices.Clone(r.Changes.Findings)
	for i, fc := range r.Changes.Findings {
		fc.Before, fc.After = cloneFindingPtr(fc.Before), cloneFindingPtr(fc.After)
		fc.DatesBefore, fc.DatesAfter = slices.Clone(fc.DatesBefore), slices.Clone(fc.DatesAfter)
		r.Changes.Findings[i] = fc
	}
	r.Changes.StandardViolationsAdded = slices.Clone(r.Changes.StandardViolationsAdded)
	r.Changes.StandardViolationsRemoved = slices.Clone(r.Changes.StandardViolationsRemoved)
	r.Changes.MissingFactsAdded = slices.Clone(r.Changes.MissingFactsAdded)
	r.Changes.MissingFactsRemoved = slices.Clone(r.Changes.MissingFactsRemoved)
	return r
}

func cloneFindingPtr(f *precheck.Finding) *precheck.Finding {
	if f == nil {
		return nil
	}
	out := *f
	out.Tags = slices.Clone(f.Tags)
	out.Message.Args = slices.Clone(f.Message.Args)
	return &out
}

// CurrentPrecheck returns the pre-check result the complaint stands on: the
// result of the last recorded re-check, or the filed one.
func (c *Complaint) CurrentPrecheck() precheck.Result {
	if n := len(c.Rechecks); n > 0 {
		return c.Rechecks[n-1].Result
	}
	return c.Precheck
}

// openStates are the states RecheckOpen looks at.
func openStates() []State { return []State{Submitted, Checked, Forwarded, Answered} }

// Recheck computes, without storing anything, what the current rules say
// about the complaint's facts (operator only). The check date is the one of
// the result the complaint stands on (its as_of), not today: the re-check
// isolates the change of the rules from the passage of time. The shop's
// seat is read as it is registered now (revision 1 did not use it).
func (s *Service) Recheck(ctx context.Context, p fairshops.Principal, id string) (Recheck, error) {
	const op = "complaint.Service.Recheck"
	if err := operatorOnly(op, p); err != nil {
		return Recheck{}, err
	}
	c, err := s.load(ctx, op, p, id)
	if err != nil {
		return Recheck{}, err
	}
	r, err := s.recheck(ctx, c, nil)
	if err != nil {
		return Recheck{}, fairshops.Wrap(op, id, err)
	}
	return r, nil
}

// RecheckOpen pages through the open complaints (submitted, checked,
// forwarded, answered; in the order of Store.List, after the cursor after)
// and returns the re-checks of those whose answer changes under the current
// rules, at most limit of them (fairshops.PageLimit), and the cursor of the
// next page ("" when no complaint is left). A page may hold fewer than limit
// re-checks while the cursor is not empty: complaints whose answer does not
// change are skipped, not counted.
func (s *Service) RecheckOpen(ctx context.Context, p fairshops.Principal, after string, limit int) ([]Recheck, string, error) {
	const op = "complaint.Service.RecheckOpen"
	if err := operatorOnly(op, p); err != nil {
		return nil, "", err
	}
	limit = fairshops.PageLimit(limit)
	seats := map[string]precheck.Options{}
	out := []Recheck{}
	for {
		page, err := s.store.List(ctx, Filter{States: openStates(), After: after, Limit: limit})
		if err != nil {
			return nil, "", fairshops.Wrap(op, after, err)
		}
		for _, c := range page {
			after = c.ID
			r, err := s.recheck(ctx, c, seats)
			if err != nil {
				return nil, "", fairshops.Wrap(op, c.ID, err)
			}
			if r.Changes.Empty() {
				continue
			}
			out = append(out, r)
			if len(out) == limit {
				return out, after, nil
			}
		}
		if len(page) < limit {
			return out, "", nil
		}
	}
}

// ApplyRecheck records the re-check of the complaint (operator only): the
// current rules' result and its changes as a RecheckRecord and a history
// entry "rechecked" naming the revisions and the changes. Only with notify
// is the event complaint.rechecked written, for the consumer and, once the
// complaint was forwarded, the shop (Recipient "parties"); without, no
// event at all, since every event of the outbox also reaches the shop's
// webhook: the history entry is the record. version is the complaint's
// version the operator saw: another one is a Conflict. A final complaint,
// or one whose answer does not change, is NotAllowed: there is nothing to
// record.
func (s *Service) ApplyRecheck(ctx context.Context, p fairshops.Principal, id string, version int, notify bool) (*Complaint, error) {
	const op = "complaint.Service.ApplyRecheck"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	return s.act(ctx, op, p, id, 0, func(ch *change, _ fairshops.Date) error {
		c := ch.c
		switch {
		case c.Version != version:
			return fairshops.E("", fairshops.Conflict, "", "the complaint changed since the re-check was shown", nil)
		case c.State.Final():
			return fairshops.E("", fairshops.NotAllowed, "", "the complaint is "+string(c.State), nil)
		}
		r, err := s.recheck(ctx, c, nil)
		if err != nil {
			return err
		}
		if r.Changes.Empty() {
			return fairshops.E("", fairshops.NotAllowed, "", "the current rules give the same answer", nil)
		}
		c.Rechecks = append(c.Rechecks, RecheckRecord{At: ch.at, By: p.Name, Notified: notify,
			Result: r.After, Changes: r.Changes})
		c.record(ch.at, p.Actor(), "rechecked", r.Changes.Revisions()+": "+r.Changes.Summary())
		if !notify {
			return nil // no event: the outbox feeds the shop's webhook with every event
		}
		to := toParties
		if c.ForwardedOn.IsZero() {
			to = toConsumer // the shop sees the complaint only once it is forwarded
		}
		return ch.emit(EventRechecked, to, func(d *EventData) {
			d.FromRevision, d.ToRevision = r.Changes.FromRevision, r.Changes.ToRevision
		})
	})
}

// recheck computes the re-check of c; seats caches the pre-check options
// per shop across the complaints of one RecheckOpen (nil: no cache).
func (s *Service) recheck(ctx context.Context, c *Complaint, seats map[string]precheck.Options) (Recheck, error) {
	opts, ok := seats[c.ShopID]
	if !ok {
		shop, err := s.shops.Shop(ctx, c.ShopID)
		if err != nil {
			return Recheck{}, err
		}
		opts = s.precheckOptions(shop)
		if seats != nil {
			seats[c.ShopID] = opts
		}
	}
	before := c.CurrentPrecheck()
	asOf := before.AsOf
	if asOf.IsZero() {
		asOf = fairshops.DateOf(c.CreatedAt, s.loc)
	}
	after := precheck.Check(c.Facts, asOf, opts)
	return Recheck{Complaint: c.ID, Shop: c.ShopID, Reference: c.Reference, OrderRef: c.OrderRef, State: c.State, Version: c.Version,
		Before: cloneResult(before), After: after, Changes: precheck.Diff(before, after)}, nil
}

// operatorOnly refuses every principal but a well-formed operator.
func operatorOnly(op string, p fairshops.Principal) error {
	if p.Role != fairshops.RoleOperator || !wellFormed(p) {
		return fairshops.E(op, fairshops.Forbidden, "", "operators only", nil)
	}
	return nil
}
