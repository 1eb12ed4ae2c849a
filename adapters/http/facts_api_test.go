package http_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// apiJacketFacts is the stained-jacket complaint of domain/mediation.md.
const apiJacketFacts = `"category":"return","order_date":"2026-10-12","delivery_date":"2026-10-15",` +
	`"order_value":{"amount":"89.90","currency":"EUR"},"delivery_cost":{"amount":"4.90","currency":"EUR"},` +
	`"withdrawal_declared_on":"2026-10-20","contacted_shop_on":"2026-11-02","desired_resolution":"refund",` +
	`"description":"Die Jacke passt nicht."`

// TestStatementsWithFactsThroughTheAPI: statements carry facts and
// defences (DESIGN.md section 7); the case shows what is settled and
// contested, and each option its legal basis.
func TestStatementsWithFactsThroughTheAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	filed := w.must(asAnonymous, "POST", "/api/v1/shops/shop-1/complaints?lang=de",
		`{`+apiJacketFacts+`,`+apiContact+`,"lang":"de"}`, 201)
	id, tok := filed["id"].(string), filed["token"].(string)
	w.tokenA, w.complaintA = tok, id
	w.must(asShopKey, "POST", "/api/v1/complaints/"+id+"/messages", `{"body":"Die Jacke kam fleckig zurück."}`, 201)
	cs := w.must(asConsumer, "POST", "/api/v1/complaints/"+id+"/mediation", "", 201)
	caseID := cs["id"].(string)
	facts := cs["facts"].(map[string]any)
	require.Equal(t, "return", facts["category"], "the complaint's facts stay where they were")
	require.Equal(t, []any{}, facts["contested"])
	require.Equal(t, "2026-10-20", facts["settled"].(map[string]any)["withdrawal_declared_on"])
	w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/accept", "", 200)

	w.must(asConsumer, "POST", "/api/v1/cases/"+caseID+"/statements",
		`{"text":"Nur anprobiert, am 29.10. zurückgeschickt.","facts":{"goods_returned_on":"2026-10-29"}}`, 201)
	got := w.must(asShopKey, "POST", "/api/v1/cases/"+caseID+"/statements",
		`{"text":"Fleckig zurück; wir erstatten 60 Euro.","want":{"kind":"partial_refund","amount":{"amount":"60.00","currency":"EUR"}},`+
			`"facts":{"goods_returned_on":"2026-10-29"},"defences":{"returned_damaged":{"loss":{"amount":"34.80","currency":"EUR"}}}}`, 201)
	facts = got["facts"].(map[string]any)
	require.Equal(t, []any{"returned_damaged"}, facts["contested"])
	require.Equal(t, "2026-10-29", facts["settled"].(map[string]any)["goods_returned_on"])
	require.NotContains(t, got, "merged_facts", "the stored merge stays inside")
	require.NotNil(t, got["recheck"])
	st := got["statements"].([]any)[1].(map[string]any)
	require.Equal(t, map[string]any{"goods_returned_on": "2026-10-29"}, st["facts"])

	drafted := w.must(asOperator, "POST", "/api/v1/cases/"+caseID+"/draft", "", 200)
	options := drafted["draft"].(map[string]any)["options"].([]any)
	require.Greater(t, len(options), 1)
	cites := false
	for _, o := range options {
		om := o.(map[string]any)
		require.Contains(t, om, "kind")
		require.Contains(t, om, "amount")
		var basis []string
		b, err := json.Marshal(om["basis"])
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &basis))
		cites = cites || slices.Contains(basis, "BGB §357a(1)")
	}
	require.True(t, cites, "an option rests on BGB §357a(1)")

	// The operator's edit keeps the basis.
	raw, err := json.Marshal(options)
	require.NoError(t, err)
	edited := w.must(asOperator, "PUT", "/api/v1/cases/"+caseID+"/draft", `{"options":`+string(raw)+`}`, 200)
	again, err := json.Marshal(edited["draft"].(map[string]any)["options"])
	require.NoError(t, err)
	require.JSONEq(t, string(raw), string(again))
}

// TestStatementFactsBadInput: every wrong member of facts and defences is
// reported with its path and a typed code.
func TestStatementFactsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		fields     []string
	}{
		{name: "defences shape",
			body: `{"text":"x","facts":[1],"defences":{"returned_damaged":{"loss":{"amount":"x","currency":"EUR"},"why":1},"defect_minor":"ja","refund_paid_on":"gestern","extra":true}}`,
			fields: []string{"facts", "defences.extra", "defences.returned_damaged.why", "defences.returned_damaged.loss.amount",
				"defences.defect_minor", "defences.refund_paid_on"}},
		{name: "facts by the pre-check's rules",
			body:   `{"text":"x","facts":{"goods_returned_on":"2026-13-01","refund_received":"yes","colour":"red","as_of":"2026-11-01"}}`,
			fields: []string{"facts.goods_returned_on", "facts.refund_received", "facts.colour", "facts.as_of"}},
		{name: "a consumer does not plead limitation",
			body:   `{"text":"x","defences":{"limitation_invoked":true,"not_received_back":true}}`,
			fields: []string{"defences.limitation_invoked", "defences.not_received_back"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newAPIWorld(t, apiWorldOptions{})
			path := "/api/v1/cases/" + w.caseOpen() + "/statements"
			before := w.snapshot()
			rec := w.call(asConsumer, "POST", path, tc.body)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			var p struct {
				Errors []struct{ Field, Code string }
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			var got []string
			for _, e := range p.Errors {
				require.NotEmpty(t, e.Code, e.Field)
				got = append(got, e.Field)
			}
			for _, f := range tc.fields {
				require.True(t, slices.Contains(got, f), "want %q in %v", f, got)
			}
			require.Equal(t, before, w.snapshot())
		})
	}
}
