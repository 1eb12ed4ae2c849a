package http_test

import (
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// shopAnswers lets shop-1 answer a complaint, so that its consumer may ask
// for dispute moderation before the answer period ends
// (mediation.ReasonShopMayAnswer).
func (w *apiWorld) shopAnswers(id string) {
	w.t.Helper()
	_, err := w.complaints.AddMessage(w.ctx, fairshops.Principal{Role: fairshops.RoleShop, ShopID: apiShop1}, id,
		"Wir prüfen Ihre Beschwerde.")
	require.NoError(w.t, err)
}
