package http

import (
	"net/http"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

// The shop's claim against its carrier (issue 17; docs/adr-carrier-claims.md)
// in the JSON API. The shop opens and follows the claim on its complaint;
// the operator reads; the carrier's claims desk reads the parcel's facts and
// answers with the token of its private link, sent as a bearer token like a
// consumer's: on every other route that token is a complaint token that
// opens nothing (404 on party routes, 403 on account routes).

// apiClaimOut is a claim as the shop and the operator read it.
type apiClaimOut struct {
	*carrierclaim.Claim
	Consumer string `json:"consumer_notice"` // the plain words the consumer's page shows
}

// apiCarrierOut is what the carrier reads: the parcel's facts only.
type apiCarrierOut struct {
	*carrierclaim.CarrierView
}

// apiClaimInput decodes the body of opening a claim.
func apiClaimInput(o jsonin.Object, pr *fairshops.Problems) carrierclaim.Input {
	o.Only(pr, "carrier", "carrier_name", "tracking", "incident", "on", "amount", "reckless")
	in := carrierclaim.Input{Carrier: o.Str(pr, "carrier", true), CarrierName: o.Str(pr, "carrier_name", false),
		Tracking: o.Str(pr, "tracking", true), Incident: carrierclaim.Incident(o.Str(pr, "incident", true)),
		On: o.Date(pr, "on", true)}
	if o.Has("amount") {
		if m, ok := o.Money(pr, "amount", false); ok {
			in.Amount = &m
		}
	}
	in.Reckless, _ = o.Bool(pr, "reckless")
	return in
}

// apiAnswerInput decodes the body of a carrier's answer.
func apiAnswerInput(o jsonin.Object, pr *fairshops.Problems) carrierclaim.AnswerInput {
	o.Only(pr, "kind", "amount", "reason")
	in := carrierclaim.AnswerInput{Kind: carrierclaim.AnswerKind(o.Str(pr, "kind", true)), Reason: o.Str(pr, "reason", false)}
	if o.Has("amount") {
		if m, ok := o.Money(pr, "amount", false); ok {
			in.Amount = &m
		}
	}
	return in
}

func (h *Handler) claimOut(c *carrierclaim.Claim, lang fairshops.Language) apiClaimOut {
	return apiClaimOut{Claim: c, Consumer: carrierclaim.Messages().Render(lang, carrierclaim.KeyConsumerNoWait)}
}

// apiGetClaim answers GET /api/v1/complaints/{id}/carrier-claim: the
// complaint's claim, to its shop and the operator.
func (h *Handler) apiGetClaim(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	c, err := h.claims.ForComplaint(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.claimOut(c, lang))
}

// apiOpenClaim answers POST /api/v1/complaints/{id}/carrier-claim: the
// shop opens its claim (201).
func (h *Handler) apiOpenClaim(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	in := apiClaimInput(o, &pr)
	if h.apiDecodeFailed(w, r, &pr, "http.openClaim") {
		return
	}
	c, err := h.claims.Open(r.Context(), p, r.PathValue("id"), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, h.claimOut(c, lang))
}

// apiListClaims answers GET /api/v1/carrier-claims?after=&limit=: a shop
// its own claims, the operator every claim.
func (h *Handler) apiListClaims(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, fairshops.MaxLimit)
	if !ok {
		return
	}
	f := carrierclaim.Filter{After: r.URL.Query().Get("after"), Limit: int(limit)}
	list, err := h.claims.List(r.Context(), p, f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := make([]apiClaimOut, len(list))
	for i, c := range list {
		out[i] = h.claimOut(c, lang)
	}
	writeJSON(w, http.StatusOK, map[string]any{"claims": out})
}

// apiNotifyClaim answers POST /api/v1/carrier-claims/{claim}/notify: the
// shop records that it notified the carrier.
func (h *Handler) apiNotifyClaim(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, true)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr)
	if h.apiDecodeFailed(w, r, &pr, "http.notifyClaim") {
		return
	}
	c, err := h.claims.Notify(r.Context(), p, r.PathValue("claim"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.claimOut(c, lang))
}

// apiAnswerClaim answers POST /api/v1/carrier-claims/{claim}/answer: the
// shop records an answer of the carrier that reached it by other ways.
func (h *Handler) apiAnswerClaim(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	in := apiAnswerInput(o, &pr)
	if h.apiDecodeFailed(w, r, &pr, "http.answerClaim") {
		return
	}
	c, err := h.claims.Answer(r.Context(), p, r.PathValue("claim"), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.claimOut(c, lang))
}

// apiInviteCarrier answers POST /api/v1/carrier-claims/{claim}/invite: a
// new private link for the carrier (201; the token exists nowhere else,
// and the link before it stops working).
func (h *Handler) apiInviteCarrier(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	o, ok := h.apiJsonBody(w, r, lang, true)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr)
	if h.apiDecodeFailed(w, r, &pr, "http.inviteCarrier") {
		return
	}
	id := r.PathValue("claim")
	tok, err := h.claims.Invite(r.Context(), p, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]string{"token": tok.Reveal(), "link": h.carrierLink(id, tok)})
}

// carrierLink is the carrier's private link: its page, which turns the
// token into a cookie (web_carrier.go).
func (h *Handler) carrierLink(id string, tok fairshops.Token) string {
	return h.prefix + "/carrier/" + id + "?t=" + tok.Reveal()
}

// carrierToken is the carrier's token of the request: the bearer token the
// identification read as a complaint token.
func carrierToken(r *http.Request) fairshops.Token { return callerOf(r).consumer }

// apiCarrierClaim answers GET /api/v1/carrier/{claim} to the holder of the
// carrier's token; everyone else gets 404.
func (h *Handler) apiCarrierClaim(w http.ResponseWriter, r *http.Request) {
	v, err := h.claims.ForCarrier(r.Context(), r.PathValue("claim"), carrierToken(r))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, apiCarrierOut{v})
}

// apiCarrierAnswer answers POST /api/v1/carrier/{claim}/answer: the
// carrier accepts and pays, refuses, or asks for documents.
func (h *Handler) apiCarrierAnswer(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	in := apiAnswerInput(o, &pr)
	if h.apiDecodeFailed(w, r, &pr, "http.carrierAnswer") {
		return
	}
	v, err := h.claims.CarrierAnswer(r.Context(), r.PathValue("claim"), carrierToken(r), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiCarrierOut{v})
}
