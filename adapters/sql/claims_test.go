package sqlstore_test

import (
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	claimtest "github.com/fairshops/konfliktservice/complaint/carrierclaim/storetest"
)

func TestClaimStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		claimtest.Run(t, func(t *testing.T) claimtest.Harness {
			db := open(t)
			return claimtest.Harness{Store: db.Claims(), Events: events(t, db)}
		})
	})
}

func TestShareStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		claimtest.RunShares(t, func(t *testing.T) carrierclaim.Shares { return open(t).Shares() })
	})
}
