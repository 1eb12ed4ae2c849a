package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestFormatDate(t *testing.T) {
	tests := []struct {
		name   string
		in     any
		de, en string
	}{
		{"civil date string", "2026-03-10", "10.03.2026", "10 March 2026"},
		{"first of the month", "2026-12-01", "01.12.2026", "1 December 2026"},
		{"RFC 3339 read in Berlin", "2026-03-10T23:30:00Z", "11.03.2026", "11 March 2026"},
		{"time.Time read in Berlin", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "01.07.2026", "1 July 2026"},
		{"fairshops.Date", fairshops.MustDate("2027-01-31"), "31.01.2027", "31 January 2027"},
		{"zero date", fairshops.Date{}, "", ""},
		{"nil", nil, "", ""},
		{"not a date", "soon", "soon", "soon"},
		{"number", 42.0, "42", "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.de, formatDate(fairshops.German, tt.in))
			require.Equal(t, tt.en, formatDate(fairshops.English, tt.in))
		})
	}
}

func TestOneLine(t *testing.T) {
	tests := map[string]string{
		"plain":                      "plain",
		"  spaced \t out  ":          "spaced out",
		"a\r\nBcc: x@example.org":    "a Bcc: x@example.org",
		"nul\x00and\u2028separators": "nul and separators",
		"\n\n":                       "",
	}
	for in, want := range tests {
		require.Equal(t, want, oneLine(in), "%q", in)
	}
}

func TestTidyText(t *testing.T) {
	long := strings.Repeat("wort ", 30) + "https://konfliktservice.example/" + strings.Repeat("x", 80) + " ende"
	got := tidyText("\n\n  \nHallo,  \n\n\n\nText\r\n" + long + "\n\n")
	lines := strings.Split(got, "\n")
	want := []string{"Hallo,", "", "Text"}
	if diff := cmp.Diff(want, lines[:3]); diff != "" {
		t.Errorf("head (-want +got):\n%s", diff)
	}
	require.True(t, strings.HasSuffix(got, "ende\n"))
	for _, l := range lines {
		if strings.Contains(l, " ") {
			require.LessOrEqual(t, len([]rune(l)), textWidth, "%q", l)
		}
	}
	require.Contains(t, lines, "https://konfliktservice.example/"+strings.Repeat("x", 80), "a long link stays whole")
	require.Equal(t, strings.Repeat("wort ", 30)+"https://konfliktservice.example/"+strings.Repeat("x", 80)+" ende",
		strings.Join(strings.Fields(got[len("Hallo,\n\nText\n"):]), " "), "wrapping loses no word")
}
