package http

import (
	"net/http"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The stateless and public parts of the standard: the catalogue, assessments
// and the public view of a shop.

func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, h.reg.Catalogue())
}

func (h *Handler) assess(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	body, ok := h.readJSON(w, r, lang)
	if !ok {
		return
	}
	cat := h.reg.Catalogue()
	facts, err := fairshops.DecodeShopFacts(body, cat)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	on := facts.AsOf
	if on.IsZero() {
		on = h.reg.Today()
	}
	a := cat.Assess(facts.Fulfilled, facts.Bookings, on)
	writeJSON(w, http.StatusOK, a.Report(cat, lang))
}
