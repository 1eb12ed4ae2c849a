package precheck

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// pageRuleIDs reads the rule IDs of the rules page's table, in its order.
func pageRuleIDs(t *testing.T) []RuleID {
	t.Helper()
	page, err := os.ReadFile("../../docs/precheck-rules.md")
	require.NoError(t, err)
	var ids []RuleID
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_]+\\.[a-z_]+)` \\|").FindAllSubmatch(page, -1) {
		ids = append(ids, RuleID(m[1]))
	}
	require.Len(t, ids, 26, "the page's table has 26 rules")
	return ids
}

func TestRulesFollowThePage(t *testing.T) {
	t.Parallel()
	var got []RuleID
	for _, r := range Rules() {
		got = append(got, r.ID)
		require.NotEmpty(t, r.Basis, r.ID)
		require.NotEmpty(t, r.Outcomes, r.ID)
		require.NotEmpty(t, r.Facts, r.ID)
		for _, name := range r.Facts {
			require.Contains(t, factKeys(), name, r.ID)
		}
	}
	if diff := cmp.Diff(pageRuleIDs(t), got); diff != "" {
		t.Fatalf("rule IDs (-page +Rules):\n%s", diff)
	}
	// The internal indexes follow the same order.
	table := rules()
	for i, id := range []RuleID{ScopeNotConsumer, ContactShopFirst, WithdrawalInPeriod, WithdrawalPeriodExtended,
		WithdrawalExpired, WithdrawalExceptionClaimed, WithdrawalNotYetStarted, RefundOverdue, RefundMayBeWithheld,
		WarrantyInPeriod, WarrantyExpired, WarrantyPresumedAtDelivery, WarrantyBurdenOnConsumer, WarrantyCureFirst,
		WarrantyCureOverdue, DeliveryTransitRiskOnShop, DeliveryOverdue, DeliverySetDeadline, DeliveryWithdrawPossible,
		OrderUnsolicited, WithdrawalButtonMissing, DefenceLateNoticeInvalid, DataRequestOverdue, DataRequestPending,
		PaymentRefundMissing, OtherDispleasure} {
		require.Equal(t, id, table[i].ID)
	}
	require.Len(t, table, int(numRules))
}

func TestRulesIsACopy(t *testing.T) {
	t.Parallel()
	a := Rules()
	a[0].Outcomes[0] = FavoursShop
	a[11].Earlier[0].Basis = "x"
	b := Rules()
	require.Equal(t, FavoursNeither, b[0].Outcomes[0])
	require.Equal(t, "BGB §477 a.F.", b[11].Earlier[0].Basis)
}

func TestBasisFor(t *testing.T) {
	t.Parallel()
	r := rules()[rWarrantyPresumedAtDelivery]
	for contract, want := range map[string]string{
		"":           "BGB §477(1)",
		"2026-01-01": "BGB §477(1)",
		"2022-01-01": "BGB §477(1)",
		"2021-12-31": "BGB §477 a.F.",
		"2018-01-01": "BGB §477 a.F.",
		"2017-12-31": "BGB §476 a.F.",
		"1999-01-01": "BGB §476 a.F.",
	} {
		var d fairshops.Date
		if contract != "" {
			d = fairshops.MustDate(contract)
		}
		require.Equal(t, want, r.basisFor(d), contract)
	}
	require.Equal(t, "BGB §13, §14", rules()[rScopeNotConsumer].basisFor(fairshops.MustDate("2000-01-01")))
}

func TestMissingNames(t *testing.T) {
	t.Parallel()
	names := missingNames()
	require.True(t, slices.IsSorted(names[:]))
	for m, want := range map[missingFact]string{
		missAsOf: "as_of", missDefectNoticedOn: "defect_noticed_on", missDeliveryDate: "delivery_date",
		missInformedAboutWithdrawal: "informed_about_withdrawal", missOrderDate: "order_date", missPromisedDeliveryDate: "promised_delivery_date",
		missWithdrawalDeclaredOn: "withdrawal_declared_on",
	} {
		require.Equal(t, want, names[m])
	}
}
