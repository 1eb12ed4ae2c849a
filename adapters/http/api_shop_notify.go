package http

import (
	"net/http"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// Where a shop's notifications go, through the JSON API (issue 14 item 2,
// docs/adr-shop-notifications.md): the shop itself (session or API key) or
// the operator reads and edits the e-mail address and the webhook URL; only
// the shop draws a new signing secret, which the answer shows once; the
// shop or the operator revokes it.

// apiRotatedSecret is the answer of a rotation: the settings and the new
// secret, which is never shown again.
type apiRotatedSecret struct {
	Settings shopnotify.View `json:"settings"`
	Secret   string          `json:"secret"`
}

// apiGetNotify answers GET /api/v1/shops/{shop}/notifications.
func (h *Handler) apiGetNotify(w http.ResponseWriter, r *http.Request) {
	p, _ := callerOf(r).principal()
	v, err := h.notifySettings.Get(r.Context(), p, r.PathValue("shop"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiSetNotify answers PUT /api/v1/shops/{shop}/notifications {"version",
// "email", "webhook_url"}: both replaced (an empty or missing value clears
// it), every wrong field reported at once; 409 for a stale version.
func (h *Handler) apiSetNotify(w http.ResponseWriter, r *http.Request) {
	_, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "version", "email", "webhook_url")
	version, _ := o.Int(&pr, "version", true, 0, 1<<53)
	c := shopnotify.Change{Email: o.Str(&pr, "email", false), WebhookURL: o.Str(&pr, "webhook_url", false)}
	if h.apiDecodeFailed(w, r, &pr, "http.setNotify") {
		return
	}
	p, _ := callerOf(r).principal()
	v, err := h.notifySettings.Set(r.Context(), p, r.PathValue("shop"), int(version), c)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiRotateSecret answers POST /api/v1/shops/{shop}/notifications/secret
// {"version"}: the shop's new signing secret, shown once (no-store); the
// previous one keeps signing for the grace period. The operator is
// refused (403): it never sees a secret.
func (h *Handler) apiRotateSecret(w http.ResponseWriter, r *http.Request) {
	_, o, ok := h.apiBody(w, r)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "version")
	version, _ := o.Int(&pr, "version", true, 0, 1<<53)
	if h.apiDecodeFailed(w, r, &pr, "http.rotateSecret") {
		return
	}
	p, _ := callerOf(r).principal()
	v, secret, err := h.notifySettings.Rotate(r.Context(), p, r.PathValue("shop"), int(version))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, apiRotatedSecret{Settings: v, Secret: secret.Reveal()})
}

// apiResetSecret answers DELETE /api/v1/shops/{shop}/notifications/secret
// ?version=: the current and the previous secret are revoked at once; no
// webhook is sent until the shop draws a new one.
func (h *Handler) apiResetSecret(w http.ResponseWriter, r *http.Request) {
	version, ok := apiQueryInt(w, r, requestLanguage(r), "version", 0, 1<<53)
	if !ok {
		return
	}
	p, _ := callerOf(r).principal()
	v, err := h.notifySettings.Reset(r.Context(), p, r.PathValue("shop"), int(version))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
