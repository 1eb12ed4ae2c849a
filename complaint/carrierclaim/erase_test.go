package carrierclaim_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestEraseClaim: erasing the consumer's complaint erases its carrier
// claim's personal data (tracking number, answer texts), revokes the
// carrier's link and deletes the consents; the shop's claim with its
// carrier, dates and amounts stays, and its history still verifies.
func TestEraseClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	require.NoError(t, err)
	_, err = f.svc.CarrierAnswer(ctx, c.ID, tok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerDocuments,
		Reason: "Bitte Fotos von Frau Mustermanns Karton."})
	require.NoError(t, err)
	require.NoError(t, f.db.Shares().Create(ctx, carrierclaim.Share{ComplaintID: f.transit.ID, FileID: "f_1", At: friday}))

	cs, err := complaint.NewService(complaint.Config{Store: f.db.Complaints(), Shops: f.reg, Clock: f.clock,
		Cases: complaint.Erasers{carrierclaim.NewEraser(f.db.Claims(), f.db.Shares(), f.clock)}})
	require.NoError(t, err)
	_, err = cs.Erase(ctx, fairshops.AsOperator("olga"), f.transit.ID, complaint.ErasureRequested)
	require.NoError(t, err)

	stored, err := f.db.Claims().Get(ctx, c.ID)
	require.NoError(t, err)
	require.True(t, fairshops.IsTombstone(stored.Tracking), stored.Tracking)
	require.Equal(t, fairshops.Tombstone("JJD000390007"), stored.Tracking, "the tombstone keeps the digest")
	require.True(t, fairshops.IsTombstone(stored.Answers[0].Reason))
	require.Empty(t, stored.InviteHash, "the carrier's link is revoked")
	require.Equal(t, "DHL", stored.Carrier)
	require.Equal(t, "89.90", stored.Amount.Amount.StringFixed(2))
	require.NoError(t, stored.History.Verify("test", stored.ID, fairshops.PlainEntries))
	_, err = f.svc.ForCarrier(ctx, c.ID, tok)
	kindOf(t, err, fairshops.NotFound)
	shares, err := f.db.Shares().ByComplaint(ctx, f.transit.ID)
	require.NoError(t, err)
	require.Empty(t, shares)

	// Again: nothing changes.
	before := stored.Version
	require.NoError(t, carrierclaim.NewEraser(f.db.Claims(), f.db.Shares(), f.clock).
		EraseCases(ctx, f.transit.ID, complaint.ErasureRequested))
	stored, err = f.db.Claims().Get(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, before, stored.Version)
}
