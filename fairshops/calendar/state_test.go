package calendar

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestParseState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want State
	}{
		{"empty is national", "", National},
		{"DE is national", "DE", National},
		{"lower-case de", "de", National},
		{"plain code", "BY", BY},
		{"lower-case code", "sn", SN},
		{"ISO 3166-2 with prefix", "DE-TH", TH},
		{"mixed case prefix", "De-mv", MV},
		{"Hamburg", "HH", HH},
		{"Schleswig-Holstein", "SH", SH},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseState(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseStateRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"XX", "Bayern", " BY", "BY ", "DE-", "DE-DE", "AT-9", "B", "DEBY", "by\x00"} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseState(in)
			require.Error(t, err)
			require.Equal(t, National, got)
			require.ErrorIs(t, err, fairshops.ErrInvalid)
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve))
			want := []fairshops.FieldError{{Field: "state", Code: fairshops.ReasonUnknownValue, Args: []any{in}}}
			if diff := cmp.Diff(want, ve.Fields); diff != "" {
				t.Fatalf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatesRoundTrip(t *testing.T) {
	t.Parallel()
	all := States()
	require.Len(t, all, 16)
	seen := map[string]bool{}
	for _, s := range append(all, National) {
		require.True(t, s.Valid())
		code := s.String()
		require.False(t, seen[code], "duplicate code %s", code)
		seen[code] = true
		back, err := ParseState(code)
		require.NoError(t, err)
		require.Equal(t, s, back)
		require.NotEmpty(t, s.Name(fairshops.German))
		require.NotEmpty(t, s.Name(fairshops.English))
	}
	want := []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
	var got []string
	for _, s := range all {
		got = append(got, s.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("codes (-want +got):\n%s", diff)
	}
}

func TestStateNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s      State
		de, en string
	}{
		{BY, "Bayern", "Bavaria"},
		{TH, "Thüringen", "Thuringia"},
		{NW, "Nordrhein-Westfalen", "North Rhine-Westphalia"},
		{National, "Deutschland (bundesweit)", "Germany (national)"},
	}
	for _, tt := range tests {
		t.Run(tt.s.String(), func(t *testing.T) {
			require.Equal(t, tt.de, tt.s.Name(fairshops.German))
			require.Equal(t, tt.en, tt.s.Name(fairshops.English))
		})
	}
}

func TestStateNotValid(t *testing.T) {
	t.Parallel()
	bad := State(200)
	require.False(t, bad.Valid())
	require.Equal(t, "State(200)", bad.String())
	require.Equal(t, "State(200)", bad.Name(fairshops.German))
	_, err := bad.MarshalText()
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

func TestStateJSON(t *testing.T) {
	t.Parallel()
	type shop struct {
		State State `json:"state"`
	}
	b, err := json.Marshal(shop{State: NW})
	require.NoError(t, err)
	require.JSONEq(t, `{"state":"NW"}`, string(b))

	var got shop
	require.NoError(t, json.Unmarshal([]byte(`{"state":"DE-SN"}`), &got))
	require.Equal(t, SN, got.State)
	require.NoError(t, json.Unmarshal([]byte(`{"state":""}`), &got))
	require.Equal(t, National, got.State)
	err = json.Unmarshal([]byte(`{"state":"XY"}`), &got)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

// FuzzParseState: any input either parses to a valid State whose code parses
// back to it, or fails with an invalid-input error; it never panics.
func FuzzParseState(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseState(in)
		if err != nil {
			if !errors.Is(err, fairshops.ErrInvalid) {
				t.Fatalf("ParseState(%q): error %v is not invalid input", in, err)
			}
			return
		}
		if !s.Valid() {
			t.Fatalf("ParseState(%q) = invalid %d", in, s)
		}
		back, err := ParseState(s.String())
		if err != nil || back != s {
			t.Fatalf("ParseState(%q) = %s, which parses back to %v, %v", in, s, back, err)
		}
	})
}
