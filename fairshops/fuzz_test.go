package fairshops_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

// FuzzLoad: Load never panics; it returns a catalogue that survives a round
// trip, or a *ValidationError.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(testCatalogueJSON))
	f.Add([]byte(`{"id":"x","criteria":[{"id":"a","points":-1}]}`))
	f.Add([]byte(`{"areas":[7,null,{"id":""}],"criteria":{}}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := fs.Load(bytes.NewReader(data))
		if err != nil {
			var ve *fs.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("want a *ValidationError with fields, got %v", err)
			}
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Load(bytes.NewReader(b)); err != nil {
			t.Fatalf("exported catalogue does not load again: %v", err)
		}
		c.Assess(nil, nil, fs.MustDate("2026-01-01"))
	})
}

// FuzzDecodeShopFacts: the decoder never panics, and accepted facts can be
// assessed.
func FuzzDecodeShopFacts(f *testing.F) {
	f.Add([]byte(`{"as_of":"2026-05-01","fulfilled":["must.hotline_hours"],"bookings":[{"module":"streitmoderation","from":"2026-01-01","mediation_mode":"consumer"}]}`))
	f.Add([]byte(`{"bookings":[{"module":"beschwerdeservice","from":"2026-01-01","until":"2025-01-01"},{"module":"beschwerdeservice","from":"2026-06-01"}]}`))
	f.Add([]byte(`{"fulfilled":[1,"x",null],"bookings":["a",{}]}`))
	cat := fs.DefaultCatalogue()
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := fs.DecodeShopFacts(data, cat)
		if err != nil {
			var ve *fs.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("want a *ValidationError with fields, got %v", err)
			}
			return
		}
		if err := facts.Check(cat); err != nil {
			t.Fatalf("decoded facts fail Check: %v", err)
		}
		a := cat.Assess(facts.Fulfilled, facts.Bookings, fs.MustDate("2026-06-01"))
		if a.BonusPoints < 0 || a.Shortfall < 0 {
			t.Fatalf("negative figures: %+v", a)
		}
	})
}
