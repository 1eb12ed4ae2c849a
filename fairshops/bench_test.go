package fairshops_test

import (
	"testing"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

// BenchmarkAssess scores a typical shop (three MUSTs met of six, one module
// booked, a shortfall so that ways to close are searched) reusing the
// result: the target is >= 1M assessments/s on one core and 0 allocs/op.
func BenchmarkAssess(b *testing.B) {
	cat := fs.DefaultCatalogue()
	fulfilled := []string{"must.payment_buyer_protection", "must.hotline_hours", "must.refund_in_time"}
	bookings := []fs.Booking{
		{Module: fs.Themenportal, From: fs.MustDate("2025-01-01"), Until: fs.MustDate("2025-12-31")},
		{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-01-01")},
	}
	on := fs.MustDate("2026-11-25")
	var a fs.Assessment
	b.ReportAllocs()
	for b.Loop() {
		cat.AssessInto(&a, fulfilled, bookings, on)
	}
	if a.BonusPoints != 40 || len(a.WaysToClose) != 3 {
		b.Fatalf("unexpected result: %d points, ways %v", a.BonusPoints, a.WaysToClose)
	}
}

// BenchmarkAssessCompliant is the common case of a shop that meets the standard.
func BenchmarkAssessCompliant(b *testing.B) {
	cat := fs.DefaultCatalogue()
	fulfilled := []string{"must.payment_buyer_protection", "must.withdrawal_exclusion_notice", "must.hotline_hours",
		"must.refund_in_time", "must.delivery_as_promised", "must.data_protection_requests", "bonus.free_shipping_and_returns"}
	on := fs.MustDate("2026-11-25")
	var a fs.Assessment
	b.ReportAllocs()
	for b.Loop() {
		cat.AssessInto(&a, fulfilled, nil, on)
	}
	if !a.Compliant {
		b.Fatal("want compliant")
	}
}

// BenchmarkMessagesRender renders a reason with an argument, as every field
// error of a problem document does; the printer per language is built once
// by NewMessages, not per call.
func BenchmarkMessagesRender(b *testing.B) {
	fe := fs.FieldError{Code: fs.ReasonTooLong, Args: []any{5}}
	b.ReportAllocs()
	for b.Loop() {
		_ = fe.Reason(fs.German)
	}
}
