// Package storetest is the conformance suite for fairshops.ShopStore. Every
// adapter runs it from its own tests with a harness that opens an empty store:
//
//	func TestShopStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Harness {
//			db := memory.New()
//			return storetest.Harness{Store: db.Shops(), Events: db.Events}
//		})
//	}
//
// A shop has no cases of its own beyond the contract every versioned
// aggregate's store keeps (internal/aggregatetest: create, duplicate, not
// found, versions, concurrent writers, no aliasing, cancellation, paging).
// Passing it on memory, SQLite and PostgreSQL means the same tests passed
// three times.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/aggregatetest"
)

// Harness is one empty store under test. Events returns every event the
// store wrote to its outbox, in order.
type Harness struct {
	Store  fairshops.ShopStore
	Events func() []fairshops.Event
}

// Run runs the whole suite; newHarness must return an empty store each call.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	aggregatetest.Run(t, func(t *testing.T) aggregatetest.Harness[*fairshops.Shop] {
		h := newHarness(t)
		return aggregate(h.Store, h.Events)
	})
	t.Run("search", func(t *testing.T) { runSearch(t, newHarness) })
	t.Run("complaint contact", func(t *testing.T) { runContact(t, newHarness) })
	t.Run("public figures", func(t *testing.T) { runPublicFigures(t, newHarness) })
}

// aggregate adapts a shop store to the shared contract suite.
func aggregate(st fairshops.ShopStore, events func() []fairshops.Event) aggregatetest.Harness[*fairshops.Shop] {
	h := aggregatetest.ForStore(st, (*fairshops.Shop).Clone,
		func(s *fairshops.Shop) (string, *int) { return s.ID, &s.Version })
	h.New = SampleShop
	h.Mutate = func(s *fairshops.Shop, n int) *fairshops.Shop {
		s.Name = fmt.Sprintf("writer %d", n)
		s.Fulfilled = append(s.Fulfilled, "must.refund_in_time")
		s.UpdatedAt = base.Add(time.Duration(n+1) * time.Hour)
		return s
	}
	h.Scribble = func(s *fairshops.Shop) {
		s.Fulfilled[0] = "changed.after.create"
		s.Conditions[0] = "changed"
		s.Bookings[0].Purpose = fairshops.ExtraTrust
		s.Bookings[0].Module = fairshops.Themenportal
	}
	h.Diff = shopDiff
	h.List = func(ctx context.Context, after string, limit int) ([]*fairshops.Shop, error) {
		return st.List(ctx, fairshops.ShopFilter{After: after, Limit: limit})
	}
	h.Events = events
	return h
}

var base = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// SampleShop returns a valid shop with every field set.
func SampleShop(id string) *fairshops.Shop {
	return &fairshops.Shop{
		ID:         id,
		Name:       "Beispiel-Shop " + id,
		Domain:     id + ".example",
		Seal:       fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2027-12-31")},
		Fulfilled:  []string{"must.payment_buyer_protection", "must.hotline_hours"},
		Conditions: []string{"Versand in 2-3 Werktagen", "Rücksendung kostenlos"},
		State:      "BY",
		Bookings: []fairshops.Booking{
			{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Until: fairshops.MustDate("2026-12-31"), Purpose: fairshops.NeededForStandard},
			{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-03-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode},
		},
		CreatedAt: base,
		UpdatedAt: base,
	}
}

// shopDiff compares shops with times compared as instants.
func shopDiff(want, got *fairshops.Shop) string {
	return cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty())
}
