package http

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Attachments (evidence, docs/adr-attachments.md): files are uploaded as
// multipart/form-data and streamed: the text fields come first and are
// read into a bounded form, then each file part goes, as it arrives, to
// complaint.Service.Attach, which cleans it (evidence.Clean) and stores it.
// No request is ever parsed with ParseMultipartForm, so an upload is never
// buffered whole by net/http nor spilled to a temporary file. Files are
// served with Content-Disposition: attachment, nosniff and a sandboxing
// Content-Security-Policy, from the route of each face: the API's for
// every party, the consumer's under /c/{id} (the consumer's cookie is
// scoped to it), the shop's and the operator's under their consoles.

// maxFormText bounds the text fields of a multipart form together.
const maxFormText = webMaxForm

// uploadLimit bounds the body of a request with up to n files.
func (h *Handler) uploadLimit(n int) int64 {
	return int64(n)*h.complaints.MaxFileBytes() + maxFormText + 64<<10
}

// isMultipart reports whether r carries multipart/form-data.
func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// uploads is the rest of a multipart body after its text fields: the file
// parts, in order. Text fields after the first file are skipped.
type uploads struct {
	mr   *multipart.Reader
	next *multipart.Part // the first file part, read by readMultipart
}

// Next returns the next file part (its content streams from the body), or
// io.EOF after the last.
func (u *uploads) Next() (*multipart.Part, error) {
	if u == nil || u.mr == nil {
		return nil, io.EOF
	}
	if p := u.next; p != nil {
		u.next = nil
		return p, nil
	}
	for {
		p, err := u.mr.NextPart()
		if err != nil {
			return nil, err
		}
		if p.FileName() != "" {
			return p, nil
		}
	}
}

// errFormText: the text fields of a multipart form are over maxFormText.
var errFormText = errors.New("form fields too large")

// readMultipart reads the text fields of a multipart body (at most
// maxFormText bytes together) up to its first file part, and returns them
// with the file parts still to read. The caller has bounded r.Body.
func readMultipart(r *http.Request) (url.Values, *uploads, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	form := url.Values{}
	left := int64(maxFormText)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return form, &uploads{}, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if p.FileName() != "" {
			return form, &uploads{mr: mr, next: p}, nil
		}
		b, err := io.ReadAll(io.LimitReader(p, left+1))
		if err != nil {
			return nil, nil, err
		}
		if left -= int64(len(b)); left < 0 {
			return nil, nil, errFormText
		}
		form.Add(p.FormName(), string(b))
	}
}

// uploadsKey is the context key of the file parts a web guard left for
// the handler of a multipart form.
type uploadsKey struct{}

// uploadsOf returns the file parts of a multipart web form the guard read
// (none for an urlencoded form).
func uploadsOf(r *http.Request) *uploads {
	u, _ := r.Context().Value(uploadsKey{}).(*uploads)
	return u
}

// attachAll hands the file parts of a request to the Service, in order,
// for the complaint id, at most max of them: parts after the max-th are
// not read. It stops at the first refused file and returns the files
// stored before it with the error; an empty file input (a part without a
// name) is skipped.
func (h *Handler) attachAll(ctx context.Context, p fairshops.Principal, id string, form url.Values, u *uploads, max int) ([]*complaint.Attachment, error) {
	var out []*complaint.Attachment
	up := complaint.Upload{Context: form.Get("context"), ModeratorOnly: form.Get("moderator_only") == "true"}
	for {
		part, err := u.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, &bodyError{err}
		}
		if part.FileName() == "" {
			continue
		}
		up.Name = part.FileName()
		a, err := h.complaints.Attach(ctx, p, id, up, bodyReader{part})
		var be *bodyError
		if errors.As(err, &be) {
			return out, be
		}
		if err != nil {
			return out, err
		}
		out = append(out, a)
		if len(out) == max {
			return out, nil
		}
	}
}

// bodyError is a failure to read the request body (cut short, a broken
// multipart framing, over the limit): the client's fault, whatever the
// Service made of it.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "read upload: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// bodyReader marks the errors of a part's reader as bodyErrors.
type bodyReader struct{ r io.Reader }

func (b bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		err = &bodyError{err}
	}
	return n, err
}

// attachmentView is an attachment as the API lists it.
type attachmentView struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Type          string         `json:"type"`
	Size          int64          `json:"size"`
	SHA256        string         `json:"sha256"`
	Owner         fairshops.Role `json:"owner"`
	Context       string         `json:"context"`
	ModeratorOnly bool           `json:"moderator_only"`
	Width         int            `json:"width,omitempty"`
	Height        int            `json:"height,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	URL           string         `json:"url"`
	ThumbnailURL  string         `json:"thumbnail_url,omitempty"`
}

// apiAttachmentOut is the API view of a, with its URLs.
func apiAttachmentOut(a *complaint.Attachment) attachmentView {
	v := attachmentView{ID: a.ID, Name: a.Name, Type: a.Type, Size: a.Size, SHA256: a.SHA256, Owner: a.Owner,
		Context: a.Context, ModeratorOnly: a.ModeratorOnly, Width: a.Width, Height: a.Height, CreatedAt: a.CreatedAt,
		URL: "/api/v1/complaints/" + url.PathEscape(a.ComplaintID) + "/attachments/" + url.PathEscape(a.ID)}
	if a.IsImage() {
		v.ThumbnailURL = v.URL + "/thumbnail"
	}
	return v
}

func apiAttachmentsOut(list []*complaint.Attachment) []attachmentView {
	out := make([]attachmentView, len(list))
	for i, a := range list {
		out[i] = apiAttachmentOut(a)
	}
	return out
}

// apiUpload answers POST /api/v1/complaints/{id}/attachments: one file in
// the part "file" of a multipart/form-data body, after the optional text
// fields "context" ("message:<id>", "statement:<case id>") and
// "moderator_only" ("true"); 201 with the attachment.
func (h *Handler) apiUpload(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	if !isMultipart(r) {
		badRequest(w, http.StatusUnsupportedMediaType, "", fairshops.ReasonInvalidFormat, lang, "multipart/form-data")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.uploadLimit(1))
	form, u, err := readMultipart(r)
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	list, err := h.attachAll(r.Context(), p, r.PathValue("id"), form, u, 1)
	if err == nil && len(list) == 0 {
		var pr fairshops.Problems
		pr.Add("file", fairshops.ReasonRequired)
		err = pr.Err("http.attach")
	}
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	v := apiAttachmentOut(list[0])
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
}

// apiUploadError answers a failed upload: 413 for a body over the limit,
// 400 for a broken multipart body, else the error's kind.
func (h *Handler) apiUploadError(w http.ResponseWriter, r *http.Request, lang fairshops.Language, err error) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		badRequest(w, http.StatusRequestEntityTooLarge, "", fairshops.ReasonTooLarge, lang, tooLarge.Limit)
	case errors.Is(err, errFormText):
		badRequest(w, http.StatusRequestEntityTooLarge, "", fairshops.ReasonTooLarge, lang, maxFormText)
	case errors.As(err, new(*bodyError)) || !isFairshopsError(err):
		// What multipart itself refused: a body that is no valid form,
		// or one cut short.
		badRequest(w, http.StatusBadRequest, "", fairshops.ReasonSyntax, lang, "multipart/form-data")
	default:
		h.writeError(w, r, err)
	}
}

// isFairshopsError reports whether err came from a service (it carries a
// kind of its own).
func isFairshopsError(err error) bool {
	var fe *fairshops.Error
	var ve *fairshops.ValidationError
	return errors.As(err, &fe) || errors.As(err, &ve)
}

// apiListAttachments answers GET /api/v1/complaints/{id}/attachments: the
// files the caller may see.
func (h *Handler) apiListAttachments(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	list, err := h.complaints.Attachments(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"attachments": apiAttachmentsOut(list)})
}

// apiDownload answers GET /api/v1/complaints/{id}/attachments/{file}.
func (h *Handler) apiDownload(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	if err := h.serveAttachment(w, r, p, false); err != nil {
		h.writeError(w, r, err)
	}
}

// apiThumbnail answers GET /api/v1/complaints/{id}/attachments/{file}/thumbnail.
func (h *Handler) apiThumbnail(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	if err := h.serveAttachment(w, r, p, true); err != nil {
		h.writeError(w, r, err)
	}
}

// fileCSP is the Content-Security-Policy of a served file: should a
// browser render it after all, it runs no script, loads nothing and is an
// origin of its own.
const fileCSP = "sandbox; default-src 'none'"

// serveAttachment writes the file {file} of the complaint {id} (or its
// thumbnail) for p; an error is left for the caller to answer in the
// route's face, before anything was written.
func (h *Handler) serveAttachment(w http.ResponseWriter, r *http.Request, p fairshops.Principal, thumb bool) error {
	id, fid := r.PathValue("id"), r.PathValue("file")
	hd := w.Header()
	if thumb {
		b, err := h.complaints.AttachmentThumbnail(r.Context(), p, id, fid)
		if err != nil {
			return err
		}
		hd.Set("Content-Type", "image/jpeg")
		hd.Set("Content-Length", strconv.Itoa(len(b)))
		hd.Set("Content-Security-Policy", fileCSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "private, max-age=3600")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
		return nil
	}
	a, rc, err := h.complaints.OpenAttachment(r.Context(), p, id, fid)
	if err != nil {
		return err
	}
	defer rc.Close()
	serveFile(w, r, h, a, rc)
	return nil
}

// serveFile writes a stored file (a complaint's attachment, a carrier's
// document) with the safe download headers: its own type and length, a
// download, a CSP that runs nothing, no sniffing, no caching.
func serveFile(w http.ResponseWriter, r *http.Request, h *Handler, a *complaint.Attachment, rc io.Reader) {
	hd := w.Header()
	hd.Set("Content-Type", a.Type)
	hd.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	hd.Set("Content-Disposition", contentDisposition(a.Name))
	hd.Set("Content-Security-Policy", fileCSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(w, rc); err != nil {
		h.log.WarnContext(r.Context(), "download cut short", "file", a.ID, "error", err)
	}
}

// contentDisposition is "attachment" with the file's name twice (RFC 6266):
// an ASCII fallback in filename, the UTF-8 name percent-encoded in
// filename* (RFC 8187).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';' {
			return '_'
		}
		return r
	}, name)
	var b strings.Builder
	for _, c := range []byte(name) {
		if isAttrChar(c) {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}

// isAttrChar reports whether c may stand unencoded in an RFC 8187 value.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// apiCaseUpload answers POST /api/v1/cases/{id}/attachments: a file for the
// party's statement in the mediation case {id}, stored with the case's
// complaint in the context "statement:<case id>"; the text field
// "moderator_only" ("true") shows it to the moderator only.
func (h *Handler) apiCaseUpload(w http.ResponseWriter, r *http.Request) {
	lang, p := apiPartyCall(r)
	if !isMultipart(r) {
		badRequest(w, http.StatusUnsupportedMediaType, "", fairshops.ReasonInvalidFormat, lang, "multipart/form-data")
		return
	}
	cs, err := h.mediation.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.uploadLimit(1))
	form, u, err := readMultipart(r)
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	form.Set("context", complaint.ContextStatement+cs.ID)
	list, err := h.attachAll(r.Context(), p, cs.ComplaintID, form, u, 1)
	if err == nil && len(list) == 0 {
		var pr fairshops.Problems
		pr.Add("file", fairshops.ReasonRequired)
		err = pr.Err("http.attach")
	}
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	v := apiAttachmentOut(list[0])
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
}
