package fairshops

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUnknownValueListsAllowed: an unknown value of an enum names the
// allowed values in both languages; one without them keeps the short text.
func TestUnknownValueListsAllowed(t *testing.T) {
	t.Parallel()
	var p Problems
	checkBookings([]Booking{
		{Module: "nope", From: MustDate("2025-01-01"), Purpose: "fun"},
		{Module: Streitmoderation, From: MustDate("2025-01-01"), Purpose: ExtraTrust, MediationMode: "anyone"},
	}, true, &p, nil)
	want := map[string][2]string{
		"[0].module": {`unknown value "nope", must be one of themenportal, beschwerdeservice, streitmoderation`,
			`unbekannter Wert "nope", erlaubt sind themenportal, beschwerdeservice, streitmoderation`},
		"[0].purpose": {`unknown value "fun", must be one of extra_trust, needed_for_standard`,
			`unbekannter Wert "fun", erlaubt sind extra_trust, needed_for_standard`},
		"[1].mediation_mode": {`unknown value "anyone", must be one of shop_discretion, consumer, operator_after_complaint`,
			`unbekannter Wert "anyone", erlaubt sind shop_discretion, consumer, operator_after_complaint`},
	}
	got := map[string][2]string{}
	for _, f := range p.fields {
		require.Equal(t, ReasonUnknownValue, f.Code, f.Field)
		got[f.Field] = [2]string{f.Reason(English), f.Reason(German)}
	}
	require.Equal(t, want, got)

	short := FieldError{Field: "x", Code: ReasonUnknownValue, Args: []any{"y"}}
	require.Equal(t, `unknown value "y"`, short.Reason(English))
	require.Equal(t, "a, b", OneOf([]Purpose{"a", "b"}))
}
