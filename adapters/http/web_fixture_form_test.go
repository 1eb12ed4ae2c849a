package http_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// shopAnswers lets the shop answer a complaint, so that its consumer may
// ask for dispute moderation before the answer period ends
// (mediation.ReasonShopMayAnswer).
func (e *webEnv) shopAnswers(t *testing.T, shopID, id string) {
	t.Helper()
	_, err := e.complaints.AddMessage(context.Background(), fairshops.AsShop(shopID), id, "Wir prüfen Ihre Beschwerde.")
	require.NoError(t, err)
}
