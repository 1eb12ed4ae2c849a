package portal

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestFoldAndTokenize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"umlauts and sharp s", "Rückgabe, Größe; STRAßE Ärger", []string{"rueckgabe", "groesse", "strasse", "aerger"}},
		{"capital sharp s", "GROẞ", []string{"gross"}},
		{"already folded", "Rueckgabe", []string{"rueckgabe"}},
		{"digits and paragraphs", "BGB §355 Abs. 2, 14 Tage", []string{"bgb", "355", "abs", "2", "14", "tage"}},
		{"hyphen splits", "E-Mail-Adresse", []string{"e", "mail", "adresse"}},
		{"invalid utf-8 separates", "ab\xffcd", []string{"ab", "cd"}},
		{"markup is not a word", "<script>alert(1)</script>", []string{"script", "alert", "1", "script"}},
		{"empty", " \t\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, words(tc.in)); diff != "" {
				t.Errorf("words (-want +got):\n%s", diff)
			}
		})
	}
	var long []string
	tokenize(string(make([]rune, 0))+repeat("a", 500), func(tk token) { long = append(long, tk.word) })
	require.Len(t, long, 1)
	require.Len(t, long[0], maxTokenRunes, "long words are cut")
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestStem(t *testing.T) {
	t.Parallel()
	de, en := newAnalyzer(fairshops.German), newAnalyzer(fairshops.English)
	same := []struct {
		an   *analyzer
		a, b string
	}{
		{de, "Pakete", "Paket"},
		{de, "Fristen", "Frist"},
		{de, "Erstattung", "erstatten"},
		{de, "Rücksendung", "Ruecksendung"},
		{de, "Gewährleistung", "Gewaehrleistung"},
		{en, "parcels", "parcel"},
		{en, "refunds", "refunded"},
		{en, "deliveries", "delivery"},
	}
	for _, tc := range same {
		a, b := words(tc.a)[0], words(tc.b)[0]
		require.Equal(t, tc.an.stem(a), tc.an.stem(b), "%s and %s", tc.a, tc.b)
	}
}

func TestDecompound(t *testing.T) {
	t.Parallel()
	vocab := map[string]bool{}
	for _, w := range []string{"kosten", "kost", "ruecksendung", "ruecksend", "widerruf", "frist", "gewaehrleistung", "recht", "rechte", "paket", "geld", "daten", "schutz", "lastschrift", "widerrufsfrist", "ruecksendekosten"} {
		vocab[w] = true
	}
	known := func(s string) bool { return vocab[s] }
	tests := []struct {
		word string
		want []string
	}{
		{"ruecksendekosten", []string{"ruecksend", "kosten"}},
		{"widerrufsfrist", []string{"widerruf", "frist"}},
		{"gewaehrleistungsrechte", []string{"gewaehrleistung", "rechte"}},
		{"datenschutz", []string{"daten", "schutz"}},
		{"paketkosten", []string{"paket", "kosten"}},
		{"lastschrift", nil}, // known whole, not two known parts
		{"bestellung", nil},  // no known parts
		{"kostenfrist", []string{"kosten", "frist"}},
		{"geldx", nil},          // too short
		{"widerrufsxyz", nil},   // tail unknown
		{"fristwiderrufs", nil}, // a link may not end the word
		{"paketpaketpaket", []string{"paket", "paket", "paket"}},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, decompound(tc.word, known)); diff != "" {
				t.Errorf("decompound (-want +got):\n%s", diff)
			}
		})
	}
}
