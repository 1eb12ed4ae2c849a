package http

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestUnanswered: the questions that decide a consumer's rights must be
// answered (yes, no or "I don't know") once a category is chosen; a
// category's own question only for that category.
func TestUnanswered(t *testing.T) {
	tests := []struct {
		name string
		cat  precheck.Category
		form url.Values
		want []string
	}{
		{"no category: nothing asked yet", "", url.Values{}, nil},
		{"unknown category: nothing asked", "nonsense", url.Values{}, nil},
		{"delivery, nothing answered", precheck.Delivery, url.Values{}, []string{"buyer_is_consumer"}},
		{"withdrawal, nothing answered", precheck.Withdrawal, url.Values{},
			[]string{"buyer_is_consumer", "informed_about_withdrawal"}},
		{"withdrawal, both answered", precheck.Withdrawal,
			url.Values{"buyer_is_consumer": {"true"}, "informed_about_withdrawal": {"false"}}, nil},
		{"don't know is an answer", precheck.Return,
			url.Values{"buyer_is_consumer": {"unknown"}, "informed_about_withdrawal": {"unknown"}}, nil},
		{"an empty or odd value is none", precheck.Return,
			url.Values{"buyer_is_consumer": {""}, "informed_about_withdrawal": {"yes"}},
			[]string{"buyer_is_consumer", "informed_about_withdrawal"}},
		{"data: the other category's question is not asked", precheck.Data,
			url.Values{"buyer_is_consumer": {"false"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, unanswered(tt.form, tt.cat))
		})
	}
}

// TestIntakeDocumentAnswers: yes and no go to the intake as true and
// false; "I don't know" (or nothing) leaves the fact out; the order is left
// out of a data request whose amount is empty, and sent (to be refused)
// for a category that needs it.
func TestIntakeDocumentAnswers(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		want map[string]any // members checked; nil: must be absent
	}{
		{"yes and no", url.Values{"category": {"withdrawal"}, "buyer_is_consumer": {"true"}, "informed_about_withdrawal": {"false"}},
			map[string]any{"buyer_is_consumer": true, "informed_about_withdrawal": false}},
		{"don't know", url.Values{"category": {"withdrawal"}, "buyer_is_consumer": {"unknown"}, "informed_about_withdrawal": {"unknown"}},
			map[string]any{"buyer_is_consumer": nil, "informed_about_withdrawal": nil}},
		{"data request without an order", url.Values{"category": {"data"}, "order_value.currency": {"EUR"}, "buyer_is_consumer": {"true"}},
			map[string]any{"order_value": nil, "order_date": nil, "buyer_is_consumer": true}},
		{"delivery without an amount", url.Values{"category": {"delivery"}, "order_value.currency": {"EUR"}},
			map[string]any{"order_value": map[string]any{"currency": "EUR"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := intakeDocument(tt.form, fairshops.German)
			var got map[string]any
			require.NoError(t, json.Unmarshal(doc, &got))
			for k, v := range tt.want {
				if v == nil {
					require.NotContains(t, got, k)
					continue
				}
				require.Equal(t, v, got[k], k)
			}
		})
	}
}
