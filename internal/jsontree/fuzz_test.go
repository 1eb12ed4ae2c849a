package jsontree_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// FuzzDecode: Decode never panics; an error names the line (or, for text
// that is not UTF-8, is a *TextError with the strings' paths), and a decoded
// tree encodes to JSON that decodes to the same tree. (The public decoders
// built on it have their own targets: FuzzLoad, FuzzDecodeShopFacts,
// precheck's and complaint's.)
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"a": [1, "x", null, true, {"b": 1.5e3}]}`))
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte("{\n\"a\": [1,\n 2,,]}"))
	f.Add([]byte(`{"a":1} x`))
	f.Add([]byte(`"\ud800"`))
	f.Add([]byte("{\"a\": \"\xff\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsontree.Decode(data)
		var te *jsontree.TextError
		if errors.As(err, &te) {
			if len(te.Paths) == 0 || utf8.Valid(data) && !strings.Contains(string(data), `\u`) {
				t.Fatalf("text error without cause: %v", err)
			}
			return
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error without its line: %v", err)
			}
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("decoded tree does not encode: %v", err)
		}
		again, err := jsontree.Decode(b)
		if err != nil {
			t.Fatalf("encoded tree does not decode: %v", err)
		}
		if d := cmp.Diff(v, again); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}
