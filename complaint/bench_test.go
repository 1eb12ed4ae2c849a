package complaint_test

import (
	"context"
	"testing"

	"github.com/fairshops/konfliktservice/complaint"
)

// BenchmarkSubmit files a complaint through the Service on the memory
// store: validation, the entitlement look-up, the pre-check, the history
// chain, three events and the Create.
func BenchmarkSubmit(b *testing.B) {
	e := newEnv(b, "2026-03-02 10:00")
	ctx := context.Background()
	in := intake()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := e.svc.Submit(ctx, "fair-shop", in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeIntake decodes and checks a typical v1 body.
func BenchmarkDecodeIntake(b *testing.B) {
	data := []byte(validBody)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := complaint.DecodeIntake(data); err != nil {
			b.Fatal(err)
		}
	}
}
