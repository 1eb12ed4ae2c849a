package http

import (
	"context"
	"net/http"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/mediation"
)

// apiConfirmObligation answers POST /api/v1/cases/{id}/obligations/{oid}/confirm
// without input: a party confirms an obligation of the settlement (the
// owing party that it performed, the receiving party that it received;
// docs/adr-settlement-obligations.md). 200 with the case.
func (h *Handler) apiConfirmObligation(w http.ResponseWriter, r *http.Request) {
	oid := r.PathValue("oid")
	h.apiCaseEndpoint(http.StatusOK, false, []string{},
		func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, _ jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
			if err := pr.Err("http.confirmObligation"); err != nil {
				return nil, err
			}
			return s.ConfirmObligation(ctx, p, id, oid)
		})(w, r)
}
