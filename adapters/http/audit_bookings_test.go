package http_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// TestAuditRecordsRegisteredBookings: a shop registered through the API
// with bookings leaves the registration's entry and one booking.added per
// booking (the module as the detail, never the purpose), as the booking
// route does; the registry has no route that changes or cancels a booking
// (docs/adr-audit-log.md), so these and the booking route are every booking
// an operator makes.
func TestAuditRecordsRegisteredBookings(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	ctx := context.Background()
	log := w.db.Audit()
	before, err := log.Head(ctx)
	require.NoError(t, err)
	w.must(asOperator, "POST", "/api/v1/shops", `{"id":"gebucht","name":"Gebucht","domain":"gebucht.example",
		"seal":{"status":"licensed"},"bookings":[
		{"module":"beschwerdeservice","from":"2026-01-01","purpose":"needed_for_standard"},
		{"module":"themenportal","from":"2026-01-01","until":"2026-12-31","purpose":"extra_trust"}]}`, 201)
	got, err := log.List(ctx, audit.Filter{After: before.Seq})
	require.NoError(t, err)
	type line struct {
		action audit.Action
		detail string
	}
	var lines []line
	for _, e := range got {
		require.Equal(t, audit.Operator(apiOperatorLogin), e.Actor)
		require.Equal(t, audit.Shop("gebucht"), e.Subject)
		lines = append(lines, line{e.Action, e.Detail})
	}
	require.Equal(t, []line{{audit.ShopRegistered, "api"}, {audit.ModuleBooked, "beschwerdeservice"},
		{audit.ModuleBooked, "themenportal"}}, lines)
	_, err = audit.Verify(ctx, log)
	require.NoError(t, err)
}
