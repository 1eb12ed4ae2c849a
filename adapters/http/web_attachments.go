package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The web faces of attachments (attachments.go): the upload forms on the
// complaint form and on the consumer's, the shop's and the operator's
// complaint pages, the list with thumbnails (template "files") and the
// downloads.

// webMultipart is webForm for a multipart form with files: it bounds the
// body by the files allowed, reads the text fields (the CSRF token must be
// among them, before the first file, as browsers send the fields in the
// order of the page) and checks the token; the file parts are left for
// the handler (uploadsOf). It answers itself (413, 400 or 403) and returns
// false when the request must go no further.
func (h *Handler) webMultipart(w http.ResponseWriter, r *http.Request, c caller) (*http.Request, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, h.uploadLimit(h.complaints.MaxFiles()))
	form, u, err := readMultipart(r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		p := h.newPage(w, r, c, "error.title")
		if errors.As(err, &tooLarge) || errors.Is(err, errFormText) {
			p.Data = webErrorData{Status: http.StatusRequestEntityTooLarge, Heading: h.web.t(c.lang, "error.too_large"),
				Text: h.web.t(c.lang, "error.too_large.text")}
			h.render(w, r, http.StatusRequestEntityTooLarge, "error", p)
			return r, false
		}
		p.Data = webErrorData{Status: http.StatusBadRequest, Heading: h.web.t(c.lang, "error.bad_request"),
			Text: h.web.t(c.lang, "error.bad_request.text")}
		h.render(w, r, http.StatusBadRequest, "error", p)
		return r, false
	}
	r.PostForm = form
	r.Form = url.Values{}
	for k, v := range r.URL.Query() {
		r.Form[k] = v
	}
	for k, v := range form {
		r.Form[k] = append(r.Form[k], v...)
	}
	if err := h.checkCSRF(r, c); err != nil {
		h.webError(w, r, c, err)
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), uploadsKey{}, u)), true
}

// filesBlock is what the template "files" shows: the files the reader may
// see and, when they may add some, the upload form.
type filesBlock struct {
	List      []fileView
	Action    string // the upload form's action; "" for no form
	Statement string // the running case's ID: the form offers "for the moderator only"
	MaxFiles  int
	MaxMB     int64
}

// fileView is one attachment as a page lists it.
type fileView struct {
	Name, Type, Size, SHA256 string
	URL, Thumb               string
	Owner                    string
	ModeratorOnly            bool
}

// filesFor builds the files block of the complaint c for p, with links
// under base (the page's path) and the upload form when upload.
func (h *Handler) filesFor(ctx context.Context, p fairshops.Principal, c *complaint.Complaint, lang fairshops.Language,
	base string, upload bool) (filesBlock, error) {
	b := filesBlock{MaxFiles: h.complaints.MaxFiles(), MaxMB: h.complaints.MaxFileBytes() >> 20}
	list, err := h.complaints.Attachments(ctx, p, c.ID)
	if err != nil {
		return b, err
	}
	for _, a := range list {
		v := fileView{Name: a.Name, Type: a.Type, Size: fileSize(a.Size), SHA256: a.SHA256,
			URL: base + "/files/" + url.PathEscape(a.ID), Owner: h.web.t(lang, "role."+string(a.Owner)),
			ModeratorOnly: a.ModeratorOnly}
		if a.IsImage() {
			v.Thumb = v.URL + "/thumbnail"
		}
		b.List = append(b.List, v)
	}
	if upload && (!c.State.Final() || c.State == complaint.Escalated) && len(list) < b.MaxFiles {
		b.Action = base + "/files"
	}
	return b, nil
}

// fileSize writes a size in bytes for people.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// webAttach stores the files of a web upload form for p; no file at all
// is an error of the field "file".
func (h *Handler) webAttach(r *http.Request, p fairshops.Principal, id string) error {
	if cid := r.PostForm.Get("case"); cid != "" && h.mediation != nil {
		// A file for the running case: its statement's context, checked
		// against the case the caller may read.
		cs, err := h.mediation.Get(r.Context(), p, cid)
		if err != nil {
			return err
		}
		if cs.ComplaintID != id {
			return fairshops.E("http.attach", fairshops.NotFound, cid, "", nil)
		}
		r.PostForm.Set("context", complaint.ContextStatement+cs.ID)
	}
	list, err := h.attachAll(r.Context(), p, id, r.PostForm, uploadsOf(r), h.complaints.MaxFiles())
	if be := (*bodyError)(nil); errors.As(err, &be) {
		// A body cut short or over the limit: the form says so.
		var pr fairshops.Problems
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			pr.Add("file", fairshops.ReasonTooLarge, tooLarge.Limit)
		} else {
			pr.Add("file", fairshops.ReasonSyntax, "multipart/form-data")
		}
		return pr.Err("http.attach")
	}
	if err == nil && len(list) == 0 {
		var pr fairshops.Problems
		pr.Add("file", fairshops.ReasonRequired)
		return pr.Err("http.attach")
	}
	return err
}

// consumerUpload answers POST /c/{id}/files.
func (h *Handler) consumerUpload(r *http.Request, p fairshops.Principal, id string) error {
	return h.webAttach(r, p, id)
}

// shopUpload answers POST /shop/complaints/{id}/files.
func (h *Handler) shopUpload(r *http.Request, shopID, id string) error {
	return h.webAttach(r, fairshops.AsShop(shopID), id)
}

// opUpload answers POST /operator/complaints/{id}/files.
func (h *Handler) opUpload(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	err := h.webAttach(r, opPrincipal(c), id)
	h.opAfterComplaintForm(w, r, c, id, err, "files#files", nil, "files.field")
}

// consumerDownload answers GET /c/{id}/files/{file} (and its thumbnail)
// for the consumer with the complaint's cookie.
func (h *Handler) consumerDownload(thumb bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		if err := h.serveAttachment(w, r, consumerOf(c), thumb); err != nil {
			h.webError(w, r, c, err)
		}
	}
}

// accountDownload answers the downloads of the shop's and the operator's
// consoles for the logged-in caller.
func (h *Handler) accountDownload(thumb bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		p, _ := c.principal()
		if err := h.serveAttachment(w, r, p, thumb); err != nil {
			h.webError(w, r, c, err)
		}
	}
}

// withFileLimits sets the limits of the files sent with the complaint form.
func (h *Handler) withFileLimits(d complaintFormData) complaintFormData {
	d.MaxFiles, d.MaxFileMB = h.complaints.MaxFiles(), h.complaints.MaxFileBytes()>>20
	return d
}
