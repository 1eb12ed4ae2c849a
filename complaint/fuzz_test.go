package complaint_test

import (
	"errors"
	"testing"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// FuzzDecodeIntake: the decoder never panics; it returns a
// *fairshops.ValidationError with at least one field, or an intake that
// passes Validate (on the latest date facts may have, so that no date is in
// the future) with the same verdict.
func FuzzDecodeIntake(f *testing.F) {
	f.Add([]byte(validBody))
	f.Add([]byte(`{"category":"other","order_date":"2026-01-10","order_value":{"amount":5,"currency":"EUR"},"contact":{"name":"E","email":"e@example.org"}}`))
	f.Add([]byte(`{"contact":{"name":"\ud800","email":"a@b.c"},"lang":"de"}`))
	f.Add([]byte("{\"contact\":{\"name\":\"\xff\"}}"))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := complaint.DecodeIntake(data)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("want a *ValidationError with fields, got %v", err)
			}
			return
		}
		if err := in.Validate(fairshops.MustDate("9996-12-31")); err != nil {
			t.Fatalf("decoded intake does not validate: %v", err)
		}
	})
}
