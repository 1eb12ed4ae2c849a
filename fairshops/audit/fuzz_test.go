package audit_test

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// FuzzParseFilter: any query string gives a filter that passes Check, or a
// *ValidationError with fields; never a panic. An accepted filter survives
// Values and a second ParseFilter unchanged (the links of the next page).
func FuzzParseFilter(f *testing.F) {
	f.Add("action=login&actor=anna&kind=article&subject=widerruf&order=newest&after=7&limit=20")
	f.Add("from=2026-12-01&until=2026-12-31")
	f.Add("from=2026-12-01T08:00:00.5%2B01:00&until=2026-12-31T00:00:00Z")
	f.Add("action=%ff&after=-1&limit=99999999999999999999&subject=x")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got, err := audit.ParseFilter(q, time.UTC)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("want a *ValidationError with fields, got %v", err)
			}
			return
		}
		if err := got.Check(); err != nil {
			t.Fatalf("accepted filter fails Check: %v", err)
		}
		again, err := audit.ParseFilter(got.Values(), time.UTC)
		if err != nil {
			t.Fatalf("Values of %+v do not parse: %v", got, err)
		}
		if !again.From.Equal(got.From) || !again.Until.Equal(got.Until) {
			t.Fatalf("bounds changed: %+v -> %+v", got, again)
		}
		again.From, again.Until, got.From, got.Until = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if again != got {
			t.Fatalf("round trip changed the filter: %+v -> %+v", got, again)
		}
	})
}
