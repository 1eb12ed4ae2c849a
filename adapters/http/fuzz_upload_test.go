package http_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzUpload attacks the multipart upload of POST
// /api/v1/complaints/{id}/attachments: the body parser (readMultipart), the
// file's name and fields, and the sanitizer behind it. Whatever the body,
// the answer is never a 5xx, a refusal is problem+json, and a stored file
// is served back with exactly the digest its answer and the history name.
func FuzzUpload(f *testing.F) {
	w := newAPIWorld(f, apiWorldOptions{})
	for _, seed := range [][]byte{
		fuzzUploadBody(f, [][2]string{{"context", "complaint"}}, uploadPart{"Foto.png", smallPNG(f)}),
		fuzzUploadBody(f, nil, uploadPart{"Schaden.jpg", photoWithGPS(f)}),
		fuzzUploadBody(f, [][2]string{{"moderator_only", "true"}}, uploadPart{"x.pdf", []byte("%PDF-1.4\n%%EOF\n")}),
		fuzzUploadBody(f, nil, uploadPart{"../\x00\u202e.jpg", []byte("<html>")}),
		[]byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n\r\n--B--\r\n"),
		[]byte("--B\r\nContent-Disposition: form-data; name=file; filename*=UTF-8''%C3%A4.png\r\n\r\n\x89PNG\r\n--B"),
		[]byte("--B\r\n\r\n--B--"),
		[]byte(""),
	} {
		f.Add(seed)
	}
	path := "/api/v1/complaints/" + w.complaintA + "/attachments"
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+w.tokenA) // not w.authorize: its helper is the F's
		r.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		require.Less(t, rec.Code, 500, rec.Body.String())
		if rec.Code >= 400 {
			require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
			return
		}
		require.Equal(t, 201, rec.Code)
		var got struct{ URL, SHA256 string }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
		dr := httptest.NewRequest("GET", got.URL, nil)
		dr.Header.Set("Authorization", "Bearer "+w.tokenA)
		dl := httptest.NewRecorder()
		w.h.ServeHTTP(dl, dr)
		require.Equal(t, 200, dl.Code)
		sum := sha256.Sum256(dl.Body.Bytes())
		require.Equal(t, got.SHA256, hex.EncodeToString(sum[:]))
	})
}

// fuzzUploadBody is a multipart body with the boundary B.
func fuzzUploadBody(f *testing.F, fields [][2]string, files ...uploadPart) []byte {
	body, ct := multipartBody(f, fields, files...)
	b, err := io.ReadAll(body)
	require.NoError(f, err)
	boundary := ct[len("multipart/form-data; boundary="):]
	return bytes.ReplaceAll(b, []byte(boundary), []byte("B"))
}
