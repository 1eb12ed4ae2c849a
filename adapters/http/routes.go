package http

import "github.com/fairshops/konfliktservice/complaint"

// registerAPI adds the JSON API v1 (DESIGN.md section 6, described in full
// by openapi.yaml). Endpoints of a service that is not configured are not
// registered (they answer 404).
func (h *Handler) registerAPI() {
	h.mux.HandleFunc("GET /api/v1/catalogue", h.catalogue)
	h.mux.HandleFunc("POST /api/v1/assessments", h.assess)
	h.mux.HandleFunc("GET /api/v1/shops/{shop}", h.shop)
	h.mux.HandleFunc("POST /api/v1/precheck", h.precheck)
	h.registerAPIShops()
	if h.complaints != nil {
		h.mux.HandleFunc("POST /api/v1/shops/{shop}/complaints", h.fileComplaint)
		h.mux.HandleFunc("GET /api/v1/complaints", h.apiListComplaints)
		h.mux.HandleFunc("GET /api/v1/complaints/{id}", h.getComplaint)
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/messages", h.apiAddMessage)
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/resolve", h.apiMoveComplaint((*complaint.Service).Resolve))
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/withdraw", h.apiMoveComplaint((*complaint.Service).Withdraw))
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/escalate", h.apiMoveComplaint((*complaint.Service).Escalate))
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/forward", h.apiMoveComplaint((*complaint.Service).Forward))
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/close", h.apiMoveComplaint((*complaint.Service).CloseDeadlineMissed))
		h.mux.HandleFunc("POST /api/v1/complaints/{id}/confirm", h.apiMoveComplaint((*complaint.Service).ConfirmDispleasure))
	}
	if h.mediation != nil {
		h.registerAPIMediation()
	}
	if h.portal != nil {
		h.registerAPIPortal()
	}
	if h.accounts != nil {
		h.registerAPIAccounts()
	}
}

// registerWeb adds the server-rendered web UI (web.go and web_*.go): the
// core (static files, language switch), then the pages by audience.
func (h *Handler) registerWeb() error {
	ui, err := newWebUI(webText(), webOperatorText())
	if err != nil {
		return err
	}
	h.web = ui
	h.mux.HandleFunc("GET /static/{name}", h.static)
	h.mux.HandleFunc("GET /lang/{lang}", h.langSwitch)

	// Public pages.
	h.mux.HandleFunc("GET /{$}", h.landing)
	h.mux.HandleFunc("GET /shops", h.findShop)
	h.mux.HandleFunc("GET /shops/{shop}", h.shopPage)
	h.mux.HandleFunc("GET /shops/{shop}/complaint", h.complaintForm)
	h.mux.HandleFunc("POST /shops/{shop}/complaint", h.fileComplaintForm)
	h.mux.HandleFunc("GET /portal", h.portalSearch)
	h.mux.HandleFunc("GET /portal/{slug}", h.portalArticle)

	// The consumer's private pages (web_consumer.go), logins
	// (web_login.go) and the shop's pages (web_shop.go).
	h.registerConsumer()
	h.mux.HandleFunc("GET /login", h.loginPage)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.HandleFunc("POST /logout", h.logout)
	h.registerShop()

	// The operator console (web_operator*.go).
	h.registerWebOperator()
	return nil
}
