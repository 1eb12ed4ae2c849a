package http_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShopNotifyAPI: a shop sets its notification address and webhook
// URL through the API (every wrong field at once, an address the webhook
// guard refuses included), draws a secret that the answer shows once and
// no read shows again, and the operator sees the settings, not the secret.
func TestShopNotifyAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	const path = "/api/v1/shops/shop-1/notifications"
	bad := w.must(asShopKey, "PUT", path, `{"version":0,"email":"Shop <x@y.example>","webhook_url":"https://169.254.169.254/latest"}`, 422)
	fields := map[string]string{}
	for _, e := range bad["errors"].([]any) {
		fe := e.(map[string]any)
		fields[fe["field"].(string)] = fe["code"].(string)
	}
	require.Equal(t, map[string]string{"email": "invalid_email", "webhook_url": "not_allowed"}, fields)
	w.must(asShopKey, "PUT", path, `{"version":0,"webhook_url":"http://shop-1.example/h"}`, 422)

	got := w.must(asShopKey, "PUT", path, `{"version":0,"email":"service@shop-1.example","webhook_url":"https://shop-1.example/h"}`, 200)
	require.Equal(t, false, got["secret_set"])
	w.must(asShopKey, "PUT", path, `{"version":0}`, 409)

	rec := w.call(asShopKey, "POST", path+"/secret", `{"version":1}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	var rotated struct {
		Settings map[string]any `json:"settings"`
		Secret   string         `json:"secret"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &rotated))
	require.Regexp(t, `^[a-z0-9]{52}$`, rotated.Secret)
	require.Equal(t, true, rotated.Settings["secret_set"])

	for _, who := range []apiRole{asShopKey, asOperator} {
		rec := w.call(who, "GET", path, "")
		require.Equal(t, http.StatusOK, rec.Code)
		require.NotContains(t, rec.Body.String(), rotated.Secret)
		require.Contains(t, rec.Body.String(), `"secret_set":true`)
	}
	w.must(asOperator, "POST", path+"/secret", `{"version":2}`, 403)
	revoked := w.must(asOperator, "DELETE", path+"/secret?version=2", "", 200)
	require.Equal(t, false, revoked["secret_set"])
}

// TestWebShopNotify: the shop's settings page edits the address and the
// URL (a refused URL comes back next to its field), shows a new secret on
// the answer to its post only, and the operator's page of the shop shows
// that a secret is set, never the secret, and revokes it.
func TestWebShopNotify(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "en")
	b.login(shopLogin, "/shop")
	p := b.submit("/shop/settings", "/shop/settings/notifications", url.Values{"notify_version": {"0"},
		"email": {"hooks@demo.example"}, "webhook_url": {"https://127.0.0.1/h"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	p.contains(t, `id="f-webhook-url-err"`, `value="https://127.0.0.1/h"`)

	p = b.submit("/shop/settings", "/shop/settings/notifications", url.Values{"notify_version": {"0"},
		"email": {"hooks@demo.example"}, "webhook_url": {"https://demo.example/hooks"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	settings := b.get("/shop/settings")
	settings.contains(t, `value="https://demo.example/hooks"`, "No secret: webhooks are not sent.")

	p = b.submit("/shop/settings", "/shop/settings/secret", url.Values{"notify_version": {"1"}})
	require.Equal(t, http.StatusOK, p.status, p.body)
	require.Equal(t, "no-store", p.header.Get("Cache-Control"))
	m := regexp.MustCompile(`<code data-secret>([a-z0-9]{52})</code>`).FindStringSubmatch(p.body)
	require.NotNil(t, m, p.body)
	secret := m[1]
	b.get("/shop/settings").lacks(t, secret)

	op := e.browser(t, "en")
	op.login(operatorLogin, "/operator")
	shopPage := op.get("/operator/shops/demo-shop")
	shopPage.contains(t, "https://demo.example/hooks", "Set on ")
	shopPage.lacks(t, secret)
	p = op.submit("/operator/shops/demo-shop", "/operator/shops/demo-shop/secret/reset", url.Values{"notify_version": {"2"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	b.get("/shop/settings").contains(t, "No secret: webhooks are not sent.")
}
