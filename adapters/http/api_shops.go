package http

import (
	"net/http"
	"net/url"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

// Shops beyond their public view (api_standard.go): the operator lists and
// registers shops and books modules for them; the shop itself and the
// operator read the shop's private data (bookings with their purpose) and
// its assessment. Neither is ever public (DESIGN.md, "Privacy"): anyone
// else gets 401 (no login) or 403 from the routes' guards (routes.go).

// privateShop answers GET /api/v1/shops/{shop}/private: the shop with its
// bookings and their purposes, its criteria and its version.
func (h *Handler) apiPrivateShop(w http.ResponseWriter, r *http.Request) {
	s, err := h.reg.Shop(r.Context(), r.PathValue("shop"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s)
}

// shopAssessment answers GET /api/v1/shops/{shop}/assessment?as_of=&lang=.
func (h *Handler) apiShopAssessment(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	on, ok := apiQueryDate(w, r, lang, "as_of")
	if !ok {
		return
	}
	a, err := h.reg.Assess(r.Context(), r.PathValue("shop"), on)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.Report(h.reg.Catalogue(), lang))
}

// listShops answers GET /api/v1/shops?after=&limit= (operator).
func (h *Handler) apiListShops(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	limit, ok := apiQueryInt(w, r, lang, "limit", 1, fairshops.MaxLimit)
	if !ok {
		return
	}
	f := fairshops.ShopFilter{After: r.URL.Query().Get("after"), Limit: fairshops.PageLimit(int(limit))}
	list, err := h.reg.List(r.Context(), f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newAPIPage(list, f.Limit, func(s *fairshops.Shop) string { return s.ID }))
}

// registerShop answers POST /api/v1/shops (operator): {"id" (optional
// slug), "name", "domain", "seal": {"status", "valid_until"}, "fulfilled",
// "bookings", "conditions", "state" (the seat's federal state, optional),
// "complaint_contact": {"email", "phone", "hours"} (optional, public)}; 201
// with the shop.
func (h *Handler) apiRegisterShop(w http.ResponseWriter, r *http.Request) {
	_, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "id", "name", "domain", "seal", "fulfilled", "bookings", "conditions", "state", "complaint_contact")
	s := fairshops.Shop{ID: o.Str(&p, "id", false), Name: o.Str(&p, "name", true), Domain: o.Str(&p, "domain", true),
		Fulfilled: apiStrings(o, &p, "fulfilled", false), Conditions: apiStrings(o, &p, "conditions", false),
		State: o.Str(&p, "state", false)}
	if so, ok := o.Object(&p, "seal", true); ok {
		so.Only(&p, "status", "valid_until")
		s.Seal = fairshops.Seal{Status: fairshops.SealStatus(so.Str(&p, "status", true)),
			ValidUntil: so.Date(&p, "valid_until", false)}
	}
	if co, ok := o.Object(&p, "complaint_contact", false); ok {
		co.Only(&p, "email", "phone", "hours")
		s.ComplaintContact = fairshops.ComplaintContact{Email: co.Str(&p, "email", false), Phone: co.Str(&p, "phone", false),
			Hours: co.Str(&p, "hours", false)}
	}
	bookings, _ := apiObjects(o, &p, "bookings", false)
	for _, bo := range bookings {
		bo.Only(&p, "module", "from", "until", "purpose", "mediation_mode")
		s.Bookings = append(s.Bookings, apiDecodeBooking(bo, &p))
	}
	if s.Fulfilled == nil {
		s.Fulfilled = []string{}
	}
	if s.Bookings == nil {
		s.Bookings = []fairshops.Booking{}
	}
	if p.Len() > 0 {
		// Report the shop's own problems beside those of the body, all at
		// once; a shop without ID gets a fresh one from the registry.
		probe := s
		if probe.ID == "" {
			probe.ID = "probe"
		}
		apiMergeNew(&p, probe.Check(h.reg.Catalogue()))
	}
	if h.apiDecodeFailed(w, r, &p, "http.registerShop") {
		return
	}
	saved, err := h.reg.Register(r.Context(), s)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.ShopRegistered, audit.Shop(saved.ID), "api")
	// The bookings the registration brought are bookings made by the
	// operator, each audited as the booking route audits one.
	for _, b := range saved.Bookings {
		h.record(r, audit.ModuleBooked, audit.Shop(saved.ID), string(b.Module))
	}
	w.Header().Set("Location", h.prefix+"/api/v1/shops/"+url.PathEscape(saved.ID)+"/private")
	writeJSON(w, http.StatusCreated, saved)
}

// apiDecodeBooking reads one booking; the registry checks it.
func apiDecodeBooking(bo jsonin.Object, p *fairshops.Problems) fairshops.Booking {
	return fairshops.Booking{
		Module:        fairshops.Module(bo.Str(p, "module", true)),
		From:          bo.Date(p, "from", true),
		Until:         bo.Date(p, "until", false),
		Purpose:       fairshops.Purpose(bo.Str(p, "purpose", true)),
		MediationMode: fairshops.MediationMode(bo.Str(p, "mediation_mode", false)),
	}
}

// addBooking answers POST /api/v1/shops/{shop}/bookings (operator): the
// booking {"module", "from", "until", "purpose", "mediation_mode"} and the
// shop's "version" as read; 200 with the shop, 409 for a stale version.
func (h *Handler) apiAddBooking(w http.ResponseWriter, r *http.Request) {
	_, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var p fairshops.Problems
	o.Only(&p, "version", "module", "from", "until", "purpose", "mediation_mode")
	version, _ := o.Int(&p, "version", true, 1, 1<<53)
	b := apiDecodeBooking(o, &p)
	if h.apiDecodeFailed(w, r, &p, "http.addBooking") {
		return
	}
	saved, err := h.reg.AddBooking(r.Context(), r.PathValue("shop"), int(version), b)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.record(r, audit.ModuleBooked, audit.Shop(saved.ID), string(b.Module))
	writeJSON(w, http.StatusOK, saved)
}
