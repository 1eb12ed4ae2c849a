package complaint

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The two methods in this file are the complaint side of a mediation case
// (package mediation adapts them to its Complaints port with ComplaintsOf).
// They check no principal: the mediation service decides who may open a
// case, so they must never be reachable from a caller's request directly.

// escalator is the name the history records for an escalation made on
// behalf of a mediation case (the operator's staff name field).
const escalator = "mediation"

// ForCase returns the complaint with the ID for the mediation service, which
// opens a case on it: unlike Get it includes the token hash, which a case
// copies so that the consumer can act on it with the same private link.
// An unknown ID gets NotFound.
func (s *Service) ForCase(ctx context.Context, id string) (*Complaint, error) {
	const op = "complaint.ForCase"
	if id == "" {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	return c, nil
}

// MarkEscalated moves a forwarded or answered complaint to escalated when
// the case caseID opens on it, as the operator named "mediation" (through
// Escalate, so the history and the events record the move like any other).
// For a complaint that is escalated already it does nothing, so a retried
// opening succeeds; any other state is refused with NotAllowed.
func (s *Service) MarkEscalated(ctx context.Context, complaintID, caseID string) error {
	const op = "complaint.MarkEscalated"
	c, err := s.store.Get(ctx, complaintID)
	if err != nil {
		return fairshops.Wrap(op, complaintID, err)
	}
	if c.State == Escalated {
		return nil
	}
	if _, err := s.Escalate(ctx, fairshops.AsOperator(escalator), complaintID); err != nil {
		// Lost a race with another escalation: that is the state we want.
		if again, gerr := s.store.Get(ctx, complaintID); gerr == nil && again.State == Escalated {
			return nil
		}
		return fairshops.E(op, fairshops.KindOf(err), complaintID, "case "+caseID, err)
	}
	return nil
}
