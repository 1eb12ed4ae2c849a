package fairshops_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func fieldCodes(t *testing.T, err error) []string {
	t.Helper()
	var ve *fs.ValidationError
	require.True(t, errors.As(err, &ve), "want a *ValidationError, got %v", err)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+": "+f.Code)
	}
	return out
}

func TestDecodeShopFacts(t *testing.T) {
	cat := fs.DefaultCatalogue()
	tests := []struct {
		name string
		json string
		want []string
	}{
		{name: "valid", json: `{"id":"x","as_of":"2026-05-01","fulfilled":["must.hotline_hours"],
			"bookings":[{"module":"streitmoderation","from":"2026-01-01","until":"2026-12-31","purpose":"extra_trust","mediation_mode":"consumer"}]}`},
		{name: "unknown criterion and key", json: `{"fulfilled":["must.nope","must.hotline_hours","must.hotline_hours"],"colour":1}`,
			want: []string{"colour: unknown_field", "fulfilled[0]: dangling", "fulfilled[2]: duplicate"}},
		{name: "module criterion listed as fulfilled", json: `{"fulfilled":["bonus.beschwerdeservice"]}`,
			want: []string{"fulfilled[0]: not_allowed"}},
		{name: "reversed period", json: `{"bookings":[{"module":"themenportal","from":"2026-05-01","until":"2026-04-30"}]}`,
			want: []string{"bookings[0].until: before"}},
		{name: "one-day period is fine", json: `{"bookings":[{"module":"themenportal","from":"2026-05-01","until":"2026-05-01"}]}`},
		{name: "overlapping periods of one module", json: `{"bookings":[
			{"module":"beschwerdeservice","from":"2026-01-01","until":"2026-06-30"},
			{"module":"beschwerdeservice","from":"2026-06-30"}]}`,
			want: []string{"bookings[1]: overlap"}},
		{name: "adjacent periods do not overlap", json: `{"bookings":[
			{"module":"beschwerdeservice","from":"2026-01-01","until":"2026-06-30"},
			{"module":"beschwerdeservice","from":"2026-07-01"}]}`},
		{name: "mediation mode without Streitmoderation", json: `{"bookings":[{"module":"beschwerdeservice","from":"2026-01-01","mediation_mode":"consumer"}]}`,
			want: []string{"bookings[0].mediation_mode: not_booked"}},
		{name: "bad values", json: `{"as_of":"26-1-1","bookings":[{"module":"hotline","purpose":"secret","mediation_mode":"x"},"oops"]}`,
			want: []string{"as_of: invalid_date", "bookings[1]: wrong_type", "bookings[0].module: unknown_value", "bookings[0].from: required", "bookings[0].purpose: unknown_value", "bookings[0].mediation_mode: not_booked"}},
		{name: "wrong types", json: `{"fulfilled":"must.hotline_hours","bookings":{}}`,
			want: []string{"fulfilled: wrong_type", "bookings: wrong_type"}},
		{name: "syntax", json: `{"fulfilled":[`, want: []string{": syntax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fs.DecodeShopFacts([]byte(tt.json), cat)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			if d := cmp.Diff(tt.want, fieldCodes(t, err)); d != "" {
				t.Fatalf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestDecodeShopFactsDefaultsMediationMode(t *testing.T) {
	f, err := fs.DecodeShopFacts([]byte(`{"bookings":[{"module":"streitmoderation","from":"2026-01-01"}]}`), fs.DefaultCatalogue())
	require.NoError(t, err)
	require.Equal(t, fs.ShopDiscretion, f.Bookings[0].MediationMode)
}

func TestShopCheck(t *testing.T) {
	cat := fs.DefaultCatalogue()
	s := fs.Shop{ID: "x", Name: "  ", Domain: "Not A Domain", Seal: fs.Seal{Status: "gold"},
		Fulfilled:  []string{"must.nope"},
		Bookings:   []fs.Booking{{Module: fs.Beschwerdeservice, From: fs.MustDate("2026-01-01")}},
		Conditions: []string{"ok", "bad\x00text"}}
	want := []string{"name: required", "domain: invalid_format", "seal.status: unknown_value", "fulfilled[0]: dangling",
		"bookings[0].purpose: required", "conditions[1]: control_chars"}
	if d := cmp.Diff(want, fieldCodes(t, s.Check(cat))); d != "" {
		t.Fatalf("problems (-want +got):\n%s", d)
	}
}

func TestEntitlements(t *testing.T) {
	tests := []struct {
		name       string
		bookings   []fs.Booking
		complaints bool
		mediation  bool
		portal     bool
		mode       fs.MediationMode
	}{
		{name: "none"},
		{name: "portal only", bookings: []fs.Booking{bookedTP}, portal: true},
		{name: "complaint service includes portal", bookings: []fs.Booking{bookedBS}, portal: true, complaints: true},
		{name: "moderation includes complaints", bookings: []fs.Booking{{Module: fs.Streitmoderation, From: day, MediationMode: fs.OperatorAfterComplaint}},
			portal: true, complaints: true, mediation: true, mode: fs.OperatorAfterComplaint},
		{name: "expired booking", bookings: []fs.Booking{{Module: fs.Streitmoderation, From: fs.MustDate("2025-01-01"), Until: day.AddDays(-1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fs.EntitlementsOf(tt.bookings, day)
			require.Equal(t, tt.portal, e.Has(fs.Themenportal))
			require.Equal(t, tt.complaints, e.ReceivesComplaints())
			require.Equal(t, tt.mediation, e.Mediates())
			require.Equal(t, tt.mode, e.MediationMode)
		})
	}
}
