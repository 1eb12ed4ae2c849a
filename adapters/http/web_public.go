package http

import (
	"net/http"
	"net/url"
	"strings"
)

// landing answers GET /: what the service does, the portal search and the
// way to a shop's ID page.
func (h *Handler) landing(w http.ResponseWriter, r *http.Request) {
	c := h.webCaller(w, r)
	h.render(w, r, http.StatusOK, "landing", h.newPage(w, r, c, "landing.title"))
}

// findShop answers GET /shops?id=: the landing page's way to an ID page.
func (h *Handler) findShop(w http.ResponseWriter, r *http.Request) {
	id := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("id")))
	if id == "" {
		seeOther(w, r, "/")
		return
	}
	seeOther(w, r, "/shops/"+url.PathEscape(id))
}
