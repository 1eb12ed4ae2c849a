package http_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCarrierUpload attacks POST /api/v1/carrier/{claim}/files, the upload
// of a party without an account (the carrier's claims desk, by its link
// token): the multipart parser, the file's name and the cleaner behind it.
// Whatever the body, the answer is never a 5xx, a refusal is
// problem+json, and a stored document is served back to the carrier with
// exactly the digest its answer names.
func FuzzCarrierUpload(f *testing.F) {
	w := newAPIWorld(f, apiWorldOptions{})
	for _, seed := range [][]byte{
		fuzzUploadBody(f, nil, uploadPart{"Schadensbericht.png", smallPNG(f)}),
		fuzzUploadBody(f, nil, uploadPart{"Lager.jpg", photoWithGPS(f)}),
		fuzzUploadBody(f, [][2]string{{"context", "complaint"}}, uploadPart{"x.pdf", []byte("%PDF-1.4\n%%EOF\n")}),
		fuzzUploadBody(f, nil, uploadPart{"../\x00\u202e.jpg", []byte("<html>")}),
		[]byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n\r\n--B--\r\n"),
		[]byte("--B\r\n\r\n--B--"),
		[]byte(""),
	} {
		f.Add(seed)
	}
	path := "/api/v1/carrier/" + w.claimB + "/files"
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+w.carrierToken)
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
		dr.Header.Set("Authorization", "Bearer "+w.carrierToken)
		dl := httptest.NewRecorder()
		w.h.ServeHTTP(dl, dr)
		require.Equal(t, 200, dl.Code)
		sum := sha256.Sum256(dl.Body.Bytes())
		require.Equal(t, got.SHA256, hex.EncodeToString(sum[:]))
	})
}
