package sqlstore

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fairshops/konfliktservice/mediation"
)

// FuzzDecodeRecords feeds the stored-document decoders (a complaint's
// facts and pre-check, a case's document) with arbitrary bytes, as a
// damaged or foreign row would hold: they may refuse, never panic, and
// what they accept encodes and decodes to itself.
func FuzzDecodeRecords(f *testing.F) {
	// The seed corpus is testdata/fuzz/FuzzDecodeRecords: the documents of
	// the conformance suites' sample complaint and case, and broken ones.
	f.Fuzz(func(t *testing.T, data []byte) {
		var fr factsRec
		var rr resultRec
		var cd caseDoc
		if decodeDoc(data, "facts", &fr) == nil {
			var d decoder
			facts := fr.facts(&d)
			if d.err == nil {
				again := factsRecOf(facts)
				var d2 decoder
				if diff := cmp.Diff(facts, again.facts(&d2)); diff != "" || d2.err != nil {
					t.Fatalf("facts do not survive a second round (%v):\n%s", d2.err, diff)
				}
			}
		}
		if decodeDoc(data, "pre-check", &rr) == nil {
			var d decoder
			r := rr.result(&d)
			if d.err == nil {
				var d2 decoder
				if diff := cmp.Diff(r, resultRecOf(r).result(&d2)); diff != "" || d2.err != nil {
					t.Fatalf("pre-check does not survive a second round (%v):\n%s", d2.err, diff)
				}
			}
		}
		if decodeDoc(data, "case", &cd) == nil {
			var d decoder
			var got mediation.Case
			cd.apply(&got, &d)
			if d.err == nil {
				var d2 decoder
				var again mediation.Case
				caseDocOf(&got).apply(&again, &d2)
				if diff := cmp.Diff(got, again); diff != "" || d2.err != nil {
					t.Fatalf("case does not survive a second round (%v):\n%s", d2.err, diff)
				}
			}
		}
	})
}
