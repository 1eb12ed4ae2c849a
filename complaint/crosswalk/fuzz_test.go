package crosswalk_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/complaint/crosswalk"
)

// FuzzParse: a table from outside never panics the parser; one it accepts
// maps every category in every network.
func FuzzParse(f *testing.F) {
	f.Add(crosswalk.CrosswalkJSON(f))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"networks":{"stripe":{"codes":[]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := crosswalk.Parse(b)
		if err != nil {
			return
		}
		for _, n := range crosswalk.Networks() {
			if _, ok := tab.Network(n); !ok {
				t.Fatalf("accepted table without network %s", n)
			}
		}
	})
}
