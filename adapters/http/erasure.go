package http

import (
	"context"
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Erasure of a consumer's personal data (GDPR Art. 17;
// docs/adr-data-protection.md): the consumer erases their closed or
// withdrawn complaint from its page (a confirmation page first) or through
// the API with its token; the operator erases any complaint on the
// consumer's request from the console (a confirmation box in the form) or
// through the API with a session. The complaint service decides who may;
// a shop never may (403). The erased complaint's pages show when it was
// erased and what stays by legal duty.

// eraseOnRequest erases the complaint id for the data subject's request
// (complaint.Service.Erase) and records the erasure in the audit log: the
// one path of the consumer's page, the operator's console and the API.
func (h *Handler) eraseOnRequest(r *http.Request, p fairshops.Principal, id string) (*complaint.Complaint, error) {
	c, err := h.complaints.Erase(r.Context(), p, id, complaint.ErasureRequested)
	if err == nil {
		h.recordErased(r, id, string(complaint.ErasureRequested))
	}
	return c, err
}

// consumerErase answers POST /c/{id}/erase (after GET /c/{id}/erase, the
// confirmation page).
func (h *Handler) consumerErase(r *http.Request, p fairshops.Principal, id string) error {
	_, err := h.eraseOnRequest(r, p, id)
	return err
}

// apiErase answers POST /api/v1/complaints/{id}/erasure and records the
// erasure in the audit log.
func (h *Handler) apiErase(w http.ResponseWriter, r *http.Request) {
	h.apiMoveComplaint(func(_ *complaint.Service, _ context.Context, p fairshops.Principal, id string) (*complaint.Complaint, error) {
		return h.eraseOnRequest(r, p, id)
	})(w, r)
}

// opErase answers POST /operator/complaints/{id}/erase: with the form's
// confirmation box ticked (confirm=yes) the complaint's personal data are
// erased; without it nothing happens and the page is shown again.
func (h *Handler) opErase(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	page := "/operator/complaints/" + url.PathEscape(id)
	if r.PostFormValue("confirm") != "yes" {
		seeOther(w, r, page+"?done=op_erase_unconfirmed#erasure")
		return
	}
	if _, err := h.eraseOnRequest(r, opPrincipal(c), id); err != nil {
		h.opRefusal(w, r, c, err)
		return
	}
	seeOther(w, r, page+"?done=op_erased#erasure")
}

// erasedOn returns the day (Berlin) the complaint's personal data were
// erased; zero when they were not.
func erasedOn(c *complaint.Complaint) fairshops.Date {
	at, ok := c.ErasedAt()
	if !ok {
		return fairshops.Date{}
	}
	return fairshops.DateOf(at, fairshops.Berlin())
}
