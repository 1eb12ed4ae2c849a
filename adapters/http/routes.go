package http

// registerAPI adds the JSON API v1 (DESIGN.md section 6). Endpoints of a
// service that is not configured are not registered.
func (h *Handler) registerAPI() {
	h.mux.HandleFunc("GET /api/v1/catalogue", h.catalogue)
	h.mux.HandleFunc("POST /api/v1/assessments", h.assess)
	h.mux.HandleFunc("GET /api/v1/shops/{shop}", h.shop)
	h.mux.HandleFunc("POST /api/v1/precheck", h.precheck)
	if h.complaints != nil {
		h.mux.HandleFunc("POST /api/v1/shops/{shop}/complaints", h.fileComplaint)
		h.mux.HandleFunc("GET /api/v1/complaints/{id}", h.getComplaint)
	}
}

// registerWeb adds the server-rendered web UI.
func (h *Handler) registerWeb() {}
