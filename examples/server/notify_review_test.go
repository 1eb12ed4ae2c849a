package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestReviewEventsAreMailed: the server mails the events of the human
// review of the pre-check (the "complaint." family): the request and the
// overdue review to the operator, the answer to the consumer; with
// -adr-directive every recipient's Vars carry "automated", which the
// consumer's mails about the check turn into the label.
func TestReviewEventsAreMailed(t *testing.T) {
	t.Parallel()
	f := newRecipientFixture(t)
	id := f.complaint.ID
	for _, on := range []bool{false, true} {
		f.src.adrDirective = on
		for _, tc := range []struct {
			typ, to, role string
		}{
			{complaint.EventReviewRequested, "operator", notify.RoleOperator},
			{complaint.EventReviewOverdue, "operator", notify.RoleOperator},
			{complaint.EventReviewAnswered, "consumer", notify.RoleConsumer},
		} {
			ev, err := fairshops.NewEvent(tc.typ, id, demoShopID, time.Now(), map[string]string{"complaint": id})
			require.NoError(t, err)
			ev.Recipient = tc.to
			got, err := f.src.Recipients(context.Background(), ev)
			require.NoError(t, err)
			require.Len(t, got, 1, tc.typ)
			require.Equal(t, tc.role, got[0].Role)
			if on {
				require.Equal(t, "1", got[0].Vars["automated"])
			} else {
				require.NotContains(t, got[0].Vars, "automated")
			}
		}
	}
}
