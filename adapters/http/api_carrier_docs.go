package http

import (
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The carrier's files in the JSON API (issue 17; docs/adr-carrier-claims.md).
// With the token of its private link as a bearer token the carrier lists
// what it may see (the files the consumer shared and its own documents),
// downloads them and uploads its documents (multipart/form-data, one file
// in the part "file", cleaned as every attachment). The shop and the
// operator list and download the carrier's documents on the claim.

// claimFileView is a file of a claim as the API lists it; URL is where the
// reader downloads it.
type claimFileView struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Size      int64          `json:"size"`
	SHA256    string         `json:"sha256"`
	Owner     fairshops.Role `json:"owner"` // consumer (shared with the carrier) or carrier
	Width     int            `json:"width,omitempty"`
	Height    int            `json:"height,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	URL       string         `json:"url"`
}

func claimFilesOut(list []*complaint.Attachment, base string) []claimFileView {
	out := make([]claimFileView, len(list))
	for i, a := range list {
		out[i] = claimFileView{ID: a.ID, Name: a.Name, Type: a.Type, Size: a.Size, SHA256: a.SHA256, Owner: a.Owner,
			Width: a.Width, Height: a.Height, CreatedAt: a.CreatedAt, URL: base + url.PathEscape(a.ID)}
	}
	return out
}

// carrierFilesBase is the path of the carrier's files of the claim.
func carrierFilesBase(claimID string) string {
	return "/api/v1/carrier/" + url.PathEscape(claimID) + "/files/"
}

// apiCarrierFiles answers GET /api/v1/carrier/{claim}/files: the files the
// consumer shared and the carrier's own documents, to the holder of the
// carrier's token (404 for everyone else).
func (h *Handler) apiCarrierFiles(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("claim")
	list, err := h.claims.CarrierFiles(r.Context(), id, carrierToken(r))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"files": claimFilesOut(list, carrierFilesBase(id))})
}

// apiCarrierDownload answers GET /api/v1/carrier/{claim}/files/{file}.
func (h *Handler) apiCarrierDownload(w http.ResponseWriter, r *http.Request) {
	a, rc, err := h.claims.CarrierFile(r.Context(), r.PathValue("claim"), carrierToken(r), r.PathValue("file"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, r, h, a, rc)
}

// apiCarrierUpload answers POST /api/v1/carrier/{claim}/files: one document
// in the part "file" of a multipart/form-data body; 201 with its record.
// The token is checked before the body is read.
func (h *Handler) apiCarrierUpload(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	id, tok := r.PathValue("claim"), carrierToken(r)
	if _, err := h.claims.ForCarrier(r.Context(), id, tok); err != nil {
		h.writeError(w, r, err)
		return
	}
	if !isMultipart(r) {
		badRequest(w, http.StatusUnsupportedMediaType, "", fairshops.ReasonInvalidFormat, lang, "multipart/form-data")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.claims.MaxDocumentBytes()+maxFormText+64<<10)
	_, u, err := readMultipart(r)
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	a, err := h.apiCarrierUploadPart(r, id, tok, u)
	if err != nil {
		h.apiUploadError(w, r, lang, err)
		return
	}
	v := claimFilesOut([]*complaint.Attachment{a}, carrierFilesBase(id))[0]
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
}

func (h *Handler) apiCarrierUploadPart(r *http.Request, id string, tok fairshops.Token, u *uploads) (*complaint.Attachment, error) {
	for {
		part, err := u.Next()
		if err == io.EOF {
			var pr fairshops.Problems
			pr.Add("file", fairshops.ReasonRequired)
			return nil, pr.Err("http.carrierUpload")
		}
		if err != nil {
			return nil, &bodyError{err}
		}
		if part.FileName() == "" {
			continue
		}
		return h.claims.CarrierUpload(r.Context(), id, tok, part.FileName(), bodyReader{part})
	}
}

// apiClaimDocs answers GET /api/v1/carrier-claims/{claim}/files: the
// carrier's documents on the claim, to its shop and the operator.
func (h *Handler) apiClaimDocs(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	id := r.PathValue("claim")
	list, err := h.claims.Documents(r.Context(), p, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"files": claimFilesOut(list,
		"/api/v1/carrier-claims/"+url.PathEscape(id)+"/files/")})
}

// apiClaimDoc answers GET /api/v1/carrier-claims/{claim}/files/{file}.
func (h *Handler) apiClaimDoc(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	a, rc, err := h.claims.OpenDocument(r.Context(), p, r.PathValue("claim"), r.PathValue("file"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, r, h, a, rc)
}
