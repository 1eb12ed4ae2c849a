package complaint_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const validBody = `{
	"category": "withdrawal",
	"order_date": "2026-01-10",
	"delivery_date": "2026-01-14",
	"order_value": {"amount": "89.90", "currency": "EUR"},
	"withdrawal_declared_on": "2026-01-20",
	"goods_returned_on": "2026-01-22",
	"desired_resolution": "refund",
	"description": "Ware zurück,\nGeld fehlt.",
	"contact": {"name": "Erika Mustermann", "email": "erika@example.org", "phone": "+49 (30) 123-456/7"},
	"order_ref": "A-10023",
	"lang": "en"
}`

func TestDecodeIntakeValid(t *testing.T) {
	in, err := complaint.DecodeIntake([]byte(validBody))
	require.NoError(t, err)
	want := complaint.Intake{
		Facts: precheck.Facts{
			Category:             precheck.Withdrawal,
			OrderDate:            fairshops.MustDate("2026-01-10"),
			DeliveryDate:         fairshops.MustDate("2026-01-14"),
			OrderValue:           fairshops.MustMoney("89.90", "EUR"),
			WithdrawalDeclaredOn: fairshops.MustDate("2026-01-20"),
			GoodsReturnedOn:      fairshops.MustDate("2026-01-22"),
			DesiredResolution:    precheck.WantRefund,
			Description:          "Ware zurück,\nGeld fehlt.",
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org", Phone: "+49 (30) 123-456/7"},
		OrderRef: "A-10023",
		Lang:     fairshops.English,
	}
	if d := cmp.Diff(want, in); d != "" {
		t.Fatalf("decoded intake differs (-want +got):\n%s", d)
	}
	require.NoError(t, in.Validate(fairshops.MustDate("2026-03-02")))

	// Optional parts may be left out.
	in, err = complaint.DecodeIntake([]byte(`{"category": "other", "order_date": "2026-01-10",
		"order_value": {"amount": 5, "currency": "EUR"}, "contact": {"name": "E", "email": "e@example.org"}}`))
	require.NoError(t, err)
	require.Equal(t, fairshops.Language(""), in.Lang)
	require.Empty(t, in.OrderRef)
}

// TestDecodeIntakeGolden: a body with every part wrong reports every field
// at once, each with its reason in German and English.
func TestDecodeIntakeGolden(t *testing.T) {
	body := `{
		"category": "lost",
		"order_date": "2026-02-30",
		"delivery_date": "2026-01-01",
		"order_value": {"amount": "-1", "currency": "EUROS"},
		"withdrawal_exception": "because",
		"description": "<b>laut</b>",
		"as_of": "2026-01-01",
		"surprise": 1,
		"contact": {"name": "Erika\u0007", "email": "Erika <erika@example.org>", "phone": "ruf an", "fax": "1"},
		"order_ref": "A-1\nB-2",
		"lang": "fr"
	}`
	_, err := complaint.DecodeIntake([]byte(body))
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "error %v", err)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	var b strings.Builder
	for _, f := range ve.Fields {
		fmt.Fprintf(&b, "%s\t%s\n\tde: %s\n\ten: %s\n", f.Field, f.Code, f.Reason(fairshops.German), f.Reason(fairshops.English))
	}
	golden(t, "intake_errors.golden", b.String())

	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	for _, f := range []string{"category", "order_date", "order_value.amount", "order_value.currency",
		"withdrawal_exception", "description", "as_of", "surprise", "contact.name", "contact.email",
		"contact.phone", "contact.fax", "order_ref", "lang"} {
		require.Contains(t, fields, f)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	if d := cmp.Diff(string(want), got); d != "" {
		t.Fatalf("%s differs (-want +got):\n%s", path, d)
	}
}

func TestDecodeIntakeProblems(t *testing.T) {
	facts := `"category": "other", "order_date": "2026-01-10", "order_value": {"amount": 5, "currency": "EUR"}`
	withContact := func(contact string) string { return `{` + facts + `, "contact": ` + contact + `}` }
	for _, tc := range []struct {
		name string
		body string
		want []string // field:code
	}{
		{"syntax", `{"category": }`, []string{":syntax"}},
		{"not an object", `[1, 2]`, []string{":wrong_type"}},
		{"empty", ``, []string{":syntax"}},
		{"too large", `{"description": "` + strings.Repeat("a", complaint.MaxIntakeSize) + `"}`, []string{":too_large"}},
		{"no contact", `{` + facts + `}`, []string{"contact:required"}},
		{"contact of the wrong type", withContact(`"erika@example.org"`), []string{"contact:wrong_type"}},
		{"empty contact", withContact(`{}`), []string{"contact.name:required", "contact.email:required"}},
		{"blank name", withContact(`{"name": "  ", "email": "e@example.org"}`), []string{"contact.name:required"}},
		{"name too long", withContact(`{"name": "` + strings.Repeat("ß", complaint.MaxName+1) + `", "email": "e@example.org"}`), []string{"contact.name:too_long"}},
		{"name of 200 characters", withContact(`{"name": "` + strings.Repeat("ß", complaint.MaxName) + `", "email": "e@example.org"}`), nil},
		{"name over two lines", withContact(`{"name": "Erika\nMustermann", "email": "e@example.org"}`), []string{"contact.name:control_chars"}},
		{"name with a tag", withContact(`{"name": "<img src=x>", "email": "e@example.org"}`), []string{"contact.name:markup"}},
		{"name with a lone <", withContact(`{"name": "Erika <3", "email": "e@example.org"}`), nil},
		// Bytes that are not UTF-8 are refused at their path, before the
		// content is checked (the JSON reader never replaces them).
		{"name with bad UTF-8", withContact("{\"name\": \"Erika \xff\", \"email\": \"e@example.org\"}"), []string{"contact.name:invalid_utf8"}},
		{"name reversed by a bidi override", withContact(`{"name": "Rechnung \u202egnp.exe", "email": "e@example.org"}`), []string{"contact.name:format_chars"}},
		{"name with an isolate", withContact("{\"name\": \"Erika \u2066M\u2069\", \"email\": \"e@example.org\"}"), []string{"contact.name:format_chars"}},
		{"name with a zero-width space", withContact("{\"name\": \"Eri\u200bka\", \"email\": \"e@example.org\"}"), []string{"contact.name:format_chars"}},
		{"name with a byte order mark", withContact("{\"name\": \"\ufeffErika\", \"email\": \"e@example.org\"}"), []string{"contact.name:format_chars"}},
		{"name with an emoji sequence", withContact("{\"name\": \"Erika \U0001F469\u200D\U0001F467\", \"email\": \"e@example.org\"}"), nil},
		{"name with a soft hyphen", withContact("{\"name\": \"Muster\u00admann\", \"email\": \"e@example.org\"}"), nil},
		{"address with a zero-width joiner", withContact(`{"name": "E", "email": "e\u200b@example.org"}`), []string{"contact.email:format_chars"}},
		{"order_ref with a line separator", `{` + facts + `, "contact": {"name": "E", "email": "e@example.org"}, "order_ref": "A\u2028B"}`, []string{"order_ref:format_chars"}},
		{"duplicate key", `{` + facts + `, "contact": {"name": "E", "name": "F", "email": "e@example.org"}}`, []string{":syntax"}},
		{"name with a lone surrogate", withContact(`{"name": "Erika \ud800", "email": "e@example.org"}`), []string{"contact.name:invalid_utf8"}},
		{"name of the wrong type", withContact(`{"name": 7, "email": "e@example.org"}`), []string{"contact.name:wrong_type"}},
		{"display name", withContact(`{"name": "E", "email": "Erika <e@example.org>"}`), []string{"contact.email:invalid_email"}},
		{"angle brackets", withContact(`{"name": "E", "email": "<e@example.org>"}`), []string{"contact.email:invalid_email"}},
		{"two addresses", withContact(`{"name": "E", "email": "e@example.org, f@example.org"}`), []string{"contact.email:invalid_email"}},
		{"no at", withContact(`{"name": "E", "email": "e.example.org"}`), []string{"contact.email:invalid_email"}},
		{"no domain dot", withContact(`{"name": "E", "email": "e@localhost"}`), []string{"contact.email:invalid_email"}},
		{"blanks around", withContact(`{"name": "E", "email": " e@example.org "}`), []string{"contact.email:invalid_email"}},
		{"comment", withContact(`{"name": "E", "email": "e@example.org (Erika)"}`), []string{"contact.email:invalid_email"}},
		{"address too long", withContact(`{"name": "E", "email": "` + strings.Repeat("e", 250) + `@example.org"}`), []string{"contact.email:too_long"}},
		{"address with a newline", withContact(`{"name": "E", "email": "e@example.org\nBcc: x@example.org"}`), []string{"contact.email:control_chars"}},
		{"plus address", withContact(`{"name": "E", "email": "erika+shop@mail.example.org"}`), nil},
		{"phone of letters", withContact(`{"name": "E", "email": "e@example.org", "phone": "0800-SHOP"}`), []string{"contact.phone:invalid_format"}},
		{"phone without digits", withContact(`{"name": "E", "email": "e@example.org", "phone": "+ ( ) -"}`), []string{"contact.phone:invalid_format"}},
		{"phone too long", withContact(`{"name": "E", "email": "e@example.org", "phone": "` + strings.Repeat("1", complaint.MaxPhone+1) + `"}`), []string{"contact.phone:too_long"}},
		{"phone empty", withContact(`{"name": "E", "email": "e@example.org", "phone": ""}`), nil},
		{"phone null", withContact(`{"name": "E", "email": "e@example.org", "phone": null}`), nil},
		{"order_ref too long", `{` + facts + `, "contact": {"name": "E", "email": "e@example.org"}, "order_ref": "` + strings.Repeat("1", complaint.MaxOrderRef+1) + `"}`, []string{"order_ref:too_long"}},
		{"order_ref with markup", `{` + facts + `, "contact": {"name": "E", "email": "e@example.org"}, "order_ref": "</p>"}`, []string{"order_ref:markup"}},
		{"lang as a tag", `{` + facts + `, "contact": {"name": "E", "email": "e@example.org"}, "lang": "de-AT"}`, []string{"lang:unknown_value"}},
		{"lang of the wrong type", `{` + facts + `, "contact": {"name": "E", "email": "e@example.org"}, "lang": 1}`, []string{"lang:wrong_type"}},
		{"as_of", `{` + facts + `, "as_of": "2026-03-01", "contact": {"name": "E", "email": "e@example.org"}}`, []string{"as_of:not_allowed"}},
		{"facts and contact at once", `{"order_value": {"amount": 5, "currency": "EUR"}, "contact": {"email": "e@example.org"}}`,
			[]string{"category:required", "order_date:required", "contact.name:required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := complaint.DecodeIntake([]byte(tc.body))
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "error %v", err)
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field+":"+f.Code)
			}
			require.Equal(t, tc.want, got)
		})
	}
}

func TestIntakeValidate(t *testing.T) {
	today := fairshops.MustDate("2026-03-02")
	in := intake()
	require.NoError(t, in.Validate(today))

	in.Facts.AsOf = today
	in.Facts.ContactedShopOn = today.AddDays(1)
	in.Contact = complaint.Contact{Name: "Erika", Email: "erika@", Phone: "12a"}
	in.OrderRef = "A\x00"
	in.Lang = "EN"
	err := in.Validate(today)
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "error %v", err)
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field+":"+f.Code)
	}
	require.Equal(t, []string{"contacted_shop_on:in_future", "as_of:not_allowed", "contact.email:invalid_email",
		"contact.phone:invalid_format", "order_ref:control_chars", "lang:unknown_value"}, got)
}
