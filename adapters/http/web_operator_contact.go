package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// A shop's contact for complaints (issue 13.4) in the operator console: in
// the registration form and as its own form on the shop's page.

// contactFields are the form fields of a complaint contact.
func (h *Handler) contactFields(f *webForm, lang fairshops.Language) []*webField {
	t := func(key string) string { return h.web.t(lang, key) }
	return []*webField{
		newWebField(f, "complaint_contact.email", t("contact.email")).As("email").MaxLen(fairshops.MaxContactEmail),
		newWebField(f, "complaint_contact.phone", t("contact.phone")).As("tel").MaxLen(fairshops.MaxContactPhone),
		newWebField(f, "complaint_contact.hours", t("contact.hours")).MaxLen(fairshops.MaxContactHours).
			Hint(t("contact.hours.hint")),
	}
}

// contactOf reads a complaint contact from a posted form.
func contactOf(v url.Values) fairshops.ComplaintContact {
	return fairshops.ComplaintContact{Email: strings.TrimSpace(v.Get("complaint_contact.email")),
		Phone: strings.TrimSpace(v.Get("complaint_contact.phone")), Hours: strings.TrimSpace(v.Get("complaint_contact.hours"))}
}

// fillContact puts a stored contact into a form.
func fillContact(v url.Values, c fairshops.ComplaintContact) {
	v.Set("complaint_contact.email", c.Email)
	v.Set("complaint_contact.phone", c.Phone)
	v.Set("complaint_contact.hours", c.Hours)
}

// contactLabel names the contact's fields for the error summary; other
// fields go to next.
func (h *Handler) contactLabel(lang fairshops.Language, next func(string) string) func(string) string {
	return func(field string) string {
		if part, ok := strings.CutPrefix(field, "complaint_contact."); ok {
			return h.web.t(lang, "contact."+part)
		}
		return next(field)
	}
}

// opSetContact answers POST /operator/shops/{shop}/contact: the shop's
// contact for complaints, checked in full; empty fields clear it.
func (h *Handler) opSetContact(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	s, err := h.reg.Shop(r.Context(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	contact := contactOf(r.PostForm)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err = h.reg.Update(r.Context(), id, version, func(sh *fairshops.Shop) error {
		sh.ComplaintContact = contact
		return nil
	})
	if err == nil {
		h.record(r, audit.ShopContactChanged, audit.Shop(id), "operator")
		seeOther(w, r, "/operator/shops/"+url.PathEscape(id)+"?done=contact_saved#contact")
		return
	}
	if fairshops.KindOf(err) != fairshops.Invalid {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.shop.title", s.Name)
	fillShopForm(p.Form.Values, s)
	fillContact(p.Form.Values, contact)
	opAddErrors(p.Form, err, c.lang, h.contactLabel(c.lang, h.shopLabel(c.lang)))
	h.opRenderShop(w, r, c, p, s, http.StatusUnprocessableEntity)
}
