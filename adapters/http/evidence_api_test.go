package http_test

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// upload sends one multipart upload to path as who.
func (w *apiWorld) upload(who apiRole, path string, fields [][2]string, files ...uploadPart) *httptest.ResponseRecorder {
	w.t.Helper()
	body, ct := multipartBody(w.t, fields, files...)
	r := httptest.NewRequest("POST", path, body)
	w.authorize(r, who)
	return w.serve(r, ct)
}

// download gets path as who.
func (w *apiWorld) download(who apiRole, path string) *httptest.ResponseRecorder {
	w.t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	w.authorize(r, who)
	return w.serve(r, "")
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestUploadPhotoWithGPS: the consumer uploads a photo with GPS data; the
// shop downloads it without the metadata, with the safe headers; the
// complaint lists it, and its history holds the digest of exactly the
// stored bytes.
func TestUploadPhotoWithGPS(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	photo := photoWithGPS(t)
	rec := w.upload(asConsumer, "/api/v1/complaints/"+w.complaintA+"/attachments", nil,
		uploadPart{name: "Schaden äöü \"1\".jpg", content: photo})
	require.Equal(t, 201, rec.Code, rec.Body.String())
	var got struct {
		ID, Name, Type, SHA256, URL string
		Size                        int64
		ThumbnailURL                string `json:"thumbnail_url"`
		ModeratorOnly               bool   `json:"moderator_only"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Equal(t, "image/jpeg", got.Type)
	require.Equal(t, `Schaden äöü 1.jpg`, got.Name)
	require.Equal(t, got.URL, rec.Header().Get("Location"))
	require.Equal(t, got.URL+"/thumbnail", got.ThumbnailURL)

	// The shop downloads it: no metadata, the digest the history holds.
	dl := w.download(asShopKey, got.URL)
	require.Equal(t, 200, dl.Code, dl.Body.String())
	stored := dl.Body.Bytes()
	for _, m := range gpsMarkers {
		require.NotContains(t, string(stored), m, "metadata left in the stored photo")
	}
	require.Equal(t, got.SHA256, sha256Hex(stored))
	require.Equal(t, got.Size, int64(len(stored)))
	require.Equal(t, "image/jpeg", dl.Header().Get("Content-Type"))
	require.Equal(t, "nosniff", dl.Header().Get("X-Content-Type-Options"))
	require.Equal(t, "sandbox; default-src 'none'", dl.Header().Get("Content-Security-Policy"))
	require.Equal(t, `attachment; filename="Schaden ___ 1.jpg"; filename*=UTF-8''Schaden%20%C3%A4%C3%B6%C3%BC%201.jpg`,
		dl.Header().Get("Content-Disposition"))

	// The thumbnail is a JPEG, made once and kept.
	th := w.download(asOperator, got.ThumbnailURL)
	require.Equal(t, 200, th.Code)
	require.Equal(t, "image/jpeg", th.Header().Get("Content-Type"))
	require.True(t, bytes.HasPrefix(th.Body.Bytes(), []byte{0xFF, 0xD8}))
	kept, err := w.db.Files().Thumbnail(w.ctx, got.ID)
	require.NoError(t, err)
	require.Equal(t, th.Body.Bytes(), kept)

	// The complaint lists it, and the history vouches for the bytes.
	out := w.must(asShopKey, "GET", "/api/v1/complaints/"+w.complaintA, "", 200)
	files := out["attachments"].([]any)
	require.Len(t, files, 1)
	require.Equal(t, got.SHA256, files[0].(map[string]any)["sha256"])
	c, err := w.complaints.Get(w.ctx, fairshops.AsOperator("Olga"), w.complaintA)
	require.NoError(t, err)
	last := c.History[len(c.History)-1]
	require.Equal(t, "attachment_added", last.Action)
	require.Equal(t, "file "+got.ID+" sha256 "+sha256Hex(stored), last.Detail)
	require.NoError(t, complaint.VerifyHistory(c.ID, c.History))
	require.NoError(t, w.complaints.VerifyAttachments(w.ctx, fairshops.AsOperator("Olga"), c.ID))

	// A complaint without files lists none, as [] rather than nothing.
	outB := w.must(asConsumer, "GET", "/api/v1/complaints/"+w.complaintA, "", 200)
	require.Len(t, outB["attachments"], 1)
	other := w.must(asOtherConsumer, "GET", "/api/v1/complaints/"+w.complaintB, "", 200)
	require.Equal(t, []any{}, other["attachments"])
}

// deflateBomb is a PDF whose one stream inflates to n zero bytes: small to
// store, huge for whoever inflates it. The server never does.
func deflateBomb(t testing.TB, n int) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestCompression)
	require.NoError(t, err)
	chunk := make([]byte, 1<<20)
	for range n >> 20 {
		_, err = zw.Write(chunk)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return []byte(fmt.Sprintf("%%PDF-1.7\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", z.Len()) +
		z.String() + "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// TestUploadHostileFiles sends files built to fool a sniffer, a viewer or
// a parser: each is refused with its reason, or stored harmless.
func TestUploadHostileFiles(t *testing.T) {
	t.Parallel()
	photo := photoWithGPS(t)
	polyglot := append(append([]byte(nil), photo...), []byte("<html><script>alert(1)</script></html>PK\x03\x04zipzip")...)
	bomb := deflateBomb(t, 64<<20)
	for _, tc := range []struct {
		name    string
		file    uploadPart
		status  int
		code    string // the reason of a refusal
		typ     string // the type a stored file is served as
		without []string
	}{
		{name: "0-byte file", file: uploadPart{"leer.jpg", nil}, status: 422, code: fairshops.ReasonFileEmpty},
		{name: "HTML renamed .jpg", file: uploadPart{"foto.jpg", []byte("<!DOCTYPE html><html><script>alert(document.cookie)</script>")},
			status: 422, code: fairshops.ReasonFileType},
		{name: "SVG with script", file: uploadPart{"bild.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
			status: 422, code: fairshops.ReasonFileType},
		{name: "JPEG with HTML and ZIP appended (polyglot)", file: uploadPart{"foto.jpg", polyglot}, status: 201,
			typ: "image/jpeg", without: append([]string{"<script", "PK\x03\x04"}, gpsMarkers...)},
		{name: "PDF with a deflate bomb", file: uploadPart{"beleg.pdf", bomb}, status: 201, typ: "application/pdf"},
		{name: "PDF with HTML after %%EOF", file: uploadPart{"beleg.pdf", []byte("%PDF-1.4\n%%EOF\n<html><script>x</script>")},
			status: 422, code: fairshops.ReasonFileCorrupt},
		{name: "truncated JPEG", file: uploadPart{"foto.jpg", photo[:len(photo)/2]}, status: 422, code: fairshops.ReasonFileCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newAPIWorld(t, apiWorldOptions{})
			before := w.snapshot()
			rec := w.upload(asConsumer, "/api/v1/complaints/"+w.complaintA+"/attachments", nil, tc.file)
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			if tc.status != 201 {
				require.Contains(t, rec.Body.String(), `"code":"`+tc.code+`"`)
				require.Equal(t, before, w.snapshot(), "a refused file leaves nothing behind")
				return
			}
			var got struct{ URL, Type string }
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			require.Equal(t, tc.typ, got.Type)
			dl := w.download(asShopKey, got.URL)
			require.Equal(t, 200, dl.Code)
			require.Equal(t, tc.typ, dl.Header().Get("Content-Type"))
			require.True(t, strings.HasPrefix(dl.Header().Get("Content-Disposition"), "attachment;"))
			for _, s := range tc.without {
				require.NotContains(t, dl.Body.String(), s)
			}
			if tc.typ == "application/pdf" {
				require.Equal(t, len(tc.file.content), dl.Body.Len(), "a PDF is stored as sent, never inflated")
				th := w.download(asShopKey, got.URL+"/thumbnail")
				require.Equal(t, 404, th.Code, "a PDF has no thumbnail")
			}
		})
	}
}

// TestUploadRefusedRequests: requests that are no upload, or too many
// files at once.
func TestUploadRefusedRequests(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	path := "/api/v1/complaints/" + w.complaintA + "/attachments"
	// JSON instead of multipart.
	rec := w.call(asConsumer, "POST", path, `{"file":"x"}`)
	require.Equal(t, 415, rec.Code, rec.Body.String())
	// No file part.
	rec = w.upload(asConsumer, path, [][2]string{{"context", "complaint"}})
	require.Equal(t, 422, rec.Code, rec.Body.String())
	require.Contains(t, rec.Body.String(), `"field":"file","code":"required"`)
	// Two files in one request: the API takes the first and reads no further.
	rec = w.upload(asConsumer, path, nil, uploadPart{"a.png", smallPNG(t)}, uploadPart{"b.png", smallPNG(t)})
	require.Equal(t, 201, rec.Code, rec.Body.String())
	list, err := w.complaints.Attachments(w.ctx, w.consumerPrincipal(), w.complaintA)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "a.png", list[0].Name)
	// A broken multipart body.
	r := httptest.NewRequest("POST", path, strings.NewReader("--x\r\nnot a header\r\n"))
	w.authorize(r, asConsumer)
	rec = w.serve(r, "multipart/form-data; boundary=x")
	require.Equal(t, 400, rec.Code, rec.Body.String())
	// A message's file: the context names a message of the thread.
	msg := w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"Foto anbei"}`, 201)
	msgs := msg["messages"].([]any)
	mid := msgs[len(msgs)-1].(map[string]any)["id"].(string)
	rec = w.upload(asConsumer, path, [][2]string{{"context", "message:" + mid}}, uploadPart{"a.png", smallPNG(t)})
	require.Equal(t, 201, rec.Code, rec.Body.String())
	require.Contains(t, rec.Body.String(), `"context":"message:`+mid+`"`)
	rec = w.upload(asConsumer, path, [][2]string{{"context", "message:m_unknown"}}, uploadPart{"a.png", smallPNG(t)})
	require.Equal(t, 422, rec.Code, rec.Body.String())
	// Downloads of what is not there, or not of this complaint.
	require.Equal(t, 404, w.download(asOperator, path+"/f_nothing").Code)
	fid := w.attachPNG(w.consumerPrincipal(), "", false)
	require.Equal(t, 404, w.download(asOperator, "/api/v1/complaints/"+w.complaintB+"/attachments/"+fid).Code)
	require.Equal(t, 200, w.download(asOperator, path+"/"+fid).Code)
}

// TestUploadBodyLimit: a file over the size limit is refused and leaves
// nothing behind.
func TestUploadBodyLimit(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	// A body far over the limit of one file is cut off by the server.
	big := make([]byte, w.complaints.MaxFileBytes()+2<<20)
	copy(big, smallPNG(t))
	rec := w.upload(asConsumer, "/api/v1/complaints/"+w.complaintA+"/attachments", nil, uploadPart{"big.png", big})
	require.Contains(t, []int{413, 422}, rec.Code, rec.Body.String())
	list, err := w.complaints.Attachments(w.ctx, w.consumerPrincipal(), w.complaintA)
	require.NoError(t, err)
	require.Empty(t, list)
}
