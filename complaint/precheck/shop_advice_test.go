package precheck_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestShopAdviceForEveryRule walks every rule of the pre-check and
// requires a text for the shop in German and English that is not the
// consumer's finding text and names its legal basis.
func TestShopAdviceForEveryRule(t *testing.T) {
	rules := precheck.Rules()
	require.Len(t, rules, 26)
	for _, r := range rules {
		for _, lang := range []fairshops.Language{fairshops.German, fairshops.English} {
			m := precheck.ShopAdvice(r.ID)
			require.True(t, precheck.Messages().Has(m.Key), "%s has no shop text", r.ID)
			text := m.Render(lang)
			require.NotEqual(t, m.Key, text, "%s %s", r.ID, lang)
			require.Greater(t, len(text), 120, "%s %s: a text that says what to do", r.ID, lang)
			require.NotContains(t, text, "%!", "%s %s: no arguments", r.ID, lang)
			require.True(t, strings.Contains(text, "BGB") || strings.Contains(text, "DSGVO") || strings.Contains(text, "GDPR") ||
				r.ID == precheck.ContactShopFirst || r.ID == precheck.OtherDispleasure, "%s %s names its basis", r.ID, lang)
		}
	}
	de := precheck.ShopAdvice(precheck.WithdrawalExpired).Render(fairshops.German)
	require.Contains(t, de, "12 Monate und 14 Tage")
	require.Contains(t, de, "§356 Abs. 3 BGB")
}
