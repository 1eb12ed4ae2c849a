package main

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestRecipientsOfCarrierClaimEvents: the claim's events are mailed to the
// shop with the link to its view of the complaint, and never to the
// consumer, even under a hint that names the consumer.
func TestRecipientsOfCarrierClaimEvents(t *testing.T) {
	t.Parallel()
	f := newRecipientFixture(t)
	id := f.complaint.ID
	vars := map[string]string{"shop_name": "Demo-Shop GmbH", "reference": f.complaint.Reference}
	shop := notify.Recipient{Address: "service@demo-shop.example", Name: "Demo-Shop GmbH", Lang: fairshops.German,
		Role: notify.RoleShop, Link: "https://konflikt.example/shop/complaints/" + id, Vars: vars}
	for _, tc := range []struct {
		typ, to string
		want    []notify.Recipient
	}{
		{carrierclaim.EventOpened, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventNotified, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventAnswered, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventClosed, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventReminder, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventDocument, carrierclaim.Recipient, []notify.Recipient{shop}},
		{carrierclaim.EventAnswered, "parties", []notify.Recipient{shop}},
		{carrierclaim.EventAnswered, "consumer", nil},
	} {
		t.Run(tc.typ+"/"+tc.to, func(t *testing.T) {
			t.Parallel()
			ev, err := fairshops.NewEvent(tc.typ, "cc_1", demoShopID, time.Now(),
				carrierclaim.EventData{Claim: "cc_1", Complaint: id, Incident: carrierclaim.Loss, State: carrierclaim.Open})
			require.NoError(t, err)
			ev.Recipient = tc.to
			got, err := f.src.Recipients(context.Background(), ev)
			require.NoError(t, err)
			require.Empty(t, cmp.Diff(tc.want, got))
		})
	}
}
