package http_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// carrierUpload sends files as the carrier to its claim B.
func (w *apiWorld) carrierUpload(files ...uploadPart) *httptest.ResponseRecorder {
	w.t.Helper()
	body, ct := multipartBody(w.t, nil, files...)
	r := httptest.NewRequest("POST", "/api/v1/carrier/"+w.claimB+"/files", body)
	w.authorize(r, asCarrier)
	return w.serve(r, ct)
}

// TestCarrierFilesAPI: the carrier uploads a document with its token and
// downloads it with the digest the answer names; it lists what the consumer
// shared and its own documents, and a file whose consent was taken back is
// 404; the shop lists and downloads the document on the claim; the
// consumer's list of the complaint's files does not hold it. Refused
// uploads answer 415, 422 and 404.
func TestCarrierFilesAPI(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	rec := w.carrierUpload(uploadPart{"Schadensbericht.png", smallPNG(t)})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var doc struct{ ID, URL, SHA256, Owner, Name string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	require.Equal(t, "carrier", doc.Owner)
	require.Equal(t, doc.URL, rec.Header().Get("Location"))
	require.Equal(t, "/api/v1/carrier/"+w.claimB+"/files/"+doc.ID, doc.URL)
	dl := w.call(asCarrier, "GET", doc.URL, "")
	require.Equal(t, http.StatusOK, dl.Code)
	sum := sha256.Sum256(dl.Body.Bytes())
	require.Equal(t, doc.SHA256, hex.EncodeToString(sum[:]))
	require.Equal(t, "sandbox; default-src 'none'", dl.Header().Get("Content-Security-Policy"))

	// The consumer of complaint B shares a photo: listed first, then the
	// carrier's document; once the consent is taken back, 404.
	consumerB := fairshops.AsConsumer(fairshops.Token(w.tokenB))
	a, err := w.complaints.Attach(w.ctx, consumerB, w.complaintB, complaint.Upload{Name: "Karton.png"},
		bytes.NewReader(smallPNG(t)))
	require.NoError(t, err)
	photo := a.ID
	require.NoError(t, w.claims.SetShared(w.ctx, consumerB, w.complaintB, photo, true))
	list := w.must(asCarrier, "GET", "/api/v1/carrier/"+w.claimB+"/files", "", http.StatusOK)
	files := list["files"].([]any)
	require.Len(t, files, 2)
	require.Equal(t, photo, files[0].(map[string]any)["id"])
	require.Equal(t, "consumer", files[0].(map[string]any)["owner"])
	require.Equal(t, doc.ID, files[1].(map[string]any)["id"])
	require.Equal(t, http.StatusOK, w.call(asCarrier, "GET", "/api/v1/carrier/"+w.claimB+"/files/"+photo, "").Code)
	require.NoError(t, w.claims.SetShared(w.ctx, consumerB, w.complaintB, photo, false))
	require.Equal(t, http.StatusNotFound, w.call(asCarrier, "GET", "/api/v1/carrier/"+w.claimB+"/files/"+photo, "").Code)

	// The claim's shop sees the document; the consumer's files do not hold it.
	docs := w.must(asOtherShopKey, "GET", "/api/v1/carrier-claims/"+w.claimB+"/files", "", http.StatusOK)
	require.Len(t, docs["files"].([]any), 1)
	shopURL := docs["files"].([]any)[0].(map[string]any)["url"].(string)
	require.Equal(t, "/api/v1/carrier-claims/"+w.claimB+"/files/"+doc.ID, shopURL)
	require.Equal(t, http.StatusOK, w.call(asOtherShopKey, "GET", shopURL, "").Code)
	mine := w.must(asOtherConsumer, "GET", "/api/v1/complaints/"+w.complaintB+"/attachments", "", http.StatusOK)
	for _, a := range mine["attachments"].([]any) {
		require.NotEqual(t, doc.ID, a.(map[string]any)["id"])
	}
	require.Equal(t, http.StatusNotFound, w.call(asOtherConsumer, "GET",
		"/api/v1/complaints/"+w.complaintB+"/attachments/"+doc.ID, "").Code)

	// Refusals.
	require.Equal(t, http.StatusUnsupportedMediaType, w.call(asCarrier, "POST", "/api/v1/carrier/"+w.claimB+"/files",
		`{"file":"x"}`).Code)
	rec = w.carrierUpload()
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	require.Contains(t, rec.Body.String(), `"field":"file"`)
	rec = w.carrierUpload(uploadPart{"notiz.txt", []byte("nur Text")})
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	require.Contains(t, rec.Body.String(), "file_type")
	r := httptest.NewRequest("POST", "/api/v1/carrier/"+w.claimB+"/files", nil)
	r.Header.Set("Authorization", "Bearer "+w.tokenA)
	require.Equal(t, http.StatusNotFound, w.serve(r, "multipart/form-data; boundary=B").Code, "another token")
}
