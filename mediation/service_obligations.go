package mediation

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// ConfirmObligation records a party's confirmation of an obligation of a
// settled case: the owing party confirms it performed (the shop "refund
// sent", the consumer "goods sent back"), the receiving party that it
// received (the consumer's one click "money received"). Only the two
// parties may confirm (Forbidden for others, as Allowed says); an unknown
// obligation is NotFound (ErrNoObligation); a case that is not settled
// NotAllowed. A repeated confirmation by the same party changes nothing and
// returns the case as stored. A confirmation after the obligation's grace
// records the miss first (EventObligationMissed), then the confirmation.
func (s *Service) ConfirmObligation(ctx context.Context, p fairshops.Principal, id, obligationID string) (*Case, error) {
	const op = "mediation.ConfirmObligation"
	c, err := s.load(ctx, p, op, id)
	if err != nil {
		return nil, err
	}
	st := s.newStep(c, p)
	changed, err := st.confirmObligation(obligationID)
	if err != nil {
		return nil, err
	}
	if !changed {
		return c.Clone(), nil
	}
	return s.save(ctx, op, st)
}

// ReportNotReceived is the receiving party's report that an obligation the
// owing party confirmed as performed did not arrive (the consumer: "the
// shop says it refunded, nothing came"). The obligation becomes
// ObligationDisputed, the case is reopened for the operator, and the
// operator and the owing party are told (EventObligationDisputed). Only the
// receiving party (Forbidden otherwise); only an obligation in state sent
// and from NotReceivedAfterDays after the owing party's confirmation on
// (NotAllowed, ErrTooEarly before); an unknown obligation is NotFound. The
// receiving party may still confirm receipt later; a disputed obligation
// counts neither as kept nor as missed until the operator records the
// outcome (ResolveObligation).
func (s *Service) ReportNotReceived(ctx context.Context, p fairshops.Principal, id, obligationID string) (*Case, error) {
	return s.act(ctx, p, "mediation.ReportNotReceived", id, func(st *step) error { return st.reportNotReceived(obligationID) })
}

// ResolveObligation records the operator's outcome of a disputed
// obligation after clearing it up with both parties: received (the
// obligation is done) or not received (it is missed from today on and
// counts against the owing party as any miss). Only the operator
// (Forbidden otherwise), only a disputed obligation (NotAllowed). The case
// stays reopened until the operator closes it (CloseReopened).
func (s *Service) ResolveObligation(ctx context.Context, p fairshops.Principal, id, obligationID string, received bool) (*Case, error) {
	return s.act(ctx, p, "mediation.ResolveObligation", id, func(st *step) error {
		return st.resolveObligation(obligationID, received)
	})
}

// CloseReopened is the operator's note that a case a missed obligation
// reopened was handled: it leaves the operator's list of reopened cases.
// The miss stays recorded on the obligation and in the shop's figures.
func (s *Service) CloseReopened(ctx context.Context, p fairshops.Principal, id string) (*Case, error) {
	return s.act(ctx, p, "mediation.CloseReopened", id, func(st *step) error { return st.closeReopened() })
}

// ObligationFigures counts the obligations of a shop's settlements kept,
// missed and still open per month of their date, from from to to (both
// included; zero dates: unbounded), with CountObligations. A shop reads its
// own figures only (its ShopID replaces shopID); the operator any shop's,
// or every shop's with an empty shopID. This is the query the service
// figures read: pure over the settled cases the store lists.
func (s *Service) ObligationFigures(ctx context.Context, p fairshops.Principal, shopID string,
	from, to fairshops.Date) ([]ObligationFigure, error) {
	const op = "mediation.ObligationFigures"
	var all []*Case
	f := Filter{ShopID: shopID, States: []State{Settled}, Limit: fairshops.MaxLimit}
	for {
		page, err := s.List(ctx, p, f)
		if err != nil {
			return nil, fairshops.Wrap(op, shopID, err)
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	return CountObligations(all, from, to), nil
}
