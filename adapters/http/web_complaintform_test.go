package http

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestFormDate(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ISO", "2026-10-01", "2026-10-01"},
		{"German", "01.10.2026", "2026-10-01"},
		{"German, short day and month", "1.2.2026", "2026-02-01"},
		{"blanks", " 2026-10-01 ", "2026-10-01"},
		{"other text passes on", "gestern", "gestern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, formDate(tt.in))
		})
	}
}

func TestFormAmount(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "49.90", "49.90"},
		{"German decimal comma", "49,90", "49.90"},
		{"German thousands", "1.049,90", "1049.90"},
		{"English thousands", "1,049.90", "1,049.90"}, // left for the intake to refuse
		{"blanks", " 1 049,90 ", "1049.90"},
		{"integer", "20", "20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, formAmount(tt.in))
		})
	}
}

func TestIntakeDocument(t *testing.T) {
	form := url.Values{"category": {"data"}, "order_date": {"01.10.2026"}, "order_value.amount": {"9,99"},
		"order_value.currency": {"eur"}, "data_request_on": {"2026-10-02"}, "data_request_answered": {"true"},
		"withdrawal_declared_on": {"2026-10-03"}, "refund_received": {"true"}, "contact.name": {"E"},
		"contact.email": {"e@example.org"}, "description": {"  Text  "}}
	doc, cat := intakeDocument(form, fairshops.English)
	require.Equal(t, "data", string(cat))
	var got map[string]any
	require.NoError(t, json.Unmarshal(doc, &got))
	want := map[string]any{"category": "data", "lang": "en", "order_date": "2026-10-01",
		"order_value":     map[string]any{"amount": "9.99", "currency": "EUR"},
		"data_request_on": "2026-10-02", "data_request_answered": true, "description": "  Text  ",
		"contact": map[string]any{"name": "E", "email": "e@example.org"}}
	require.Equal(t, want, got, "facts of other categories are left out")
	in, err := complaint.DecodeIntake(doc)
	require.NoError(t, err)
	require.Equal(t, "9.99", in.Facts.OrderValue.Amount.String())
}

// FuzzWebComplaintForm feeds arbitrary form values to the complaint form's
// reader: it must always build a JSON document that the intake decoder
// reads without panicking.
func FuzzWebComplaintForm(f *testing.F) {
	f.Add("withdrawal", "01.10.2026", "49,90", "EUR", "Ich habe widerrufen.", "Erika", "erika@example.org")
	f.Add("data", "2026-10-01", "1.049,90", "eur", "<script>alert(1)</script>", `"><img src=x>`, "x@y")
	f.Add("", "", "", "", "", "", "")
	f.Add("other", "31.02.2026", "1,2,3", "€", "\x00\xff", "\u202e", "a@b.c")
	f.Fuzz(func(t *testing.T, category, date, amount, currency, description, name, email string) {
		form := url.Values{"category": {category}, "order_date": {date}, "order_value.amount": {amount},
			"order_value.currency": {currency}, "delivery_cost.amount": {amount}, "description": {description},
			"contact.name": {name}, "contact.email": {email}, "delivery_date": {date}, "withdrawal_declared_on": {date},
			"order_ref": {name}, "desired_resolution": {category}, "withdrawal_exception": {category}}
		doc, _ := intakeDocument(form, fairshops.German)
		if !json.Valid(doc) {
			t.Fatalf("not JSON: %q", doc)
		}
		_, err := complaint.DecodeIntake(doc)
		if err != nil && fairshops.KindOf(err) != fairshops.Invalid {
			t.Fatalf("intake error of kind %v: %v", fairshops.KindOf(err), err)
		}
		_ = remapIntakeErrors(err)
	})
}
