package precheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestDecodeFacts(t *testing.T) {
	t.Parallel()
	f, err := DecodeFacts([]byte(`{
		"category": "return", "buyer_is_consumer": true, "order_date": "2025-11-20",
		"delivery_date": "2025-11-25", "promised_delivery_date": "2025-11-24",
		"order_value": {"amount": 49.9, "currency": "EUR"}, "delivery_cost": {"amount": "4.90", "currency": "EUR"},
		"contacted_shop_on": "2025-12-03", "withdrawal_declared_on": "2025-12-01", "informed_about_withdrawal": false,
		"goods_returned_on": "2025-12-02", "refund_received": false, "defect_noticed_on": null,
		"damaged_in_transit": false, "withdrawal_exception": "other", "data_request_on": "2025-12-01",
		"data_request_answered": true, "withdrawal_function_missing": false, "shop_rejected_late_notice": false,
		"desired_resolution": "refund", "description": "Ware zurück,\r\nkein Geld.", "as_of": "2025-12-16"
	}`))
	require.NoError(t, err)
	d := fairshops.MustDate
	want := Facts{
		Category: Return, BuyerIsConsumer: ptr(true), OrderDate: d("2025-11-20"), DeliveryDate: d("2025-11-25"),
		PromisedDeliveryDate: d("2025-11-24"), OrderValue: fairshops.MustMoney("49.9", "EUR"),
		DeliveryCost: ptr(fairshops.MustMoney("4.90", "EUR")), ContactedShopOn: d("2025-12-03"),
		WithdrawalDeclaredOn: d("2025-12-01"), InformedAboutWithdrawal: ptr(false), GoodsReturnedOn: d("2025-12-02"),
		WithdrawalException: OtherExcept, DataRequestOn: d("2025-12-01"), DataRequestAnswered: true,
		DesiredResolution: WantRefund, Description: "Ware zurück,\r\nkein Geld.", AsOf: d("2025-12-16"),
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Fatalf("facts (-want +got):\n%s", diff)
	}
	require.False(t, f.Informed())
	require.True(t, f.IsConsumer())
}

func TestDecodeFactsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	_, err := DecodeFacts([]byte(`{
		"category": "returns", "buyer_is_consumer": "yes", "order_date": "2025-02-30",
		"delivery_date": "2025-06-01", "order_value": {"amount": "-3", "currency": "EURO", "vat": 1},
		"delivery_cost": {"amount": "abc", "currency": "EUR"}, "contacted_shop_on": 20250601,
		"withdrawal_declared_on": "2025-07-01", "goods_returned_on": "2025-06-30",
		"informed_about_withdrawal": null, "refund_received": 1, "withdrawal_exception": "cheap",
		"desired_resolution": "", "description": "<p>Hallo</p>", "as_of": "2025-06-15", "shop": "x"
	}`))
	want := []string{
		"shop unknown_field",
		"buyer_is_consumer wrong_type boolean",
		"order_date invalid_date",
		"order_value.vat unknown_field",
		"order_value.amount negative",
		"order_value.currency currency EURO",
		"delivery_cost.amount invalid_format digits with a point and at most 2 decimal places, e.g. 49.99",
		"contacted_shop_on wrong_type string",
		"refund_received wrong_type boolean",
		"category unknown_value returns not_as_described, not_ordered, delivery, return, payment, withdrawal, warranty, data, other",
		"withdrawal_declared_on in_future",
		"goods_returned_on in_future",
		"goods_returned_on before withdrawal_declared_on",
		"withdrawal_exception unknown_value cheap custom_made, perishable, sealed_hygiene, sealed_media, newspaper, other",
		"description markup",
	}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
	require.Contains(t, err.Error(), "precheck.DecodeFacts: invalid input: shop: unknown field; ")
}

func TestDecodeFactsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"empty", ``, []string{" syntax line 1: unexpected end of input"}},
		{"not an object", `[1]`, []string{" wrong_type object"}},
		{"null", `null`, []string{" wrong_type object"}},
		{"trailing data", `{"category":"other"} {}`, []string{" syntax line 1: data after the JSON value"}},
		{"syntax error", "{\n\"category\": }", []string{" syntax line 2, column 13: invalid character '}' looking for beginning of value"}},
		{"minimal", `{"category":"not_ordered","order_value":{"amount":0,"currency":"EUR"}}`, []string{}},
		{"missing everything", `{}`, []string{"category required", "order_date required", "order_value required"}},
		{"null amount", `{"category":"not_ordered","order_value":{"amount":null,"currency":"EUR"}}`, []string{"order_value.amount required"}},
		{"amount as a word", `{"category":"not_ordered","order_value":{"amount":"ten","currency":"EUR"}}`,
			[]string{"order_value.amount invalid_format digits with a point and at most 2 decimal places, e.g. 49.99"}},
		{"amount as a bool", `{"category":"not_ordered","order_value":{"amount":true,"currency":"EUR"}}`,
			[]string{"order_value.amount wrong_type number"}},
		{"amount with an exponent", `{"category":"not_ordered","order_value":{"amount":1e3,"currency":"EUR"}}`,
			[]string{"order_value.amount invalid_format digits with a point and at most 2 decimal places, e.g. 49.99"}},
		{"huge amount", `{"category":"not_ordered","order_value":{"amount":1000000000000,"currency":"EUR"}}`,
			[]string{"order_value.amount too_large 999999999999.99"}},
		{"amount with a leading zero", `{"category":"not_ordered","order_value":{"amount":"012","currency":"EUR"}}`,
			[]string{"order_value.amount invalid_format digits with a point and at most 2 decimal places, e.g. 49.99"}},
		{"amount in a test currency", `{"category":"not_ordered","order_value":{"amount":"12","currency":"XTS"}}`,
			[]string{"order_value.currency currency XTS"}},
		{"lower-case currency is normalised by the money reader", `{"category":"not_ordered","order_value":{"amount":1,"currency":"eur"}}`, []string{}},
		{"delivery cost in another currency", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"delivery_cost":{"amount":1,"currency":"USD"}}`,
			[]string{"delivery_cost.currency mismatch order_value.currency"}},
		{"money not an object", `{"category":"not_ordered","order_value":"10 EUR"}`, []string{"order_value wrong_type object"}},
		{"delivered before ordered", `{"category":"delivery","order_date":"2025-06-02","delivery_date":"2025-06-01","order_value":{"amount":1,"currency":"EUR"}}`,
			[]string{"delivery_date before order_date"}},
		{"date with time", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"as_of":"2025-06-01T10:00:00Z"}`,
			[]string{"as_of invalid_date"}},
		{"invalid UTF-8 in the description", "{\"category\":\"not_ordered\",\"order_value\":{\"amount\":1,\"currency\":\"EUR\"},\"description\":\"caf\xe9\"}",
			[]string{"description invalid_utf8"}},
		{"unpaired surrogate in the description", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"description":"a\ud800b"}`,
			[]string{"description invalid_utf8"}},
		{"paired surrogates are fine", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"description":"\ud83d\ude00"}`, []string{}},
		{"an escaped backslash before u is no escape", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"description":"C:\\ud800"}`, []string{}},
		{"invalid UTF-8 in the category", "{\"category\":\"\xff\",\"order_value\":{\"amount\":1,\"currency\":\"EUR\"}}",
			[]string{"category invalid_utf8"}}, // the document is refused before its content is checked
		{"a NUL escape", `{"category":"not_ordered","order_value":{"amount":1,"currency":"EUR"},"description":"a\u0000b"}`,
			[]string{"description control_chars"}},
		{"too large", `{"description":"` + strings.Repeat("x", MaxFactsSize) + `"}`, []string{" too_large 131072 bytes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeFacts([]byte(tc.data))
			if diff := cmp.Diff(tc.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadFactsEmbedded(t *testing.T) {
	t.Parallel()
	data := []byte("{\"facts\": {\"category\": \"delivery\", \"order_date\": \"2025-06-10\", \"delivery_date\": \"2025-06-01\"," +
		"\"description\": \"x\xff\"}, \"contact\": {\"name\": \"A\"}}")
	// A caller with its own JSON reader (encoding/json replaces the bad
	// byte) passes InvalidText of the raw document; jsonin.Decode itself
	// refuses the document.
	_, err := jsonin.Decode(data)
	require.Error(t, err)
	var tree any
	require.NoError(t, json.Unmarshal(data, &tree))
	root, ok := jsonin.AsObject(tree, "", &fairshops.Problems{})
	require.True(t, ok)
	var p fairshops.Problems
	v := tree.(map[string]any)["facts"]
	require.True(t, root.Has("facts"))
	f := ReadFacts(v, "facts", fairshops.MustDate("2025-06-05"), InvalidText(data), &p)
	require.Equal(t, Delivery, f.Category)
	want := []string{
		"facts.description invalid_utf8",
		"facts.order_date in_future",
		"facts.delivery_date before order_date",
		"facts.order_value required",
	}
	if diff := cmp.Diff(want, problems(t, p.Err("test"))); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
}

func TestInvalidText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want map[string]bool
	}{
		{"clean", `{"a":"b","c":["\u00e4"]}`, nil},
		{"nested", "{\"a\":{\"b\":[\"ok\",\"\xc3\"]},\"c\":\"\\udc00\",\"d\":\"\\ud800\\u0041\",\"e\":\"ok\"}",
			map[string]bool{"a.b[1]": true, "c": true, "d": true}},
		{"top-level string", "\"\xff\"", map[string]bool{"": true}},
		{"not JSON", "{\xff", nil},
		{"a short escape at the end", `{"a":"\ud83d"}`, map[string]bool{"a": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, InvalidText([]byte(tc.data)))
		})
	}
}

func TestFactsJSONRoundTrip(t *testing.T) {
	t.Parallel()
	f := factsOf(t, `{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01","defect_noticed_on":"2025-03-10",
		"informed_about_withdrawal":false,"buyer_is_consumer":true,"description":"Display \"flackert\" <3 ä","as_of":"2025-04-01"}`, "")
	b, err := json.Marshal(f)
	require.NoError(t, err)
	g, err := DecodeFacts(b)
	require.NoError(t, err, string(b))
	if diff := cmp.Diff(f, g); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s\n%s", diff, b)
	}
}
