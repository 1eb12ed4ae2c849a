package precheck

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestClarity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, facts, asOf string
		want              Clarity
	}{
		{"one side, nothing missing: clear",
			`{"category":"return","order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01","goods_returned_on":"2025-12-02"}`,
			"2025-12-16", Clear},
		{"the shop's side only: clear",
			`{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-18","informed_about_withdrawal":true}`,
			"2025-06-20", Clear},
		{"a note beside one side stays clear",
			`{"category":"data","order_date":"2025-01-10","data_request_on":"2025-01-31","contacted_shop_on":null}`,
			"2025-03-01", Clear},
		{"both sides: doubtful",
			`{"category":"return","order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01","shop_rejected_late_notice":true}`,
			"2025-12-16", Doubtful},
		{"a doubtful finding: doubtful",
			`{"category":"withdrawal","order_date":"2025-06-01","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-10","withdrawal_exception":"custom_made"}`,
			"2025-06-20", Doubtful},
		{"late, but whether the consumer was informed is not given: doubtful",
			`{"category":"withdrawal","order_date":"2025-05-20","delivery_date":"2025-06-03","withdrawal_declared_on":"2025-06-18"}`,
			"2025-06-20", Doubtful},
		{"a missing fact: doubtful",
			`{"category":"warranty","order_date":"2025-02-20","delivery_date":"2025-03-01"}`,
			"2025-09-01", Doubtful},
		{"notes only: doubtful",
			`{"category":"data","order_date":"2025-01-10","data_request_on":"2025-01-31"}`,
			"2025-02-10", Doubtful},
		{"nothing fired: doubtful",
			`{"category":"other","order_date":"2025-01-10","desired_resolution":"refund"}`,
			"2025-02-10", Doubtful},
		{"a business buyer: doubtful",
			`{"category":"other","order_date":"2025-01-10","buyer_is_consumer":false,"desired_resolution":"apology"}`,
			"2025-02-10", Doubtful},
		{"displeasure",
			`{"category":"other","order_date":"2025-01-10","desired_resolution":"apology"}`,
			"2025-02-10", Displeasure},
		{"displeasure without prior contact",
			`{"category":"other","order_date":"2025-01-10","contacted_shop_on":null}`,
			"2025-02-10", Displeasure},
		{"unsolicited goods, nothing ordered: clear",
			`{"category":"not_ordered","contacted_shop_on":"2025-01-10"}`,
			"2025-02-10", Clear},
		{"unsolicited goods, something ordered: doubtful",
			`{"category":"not_ordered","order_date":"2025-01-10"}`,
			"2025-02-10", Doubtful},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Check(factsOf(t, tc.facts, tc.asOf), fairshops.MustDate(tc.asOf), Options{})
			require.Equal(t, tc.want, r.Clarity, "%v missing %v", summary(r), r.MissingFacts)
		})
	}
}

// catalogueWithout returns the default catalogue without the given criteria.
func catalogueWithout(t *testing.T, ids ...string) *fairshops.Catalogue {
	t.Helper()
	b, err := json.Marshal(fairshops.DefaultCatalogue())
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(b, &raw))
	var kept []any
	for _, c := range raw["criteria"].([]any) {
		id := c.(map[string]any)["id"].(string)
		drop := false
		for _, x := range ids {
			drop = drop || x == id
		}
		if !drop {
			kept = append(kept, c)
		}
	}
	raw["criteria"] = kept
	b, err = json.Marshal(raw)
	require.NoError(t, err)
	c, err := fairshops.Load(bytes.NewReader(b))
	require.NoError(t, err)
	return c
}

func TestStandardViolations(t *testing.T) {
	t.Parallel()
	// Two breaches at once: a data request overdue, a delivery overdue
	// after a further period set after the due day. (Revision 2: a refund
	// overdue cannot join them: after a valid withdrawal no delivery is owed.)
	all := factsOf(t, `{"category":"delivery","order_date":"2025-06-02","promised_delivery_date":"2025-06-14",
		"additional_deadline_until":"2025-06-28","additional_deadline_set_on":"2025-06-17","data_request_on":"2025-06-03"}`, "2025-07-10")
	refund := factsOf(t, `{"category":"return","order_date":"2025-11-20","delivery_date":"2025-11-25","withdrawal_declared_on":"2025-12-01","goods_returned_on":"2025-12-02"}`, "2025-12-16")
	none := factsOf(t, `{"category":"delivery","order_date":"2025-06-02","promised_delivery_date":"2025-06-14"}`, "2025-07-10")
	tests := []struct {
		name  string
		facts Facts
		asOf  string
		cat   *fairshops.Catalogue
		want  []string
	}{
		{"refund overdue, default catalogue", refund, "2025-12-16", nil, []string{"must.refund_in_time"}},
		{"refund overdue, catalogue without the criterion", refund, "2025-12-16", catalogueWithout(t, "must.refund_in_time"), []string{}},
		{"delivery and data, default catalogue", all, "2025-07-10", nil,
			[]string{"must.data_protection_requests", "must.delivery_as_promised"}},
		{"delivery and data, catalogue without data", all, "2025-07-10", catalogueWithout(t, "must.data_protection_requests"),
			[]string{"must.delivery_as_promised"}},
		{"an imported catalogue without such criteria", all, "2025-07-10",
			catalogueWithout(t, "must.data_protection_requests", "must.delivery_as_promised", "must.refund_in_time"), []string{}},
		{"delivery late but no further period passed: no breach", none, "2025-07-10", nil, []string{}},
		{"refund not yet due: no breach", refund, "2025-12-15", nil, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Check(tc.facts, fairshops.MustDate(tc.asOf), Options{Catalogue: tc.cat})
			if diff := cmp.Diff(tc.want, r.StandardViolations); diff != "" {
				t.Errorf("standard_violations (-want +got):\n%s\nfindings: %v", diff, summary(r))
			}
		})
	}
}

func TestTips(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, facts, asOf string
		want              []string
	}{
		{"no contact", `{"category":"data","order_date":"2025-01-10","contacted_shop_on":null}`, "2025-02-10",
			[]string{"tip.contact_shop_first"}},
		{"business buyer", `{"category":"other","order_date":"2025-01-10","buyer_is_consumer":false}`, "2025-02-10",
			[]string{"tip.business_buyer"}},
		{"return without a declaration", `{"category":"return","order_date":"2025-01-10","delivery_date":"2025-01-12"}`, "2025-01-20",
			[]string{"tip.declare_withdrawal"}},
		{"refund withheld", `{"category":"return","order_date":"2025-01-10","delivery_date":"2025-01-12","withdrawal_declared_on":"2025-01-15"}`, "2025-01-20",
			[]string{"tip.keep_proof_of_dispatch"}},
		{"exception", `{"category":"withdrawal","order_date":"2025-01-10","delivery_date":"2025-01-12","withdrawal_declared_on":"2025-01-15","withdrawal_exception":"sealed_media"}`, "2025-01-20",
			[]string{"tip.exception_check"}},
		{"cure first", `{"category":"warranty","order_date":"2025-01-10","delivery_date":"2025-01-12","defect_noticed_on":"2025-01-15","desired_resolution":"refund"}`, "2025-01-20",
			[]string{"tip.request_cure"}},
		{"late delivery", `{"category":"delivery","order_date":"2025-01-10","promised_delivery_date":"2025-01-15"}`, "2025-01-20",
			[]string{"tip.set_deadline"}},
		{"further period passed", `{"category":"delivery","order_date":"2025-01-10","promised_delivery_date":"2025-01-15","additional_deadline_until":"2025-01-22"}`, "2025-01-27",
			[]string{"tip.withdraw_contract"}},
		{"cure overdue", `{"category":"warranty","order_date":"2025-01-10","delivery_date":"2025-01-12","defect_noticed_on":"2025-01-15","cure_requested_on":"2025-01-15"}`, "2025-03-01",
			[]string{"tip.withdraw_contract"}},
		{"transit damage", `{"category":"delivery","order_date":"2025-01-10","delivery_date":"2025-01-12","damaged_in_transit":true}`, "2025-01-20",
			[]string{"tip.transit_damage"}},
		{"unsolicited", `{"category":"not_ordered","contacted_shop_on":"2025-01-12"}`, "2025-01-20",
			[]string{"tip.unsolicited"}},
		{"data authority", `{"category":"data","order_date":"2025-01-10","data_request_on":"2025-01-10"}`, "2025-03-01",
			[]string{"tip.data_authority"}},
		{"displeasure", `{"category":"other","order_date":"2025-01-10","contacted_shop_on":null}`, "2025-01-20",
			[]string{"tip.contact_shop_first", "tip.displeasure"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Check(factsOf(t, tc.facts, tc.asOf), fairshops.MustDate(tc.asOf), Options{})
			require.Equal(t, tc.want, tipKeys(r), summary(r))
		})
	}
}
