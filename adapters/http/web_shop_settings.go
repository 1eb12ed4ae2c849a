package http

import (
	"net/http"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// A shop's own settings page (issue 14 item 2, the part built so far): its
// contact for complaints, which its public ID page shows. The operator
// edits the same contact on the shop's console page.

// shopSettingsData is what the settings page shows.
type shopSettingsData struct {
	Version int
	Contact []*webField
}

// shopSettings answers GET /shop/settings.
func (h *Handler) shopSettings(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	s, err := h.reg.Shop(r.Context(), c.shopID())
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "shopsettings.title")
	fillContact(p.Form.Values, s.ComplaintContact)
	p.Data = shopSettingsData{Version: s.Version, Contact: h.contactFields(p.Form, c.lang)}
	h.render(w, r, http.StatusOK, "shop_settings", p)
}

// shopSetContact answers POST /shop/settings/contact: the shop's own
// contact for complaints, checked in full; empty fields clear it.
func (h *Handler) shopSetContact(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	contact := contactOf(r.PostForm)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err := h.reg.Update(r.Context(), c.shopID(), version, func(sh *fairshops.Shop) error {
		sh.ComplaintContact = contact
		return nil
	})
	if err == nil {
		h.record(r, audit.ShopContactChanged, audit.Shop(callerOf(r).shopID()), "shop")
		seeOther(w, r, "/shop/settings?done=contact_saved#contact")
		return
	}
	if fairshops.KindOf(err) != fairshops.Invalid {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "shopsettings.title")
	p.Form.Values = r.PostForm
	opAddErrors(p.Form, err, c.lang, h.contactLabel(c.lang, func(string) string { return "" }))
	p.Data = shopSettingsData{Version: version, Contact: h.contactFields(p.Form, c.lang)}
	h.render(w, r, http.StatusUnprocessableEntity, "shop_settings", p)
}
