package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebErasure: the consumer erases a withdrawn complaint through the
// confirmation page (an open one tells them to withdraw first); the
// operator erases on request with the confirmation box ticked, and nothing
// without it. Both pages then say when and what stays.
func TestWebErasure(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	t.Run("consumer", func(t *testing.T) {
		id, tok := e.fileComplaint(t, "demo-shop", "Die Quittenpresse fehlt.")
		b := e.consumer(t, "de", id, tok)
		p := b.get("/c/" + id)
		p.contains(t, `id="erase-withdraw-first"`, "ziehen Sie die Beschwerde zuerst zurück")
		p.lacks(t, `action="/c/`+id+`/erase"`)
		require.Equal(t, http.StatusSeeOther, b.get("/c/"+id+"/erase").status, "no confirmation for an open complaint")
		p = b.post("/c/"+id+"/erase", url.Values{"csrf": {p.csrf(t)}})
		require.Equal(t, http.StatusConflict, p.status)

		require.Equal(t, http.StatusSeeOther, b.submit("/c/"+id, "/c/"+id+"/withdraw", nil).status)
		b.get("/c/"+id).contains(t, `action="/c/`+id+`/erase"`, "Meine personenbezogenen Daten löschen")
		confirm := b.get("/c/" + id + "/erase")
		require.Equal(t, http.StatusOK, confirm.status)
		confirm.contains(t, "Personenbezogene Daten löschen?", "Ja, meine Daten löschen")
		p = b.post("/c/"+id+"/erase", url.Values{"csrf": {confirm.csrf(t)}, "confirm": {"yes"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/c/"+id+"?done=erased#erased", p.header.Get("Location"))
		p = b.get(p.header.Get("Location"))
		p.contains(t, "Ihre personenbezogenen Daten wurden gelöscht.", `id="erased"`, "am 25.11.2026 gelöscht",
			"§ 257 HGB")
		p.lacks(t, "Quittenpresse", `action="/c/`+id+`/erase"`, `id="erase-withdraw-first"`)
		stored, err := e.db.Complaints().Get(ctx, id)
		require.NoError(t, err)
		require.Equal(t, fairshops.Tombstone("Erika Muster"), stored.Contact.Name)

		// The shop's page says so too.
		shop := e.browser(t, "de")
		shop.login(shopLogin, "/shop")
		p = shop.get("/shop/complaints/" + id)
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, `id="erased"`, "am 25.11.2026 gelöscht")
		p.lacks(t, "Quittenpresse", "Erika Muster")
	})
	t.Run("operator", func(t *testing.T) {
		id, _ := e.fileComplaint(t, "demo-shop", "Die Quittenpresse fehlt.")
		b := e.browser(t, "en")
		b.login(operatorLogin, "/operator")
		page := "/operator/complaints/" + id
		p := b.get(page)
		p.contains(t, `action="`+page+`/erase"`, `name="confirm" value="yes"`)
		p = b.post(page+"/erase", url.Values{"csrf": {p.csrf(t)}})
		require.Equal(t, http.StatusSeeOther, p.status)
		b.get(p.header.Get("Location")).contains(t, "Nothing was erased: tick the confirmation first.", "Quittenpresse")

		p = b.submit(page, page+"/erase", url.Values{"confirm": {"yes"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		p = b.get(p.header.Get("Location"))
		p.contains(t, "The complaint&#39;s personal data have been erased.", `id="erased-banner"`,
			"Personal data erased on", "HGB §257")
		p.lacks(t, "Quittenpresse", "Erika Muster", `action="`+page+`/erase"`)
		c, err := e.complaints.Get(ctx, fairshops.AsOperator("olga"), id)
		require.NoError(t, err)
		_, erased := c.ErasedAt()
		require.True(t, erased)
	})
}
