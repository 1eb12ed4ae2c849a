package http

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestHistoryDetail checks every stored form of a history entry's detail in
// both languages; a form it does not know is shown as stored.
func TestHistoryDetail(t *testing.T) {
	t.Parallel()
	ui, err := newWebUI(webText(), webOperatorText())
	require.NoError(t, err)
	h := &Handler{web: ui}
	tests := []struct {
		stored, de, en string
	}{
		{"category not_as_described", "Kategorie: Ware weicht von Beschreibung ab", "Category: Goods differ from the description"},
		{"clarity clear", "Ergebnis der Vorprüfung: eindeutig", "Pre-check outcome: clear"},
		{"answer due 2026-12-14", "Antwort fällig am 14.12.2026", "Answer due 14 December 2026"},
		{"answer was due 2026-12-14", "Antwort war fällig am 14.12.2026", "Answer was due 14 December 2026"},
		{"deadline_missed", "Der Shop hat die Antwortfrist versäumt", "The shop missed the answer deadline"},
		{"mode=shop_discretion", "Wer die Streitmoderation beginnt: der Shop, von Fall zu Fall",
			"Who starts dispute moderation: the shop, case by case"},
		{"cost_bearer=consumer", "Die Kosten trägt: Kundin/Kunde", "Fee paid by: Consumer"},
		{"reason=out_of_scope", "Grund: Die Streitmoderation ist nur für Streitfälle zwischen Verbrauchern und Shops da.",
			"Reason: Dispute moderation is only for disputes between consumers and shops."},
		{"deadline=answers", "Frist: Antworten auf den Vorschlag", "Deadline: the answers to the proposal"},
		{"proposal=mp_1 option=o2 revision", "Vorschlag mp_1, Option o2, Überarbeitung erbeten",
			"Proposal mp_1, Option o2, Revision asked for"},
		{"no_common_option", "keine Option von beiden Seiten angenommen", "no option accepted by both sides"},
		{"rules revision 1 -> 2: findings +delivery.set_deadline -delivery.withdraw_possible",
			"Regelstand 1 → 2: findings +delivery.set_deadline -delivery.withdraw_possible",
			"Rules revision 1 → 2: findings +delivery.set_deadline -delivery.withdraw_possible"},
		{"rules revision 1", "rules revision 1", "rules revision 1"},
		{"m_2", "m_2", "m_2"},
		{"category ", "category ", "category "},
		{"answer due someday", "Antwort fällig am someday", "Answer due someday"},
		{"x=1 proposal=mp_1", "x=1, Vorschlag mp_1", "x=1, Proposal mp_1"},
		{"", "", ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.de, h.historyDetail(fairshops.German, tt.stored), tt.stored)
		require.Equal(t, tt.en, h.historyDetail(fairshops.English, tt.stored), tt.stored)
	}
}
