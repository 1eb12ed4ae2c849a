package http

import (
	"net/http"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// A shop's own settings page (issue 14 item 2): its contact for
// complaints, which its public ID page shows, and where its notifications
// go (web_shop_notify.go). The operator edits the same contact on the
// shop's console page.

// shopSettingsData is what the settings page shows.
type shopSettingsData struct {
	Version int
	Contact []*webField
	Notify  *shopNotifyData // nil when the notification settings are not offered
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
	h.renderShopSettings(w, r, c, p, s.Version, http.StatusOK, "")
}

// renderShopSettings renders the settings page with the contact form at
// version and the notification settings as stored (filling their form
// unless a post of it is being answered); secret is a secret drawn just
// now, shown this once.
func (h *Handler) renderShopSettings(w http.ResponseWriter, r *http.Request, c caller, p *webPage, version, status int, secret string) {
	d := shopSettingsData{Version: version, Contact: h.contactFields(p.Form, c.lang)}
	if h.notifySettings != nil {
		n, err := h.shopNotify(r, c, p.Form, secret)
		if err != nil {
			h.webError(w, r, c, err)
			return
		}
		d.Notify = n
	}
	p.Data = d
	h.render(w, r, status, "shop_settings", p)
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
	h.renderShopSettings(w, r, c, p, version, http.StatusUnprocessableEntity, "")
}
