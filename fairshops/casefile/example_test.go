package casefile_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

// Seal a case file, change one byte, and let Verify say which part.
func Example() {
	k, _ := casefile.NewKey("ks-2026-1", bytes.Repeat([]byte{7}, 32))
	f, _ := casefile.Seal(k, "c_1", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), []casefile.Part{
		{Name: "complaint", Type: "application/json", Data: []byte(`{"id":"c_1"}`)},
		{Name: "file a_1", Type: "application/pdf", Data: []byte("%PDF-1.7 ... %%EOF")},
	})
	keys := []casefile.PublicKey{k.Public()}
	fmt.Println(len(casefile.Verify(f, keys)))
	f.Parts[1].Data[3] = 'X'
	for _, p := range casefile.Verify(f, keys) {
		fmt.Println(p)
	}
	// Output:
	// 0
	// file a_1: content changed: its SHA-256 is not the one sealed
}
