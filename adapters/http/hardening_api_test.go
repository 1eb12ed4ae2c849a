package http_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAPIStrictInput: every finding of the security review on input, through
// the API, each refused with a 422 problem naming the field, and nothing
// stored (before: duplicate keys took the last value, bytes that are not
// UTF-8 were replaced with U+FFFD, bidi controls were stored and shown,
// 1e12, 00012, 12., -0 and XTS were amounts of money).
func TestAPIStrictInput(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	before := w.snapshot()
	file := func(body string) map[string]any {
		t.Helper()
		return w.must(asAnonymous, "POST", "/api/v1/shops/"+apiShop1+"/complaints", body, 422)
	}
	fields := func(p map[string]any) []string {
		var out []string
		for _, e := range p["errors"].([]any) {
			out = append(out, e.(map[string]any)["field"].(string))
		}
		return out
	}
	facts := `"category":"delivery","order_date":"2026-10-01","description":"Paket kam nie an."`
	tests := []struct {
		name, body, field string
	}{
		{"duplicate key", `{` + facts + `,"order_value":{"amount":"20","currency":"EUR"},` + apiContact + `,"category":"other"}`, ""},
		{"duplicate nested key", `{` + facts + `,"order_value":{"amount":"20","amount":"2000","currency":"EUR"},` + apiContact + `}`, ""},
		{"bytes that are not UTF-8", strings.Replace(`{`+facts+`,"order_value":{"amount":"20","currency":"EUR"},"contact":{"name":"Erika BAD","email":"erika@example.org"}}`, "BAD", "\xff", 1), "contact.name"},
		{"a lone surrogate", `{` + facts + `,"order_value":{"amount":"20","currency":"EUR"},"contact":{"name":"Erika \ud800","email":"erika@example.org"}}`, "contact.name"},
		{"a bidi override", `{` + facts + `,"order_value":{"amount":"20","currency":"EUR"},"contact":{"name":"Rechnung \u202egnp.exe","email":"erika@example.org"}}`, "contact.name"},
		{"an isolate in the description", `{"category":"delivery","order_date":"2026-10-01","description":"Paket \u2066kam\u2069 nie an.","order_value":{"amount":"20","currency":"EUR"},` + apiContact + `}`, "description"},
		{"a zero-width space", `{` + facts + `,"order_value":{"amount":"20","currency":"EUR"},"order_ref":"A\u200bB",` + apiContact + `}`, "order_ref"},
		{"exponent", `{` + facts + `,"order_value":{"amount":"1e12","currency":"EUR"},` + apiContact + `}`, "order_value.amount"},
		{"leading zeros", `{` + facts + `,"order_value":{"amount":"00012","currency":"EUR"},` + apiContact + `}`, "order_value.amount"},
		{"bare point", `{` + facts + `,"order_value":{"amount":"12.","currency":"EUR"},` + apiContact + `}`, "order_value.amount"},
		{"minus zero", `{` + facts + `,"order_value":{"amount":"-0","currency":"EUR"},` + apiContact + `}`, "order_value.amount"},
		{"cents of a cent", `{` + facts + `,"order_value":{"amount":"12.345","currency":"EUR"},` + apiContact + `}`, "order_value.amount"},
		{"test currency", `{` + facts + `,"order_value":{"amount":"12","currency":"XTS"},` + apiContact + `}`, "order_value.currency"},
		{"no currency", `{` + facts + `,"order_value":{"amount":"12","currency":"XXX"},` + apiContact + `}`, "order_value.currency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := file(tc.body)
			require.Equal(t, []string{tc.field}, fields(p), "%v", p)
			if tc.field == "" {
				require.Contains(t, p["errors"].([]any)[0].(map[string]any)["reason"], "duplicate key")
			}
		})
	}
	// A message with a bidi control is refused too (one policy for every text).
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"Siehe Rechnung \u202egnp.exe"}`, 422)
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", "{\"body\":\"kaputt \xff\"}", 422)
	w.must(asConsumer, "POST", "/api/v1/complaints/"+w.complaintA+"/messages", `{"body":"eins","body":"zwei"}`, 422)
	require.Equal(t, before, w.snapshot(), "nothing stored")
	// The well-formed body of the same shape is taken.
	ok := w.must(asAnonymous, "POST", "/api/v1/shops/"+apiShop1+"/complaints",
		`{`+facts+`,"order_value":{"amount":"49.90","currency":"EUR"},`+apiContact+`}`, 201)
	require.True(t, strings.HasPrefix(ok["id"].(string), "c_"))
}
