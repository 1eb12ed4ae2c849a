package complaint_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestParseReference(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want, reason string
	}{
		{"canonical", "KS-7KQ4-M2XF", "KS-7KQ4-M2XF", ""},
		{"lower case", "ks-7kq4-m2xf", "KS-7KQ4-M2XF", ""},
		{"no dashes", "KS7KQ4M2XF", "KS-7KQ4-M2XF", ""},
		{"blanks and dashes anywhere", " ks 7kq-4m2 xf ", "KS-7KQ4-M2XF", ""},
		{"no prefix", "7KQ4M2XF", "KS-7KQ4-M2XF", ""},
		{"wrong check character", "KS-7KQ4-M2XG", "", fairshops.ReasonMismatch},
		{"one wrong character", "KS-7KQ5-M2XF", "", fairshops.ReasonMismatch},
		{"adjacent transposition", "KS-K7Q4-M2XF", "", fairshops.ReasonMismatch},
		{"transposition across the dash", "KS-7KQM-42XD", "", fairshops.ReasonMismatch},
		{"check character swapped", "KS-7KQ4-M2FX", "", fairshops.ReasonMismatch},
		{"ambiguous O", "KS-7KQ4-MOXF", "", fairshops.ReasonInvalidFormat},
		{"ambiguous 1", "KS-7KQ1-M2XF", "", fairshops.ReasonInvalidFormat},
		{"too short", "KS-7KQ4-M2X", "", fairshops.ReasonInvalidFormat},
		{"too long", "KS-7KQ4-M2XFD", "", fairshops.ReasonInvalidFormat},
		{"other prefix", "XY-7KQ4-M2XF", "", fairshops.ReasonInvalidFormat},
		{"empty", "", "", fairshops.ReasonInvalidFormat},
		{"non-ASCII", "KS-7KQ4-M2XÐ", "", fairshops.ReasonInvalidFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := complaint.ParseReference(tc.in)
			if tc.reason == "" {
				require.NoError(t, err)
				require.Equal(t, tc.want, got)
				return
			}
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.Len(t, ve.Fields, 1)
			require.Equal(t, "reference", ve.Fields[0].Field)
			require.Equal(t, tc.reason, ve.Fields[0].Code)
			require.Equal(t, fairshops.Invalid, fairshops.KindOf(err))
		})
	}
}

// TestReferenceDetectsEveryTypo: for drawn references, every single
// substitution and every transposition of two different characters (at any
// distance) fails the check.
func TestReferenceDetectsEveryTypo(t *testing.T) {
	t.Parallel()
	for range 50 {
		ref, err := complaint.NewReference(rand.Reader)
		require.NoError(t, err)
		canon, err := complaint.ParseReference(ref)
		require.NoError(t, err)
		require.Equal(t, ref, canon)
		body := []byte(strings.ReplaceAll(strings.TrimPrefix(ref, "KS-"), "-", ""))
		for i := range body {
			for j := range len(complaint.ReferenceAlphabet) {
				typo := bytes.Clone(body)
				if typo[i] == complaint.ReferenceAlphabet[j] {
					continue
				}
				typo[i] = complaint.ReferenceAlphabet[j]
				_, err := complaint.ParseReference(string(typo))
				require.Error(t, err, "substitution %s of %s", typo, ref)
			}
			for k := i + 1; k < len(body); k++ {
				if body[i] == body[k] {
					continue
				}
				typo := bytes.Clone(body)
				typo[i], typo[k] = typo[k], typo[i]
				_, err := complaint.ParseReference(string(typo))
				require.Error(t, err, "transposition %s of %s", typo, ref)
			}
		}
	}
}

func TestNewReference(t *testing.T) {
	t.Parallel()
	// Every character of the alphabet is drawn; bytes above 231 are drawn
	// again (no bias), so a source of only such bytes fails.
	seen := map[rune]bool{}
	for range 300 {
		ref, err := complaint.NewReference(rand.Reader)
		require.NoError(t, err)
		require.Regexp(t, `^KS-[2-9A-HJKMNP-TV-Y]{4}-[2-9A-HJKMNP-TV-Y]{4}$`, ref)
		for _, r := range ref[3:10] {
			seen[r] = true
		}
	}
	require.Len(t, seen, len(complaint.ReferenceAlphabet)+1, "the alphabet and the dash")
	_, err := complaint.NewReference(bytes.NewReader(bytes.Repeat([]byte{0xff}, 64)))
	require.Error(t, err)
	ref, err := complaint.NewReference(bytes.NewReader(make([]byte, 16)))
	require.NoError(t, err)
	require.Equal(t, "KS-2222-2222", ref, "all zero values: check character zero")
}

// FuzzParseReference: the parser never panics; what it accepts is in
// canonical form and parses to itself.
func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"KS-7KQ4-M2XF", "ks7kq4m2xf", "7KQ4-M2XF", "KS-7KQ4-M2XG", "KS-0000-0000", "", "KS-\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := complaint.ParseReference(s)
		if err != nil {
			if fairshops.KindOf(err) != fairshops.Invalid {
				t.Fatalf("kind %v", fairshops.KindOf(err))
			}
			return
		}
		again, err := complaint.ParseReference(got)
		if err != nil || again != got || len(got) != len("KS-7KQ4-M2XF") {
			t.Fatalf("%q -> %q -> %q, %v", s, got, again, err)
		}
	})
}
