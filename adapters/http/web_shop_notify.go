package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// Where a shop's notifications go, on its settings page (issue 14 item 2,
// docs/adr-shop-notifications.md): the e-mail address and the webhook URL,
// a new signing secret (shown once, on the answer to the post that drew
// it, never in a URL), and revoking it. The operator sees the settings on
// the shop's console page, never the secret, and can revoke it.

// shopNotifyData is the notification part of the settings page.
type shopNotifyData struct {
	View   shopnotify.View
	Fields []*webField
	Secret string // drawn just now: shown once
}

// shopNotify reads the shop's settings and builds their form; the form's
// values are filled from the store unless it holds a post of them.
func (h *Handler) shopNotify(r *http.Request, c caller, f *webForm, secret string) (*shopNotifyData, error) {
	p, _ := c.principal()
	v, err := h.notifySettings.Get(r.Context(), p, c.shopID())
	if err != nil {
		return nil, err
	}
	if _, posted := f.Values["webhook_url"]; !posted {
		f.Values.Set("email", v.Email)
		f.Values.Set("webhook_url", v.WebhookURL)
	}
	t := func(key string) string { return h.web.t(c.lang, key) }
	return &shopNotifyData{View: v, Secret: secret, Fields: []*webField{
		newWebField(f, "email", t("notify.email")).As("email").MaxLen(fairshops.MaxContactEmail).Hint(t("notify.email.hint")),
		newWebField(f, "webhook_url", t("notify.webhook_url")).As("url").MaxLen(shopnotify.MaxURL).Hint(t("notify.webhook_url.hint")),
	}}, nil
}

// shopSetNotify answers POST /shop/settings/notifications: the address and
// the URL, checked in full (a URL the webhook guard would refuse is an
// error next to its field); empty fields clear them.
func (h *Handler) shopSetNotify(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p, _ := c.principal()
	version, _ := strconv.Atoi(r.PostForm.Get("notify_version"))
	change := shopnotify.Change{Email: strings.TrimSpace(r.PostForm.Get("email")),
		WebhookURL: strings.TrimSpace(r.PostForm.Get("webhook_url"))}
	_, err := h.notifySettings.Set(r.Context(), p, c.shopID(), version, change)
	if err == nil {
		seeOther(w, r, "/shop/settings?done=notify_saved#notify")
		return
	}
	if fairshops.KindOf(err) != fairshops.Invalid {
		h.webError(w, r, c, err)
		return
	}
	s, serr := h.reg.Shop(r.Context(), c.shopID())
	if serr != nil {
		h.webError(w, r, c, serr)
		return
	}
	pg := h.newPage(w, r, c, "shopsettings.title")
	fillContact(pg.Form.Values, s.ComplaintContact)
	pg.Form.Values.Set("email", change.Email)
	pg.Form.Values.Set("webhook_url", change.WebhookURL)
	opAddErrors(pg.Form, err, c.lang, func(field string) string { return h.web.t(c.lang, "notify."+field) })
	h.renderShopSettings(w, r, c, pg, s.Version, http.StatusUnprocessableEntity, "")
}

// shopRotateSecret answers POST /shop/settings/secret: a new signing
// secret, shown on this answer only (no-store); the previous one keeps
// signing for the grace period.
func (h *Handler) shopRotateSecret(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p, _ := c.principal()
	version, _ := strconv.Atoi(r.PostForm.Get("notify_version"))
	_, secret, err := h.notifySettings.Rotate(r.Context(), p, c.shopID(), version)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	s, err := h.reg.Shop(r.Context(), c.shopID())
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	pg := h.newPage(w, r, c, "shopsettings.title")
	fillContact(pg.Form.Values, s.ComplaintContact)
	h.renderShopSettings(w, r, c, pg, s.Version, http.StatusOK, secret.Reveal())
}

// shopResetSecret answers POST /shop/settings/secret/reset: both secrets
// revoked at once; webhooks stop until a new one is drawn.
func (h *Handler) shopResetSecret(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p, _ := c.principal()
	version, _ := strconv.Atoi(r.PostForm.Get("notify_version"))
	if _, err := h.notifySettings.Reset(r.Context(), p, c.shopID(), version); err != nil {
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, "/shop/settings?done=secret_revoked#notify")
}

// opResetSecret answers POST /operator/shops/{shop}/secret/reset: the
// operator revokes a shop's signing secrets (for one that leaked).
func (h *Handler) opResetSecret(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	version, _ := strconv.Atoi(r.PostForm.Get("notify_version"))
	if _, err := h.notifySettings.Reset(r.Context(), opPrincipal(c), id, version); err != nil {
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, "/operator/shops/"+url.PathEscape(id)+"?done=secret_revoked#notify")
}
