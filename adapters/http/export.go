package http

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/fairshops/casefile"
	"github.com/fairshops/konfliktservice/mediation"
)

// The export of a consumer's data (GDPR Art. 15, right of access, and
// Art. 20, data portability): everything the service holds about one
// complaint, in the domain's own JSON encoding, as a download. The consumer
// takes it from their case page (or the API with their token); the
// operator on a consumer's request. A shop gets no export: it is not the
// data subject, and it sees the complaint through its own pages.

// exportFormat names the bundle's format and version.
const exportFormat = "konfliktservice.export/1"

// exportBundle is the downloaded document.
type exportBundle struct {
	Format     string    `json:"format"`
	ExportedAt time.Time `json:"exported_at"`
	// Basis names the rights the export serves.
	Basis string `json:"basis"`
	// Complaint is the complaint with the consumer's contact, the facts,
	// the pre-check and its re-checks, the whole message thread and the
	// hash-chained history (one entry per event: what happened, when and
	// by whom).
	Complaint *complaint.Complaint `json:"complaint"`
	// Cases are the mediation cases about the complaint, oldest first,
	// with statements, proposals, answers, any settlement and their
	// histories.
	Cases []*mediation.Case `json:"cases"`
	// Verify says how to check the histories.
	Verify string `json:"verify"`
}

// exportOf assembles the bundle for the principal (consumer or operator).
func (h *Handler) exportOf(r *http.Request, p fairshops.Principal, id string) (*exportBundle, error) {
	if p.Role == fairshops.RoleShop {
		return nil, fairshops.E("http.export", fairshops.Forbidden, id, "a shop gets no export of the consumer's data", nil)
	}
	c, err := h.complaints.Get(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	b := &exportBundle{Format: exportFormat, ExportedAt: h.clock.Now().UTC(), Basis: "GDPR Art. 15 and Art. 20",
		Complaint: c, Cases: []*mediation.Case{},
		Verify: "each history entry's hash is the SHA-256 of its canonical encoding (fairshops.Entry.Digest) and names the hash of the entry before; fairshops.History.Verify checks a history"}
	if h.mediation != nil {
		cases, err := h.mediation.AllForComplaint(r.Context(), p, id)
		if err != nil {
			return nil, err
		}
		for _, cs := range cases {
			cs.TokenHash = "" // a hash of the consumer's secret: never handed out
			b.Cases = append(b.Cases, cs)
		}
	}
	return b, nil
}

// apiCaseFile answers GET /api/v1/complaints/{id}/casefile: the case file
// of a complaint sealed with the service's key, for a court or an ADR
// body, to the parties (the consumer by token, the complaint's shop, the
// operator). It holds what the export holds, each document a part with its
// digest, the histories entry by entry, under an Ed25519 signature.
func (h *Handler) apiCaseFile(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	id := r.PathValue("id")
	c, err := h.complaints.Get(r.Context(), p, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	data, err := json.Marshal(c)
	if err != nil {
		h.writeError(w, r, fairshops.E("http.casefile", fairshops.Internal, id, "encode complaint", err))
		return
	}
	parts := []casefile.Part{{Name: "complaint", Type: casefile.TypeComplaint, Data: data}}
	if h.mediation != nil {
		cases, err := h.mediation.AllForComplaint(r.Context(), p, id)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, cs := range cases {
			cs.TokenHash = ""
			b, err := json.Marshal(cs)
			if err != nil {
				h.writeError(w, r, fairshops.E("http.casefile", fairshops.Internal, id, "encode case", err))
				return
			}
			parts = append(parts, casefile.Part{Name: "case " + cs.ID, Type: casefile.TypeCase, Data: b})
		}
	}
	f, err := casefile.Seal(*h.caseKey, id, h.clock.Now(), parts)
	if err != nil {
		h.writeError(w, r, fairshops.E("http.casefile", fairshops.Internal, id, "seal", err))
		return
	}
	h.record(r, audit.CaseFileDownloaded, audit.Complaint(id), "")
	w.Header().Set("Content-Disposition", `attachment; filename="konfliktservice-casefile-`+id+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, f)
}

// wellKnownKeys answers GET /.well-known/konfliktservice-keys.json: every
// key a case file of this service may be sealed with.
func (h *Handler) wellKnownKeys(w http.ResponseWriter, r *http.Request) {
	keys := casefile.KeySet{Keys: []casefile.PublicKey{}}
	if h.caseKey != nil {
		cur := h.caseKey.Public()
		cur.Current = true
		keys.Keys = append(keys.Keys, cur)
	}
	for _, k := range h.publishedKeys {
		if h.caseKey == nil || k.ID != h.caseKey.ID {
			keys.Keys = append(keys.Keys, k)
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, keys)
}

// writeExport sends the bundle as a JSON download that is never cached.
func writeExport(w http.ResponseWriter, b *exportBundle) {
	w.Header().Set("Content-Disposition", `attachment; filename="konfliktservice-`+b.Complaint.ID+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(b)
}

// apiExport answers GET /api/v1/complaints/{id}/export for the consumer
// (token) and the operator.
func (h *Handler) apiExport(w http.ResponseWriter, r *http.Request) {
	_, p := apiPartyCall(r)
	b, err := h.exportOf(r, p, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if callerOf(r).isOperator() { // a consumer's own download is theirs, not an operator's action
		h.record(r, audit.DataExported, audit.Complaint(b.Complaint.ID), "api")
	}
	writeExport(w, b)
}

// consumerExport answers GET /c/{id}/export: the consumer's download from
// the case page.
func (h *Handler) consumerExport(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	b, err := h.exportOf(r, consumerOf(c), r.PathValue("id"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	writeExport(w, b)
}

// opDataExport answers GET /operator/complaints/{id}/export: the operator's
// download, on a consumer's request.
func (h *Handler) opDataExport(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	b, err := h.exportOf(r, opPrincipal(c), r.PathValue("id"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.DataExported, audit.Complaint(b.Complaint.ID), "web")
	writeExport(w, b)
}
