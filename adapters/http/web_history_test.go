package http_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWebOperatorHistoryInReadersLanguage checks that the history on the
// operator's pages shows its details in the reader's language: category
// names and states from the catalogues, dates from the formatter, never the
// stored, language-free form ("category delivery", "answer due 2026-12-02",
// "mode=consumer").
func TestWebOperatorHistoryInReadersLanguage(t *testing.T) {
	e := newWebEnv(t)
	cid, _, cs := e.consumerCase(t, "Das Paket kam nie an.")
	tests := []struct {
		lang, path string
		want       []string
	}{
		{"de", "/operator/complaints/" + cid, []string{"Kategorie: Probleme mit Lieferung",
			"Ergebnis der Vorprüfung: offen", "Antwort fällig am 02.12.2026"}},
		{"en", "/operator/complaints/" + cid, []string{"Category: Problems with delivery",
			"Pre-check outcome: open", "Answer due 2 December 2026"}},
		{"de", "/operator/cases/" + cs.ID, []string{"Wer die Streitmoderation beginnt: die Kundin/der Kunde"}},
		{"en", "/operator/cases/" + cs.ID, []string{"Who starts dispute moderation: the consumer"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.path, func(t *testing.T) {
			p := e.operator(t, tt.lang).get(tt.path)
			require.Equal(t, http.StatusOK, p.status, p.body)
			p.contains(t, tt.want...)
			p.lacks(t, "category delivery", "clarity doubtful", "answer due 2026", "mode=consumer", ">op.detail")
		})
	}
}
