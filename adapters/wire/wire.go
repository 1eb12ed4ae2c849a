package wire

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// escalator is the name the complaint history records for an escalation made
// on behalf of a mediation case (the operator's staff name field).
const escalator = "mediation"

// ComplaintsForMediation returns mediation's Complaints port over the
// complaint service cs and the store it runs on. The store is read directly
// because the service never hands out a complaint's token hash, which a
// case copies so that the consumer can act on it with the same private
// link; every change still goes through cs.
//
// Complaint maps a complaint to a ComplaintInfo: Forwarded when it was
// forwarded to the shop, Open unless it is withdrawn, closed or resolved (an
// escalated complaint stays open: its case goes on), ContactedShop when the
// consumer says so in the facts or the shop was forwarded the complaint.
// MarkEscalated moves a forwarded or answered complaint to escalated as the
// operator named "mediation"; for a complaint that is escalated already it
// does nothing, so a retried opening succeeds; any other state is refused
// with NotAllowed.
func ComplaintsForMediation(cs *complaint.Service, store complaint.Store) mediation.Complaints {
	return complaints{cs: cs, store: store}
}

type complaints struct {
	cs    *complaint.Service
	store complaint.Store
}

// Complaint implements mediation.Complaints.
func (a complaints) Complaint(ctx context.Context, id string) (mediation.ComplaintInfo, error) {
	const op = "wire.Complaint"
	if id == "" {
		return mediation.ComplaintInfo{}, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	c, err := a.store.Get(ctx, id)
	if err != nil {
		return mediation.ComplaintInfo{}, fairshops.E(op, fairshops.KindOf(err), id, "", err)
	}
	forwarded := !c.ForwardedOn.IsZero()
	return mediation.ComplaintInfo{
		ID:            c.ID,
		ShopID:        c.ShopID,
		Forwarded:     forwarded,
		Open:          c.State != complaint.Withdrawn && c.State != complaint.Closed && c.State != complaint.Resolved,
		Resolved:      c.State == complaint.Resolved,
		ContactedShop: forwarded || !c.Facts.ContactedShopOn.IsZero(),
		ConsumerLang:  c.Lang,
		Facts:         c.Facts,
		Precheck:      c.Precheck,
		TokenHash:     c.TokenHash,
	}, nil
}

// MarkEscalated implements mediation.Complaints.
func (a complaints) MarkEscalated(ctx context.Context, complaintID, caseID string) error {
	const op = "wire.MarkEscalated"
	c, err := a.store.Get(ctx, complaintID)
	if err != nil {
		return fairshops.E(op, fairshops.KindOf(err), complaintID, "", err)
	}
	if c.State == complaint.Escalated {
		return nil
	}
	if _, err := a.cs.Escalate(ctx, complaint.AsOperator(escalator), complaintID); err != nil {
		// Lost a race with another escalation: that is the state we want.
		if again, gerr := a.store.Get(ctx, complaintID); gerr == nil && again.State == complaint.Escalated {
			return nil
		}
		return fairshops.E(op, fairshops.KindOf(err), complaintID, "case "+caseID, err)
	}
	return nil
}
