package sqlstore_test

import (
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	claimtest "github.com/fairshops/konfliktservice/complaint/carrierclaim/storetest"
)

func TestDocumentStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		claimtest.RunDocuments(t, func(t *testing.T) carrierclaim.Documents { return open(t).Documents() })
	})
}

// TestClaimInTime checks the figure's one query (claims_figure.go) on
// SQLite and PostgreSQL against the hand-counted set of RunInTime.
func TestClaimInTime(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		claimtest.RunInTime(t, func(t *testing.T) claimtest.InTimeHarness {
			db := open(t)
			return claimtest.InTimeHarness{Claims: db.Claims(), Complaints: db.Complaints()}
		})
	})
}
