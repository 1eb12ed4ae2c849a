package http_test

import (
	"bytes"
	"io"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// pdfOfSize is a valid PDF of n bytes: a header, a comment of padding and
// the end marker (the sanitizer copies PDFs as they are).
func pdfOfSize(n int) []byte {
	head, tail := "%PDF-1.7\n%", "\n%%EOF\n"
	return []byte(head + strings.Repeat("x", n-len(head)-len(tail)) + tail)
}

// BenchmarkUpload10MB sends a 10 MB upload through the whole handler
// (multipart stream, sanitizer, service, memory store) and reports the
// bytes allocated per upload relative to the file's size (alloc/filebyte):
// the target is at most about 2.
func BenchmarkUpload10MB(b *testing.B) {
	w := newAPIWorld(b, apiWorldOptions{})
	file := pdfOfSize(10<<20 - 4096)
	body, ct := multipartBody(b, nil, uploadPart{name: "Beleg.pdf", content: file})
	raw, err := io.ReadAll(body)
	if err != nil {
		b.Fatal(err)
	}
	path := "/api/v1/complaints/" + w.complaintA + "/attachments"
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var total uint64 // bytes allocated while timed
	var from, to runtime.MemStats
	runtime.ReadMemStats(&from)
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%w.complaints.MaxFiles() == 0 {
			// A complaint takes 20 files: go on with a fresh one, untimed
			// and uncounted.
			b.StopTimer()
			runtime.ReadMemStats(&to)
			total += to.TotalAlloc - from.TotalAlloc
			w = newAPIWorld(b, apiWorldOptions{})
			path = "/api/v1/complaints/" + w.complaintA + "/attachments"
			runtime.ReadMemStats(&from)
			b.StartTimer()
		}
		r := httptest.NewRequest("POST", path, bytes.NewReader(raw))
		r.Header.Set("Authorization", "Bearer "+w.tokenA)
		r.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		if rec.Code != 201 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
	}
	runtime.ReadMemStats(&to)
	total += to.TotalAlloc - from.TotalAlloc
	b.ReportMetric(float64(total)/float64(b.N)/float64(len(file)), "alloc/filebyte")
}
