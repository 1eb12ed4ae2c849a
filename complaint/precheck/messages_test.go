package precheck

import (
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/stretchr/testify/require"
)

func TestMessagesComplete(t *testing.T) {
	t.Parallel()
	require.Empty(t, Messages().Missing(), "every key in de and en")

	want := map[string]bool{}
	for _, r := range Rules() {
		want[ruleMessagePrefix+string(r.ID)] = true
	}
	for _, id := range pageRuleIDs(t) {
		require.True(t, want[ruleMessagePrefix+string(id)], "rule %s of the page has no message", id)
	}
	for _, k := range TipKeys() {
		want[k] = true
	}
	for _, k := range variantKeys() {
		want[k] = true
	}
	for _, c := range Categories() {
		want[categoryPrefix+string(c)] = true
	}
	for _, k := range factKeys() {
		want[factPrefix+k] = true
	}
	for _, e := range WithdrawalExceptions() {
		want[exceptionPrefix+string(e)] = true
	}
	for _, r := range Resolutions() {
		want[resolutionPrefix+string(r)] = true
	}
	for _, c := range []Clarity{Clear, Doubtful, Displeasure} {
		want[clarityPrefix+string(c)] = true
	}
	for _, f := range []Favours{FavoursConsumer, FavoursShop, FavoursNeither, FavoursDoubtful} {
		want[favoursPrefix+string(f)] = true
	}
	for _, h := range viewHeadings() {
		want[viewPrefix+h] = true
	}
	for _, e := range Evidences() {
		want[evidencePrefix+string(e)] = true
	}
	for _, r := range Rules() {
		want[ShopAdvice(r.ID).Key] = true
	}
	have := map[string]bool{}
	for _, k := range Messages().Keys() {
		have[k] = true
		require.True(t, want[k], "key %s is used by nothing", k)
	}
	for k := range want {
		require.True(t, have[k], "key %s has no text", k)
	}

	// The same placeholders in both languages; texts of rules and tips are
	// sentences, labels are not.
	table := messageTable()
	for k, de := range table[fairshops.German] {
		en := table[fairshops.English][k]
		require.Equal(t, strings.Count(de, "%s"), strings.Count(en, "%s"), k)
		require.NotContains(t, de+en, "%v", k)
		if strings.HasPrefix(k, ruleMessagePrefix) || strings.HasPrefix(k, tipPrefix) {
			require.True(t, strings.HasSuffix(de, ".") && strings.HasSuffix(en, "."), "%s: a sentence", k)
		}
	}
	// The German category labels are those of the complaint form.
	require.Equal(t, "Bestellung nicht (in dem Umfang) getätigt", NotOrdered.Label(fairshops.German))
	require.Equal(t, "Probleme mit Gewährleistungsfall", Warranty.Label(fairshops.German))
}

func TestMessageRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msg  Message
		lang fairshops.Language
		want string
	}{
		{"dates in German", Message{Key: "rule.withdrawal.in_period", Args: []string{"2025-12-01", "2025-12-29"}}, fairshops.German,
			"Der Widerruf vom 01.12.2025 liegt in der Widerrufsfrist, die am 29.12.2025 endet. Es genügt, den Widerruf rechtzeitig abzusenden."},
		{"dates in English", Message{Key: "rule.withdrawal.in_period", Args: []string{"2025-12-01", "2025-12-29"}}, fairshops.English,
			"The withdrawal of 1 December 2025 lies within the withdrawal period, which ends on 29 December 2025. Sending the withdrawal in time is enough."},
		{"an amount in German", Message{Key: "rule.refund.overdue", Args: []string{"2025-12-15", "1234.50 EUR"}}, fairshops.German,
			"Die Erstattung war etwa bis 15.12.2025 fällig, ist nach den Angaben aber noch nicht eingegangen. Die 14 Tage zählen ab dem Eingang des Widerrufs beim Shop; hier zählen sie ab seiner Absendung, daher „etwa“. Zu erstatten sind der Kaufpreis und die Kosten der Standardlieferung (nach den Angaben 1234,50 EUR)."},
		{"an amount in English", Message{Key: "rule.refund.overdue", Args: []string{"2025-12-15", "1234.50 EUR"}}, fairshops.English,
			"The refund was due by about 15 December 2025 but, according to the facts, has not arrived. The 14 days run from the shop's receipt of the withdrawal; here they run from its dispatch, hence \"about\". The refund covers the price and the cost of standard delivery (according to the facts 1234.50 EUR)."},
		{"a key as argument", Message{Key: "rule.withdrawal.exception_claimed", Args: []string{"exception.sealed_hygiene"}}, fairshops.English,
			"The shop relies on an exception from the right of withdrawal (sealed hygiene goods, seal opened). It is for the shop to show that the exception applies; this is open here."},
		{"an unsupported language is German", Message{Key: "category.other"}, "fr", "Sonstiges"},
		{"an unknown key renders as itself", Message{Key: "rule.nope"}, fairshops.English, "rule.nope"},
		{"plain text arguments stay", Message{Key: "rule.delivery.overdue", Args: []string{"soon"}}, fairshops.English,
			"Delivery was due by soon and, according to the facts, has not arrived yet."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, tc.msg.Render(tc.lang))
		})
	}
}

func TestIsAmount(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"19.99 EUR": true, "0 JPY": true, "1.5 CHF": true,
		"19.99": false, "19.99 eur": false, "1.2.3 EUR": false, ".5 EUR": false, "5. EUR": false, " EUR": false, "x EUR": false,
	} {
		require.Equal(t, want, isAmount(s), s)
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	require.Equal(t, "Problems with delivery", Delivery.Label(fairshops.English))
	require.Equal(t, "bogus", Category("bogus").Label(fairshops.English))
	require.Equal(t, "Lieferdatum (Erhalt der Ware)", FactLabel("delivery_date", fairshops.German))
	require.Equal(t, "bogus", FactLabel("bogus", fairshops.German))
}
