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

// registerWeb adds the server-rendered web UI (web.go and web_*.go): the
// core (static files, language switch), then the pages by audience.
func (h *Handler) registerWeb() error {
	ui, err := newWebUI(webText())
	if err != nil {
		return err
	}
	h.web = ui
	h.mux.HandleFunc("GET /static/{name}", h.static)
	h.mux.HandleFunc("GET /lang/{lang}", h.langSwitch)

	// Public pages.
	h.mux.HandleFunc("GET /{$}", h.landing)
	h.mux.HandleFunc("GET /shops", h.findShop)
	return nil
}
