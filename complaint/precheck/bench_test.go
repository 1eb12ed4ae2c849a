package precheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
)

// typical is a typical complaint: a return within the period, goods sent
// back, the refund overdue (two findings, one standard violation).
func typical(b *testing.B) (Facts, []byte) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", "01-return-refund-overdue.facts.json"))
	if err != nil {
		b.Fatal(err)
	}
	f, err := DecodeFacts(data)
	if err != nil {
		b.Fatal(err)
	}
	return f, data
}

// BenchmarkCheck measures the pre-check of a typical complaint; the target
// is at least 200k checks per second on one core (<= 5 µs/op).
func BenchmarkCheck(b *testing.B) {
	f, _ := typical(b)
	asOf := fairshops.MustDate("2025-12-22")
	opts := Options{}
	Check(f, asOf, opts) // load the default catalogue once
	b.ReportAllocs()
	for b.Loop() {
		r := Check(f, asOf, opts)
		if len(r.Findings) != 2 {
			b.Fatalf("findings %v", summary(r))
		}
	}
}

// BenchmarkCheckWarranty measures a warranty complaint, the rules with the
// most periods.
func BenchmarkCheckWarranty(b *testing.B) {
	f := factsOf(b, `{"category":"warranty","order_date":"2024-03-10","delivery_date":"2024-03-14","defect_noticed_on":"2025-09-01","cure_requested_on":"2025-09-02"}`, "2025-10-15")
	asOf := fairshops.MustDate("2025-10-15")
	b.ReportAllocs()
	for b.Loop() {
		Check(f, asOf, Options{})
	}
}

// BenchmarkDecodeFacts measures the strict intake of a typical complaint.
func BenchmarkDecodeFacts(b *testing.B) {
	_, data := typical(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeFacts(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLocalize measures rendering a typical result in German.
func BenchmarkLocalize(b *testing.B) {
	f, _ := typical(b)
	r := Check(f, fairshops.MustDate("2025-12-22"), Options{})
	b.ReportAllocs()
	for b.Loop() {
		r.Localize(fairshops.German)
	}
}
