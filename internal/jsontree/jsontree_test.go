package jsontree_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// problems records what a reader reports as "field: code args".
type problems []string

func (p *problems) Add(field, code string, args ...any) {
	s := field + ": " + code
	for _, a := range args {
		s += " " + fmt.Sprint(a)
	}
	*p = append(*p, s)
}

// word is a value type that reads itself: lower-case letters only.
type word string

func (w *word) UnmarshalText(b []byte) error {
	if strings.ToLower(string(b)) != string(b) {
		return fmt.Errorf("not lower-case")
	}
	*w = word(b)
	return nil
}

func TestDecodeSyntax(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"bad value", "{\n\"a\": [1,\n 2,,]}", "line 3, column 4"},
		{"trailing data", `{"a":1} x`, "data after"},
		{"cut short", "{\"a\":", "unexpected end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jsontree.Decode([]byte(tc.data))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestStrictInput: a key given twice (at any depth) and bytes that are not
// UTF-8 are errors with their position, where encoding/json would keep the
// last key and replace the bytes with U+FFFD.
func TestStrictInput(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"duplicate at the top", `{"a": 1, "a": 2}`, `line 1, column 13: duplicate key "a"`},
		{"duplicate nested", "{\"b\": {\"c\": \"x\",\n \"c\": \"y\"}}", `line 2, column 5: duplicate key "c"`},
		{"duplicate in a list item", `[{"k": 1}, {"k": 1, "k": 1}]`, `line 1, column 24: duplicate key "k"`},
		{"same key in two objects is fine", `[{"k": 1}, {"k": 2}]`, ""},
		{"escaped duplicate", `{"a": 1, "\u0061": 2}`, `line 1, column 18: duplicate key "a"`},
		{"invalid UTF-8 in a string", "{\"a\": \"Rechnung \xff\"}", `invalid UTF-8 in ["a"]`},
		{"invalid UTF-8 in several", "{\"a\": [\"ok\", \"\xc3\x28\"], \"b\": {\"c\": \"\xff\"}, \"\xfe\": 1}", `invalid UTF-8 in ["a[1]" "b.c" ""]`},
		{"lone surrogate", `{"a": "x\ud800"}`, `invalid UTF-8 in ["a"]`},
		{"reversed surrogates", `{"a": "\udc00\ud800"}`, `invalid UTF-8 in ["a"]`},
		{"surrogate pair", `{"a": "\ud83d\ude00"}`, ""},
		{"valid multibyte", `{"a": "Rücksendung €"}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jsontree.Decode([]byte(tc.data))
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tc.want)
		})
	}
}

// TestDecodeReport: the problems a reader of outside input reports.
func TestDecodeReport(t *testing.T) {
	var p problems
	_, ok := jsontree.DecodeReport([]byte("{\"name\": \"E\xff\", \"list\": [\"\xff\"]}"), &p)
	require.False(t, ok)
	require.Equal(t, problems{"name: invalid_utf8", "list[0]: invalid_utf8"}, p)
	p = nil
	_, ok = jsontree.DecodeReport([]byte(`{"a": 1, "a": 2}`), &p)
	require.False(t, ok)
	require.Equal(t, problems{`: syntax line 1, column 13: duplicate key "a"`}, p)
	p = nil
	v, ok := jsontree.DecodeReport([]byte(`{"a": "ü"}`), &p)
	require.True(t, ok)
	require.Empty(t, p)
	require.Equal(t, map[string]any{"a": "ü"}, v)
}

func TestDecodeShapes(t *testing.T) {
	v, err := jsontree.Decode([]byte(`{"a": [], "b": {}, "c": [1, "x", true, null, {"d": 2.50}]}`))
	require.NoError(t, err)
	require.Equal(t, map[string]any{
		"a": []any{},
		"b": map[string]any{},
		"c": []any{json.Number("1"), "x", true, nil, map[string]any{"d": json.Number("2.50")}},
	}, v)
}

func TestNodeReaders(t *testing.T) {
	tree, err := jsontree.Decode([]byte(`{
		"s": "x", "empty": "", "n": 7, "null": null, "list": [1, "a"],
		"w": "abc", "W": "ABC", "neg": -1, "small": 2, "big": 11,
		"sub": {"k": 1, "z": 2, "a": 3}
	}`))
	require.NoError(t, err)
	var p problems
	_, ok := jsontree.AsObject(tree.(map[string]any)["list"], "list", &p)
	require.False(t, ok)
	o, ok := jsontree.AsObject(tree, "", &p)
	require.True(t, ok)

	require.Equal(t, "x", o.Str(&p, "s", true))
	require.Empty(t, o.Str(&p, "empty", true))
	require.Empty(t, o.Str(&p, "n", false))
	require.Empty(t, o.Str(&p, "null", true))
	require.Empty(t, o.Str(&p, "missing", false), "an optional missing string is no problem")
	require.Len(t, o.List(&p, "list", true), 2)
	require.Nil(t, o.List(&p, "s", true))
	var w word
	o.Scan(&p, "w", true, &w, "bad_word")
	require.Equal(t, word("abc"), w)
	o.Scan(&p, "W", true, &w, "bad_word")
	require.Equal(t, word("abc"), w, "a failed scan leaves the value")
	_, ok = o.Int(&p, "neg", true, 0, 10)
	require.False(t, ok)
	_, ok = o.Int(&p, "small", true, 3, 10)
	require.False(t, ok)
	_, ok = o.Int(&p, "big", true, 3, 10)
	require.False(t, ok)
	require.True(t, o.Has("null"))
	require.Nil(t, o.Value("null"))
	sub, ok := o.Object(&p, "sub", true)
	require.True(t, ok)
	require.Equal(t, "sub", sub.Path())
	sub.Only(&p, "k")
	_, ok = o.Object(&p, "null", false)
	require.False(t, ok)

	want := []string{
		"list: wrong_type object",
		"empty: required", "n: wrong_type string", "null: required", "s: wrong_type array",
		"W: bad_word", "neg: negative", "small: too_small 3", "big: too_large 10",
		"sub.a: unknown_field", "sub.z: unknown_field",
	}
	if d := cmp.Diff(want, []string(p)); d != "" {
		t.Fatalf("problems (-want +got):\n%s", d)
	}
}
