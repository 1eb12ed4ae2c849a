package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShopUnreadAPI: a forwarded complaint is unread for its shop until
// the shop reads it; a consumer's message makes it unread again, the
// shop's own message does not; the operator's list carries no marker.
func TestShopUnreadAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	unread := func() any {
		page := w.must(asShopKey, "GET", "/api/v1/complaints", "", 200)
		for _, it := range page["items"].([]any) {
			item := it.(map[string]any)
			if item["id"] == w.complaintA {
				return item["unread"]
			}
		}
		t.Fatal("complaint A not listed")
		return nil
	}
	require.Equal(t, true, unread(), "forwarded, never opened")
	w.must(asShopKey, "GET", "/api/v1/complaints/"+w.complaintA, "", 200)
	require.Equal(t, false, unread(), "read by the shop")
	w.clock.Advance(60e9)
	w.must(asShopKey, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"Wir prüfen das."}`, 201)
	require.Equal(t, false, unread(), "the shop's own message")
	w.clock.Advance(60e9)
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"Danke, ich warte."}`, 201)
	require.Equal(t, true, unread(), "the consumer wrote")
	page := w.must(asOperator, "GET", "/api/v1/complaints", "", 200)
	for _, it := range page["items"].([]any) {
		require.NotContains(t, it.(map[string]any), "unread")
	}
	w.must(asOperator, "GET", "/api/v1/complaints/"+w.complaintA, "", 200)
	require.Equal(t, true, unread(), "the operator's read is not the shop's")
}

// TestWebShopUnread: the inbox marks an unread complaint and counts it in
// the heading; opening its page marks it read.
func TestWebShopUnread(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Die Lieferung fehlt seit Wochen.")
	b := e.browser(t, "en")
	b.login(shopLogin, "/shop")
	inbox := b.get("/shop")
	inbox.contains(t, `data-unread="1"`, "1 new", `<td class="unread">`)
	require.Equal(t, http.StatusOK, b.get("/shop/complaints/"+url.PathEscape(id)).status)
	inbox = b.get("/shop")
	inbox.lacks(t, `data-unread=`, `unread-mark`)
}
