package portal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

func TestParseQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		wantText  string
		wantWords []string
		wantCode  string // reason code of the error on field "q"
	}{
		{name: "plain", in: "Rücksendekosten Shop", wantText: "Rücksendekosten Shop", wantWords: []string{"ruecksendekosten", "shop"}},
		{name: "empty lists all", in: "", wantText: ""},
		{name: "blank lists all", in: " \t ", wantText: ""},
		{name: "control characters stripped", in: "Paket\x00ver\x1bloren\r\n\u200b", wantText: "Paket ver loren", wantWords: []string{"paket", "ver", "loren"}},
		{name: "markup is text", in: "<script>alert(1)</script>", wantText: "<script>alert(1)</script>", wantWords: []string{"script", "alert", "1", "script"}},
		{name: "exactly the limit", in: strings.Repeat("ä", portal.MaxQueryRunes), wantText: strings.Repeat("ä", portal.MaxQueryRunes), wantWords: []string{strings.Repeat("ae", 48)}},
		{name: "too long", in: strings.Repeat("a", portal.MaxQueryRunes+1), wantCode: fairshops.ReasonTooLong},
		{name: "huge", in: strings.Repeat("Widerruf ", 1<<20), wantCode: fairshops.ReasonTooLong},
		{name: "too many words", in: strings.Repeat("a ", portal.MaxQueryWords+1), wantCode: fairshops.ReasonTooMany},
		{name: "invalid utf-8", in: "R\xfcckgabe", wantCode: fairshops.ReasonInvalidUTF8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := portal.ParseQuery(tc.in)
			if tc.wantCode != "" {
				var ve *fairshops.ValidationError
				require.True(t, errors.As(err, &ve), "want a ValidationError, got %v", err)
				require.Len(t, ve.Fields, 1)
				require.Equal(t, "q", ve.Fields[0].Field)
				require.Equal(t, tc.wantCode, ve.Fields[0].Code)
				require.ErrorIs(t, err, fairshops.ErrInvalid)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantText, q.Text)
			if diff := cmp.Diff(tc.wantWords, q.Words); diff != "" {
				t.Errorf("words (-want +got):\n%s", diff)
			}
			require.Equal(t, len(tc.wantWords) == 0, q.Empty())
		})
	}
}

func TestResolveLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		param   string
		accept  string
		want    fairshops.Language
		wantErr bool
	}{
		{name: "nothing: German", want: fairshops.German},
		{name: "param wins", param: "en", accept: "de", want: fairshops.English},
		{name: "param with region", param: "en-GB", want: fairshops.English},
		{name: "accept English", accept: "en-US,en;q=0.9,de;q=0.5", want: fairshops.English},
		{name: "accept prefers German", accept: "fr-CH, de;q=0.8, en;q=0.5", want: fairshops.German},
		{name: "accept unknown only: German", accept: "fr, it", want: fairshops.German},
		{name: "accept malformed: German", accept: ";;;q=x", want: fairshops.German},
		{name: "unknown param", param: "fr", wantErr: true},
		{name: "malformed param", param: "no such tag!", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := portal.ResolveLanguage(tc.param, tc.accept)
			if tc.wantErr {
				var ve *fairshops.ValidationError
				require.ErrorAs(t, err, &ve)
				require.Equal(t, "lang", ve.Fields[0].Field)
				require.Equal(t, fairshops.ReasonUnknownValue, ve.Fields[0].Code)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// FuzzParseQuery checks that any input either parses into a clean query
// or fails with a ValidationError on "q", and that a parsed query searches
// without error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "Rücksendekosten", "Kosten der Rücksendung", "R\xfcckgabe", "a\x00b", "<script>", strings.Repeat("x ", 30), "ẞ ß Ä"} {
		f.Add(s)
	}
	ix := portal.BuildIndex(fixture(f).Articles, fixture(f).Topics)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := portal.ParseQuery(s)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "q" {
				t.Fatalf("want a ValidationError on q, got %v", err)
			}
			return
		}
		if strings.ContainsFunc(q.Text, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			t.Fatalf("control character left in %q", q.Text)
		}
		if len(q.Words) > portal.MaxQueryWords {
			t.Fatalf("%d words", len(q.Words))
		}
		for _, lang := range fairshops.Languages() {
			if _, err := ix.Search(portal.SearchRequest{Q: s, Lang: lang}); err != nil {
				t.Fatalf("search %q: %v", s, err)
			}
		}
	})
}
