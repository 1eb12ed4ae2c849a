package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestRecipientsWhenLinksAreMailed: with the complaint service mailing the
// private links itself, the relay sends the consumer no second receipt of
// a filing; every other consumer mail and the shop's receipt stay.
func TestRecipientsWhenLinksAreMailed(t *testing.T) {
	t.Parallel()
	f := newRecipientFixture(t)
	f.src.linksMailed = true
	id := f.complaint.ID
	for _, tc := range []struct {
		typ, to string
		want    []string // roles
	}{
		{"complaint.submitted", "consumer", nil},
		{"complaint.answered", "consumer", []string{notify.RoleConsumer}},
		{"complaint.forwarded", "shop", []string{notify.RoleShop}},
	} {
		ev, err := fairshops.NewEvent(tc.typ, id, demoShopID, time.Now(), map[string]string{"complaint": id})
		require.NoError(t, err)
		ev.Recipient = tc.to
		got, err := f.src.Recipients(context.Background(), ev)
		require.NoError(t, err)
		var roles []string
		for _, r := range got {
			roles = append(roles, r.Role)
		}
		require.Equal(t, tc.want, roles, tc.typ)
	}
}

// TestLinkPort: no mail server, no link mailer (and no typed nil in the
// port).
func TestLinkPort(t *testing.T) {
	t.Parallel()
	require.Nil(t, linkPort(nil))
	lm := &notify.LinkMailer{}
	require.Equal(t, lm, linkPort(lm))
	got, err := newLinkMailer(config{}, discard())
	require.NoError(t, err)
	require.Nil(t, got)
}
