package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/mediation"
)

// The dispute moderation endpoints: a case is requested on its complaint
// (POST /api/v1/complaints/{id}/mediation) and then lives under
// /api/v1/cases/{id}. The parties (the consumer with the complaint's token,
// the shop) and the operator see a case; anyone else gets 404. Who may make
// which move, and when, is the mediation service's business: 403 for a
// role that never may, 409 for a move not possible now (a refused request
// lists every reason), 422 for wrong input.

// apiCaseView is a case as the API shows it to those who may see it: the
// pre-check in the reader's language, the reason and the closing notice in
// plain words, and never the token hash.
type apiCaseView struct {
	*mediation.Case
	// TokenHash hides the case's field of the same JSON name: it is nil,
	// so the hash is never written.
	TokenHash  *string       `json:"token_hash,omitempty"`
	Precheck   precheck.View `json:"precheck"`
	StateLabel string        `json:"state_label"`
	ReasonText string        `json:"reason_text,omitempty"`
	Notice     string        `json:"notice,omitempty"`
	// Facts hides the case's facts: the complaint's facts as before, plus
	// what is settled and contested after the statements (apiCaseFacts).
	Facts apiCaseFacts `json:"facts"`
	// MergedFacts hides the stored merge; Recheck is its pre-check, when
	// statements carried facts or defences.
	MergedFacts *struct{}      `json:"merged_facts,omitempty"`
	Recheck     *precheck.View `json:"recheck,omitempty"`
}

func (h *Handler) apiCaseOut(c *mediation.Case, lang fairshops.Language) apiCaseView {
	m := c.MergedFacts()
	v := apiCaseView{Case: c, Precheck: h.precheckView(c.Precheck, lang), StateLabel: c.State.Name(lang),
		Notice: h.mediation.Notice(c, lang), Facts: apiCaseFacts{facts: c.Facts, merged: m}}
	if m.Rechecked {
		rv := h.precheckView(m.Precheck, lang)
		v.Recheck = &rv
	}
	if c.Reason != "" {
		v.ReasonText = c.Reason.Text(lang)
	}
	return v
}

// apiCaseItem is a case in a list.
type apiCaseItem struct {
	ID          string                  `json:"id"`
	ComplaintID string                  `json:"complaint"`
	Reference   string                  `json:"reference"` // the complaint's short reference for people
	OrderRef    string                  `json:"order_ref"` // the consumer's order reference, "" when none
	ShopID      string                  `json:"shop"`
	State       mediation.State         `json:"state"`
	Mode        fairshops.MediationMode `json:"mode"`
	RequestedBy fairshops.Role          `json:"requested_by"`
	RequestedOn fairshops.Date          `json:"requested_on"`
	Deadline    mediation.Deadline      `json:"deadline"`
	Version     int                     `json:"version"`
	UpdatedAt   time.Time               `json:"updated_at"`
}

// writeCaseError answers a mediation error; a refused request lists every
// reason in errors, with its plain-language text.
func (h *Handler) apiWriteCaseError(w http.ResponseWriter, r *http.Request, err error) {
	var ref *mediation.Refusal
	if !errors.As(err, &ref) {
		h.writeError(w, r, err)
		return
	}
	lang := requestLanguage(r)
	p := Problem{
		Type:   "https://konfliktservice.example/problems/" + fairshops.NotAllowed.String(),
		Title:  problemTitle(lang, fairshops.NotAllowed),
		Status: statusOf(fairshops.NotAllowed),
	}
	for _, x := range ref.Reasons {
		p.Errors = append(p.Errors, ProblemField{Field: "complaint", Code: string(x), Reason: ref.Text(x, lang)})
	}
	writeProblem(w, p)
}

// requestCase answers POST /api/v1/complaints/{id}/mediation with an
// optional body {"claim": {"kind", "amount"}} (the consumer) or {"offer":
// ...} (the shop): 201 with the case, which is open at once when the role
// that decides asked for it.
func (h *Handler) apiRequestCase(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, true)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "claim", "offer")
	in := mediation.RequestInput{ComplaintID: r.PathValue("id"), Claim: apiDecodeWant(o, &pr, "claim"),
		Offer: apiDecodeWant(o, &pr, "offer")}
	if h.apiDecodeFailed(w, r, &pr, "http.requestCase") {
		return
	}
	c, err := h.mediation.Request(r.Context(), p, in)
	if err != nil {
		h.apiWriteCaseError(w, r, err)
		return
	}
	w.Header().Set("Location", h.prefix+"/api/v1/cases/"+url.PathEscape(c.ID))
	writeJSON(w, http.StatusCreated, h.apiCaseOut(c, lang))
}

// getCase answers GET /api/v1/cases/{id}.
func (h *Handler) apiGetCase(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	c, err := h.mediation.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.apiWriteCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.apiCaseOut(c, lang))
}

// listCases answers GET /api/v1/cases?state=&shop=&after=&limit=: a shop
// its own cases, the operator all (consumers are refused by the route's
// guard).
func (h *Handler) apiListCases(w http.ResponseWriter, r *http.Request) {
	q, ok := apiListStart(h, w, r, "http.listCases", mediation.States())
	if !ok {
		return
	}
	reopened, ok := apiQueryBool(w, r, requestLanguage(r), "reopened")
	if !ok {
		return
	}
	p := q.p
	f := mediation.Filter{ShopID: q.shop, After: q.after, Limit: fairshops.PageLimit(q.limit), States: q.states,
		Reopened: reopened}
	if p.Role == fairshops.RoleShop && f.ShopID != "" && f.ShopID != p.ShopID {
		h.apiForbidden(w, r, "another shop's cases")
		return
	}
	list, err := h.mediation.List(r.Context(), p, f)
	if err != nil {
		h.apiWriteCaseError(w, r, err)
		return
	}
	refs, err := h.complaintRefs(r, p, list)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]apiCaseItem, len(list))
	for i, x := range list {
		ref := refs[x.ComplaintID]
		items[i] = apiCaseItem{ID: x.ID, ComplaintID: x.ComplaintID, Reference: ref[0], OrderRef: ref[1], ShopID: x.ShopID, State: x.State, Mode: x.Mode,
			RequestedBy: x.RequestedBy, RequestedOn: x.RequestedOn, Deadline: x.Deadline, Version: x.Version,
			UpdatedAt: x.UpdatedAt}
	}
	writeJSON(w, http.StatusOK, newAPIPage(items, f.Limit, func(x apiCaseItem) string { return x.ID }))
}

// apiCaseAction is one call of the mediation service on a case: it reads the
// body into pr, which may hold problems already (unknown keys), and calls
// the service only when pr has none, so that every wrong field is reported
// at once.
type apiCaseAction func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, body jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error)

// caseEndpoint answers POST (or PUT) /api/v1/cases/{id}/...: it reads the
// body, which must have only the keys given (and may be empty when none is
// required), and answers 200 (or created) with the case.
func (h *Handler) apiCaseEndpoint(status int, bodyRequired bool, keys []string, act apiCaseAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang, p := apiPartyCall(r)
		o, ok := h.apiJsonBody(w, r, lang, !bodyRequired)
		if !ok {
			return
		}
		var pr fairshops.Problems
		o.Only(&pr, keys...)
		c, err := act(r.Context(), h.mediation, p, r.PathValue("id"), o, &pr)
		if err != nil {
			h.apiWriteCaseError(w, r, err)
			return
		}
		writeJSON(w, status, h.apiCaseOut(c, lang))
	}
}

// apiCaseMove adapts a service method that takes no input.
func apiCaseMove(m func(*mediation.Service, context.Context, fairshops.Principal, string) (*mediation.Case, error)) apiCaseAction {
	return func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, _ jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
		if err := pr.Err("http.case"); err != nil {
			return nil, err
		}
		return m(s, ctx, p, id)
	}
}

// decline: {"reason"}, which the operator must give and the shop may not.
func apiDeclineCase(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	reason := o.Str(pr, "reason", false)
	if err := pr.Err("http.declineCase"); err != nil {
		return nil, err
	}
	return s.DeclineRequest(ctx, p, id, mediation.Reason(reason))
}

// statements: {"text", "want", "facts", "defences"}.
func apiAddStatement(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	in := mediation.StatementInput{Text: o.Str(pr, "text", true), Want: apiDecodeWant(o, pr, "want"),
		Facts: apiDecodeStatementFacts(o, pr), Defences: apiDecodeDefences(o, pr)}
	if err := pr.Err("http.addStatement"); err != nil {
		return nil, err
	}
	return s.AddStatement(ctx, p, id, in)
}

// POST draft: an optional {"value_with_defect": Money}, the moderator's
// value of the goods with the defect, which the case keeps for every later
// draft (Service.SetDefectiveValue); without it the draft is generated
// from what the case holds.
func apiGenerateDraft(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	var v fairshops.Money
	has := o.Has("value_with_defect")
	if has {
		v, _ = o.Money(pr, "value_with_defect", true)
	}
	if err := pr.Err("http.generateDraft"); err != nil {
		return nil, err
	}
	if has {
		return s.SetDefectiveValue(ctx, p, id, v)
	}
	return s.GenerateDraft(ctx, p, id)
}

// PUT draft: {"options": [...]}.
func apiEditDraft(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	options := apiDecodeOptions(o, pr)
	if err := pr.Err("http.editDraft"); err != nil {
		return nil, err
	}
	return s.EditDraft(ctx, p, id, options)
}

// proposalAction answers the calls under /api/v1/cases/{id}/proposals/{pid}.
func (h *Handler) apiProposalAction(bodyRequired bool, keys []string,
	act func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id, pid string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pid := r.PathValue("pid")
		h.apiCaseEndpoint(http.StatusOK, bodyRequired, keys,
			func(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
				return act(ctx, s, p, id, pid, o, pr)
			})(w, r)
	}
}

// accept a proposal: {"option"}.
func apiAcceptProposal(ctx context.Context, s *mediation.Service, p fairshops.Principal, id, pid string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	option := o.Str(pr, "option", true)
	if err := pr.Err("http.acceptProposal"); err != nil {
		return nil, err
	}
	return s.AcceptProposal(ctx, p, id, pid, option)
}

// reject a proposal: {"revision": bool}, false when absent.
func apiRejectProposal(ctx context.Context, s *mediation.Service, p fairshops.Principal, id, pid string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	revision, _ := o.Bool(pr, "revision")
	if err := pr.Err("http.rejectProposal"); err != nil {
		return nil, err
	}
	return s.RejectProposal(ctx, p, id, pid, revision)
}

// ask for a revision of a proposal: no input.
func apiRequestRevision(ctx context.Context, s *mediation.Service, p fairshops.Principal, id, pid string, _ jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	if err := pr.Err("http.requestRevision"); err != nil {
		return nil, err
	}
	return s.RequestRevision(ctx, p, id, pid)
}

// apiCaseFacts is a case's "facts": the complaint's facts as stored (the
// members of FactsRecord, unchanged for older clients) with two members
// added (DESIGN.md section 7): settled, the facts in the pre-check's names
// and the defences both sides state alike or one side states and the other
// does not contest; contested, the names the sides state differently.
type apiCaseFacts struct {
	facts  precheck.Facts
	merged *mediation.CaseFacts
}

// MarshalJSON writes the complaint's facts with settled and contested.
func (f apiCaseFacts) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(f.facts)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	settled, contested := map[string]json.RawMessage{}, []string{}
	if f.merged != nil {
		settled, contested = f.merged.Settled, f.merged.Contested
	}
	if m["settled"], err = json.Marshal(settled); err != nil {
		return nil, err
	}
	if m["contested"], err = json.Marshal(contested); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// questions: {"to": "consumer"|"shop", "text"}, the moderator's question
// (mediation.Service.AskParty).
func apiAskParty(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	to, text := o.Str(pr, "to", true), o.Str(pr, "text", true)
	if err := pr.Err("http.askParty"); err != nil {
		return nil, err
	}
	return s.AskParty(ctx, p, id, fairshops.Role(to), text)
}

// questions/answer: {"text"}, a party's answer to the moderator's open
// question to it (mediation.Service.AnswerQuestion).
func apiAnswerQuestion(ctx context.Context, s *mediation.Service, p fairshops.Principal, id string, o jsonin.Object, pr *fairshops.Problems) (*mediation.Case, error) {
	text := o.Str(pr, "text", true)
	if err := pr.Err("http.answerQuestion"); err != nil {
		return nil, err
	}
	return s.AnswerQuestion(ctx, p, id, text)
}

// complaintRefs returns the reference and the order reference of the
// complaint of each case, read with the caller's rights (a case's parties
// may read its complaint): list items about a complaint carry both (issue
// 14 item 5). A complaint the caller cannot read (none should be) leaves
// both empty.
func (h *Handler) complaintRefs(r *http.Request, p fairshops.Principal, cases []*mediation.Case) (map[string][2]string, error) {
	out := make(map[string][2]string, len(cases))
	if h.complaints == nil {
		return out, nil
	}
	for _, c := range cases {
		if _, done := out[c.ComplaintID]; done {
			continue
		}
		cm, err := h.complaints.Get(r.Context(), p, c.ComplaintID)
		switch {
		case errors.Is(err, fairshops.ErrNotFound), errors.Is(err, fairshops.ErrForbidden):
			out[c.ComplaintID] = [2]string{}
		case err != nil:
			return nil, err
		default:
			out[c.ComplaintID] = [2]string{cm.Reference, cm.OrderRef}
		}
	}
	return out, nil
}
