package http_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// apiKettleFacts is a kettle whose defect the shop did not cure within the
// period the consumer set: a price reduction is due (BGB §§437 no. 2, 441).
const apiKettleFacts = `"category":"warranty","order_date":"2026-09-01","delivery_date":"2026-09-04",` +
	`"order_value":{"amount":"59.90","currency":"EUR"},"defect_noticed_on":"2026-10-20",` +
	`"cure_requested_on":"2026-10-21","additional_deadline_until":"2026-11-04",` +
	`"contacted_shop_on":"2026-10-21","desired_resolution":"price_reduction",` +
	`"description":"Der Wasserkocher schaltet nicht mehr ab."`

// kettleCase files the kettle complaint and opens a case on it with both
// statements in; it returns the case's ID.
func kettleCase(t *testing.T, w *apiWorld) string {
	t.Helper()
	filed := w.must(asAnonymous, "POST", "/api/v1/shops/shop-1/complaints?lang=de",
		`{`+apiKettleFacts+`,`+apiContact+`,"lang":"de"}`, 201)
	id, tok := filed["id"].(string), filed["token"].(string)
	w.tokenA, w.complaintA = tok, id
	w.must(asShopKey, "POST", "/api/v1/complaints/"+id+"/messages", `{"body":"Wir prüfen das."}`, 201)
	cs := w.must(asConsumer, "POST", "/api/v1/complaints/"+id+"/mediation", "", 201)
	caseID := cs["id"].(string)
	w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/accept", "", 200)
	w.must(asConsumer, "POST", "/api/v1/cases/"+caseID+"/statements", `{"text":"Er schaltet nicht ab."}`, 201)
	w.must(asShopKey, "POST", "/api/v1/cases/"+caseID+"/statements", `{"text":"Ein kleiner Mangel."}`, 201)
	return caseID
}

func reductionOption(t *testing.T, c map[string]any) map[string]any {
	t.Helper()
	for _, o := range c["draft"].(map[string]any)["options"].([]any) {
		if om := o.(map[string]any); om["kind"] == "price_reduction" {
			return om
		}
	}
	t.Fatalf("no price reduction in %v", c["draft"])
	return nil
}

// TestValueWithDefectThroughTheAPI: the operator sets the value with the
// defect with the draft call; the case keeps it, and the price reduction
// is the price less it (BGB §441(3)).
func TestValueWithDefectThroughTheAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	caseID := kettleCase(t, w)
	path := "/api/v1/cases/" + caseID + "/draft"

	plain := w.must(asOperator, "POST", path, "", 200)
	require.NotContains(t, plain, "value_with_defect")
	o := reductionOption(t, plain)
	require.Equal(t, map[string]any{"amount": "11.98", "currency": "EUR"}, o["amount"])
	require.Equal(t, "rationale.warranty_reduction_proposal", o["rationale"].(map[string]any)["key"])

	set := w.must(asOperator, "POST", path, `{"value_with_defect":{"amount":"44.93","currency":"EUR"}}`, 200)
	require.Equal(t, map[string]any{"amount": "44.93", "currency": "EUR"}, set["value_with_defect"])
	o = reductionOption(t, set)
	require.Equal(t, map[string]any{"amount": "14.97", "currency": "EUR"}, o["amount"])
	require.Equal(t, "rationale.warranty_reduction_value", o["rationale"].(map[string]any)["key"])
	require.Contains(t, o["rationale"].(map[string]any)["args"], "44.93 EUR")
	require.Contains(t, o["basis"], "BGB §441(3)")

	// A later draft without a body keeps the moderator's value.
	again := w.must(asOperator, "POST", path, "", 200)
	require.Equal(t, o["amount"], reductionOption(t, again)["amount"])

	for _, tc := range []struct {
		name, body string
		who        apiRole
		status     int
		field      string
	}{
		{"shop", `{"value_with_defect":{"amount":"10.00","currency":"EUR"}}`, asShopKey, 403, ""},
		{"consumer", `{"value_with_defect":{"amount":"10.00","currency":"EUR"}}`, asConsumer, 403, ""},
		{"zero", `{"value_with_defect":{"amount":"0","currency":"EUR"}}`, asOperator, 422, "value_with_defect"},
		{"the price", `{"value_with_defect":{"amount":"59.90","currency":"EUR"}}`, asOperator, 422, "value_with_defect"},
		{"currency", `{"value_with_defect":{"amount":"10.00","currency":"USD"}}`, asOperator, 422, "value_with_defect.currency"},
		{"not money", `{"value_with_defect":"10"}`, asOperator, 422, "value_with_defect"},
		{"unknown member", `{"value":{"amount":"10.00","currency":"EUR"}}`, asOperator, 422, "value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := w.must(tc.who, "POST", path, tc.body, tc.status)
			if tc.field != "" {
				var fields []string
				for _, e := range got["errors"].([]any) {
					fields = append(fields, e.(map[string]any)["field"].(string))
				}
				require.Equal(t, []string{tc.field}, fields)
			}
		})
	}
	require.Equal(t, map[string]any{"amount": "44.93", "currency": "EUR"},
		w.must(asOperator, "GET", "/api/v1/cases/"+caseID, "", 200)["value_with_defect"])
}
