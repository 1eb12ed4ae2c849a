package http_test

import (
	"bytes"
	"crypto/rand"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	claimtest "github.com/fairshops/konfliktservice/complaint/carrierclaim/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// seedCarrierClaim stores a claim on the complaint with an invited
// carrier, straight into the store (complaint B has no transit finding:
// the fixture only needs a real carrier token for the authorisation
// matrix), and returns the claim's ID and the carrier's token.
func (w *apiWorld) seedCarrierClaim(complaintID, shop string) (string, string) {
	w.t.Helper()
	tok, err := fairshops.NewToken(rand.Reader)
	require.NoError(w.t, err)
	c := claimtest.SampleClaim(fairshops.NewOrderedID("cc", w.clock.Now()), complaintID, shop)
	c.State, c.Answers, c.NextDue = carrierclaim.Notified, nil, fairshops.Date{}
	c.InviteHash = tok.Hash()
	require.NoError(w.t, w.db.Claims().Create(w.ctx, c, nil))
	return c.ID, tok.Reveal()
}

// openClaimA opens the shop's claim on complaint A (a world with
// apiTransitFacts) and returns its ID.
func (w *apiWorld) openClaimA() string {
	w.t.Helper()
	c, err := w.claims.Open(w.ctx, fairshops.AsShop(apiShop1), w.complaintA, carrierclaim.Input{Carrier: "DHL",
		Tracking: "JJD000390007", Incident: carrierclaim.HiddenDamage, On: fairshops.MustDate("2026-11-20")})
	require.NoError(w.t, err)
	return c.ID
}

// carrierDocB uploads a document of the carrier to complaint B's claim
// through its link and returns the file's ID.
func (w *apiWorld) carrierDocB() string {
	w.t.Helper()
	a, err := w.claims.CarrierUpload(w.ctx, w.claimB, fairshops.Token(w.carrierToken), "lieferschein.png",
		bytes.NewReader(smallPNG(w.t)))
	require.NoError(w.t, err)
	return a.ID
}

// claimDocA opens the shop's claim on complaint A (a world with
// apiTransitFacts), invites the carrier, which uploads a document, and
// returns the claim's and the document's IDs.
func (w *apiWorld) claimDocA() (string, string) {
	w.t.Helper()
	id := w.openClaimA()
	tok, err := w.claims.Invite(w.ctx, fairshops.AsShop(apiShop1), id)
	require.NoError(w.t, err)
	a, err := w.claims.CarrierUpload(w.ctx, id, tok, "schadensbericht.png", bytes.NewReader(smallPNG(w.t)))
	require.NoError(w.t, err)
	return id, a.ID
}
