package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// runWith runs the command on a file and returns standard output and error.
func runWith(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	run(args, strings.NewReader(""), &out, &errs, fixedNow)
	return out.String(), errs.String()
}

// TestTableFits120: every line of the table, in both languages, over many
// generated shops (long titles, many missing criteria), fits 120 columns.
func TestTableFits120(t *testing.T) {
	var gen bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-generate", "300"}, nil, &gen, io.Discard, fixedNow))
	path := t.TempDir() + "/shops.jsonl"
	require.NoError(t, os.WriteFile(path, gen.Bytes(), 0o644))
	for _, lang := range []string{"de", "en"} {
		out, _ := runWith(t, "-format", "table", "-lang", lang, path)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		require.Greater(t, len(lines), 300, "a line per shop at least, and the summary")
		for i, l := range lines {
			require.LessOrEqual(t, utf8.RuneCountInString(l), 120, "%s line %d: %q", lang, i+1, l)
		}
	}
}

// TestLangChangesAllText: with -lang the table, the titles of the ways to
// close, the summary and the error messages change language; no text of
// the other language is left.
func TestLangChangesAllText(t *testing.T) {
	german := []string{"ZEILE", "KONFORM", "nein", "Datensätze", "verweist auf", "Teilnahme an", "fehlerhaft"}
	english := []string{"LINE", "COMPLIANT", " no ", "records read", "refers to something", "Participation in", " bad"}
	for _, c := range []struct {
		lang       string
		want, not  []string
		jsonTitles string
	}{
		{"de", german, english, "Teilnahme an Streitbeilegungsverfahren"},
		{"en", english, german, "Participation in dispute resolution"},
	} {
		table, tableErr := runWith(t, "-format", "table", "-lang", c.lang, "testdata/shops.json")
		lines, linesErr := runWith(t, "-lang", c.lang, "testdata/shops.json")
		all := table + tableErr + linesErr
		for _, w := range c.want {
			require.Contains(t, all, w, c.lang)
		}
		for _, n := range c.not {
			require.NotContains(t, all, n, c.lang)
		}
		require.Contains(t, lines, c.jsonTitles, c.lang)
	}
}

// TestJSONLines: each line names the shop (id and name), lists the ways to
// close by title beside their IDs, and the summary goes to standard error
// so that standard output stays JSON lines.
func TestJSONLines(t *testing.T) {
	out, errs := runWith(t, "-lang", "en", "testdata/shops.json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	var first struct {
		ID, Name          string
		WaysToClose       [][]string `json:"ways_to_close"`
		WaysToCloseTitles [][]string `json:"ways_to_close_titles"`
	}
	for _, l := range lines {
		require.True(t, json.Valid([]byte(l)), l)
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.Equal(t, "alpha", first.ID)
	require.Equal(t, "Alpha", first.Name)
	require.Len(t, first.WaysToCloseTitles, len(first.WaysToClose))
	require.Equal(t, "Conflict service: dispute moderation", first.WaysToCloseTitles[0][0])
	require.Equal(t, "bonus.streitmoderation", first.WaysToClose[0][0])
	require.True(t, strings.HasSuffix(errs, "3 records read: 2 scored, 1 compliant, 1 bad\n"), errs)
}
