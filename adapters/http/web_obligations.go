package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The obligations of a settlement on the parties' case section and the
// operator's case page (docs/adr-settlement-obligations.md): each with its
// date in words and its state; a party confirms with one button what it
// did or received ("money received"), the form posting the move "confirm"
// with the obligation's ID to the case's move route; the operator sees
// missed ones highlighted and the case reopened, and closes the reopening.

// obligationView is one obligation in words.
type obligationView struct {
	ID        string
	Text      string // who owes what by when
	State     string // the state in words
	StateCode string
	Missed    bool
	GraceEnd  fairshops.Date
	Confirm   string // the label of the party's confirm button; "" when it has nothing to confirm
	// NotReceived is the label of the receiving party's button "not
	// received" once it may report that (mediation.NotReceivedAfterDays
	// after the owing party's confirmation); before, NotReceivedFrom is
	// the day from which it may.
	NotReceived     string
	NotReceivedFrom fairshops.Date
	// Disputed: reported as not received on DisputedOn; the operator's
	// page offers the two outcomes.
	Disputed   bool
	DisputedOn fairshops.Date
}

// obligationViews renders the obligations of a case for party (the
// operator gets no confirm buttons).
func (h *Handler) obligationViews(cs *mediation.Case, party fairshops.Role, lang fairshops.Language) []obligationView {
	var out []obligationView
	today := h.reg.Today()
	for _, o := range cs.Obligations {
		v := obligationView{ID: o.ID, Text: o.Text(lang), StateCode: string(o.State), Missed: o.Missed(),
			GraceEnd: o.GraceEnd, State: h.web.t(lang, "case.obligation.state."+string(o.State)),
			Disputed: o.State == mediation.ObligationDisputed, DisputedOn: o.DisputedOn}
		if cs.State == mediation.Settled {
			kind := obligationKind(o.Action)
			switch {
			case party == o.Party && o.SentAt.IsZero():
				v.Confirm = h.web.t(lang, "case.obligation.sent."+kind)
			case party == o.Receiver() && o.ReceivedAt.IsZero():
				v.Confirm = h.web.t(lang, "case.obligation.received."+kind)
			}
			if party == o.Receiver() && o.State == mediation.ObligationSent {
				if from := o.NotReceivedFrom(); today.Before(from) {
					v.NotReceivedFrom = from
				} else {
					v.NotReceived = h.web.t(lang, "case.obligation.not_received."+kind)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// obligationKind groups actions by the words of their confirm buttons.
func obligationKind(a mediation.Action) string {
	switch a {
	case mediation.ActRefund:
		return "money"
	case mediation.ActReturnGoods, mediation.ActProvideGoods, mediation.ActReplace, mediation.ActDeliver,
		mediation.ActRepair:
		return "goods"
	}
	return "other"
}

// caseObligationMove is a party's move on one obligation of the settlement
// (form field obligation): "confirm" (mediation.Service.ConfirmObligation)
// or "not_received" (ReportNotReceived).
func caseObligationMove(ctx context.Context, p fairshops.Principal, caseID, obligation string,
	move func(context.Context, fairshops.Principal, string, string) (*mediation.Case, error)) error {
	if obligation == "" {
		var pr fairshops.Problems
		pr.Add("obligation", fairshops.ReasonRequired)
		return pr.Err("web.obligation")
	}
	_, err := move(ctx, p, caseID, obligation)
	return err
}

// opResolveObligation answers POST /operator/cases/{id}/obligations/resolve
// (form fields obligation, outcome received or not_received): the
// operator's outcome of a disputed obligation.
func (h *Handler) opResolveObligation(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	var pr fairshops.Problems
	ob := r.PostFormValue("obligation")
	if ob == "" {
		pr.Add("obligation", fairshops.ReasonRequired)
	}
	received := obligationOutcome(&pr, r.PostFormValue("outcome"))
	err := pr.Err("web.resolveObligation")
	if err == nil {
		_, err = h.mediation.ResolveObligation(r.Context(), opMediator(c), id, ob, received)
	}
	h.opCaseFormDone(w, r, c, id, err, "op_obligation_resolved", func(f string) string {
		if f == "outcome" {
			return h.web.t(c.lang, "op.case.obligation.action")
		}
		return h.web.t(c.lang, "op.case.obligation")
	})
}

// opReopenedRows returns the queue rows of the cases a missed obligation
// reopened that rows does not hold yet: first in the queue, highlighted.
func (h *Handler) opReopenedRows(ctx context.Context, p fairshops.Principal, shopID string, lang fairshops.Language,
	rows []opCaseRow) ([]opCaseRow, bool, error) {
	cases, truncated, err := h.allCases(ctx, p, mediation.Filter{ShopID: shopID, Reopened: true})
	if err != nil {
		return rows, false, err
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.ID] = true
	}
	for _, cs := range cases {
		if seen[cs.ID] {
			continue
		}
		label := "op.queue.reopened"
		if !slices.ContainsFunc(cs.Obligations, mediation.Obligation.Missed) {
			label = "op.queue.reopened_disputed" // reopened by a report, nothing missed
		}
		rows = append(rows, opCaseRow{ID: cs.ID, Complaint: cs.ComplaintID, Shop: cs.ShopID, State: cs.State.Name(lang),
			Deadline: h.web.t(lang, label), Due: cs.ReopenedOn, Overdue: true, Reopened: true})
	}
	return rows, truncated, nil
}
