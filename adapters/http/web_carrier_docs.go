package http

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The carrier's own documents on the web pages (issue 17;
// docs/adr-carrier-claims.md): the carrier uploads them on its page behind
// the private link (one file per form, multipart, streamed to
// carrierclaim.Service.CarrierUpload, which cleans it as every attachment),
// and sees them beside the files the consumer shared; the shop's and the
// operator's complaint pages list them in the claim's section with a
// download of their own console. The consumer's pages never name them.

// carrierDocLines are the page lines of files, each downloaded under base.
func carrierDocLines(files []*complaint.Attachment, base string) []carrierFileLine {
	var out []carrierFileLine
	for _, a := range files {
		out = append(out, carrierFileLine{URL: base + url.PathEscape(a.ID), Name: a.Name, Type: a.Type})
	}
	return out
}

// carrierDocsFor fills the documents of the claim's section for the shop
// or the operator.
func (h *Handler) carrierDocsFor(ctx context.Context, b *carrierBlock, who fairshops.Principal, complaintID string) error {
	docs, err := h.claims.Documents(ctx, who, b.Claim.ID)
	if err != nil {
		return err
	}
	base := "/operator/complaints/"
	if who.Role == fairshops.RoleShop {
		base = "/shop/complaints/"
	}
	b.Docs = carrierDocLines(docs, base+url.PathEscape(complaintID)+"/carrier/files/")
	return nil
}

// carrierUpload answers POST /carrier/{claim}/files (multipart/form-data;
// the guard checked the form's CSRF token): the carrier's document, then
// its page again. A refused file shows the page with the error (422).
func (h *Handler) carrierUpload(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("claim")
	tok := h.carrierCookie(r)
	err := h.carrierUploadOne(r, id, tok)
	var be *bodyError
	switch {
	case errors.As(err, &be):
		p := h.newPage(w, r, c, "error.title")
		p.Data = webErrorData{Status: http.StatusBadRequest, Heading: h.web.t(c.lang, "error.bad_request"),
			Text: h.web.t(c.lang, "error.bad_request.text")}
		h.render(w, r, http.StatusBadRequest, "error", p)
		return
	case fairshops.KindOf(err) == fairshops.Invalid:
		v, verr := h.claims.ForCarrier(r.Context(), id, tok)
		if verr != nil {
			h.webError(w, r, c, verr)
			return
		}
		h.renderCarrier(w, r, c, http.StatusUnprocessableEntity, v, err)
		return
	case err != nil:
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, "/carrier/"+url.PathEscape(id)+"?done=upload")
}

// carrierUploadOne hands the first file part of the request to the
// service; "file" is required.
func (h *Handler) carrierUploadOne(r *http.Request, id string, tok fairshops.Token) error {
	if _, err := h.claims.ForCarrier(r.Context(), id, tok); err != nil {
		return err
	}
	u := uploadsOf(r)
	for {
		part, err := u.Next()
		if err == io.EOF {
			var pr fairshops.Problems
			pr.Add("file", fairshops.ReasonRequired)
			return pr.Err("web.carrierUpload")
		}
		if err != nil {
			return &bodyError{err}
		}
		if part.FileName() == "" {
			continue
		}
		_, err = h.claims.CarrierUpload(r.Context(), id, tok, part.FileName(), bodyReader{part})
		return err
	}
}

// claimDocDownload answers GET /shop/complaints/{id}/carrier/files/{file}
// and GET /operator/complaints/{id}/carrier/files/{file}: a document of
// the carrier on the complaint's claim, to its shop and the operator.
func (h *Handler) claimDocDownload(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p, _ := c.principal()
	cl, err := h.claims.ForComplaint(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	a, rc, err := h.claims.OpenDocument(r.Context(), p, cl.ID, r.PathValue("file"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	defer rc.Close()
	serveFile(w, r, h, a, rc)
}

// carrierFilesSplit parts what the carrier sees into the files the consumer
// shared and the carrier's own documents.
func carrierFilesSplit(files []*complaint.Attachment) (shared, own []*complaint.Attachment) {
	for _, a := range files {
		if carrierclaim.IsDocument(a) {
			own = append(own, a)
		} else {
			shared = append(shared, a)
		}
	}
	return shared, own
}
