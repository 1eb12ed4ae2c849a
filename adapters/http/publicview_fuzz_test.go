package http

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzNotModified: any If-None-Match header is read without a panic, and
// a header that lists the ETag (weak or strong) always matches, and one
// that names neither it nor "*" never does.
func FuzzNotModified(f *testing.F) {
	for _, s := range []string{"", "*", `"abc"`, `W/"abc"`, `"x", "abc"`, `,,,`, `W/`, `"abc`} {
		f.Add(s)
	}
	const etag = `"abc"`
	f.Fuzz(func(t *testing.T, inm string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("If-None-Match", inm)
		got := notModified(r, etag)
		if strings.TrimSpace(inm) == etag && !got {
			t.Fatalf("%q is the tag but does not match", inm)
		}
		if !strings.Contains(inm, "abc") && !strings.Contains(inm, "*") && got {
			t.Fatalf("%q matches without naming the tag", inm)
		}
		r.Header.Set("If-None-Match", inm+", W/"+etag)
		if !notModified(r, etag) {
			t.Fatalf("%q with the weak tag does not match", inm)
		}
	})
}
