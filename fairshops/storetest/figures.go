package storetest

import (
	"context"
	"testing"
)

// runPublicFigures checks that a shop's opt-in to public figures is stored
// off by default, and switched on and off again.
func runPublicFigures(t *testing.T, newHarness func(t *testing.T) Harness) {
	h := newHarness(t)
	ctx := context.Background()
	s := SampleShop("figures")
	s.PublicFigures = false
	if err := h.Store.Create(ctx, s.Clone(), nil); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{false, true, false} {
		got, err := h.Store.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PublicFigures != want {
			t.Fatalf("step %d: public figures %v, want %v", i, got.PublicFigures, want)
		}
		got.PublicFigures = !want
		if err := h.Store.Update(ctx, got, nil); err != nil {
			t.Fatal(err)
		}
	}
}
