package crosswalk_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/crosswalk"
	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// TestEveryCategoryMaps: every category has, in every network, codes or a
// reason why there is none; each code leads back to the category.
func TestEveryCategoryMaps(t *testing.T) {
	tab := crosswalk.Default()
	for _, c := range precheck.Categories() {
		for _, n := range crosswalk.Networks() {
			codes, why := tab.Reasons(n, c)
			require.True(t, len(codes) > 0 || why != "", "%s in %s", c, n)
			for _, code := range codes {
				require.Contains(t, tab.Categories(n, code), c, "%s %s leads back to %s", n, code, c)
			}
		}
	}
}

// TestEveryCodeIsReal: every code the table names is on its network's
// published list, and every code of the list leads to a category.
func TestEveryCodeIsReal(t *testing.T) {
	tab := crosswalk.Default()
	for _, n := range crosswalk.Networks() {
		info, ok := tab.Network(n)
		require.True(t, ok)
		require.True(t, strings.HasPrefix(info.Source, "https://"), "%s names its source", n)
		for _, code := range info.Codes {
			require.NotEmpty(t, tab.Categories(n, code), "%s %s", n, code)
		}
		for _, c := range precheck.Categories() {
			codes, _ := tab.Reasons(n, c)
			for _, code := range codes {
				require.Contains(t, info.Codes, code)
			}
		}
		for _, r := range precheck.Rules() {
			codes, _ := tab.Reasons(n, precheck.Other, r.ID)
			for _, code := range codes {
				require.Contains(t, info.Codes, code, "rule %s", r.ID)
			}
		}
	}
}

func TestReasons(t *testing.T) {
	tab := crosswalk.Default()
	tests := []struct {
		network  crosswalk.Network
		category precheck.Category
		rules    []precheck.RuleID
		want     []string
	}{
		{crosswalk.Stripe, precheck.Delivery, nil, []string{"product_not_received"}},
		{crosswalk.PayPal, precheck.NotAsDescribed, nil, []string{"MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED"}},
		{crosswalk.EBay, precheck.Delivery, nil, []string{"ITEM_NOT_RECEIVED"}},
		{crosswalk.Amazon, precheck.Return, nil, []string{"no_refund_for_returned_item", "return_refused"}},
		{crosswalk.Stripe, precheck.Return, []precheck.RuleID{"refund.overdue"}, []string{"credit_not_processed"}},
		{crosswalk.Stripe, precheck.Delivery, []precheck.RuleID{"contact.shop_first", "delivery.transit_risk_on_shop"},
			[]string{"product_not_received", "product_unacceptable"}},
		{crosswalk.PayPal, precheck.NotOrdered, []precheck.RuleID{"order.unsolicited"}, []string{"UNAUTHORISED"}},
		{crosswalk.Amazon, precheck.Data, nil, nil},
	}
	for _, tc := range tests {
		got, why := tab.Reasons(tc.network, tc.category, tc.rules...)
		require.Equal(t, tc.want, got, "%s %s %v", tc.network, tc.category, tc.rules)
		require.Equal(t, tc.want == nil, why != "")
	}
}

func TestBack(t *testing.T) {
	tab := crosswalk.Default()
	tests := []struct {
		network crosswalk.Network
		code    string
		want    []precheck.Category
	}{
		{crosswalk.Stripe, "product_not_received", []precheck.Category{precheck.Delivery}},
		{crosswalk.Stripe, "product_unacceptable", []precheck.Category{precheck.NotAsDescribed, precheck.Warranty}},
		{crosswalk.Stripe, "insufficient_funds", []precheck.Category{precheck.Payment}},
		{crosswalk.EBay, "FRAUD", []precheck.Category{precheck.NotOrdered}},
		{crosswalk.PayPal, "OTHER", []precheck.Category{precheck.Other}},
		{crosswalk.Stripe, "no_such_code", nil},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, tab.Categories(tc.network, tc.code), "%s %s", tc.network, tc.code)
	}
	require.Equal(t, []precheck.RuleID{"payment.refund_missing", "refund.overdue", "withdrawal.in_period", "withdrawal.period_extended"},
		tab.Rules(crosswalk.Stripe, "credit_not_processed"))
}

// TestParseRefuses: a table that names a code no network has, a rule the
// pre-check does not know, or leaves a category without codes and without
// a reason, is refused with every problem named.
func TestParseRefuses(t *testing.T) {
	base := func() map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal(crosswalk.CrosswalkJSON(t), &m))
		return m
	}
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   string
	}{
		{"invented code", func(m map[string]any) {
			m["categories"].(map[string]any)["delivery"].(map[string]any)["stripe"] = []any{"parcel_lost"}
		}, `category delivery: stripe has no code "parcel_lost"`},
		{"unknown rule", func(m map[string]any) {
			m["rules"].(map[string]any)["delivery.teleported"] = map[string]any{"stripe": []any{"general"}}
		}, "rule delivery.teleported is not a rule of the pre-check"},
		{"no code and no reason", func(m map[string]any) {
			m["categories"].(map[string]any)["other"].(map[string]any)["paypal"] = []any{}
		}, "category other: no code in paypal and no reason why"},
		{"category missing", func(m map[string]any) { delete(m["categories"].(map[string]any), "warranty") }, "category warranty is missing"},
		{"code that leads nowhere", func(m map[string]any) {
			n := m["networks"].(map[string]any)["ebay"].(map[string]any)
			n["codes"] = append(n["codes"].([]any), "NEW_REASON")
		}, "ebay NEW_REASON maps back to no category"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			tc.change(m)
			b, err := json.Marshal(m)
			require.NoError(t, err)
			_, err = crosswalk.Parse(b)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := crosswalk.Parse(crosswalk.CrosswalkJSON(t))
	require.NoError(t, err)
	_, err = crosswalk.Parse([]byte(`{"version": 1, "extra": true}`))
	require.Error(t, err)
}

func TestNetworksListed(t *testing.T) {
	require.True(t, slices.Equal([]crosswalk.Network{"stripe", "paypal", "ebay", "amazon"}, crosswalk.Networks()))
}
