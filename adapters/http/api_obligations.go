package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/mediation"
)

// apiConfirmObligation answers POST /api/v1/cases/{id}/obligations/{oid}/confirm
// without input: a party confirms an obligation of the settlement (the
// owing party that it performed, the receiving party that it received;
// docs/adr-settlement-obligations.md). 200 with the case.
func (h *Handler) apiConfirmObligation(w http.ResponseWriter, r *http.Request) {
	h.apiObligationMove(w, r, "http.confirmObligation", (*mediation.Service).ConfirmObligation)
}

// apiReportNotReceived answers POST
// /api/v1/cases/{id}/obligations/{oid}/not-received without input: the
// receiving party reports that an obligation the owing party confirmed as
// performed did not arrive (mediation.Service.ReportNotReceived). 200 with
// the case.
func (h *Handler) apiReportNotReceived(w http.ResponseWriter, r *http.Request) {
	h.apiObligationMove(w, r, "http.reportNotReceived", (*mediation.Service).ReportNotReceived)
}

// apiObligationMove is a party's move without input on the obligation
// {oid} of the case {id}.
func (h *Handler) apiObligationMove(w http.ResponseWriter, r *http.Request, op string,
	move func(*mediation.Service, context.Context, fairshops.Principal, string, string) (*mediation.Case, error)) {
	oid := r.PathValue("oid")
	h.apiCaseEndpoint(http.StatusOK, false, []string{},
		func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, _ jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
			if err := pr.Err(op); err != nil {
				return nil, err
			}
			return move(s, ctx, p, id, oid)
		})(w, r)
}

// obligationOutcomes are the operator's outcomes of a disputed obligation.
var obligationOutcomes = []string{"received", "not_received"}

// obligationOutcome reads the operator's outcome (API field or form field
// outcome): whether the obligation was received; a value that is not one
// of obligationOutcomes is a problem in pr.
func obligationOutcome(pr *fairshops.Problems, outcome string) bool {
	if !slices.Contains(obligationOutcomes, outcome) {
		pr.Add("outcome", fairshops.ReasonUnknownValue, outcome, fairshops.OneOf(obligationOutcomes))
	}
	return outcome == "received"
}

// apiResolveObligation answers POST
// /api/v1/cases/{id}/obligations/{oid}/resolve {"outcome": "received" or
// "not_received"}: the operator records the outcome of a disputed
// obligation (mediation.Service.ResolveObligation). 200 with the case.
func (h *Handler) apiResolveObligation(w http.ResponseWriter, r *http.Request) {
	oid := r.PathValue("oid")
	h.apiCaseEndpoint(http.StatusOK, true, []string{"outcome"},
		func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
			outcome := o.Str(pr, "outcome", true)
			var received bool
			if outcome != "" { // a missing one is reported as required already
				received = obligationOutcome(pr, outcome)
			}
			if err := pr.Err("http.resolveObligation"); err != nil {
				return nil, err
			}
			return s.ResolveObligation(ctx, p, id, oid, received)
		})(w, r)
}
