package carrierclaim

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// InTime is the operator's figure "transit complaints with a claim opened
// in time": Transit counts the complaints whose pre-check (the filed one, or
// the latest re-check; Applies) found the transit risk on the shop, InTime
// those of them whose claim was opened no later than its notice deadline
// (Claim.OpenedInTime). Store.InTime computes it in one query.
type InTime struct {
	Transit int `json:"transit"`
	InTime  int `json:"in_time"`
}

// InTimeFigure returns the figure over every shop, to the operator only
// (Forbidden for anyone else).
func (s *Service) InTimeFigure(ctx context.Context, p fairshops.Principal) (InTime, error) {
	const op = "carrierclaim.Service.InTimeFigure"
	if p.Role != fairshops.RoleOperator {
		return InTime{}, fairshops.E(op, fairshops.Forbidden, "", "operator only", nil)
	}
	f, err := s.store.InTime(ctx)
	return f, fairshops.Wrap(op, "", err)
}
