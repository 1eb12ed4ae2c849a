package http_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestAPIExport: the consumer's download holds everything about them (the
// contact, the facts, the thread, the history that still verifies, the
// mediation case) and no secret; the operator gets the same; a shop none.
func TestAPIExport(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"Gibt es eine Sendungsnummer?"}`, 201)
	caseID := w.caseOpen()

	rec := w.call(asConsumer, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, `attachment; filename="konfliktservice-`+w.complaintA+`.json"`, rec.Header().Get("Content-Disposition"))
	require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	body := rec.Body.String()
	for _, want := range []string{`"format": "konfliktservice.export/1"`, "Erika Muster", "erika@example.org",
		"Paket kam nie an.", "Gibt es eine Sendungsnummer?", caseID, "GDPR Art. 15"} {
		require.Contains(t, body, want)
	}
	require.NotContains(t, body, w.tokenA)
	require.NotContains(t, body, fairshops.Token(w.tokenA).Hash(), "no hash of the consumer's secret")

	var b struct {
		Complaint struct {
			ID      string            `json:"id"`
			History fairshops.History `json:"history"`
		} `json:"complaint"`
		Cases []struct {
			ID      string            `json:"id"`
			History fairshops.History `json:"history"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &b))
	require.NotEmpty(t, b.Complaint.History)
	require.NoError(t, b.Complaint.History.Verify("test", b.Complaint.ID, fairshops.PlainEntries), "the exported history verifies")
	require.Len(t, b.Cases, 1)
	require.NoError(t, b.Cases[0].History.Verify("test", b.Cases[0].ID, fairshops.EditEntries))

	op := w.call(asOperator, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "")
	require.Equal(t, http.StatusOK, op.Code)
	require.Contains(t, op.Body.String(), "erika@example.org")

	shop := w.call(asShopKey, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "")
	require.Equal(t, http.StatusForbidden, shop.Code)
	require.NotContains(t, shop.Body.String(), "erika@example.org")
	require.Equal(t, http.StatusNotFound, w.call(asOtherConsumer, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "").Code)
}

// TestWebExport: the case page links the download, and it answers the
// consumer and the operator.
func TestWebExport(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.consumer(t, "de", id, tok)
	page := b.get("/c/" + id)
	page.contains(t, `href="/c/`+id+`/export"`, "Meine Daten herunterladen")
	p := b.get("/c/" + id + "/export")
	require.Equal(t, http.StatusOK, p.status)
	require.True(t, strings.HasPrefix(p.header.Get("Content-Disposition"), "attachment;"))
	p.contains(t, "Das Paket kam nie an.", "erika@example.org")

	require.Equal(t, http.StatusNotFound, e.browser(t, "de").get("/c/"+id+"/export").status, "not without the token")

	op := e.operator(t, "de")
	page = op.get("/operator/complaints/" + id)
	page.contains(t, `href="/operator/complaints/`+id+`/export"`)
	p = op.get("/operator/complaints/" + id + "/export")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "erika@example.org")
}
