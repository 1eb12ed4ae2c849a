package jsontree_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// FuzzDecode: Decode never panics; an error names the line, and a decoded
// tree encodes to JSON that decodes to the same tree. (The public decoders
// built on it have their own targets: FuzzLoad, FuzzDecodeShopFacts,
// precheck's and complaint's.)
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"a": [1, "x", null, true, {"b": 1.5e3}]}`))
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte("{\n\"a\": [1,\n 2,,]}"))
	f.Add([]byte(`{"a":1} x`))
	f.Add([]byte(`"\ud800"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsontree.Decode(data)
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
