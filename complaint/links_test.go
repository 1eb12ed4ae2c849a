package complaint_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// mailbox is a complaint.LinkMailer that keeps the mails.
type mailbox struct {
	mu    sync.Mutex
	mails []complaint.AccessMail
	fail  error
}

func (m *mailbox) MailLinks(_ context.Context, am complaint.AccessMail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.mails = append(m.mails, am)
	return nil
}

func (m *mailbox) all() []complaint.AccessMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]complaint.AccessMail(nil), m.mails...)
}

func newLinksEnv(t *testing.T) (*env, *mailbox) {
	t.Helper()
	box := &mailbox{}
	e := newEnv(t, "2025-11-24 10:00", func(c *complaint.Config) {
		c.Links = box
		c.Overviews = memory.New().Overviews() // any store of overviews will do
		c.OverviewTTL = 24 * time.Hour
	})
	return e, box
}

// TestFiledMailCarriesTheLink: filing mails the confirmation with the
// complaint's reference and a private link that opens it; the events of the
// filing carry the reference but never the token.
func TestFiledMailCarriesTheLink(t *testing.T) {
	t.Parallel()
	e, box := newLinksEnv(t)
	ctx := context.Background()
	c, token, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	_, err = complaint.ParseReference(c.Reference)
	require.NoError(t, err)

	mails := box.all()
	require.Len(t, mails, 1)
	m := mails[0]
	require.Equal(t, complaint.MailFiled, m.Kind)
	require.Equal(t, "erika@example.org", m.To.Email)
	require.Equal(t, fairshops.German, m.Lang)
	require.Len(t, m.Links, 1)
	require.Equal(t, complaint.AccessLink{Complaint: c.ID, Reference: c.Reference, ShopID: "fair-shop",
		State: c.State, Token: token}, m.Links[0])
	require.Empty(t, m.Overview)

	got, err := e.svc.Get(ctx, fairshops.AsConsumer(m.Links[0].Token), c.ID)
	require.NoError(t, err)
	require.Equal(t, c.Reference, got.Reference)
	for _, ev := range e.db.Events() {
		require.NotContains(t, string(ev.Data), token.Reveal())
		require.NotContains(t, string(ev.Data), token.Hash())
	}
	require.Equal(t, c.Reference, e.last(t, complaint.EventSubmitted).Reference)
}

// TestFiledMailFailureKeepsTheComplaint: a mailer that fails leaves the
// filing as it is (the answer shows the link; the consumer can ask again).
func TestFiledMailFailureKeepsTheComplaint(t *testing.T) {
	t.Parallel()
	e, box := newLinksEnv(t)
	box.fail = errors.New("smtp down")
	c, token, err := e.svc.Submit(context.Background(), "fair-shop", intake())
	require.NoError(t, err)
	_, err = e.svc.Get(context.Background(), fairshops.AsConsumer(token), c.ID)
	require.NoError(t, err)
}

// TestResendRotatesTheToken: asking again mails a fresh link for every
// complaint of the address (whatever its case), the old links stop
// working, the new ones work, and the history records it.
func TestResendRotatesTheToken(t *testing.T) {
	t.Parallel()
	e, box := newLinksEnv(t)
	ctx := context.Background()
	first, oldToken, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	e.clock.Advance(time.Minute) // list order: by filing time
	in := intake()
	in.Contact.Email = "Erika@Example.org"
	second, _, err := e.svc.Submit(ctx, "mod-shop", in)
	require.NoError(t, err)
	other := intake()
	other.Contact.Email = "otto@example.org"
	_, _, err = e.svc.Submit(ctx, "fair-shop", other)
	require.NoError(t, err)

	require.NoError(t, e.svc.ResendLinks(ctx, "ERIKA@example.org", ""))
	mails := box.all()
	require.Len(t, mails, 4)
	m := mails[3]
	require.Equal(t, complaint.MailResend, m.Kind)
	require.Equal(t, []string{first.ID, second.ID}, []string{m.Links[0].Complaint, m.Links[1].Complaint})
	require.Equal(t, first.Reference, m.Links[0].Reference)
	require.NotEmpty(t, m.Overview)
	require.True(t, e.clock.Now().Add(24*time.Hour).Equal(m.OverviewUntil), "%v", m.OverviewUntil)

	_, err = e.svc.Get(ctx, fairshops.AsConsumer(oldToken), first.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "the old link stops working")
	got, err := e.svc.Get(ctx, fairshops.AsConsumer(m.Links[0].Token), first.ID)
	require.NoError(t, err)
	require.Equal(t, "link_renewed", got.History[len(got.History)-1].Action)
	_, err = e.svc.Get(ctx, fairshops.AsConsumer(m.Links[1].Token), second.ID)
	require.NoError(t, err)

	// Only the complaint with the reference, typed as people type it.
	require.NoError(t, e.svc.ResendLinks(ctx, "erika@example.org", " "+second.Reference[3:]+" "))
	mails = box.all()
	require.Len(t, mails, 5)
	require.Len(t, mails[4].Links, 1)
	require.Equal(t, second.ID, mails[4].Links[0].Complaint)
}

// TestResendAnswersAlikeForUnknownAddresses: an unknown address, or a
// reference of another address, gets the same nil answer and no mail; a
// malformed address or reference is a validation error either way.
func TestResendAnswersAlikeForUnknownAddresses(t *testing.T) {
	t.Parallel()
	e, box := newLinksEnv(t)
	ctx := context.Background()
	c, token, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	mailsBefore := len(box.all())

	require.NoError(t, e.svc.ResendLinks(ctx, "nobody@example.org", ""))
	require.NoError(t, e.svc.ResendLinks(ctx, "otto@example.org", c.Reference))
	require.Len(t, box.all(), mailsBefore, "no mail for an unknown address")
	_, err = e.svc.Get(ctx, fairshops.AsConsumer(token), c.ID)
	require.NoError(t, err, "a reference with another address renews nothing")

	for _, tc := range []struct{ email, ref, field string }{
		{"not an address", "", "email"},
		{"", "", "email"},
		{"erika@example.org", "KS-0000", "reference"},
	} {
		err := e.svc.ResendLinks(ctx, tc.email, tc.ref)
		var ve *fairshops.ValidationError
		require.True(t, errors.As(err, &ve), "%v", err)
		require.Equal(t, tc.field, ve.Fields[0].Field)
	}
}

// TestOverview: the overview token lists the address's complaints until
// it expires; opening one from it gives a fresh token (the mailed one stops
// working); a complaint of another address cannot be opened through it.
func TestOverview(t *testing.T) {
	t.Parallel()
	e, box := newLinksEnv(t)
	ctx := context.Background()
	first, _, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	e.clock.Advance(time.Minute) // list order: by filing time
	second, _, err := e.svc.Submit(ctx, "mod-shop", intake())
	require.NoError(t, err)
	other := intake()
	other.Contact.Email = "otto@example.org"
	foreign, _, err := e.svc.Submit(ctx, "fair-shop", other)
	require.NoError(t, err)
	require.NoError(t, e.svc.ResendLinks(ctx, "erika@example.org", ""))
	m := box.all()[len(box.all())-1]

	list, until, err := e.svc.Overview(ctx, m.Overview)
	require.NoError(t, err)
	require.Equal(t, m.OverviewUntil, until)
	require.Equal(t, []string{first.ID, second.ID}, []string{list[0].ID, list[1].ID})
	require.Empty(t, list[0].TokenHash)

	fresh, err := e.svc.OpenFromOverview(ctx, m.Overview, second.ID)
	require.NoError(t, err)
	_, err = e.svc.Get(ctx, fairshops.AsConsumer(fresh), second.ID)
	require.NoError(t, err)
	_, err = e.svc.Get(ctx, fairshops.AsConsumer(m.Links[1].Token), second.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = e.svc.OpenFromOverview(ctx, m.Overview, foreign.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, _, err = e.svc.Overview(ctx, fairshops.Token("made-up"))
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	e.clock.Advance(24 * time.Hour)
	_, _, err = e.svc.Overview(ctx, m.Overview)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "expired")
	_, err = e.svc.OpenFromOverview(ctx, m.Overview, first.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "expired")
	n, err := e.svc.SweepOverviews(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
}

// TestByReference: the operator finds any complaint by its reference as
// people type it, a shop only its own forwarded ones, a consumer none.
func TestByReference(t *testing.T) {
	t.Parallel()
	e, _ := newLinksEnv(t)
	ctx := context.Background()
	c, token, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	lower := "ks" + c.Reference[3:7] + c.Reference[8:]

	got, err := e.svc.ByReference(ctx, fairshops.AsOperator("Olga"), lower)
	require.NoError(t, err)
	require.Equal(t, c.ID, got.ID)
	got, err = e.svc.ByReference(ctx, fairshops.AsShop("fair-shop"), c.Reference)
	require.NoError(t, err)
	require.Equal(t, c.ID, got.ID)
	_, err = e.svc.ByReference(ctx, fairshops.AsShop("mod-shop"), c.Reference)
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = e.svc.ByReference(ctx, fairshops.AsConsumer(token), c.Reference)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
	_, err = e.svc.ByReference(ctx, fairshops.AsOperator("Olga"), "KS-2222-2223")
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err))
	_, err = e.svc.ByReference(ctx, fairshops.AsOperator("Olga"), "KS-2222-2222")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
}

// TestResendWithoutMailerRenewsNothing: without a LinkMailer a request for
// links answers nil and leaves the consumer's link working.
func TestResendWithoutMailerRenewsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "2025-11-24 10:00")
	ctx := context.Background()
	c, token, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)
	require.NoError(t, e.svc.ResendLinks(ctx, "erika@example.org", ""))
	got, err := e.svc.Get(ctx, fairshops.AsConsumer(token), c.ID)
	require.NoError(t, err)
	require.Equal(t, 1, got.Version)
}
