package sqlstore_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/notify/outboxtest"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/complaint"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
	accounttest "github.com/fairshops/konfliktservice/fairshops/account/storetest"
	shoptest "github.com/fairshops/konfliktservice/fairshops/storetest"
	casetest "github.com/fairshops/konfliktservice/mediation/storetest"
	"github.com/fairshops/konfliktservice/portal"
	articletest "github.com/fairshops/konfliktservice/portal/storetest"
)

// The domain's conformance suites, each run on every target (SQLite,
// PostgreSQL with and without group commit): the same tests that the
// memory adapter passes.

// onTargets runs suite once per target; open returns a fresh DB of the
// target.
func onTargets(t *testing.T, suite func(t *testing.T, open func(testing.TB) *sqlstore.DB)) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) { suite(t, tg.Open) })
	}
}

// events reads the outbox of db, for a suite's harness.
func events(t *testing.T, db *sqlstore.DB) func() []fairshops.Event {
	return func() []fairshops.Event { return sqltest.Events(t, db) }
}

func TestShopStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		shoptest.Run(t, func(t *testing.T) shoptest.Harness {
			db := open(t)
			return shoptest.Harness{Store: db.Shops(), Events: events(t, db)}
		})
	})
}

func TestComplaintStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		complainttest.Run(t, func(t *testing.T) complainttest.Harness {
			db := open(t)
			return complainttest.Harness{Store: db.Complaints(), Events: events(t, db), Overviews: db.Overviews(), Shops: db.Shops()}
		})
	})
}

func TestMacroStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		complainttest.RunMacros(t, func(t *testing.T) complaint.MacroStore { return open(t).Macros() })
	})
}

func TestMediationStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		casetest.Run(t, func(t *testing.T) casetest.Harness {
			db := open(t)
			return casetest.Harness{Store: db.Cases(), Events: events(t, db)}
		})
	})
}

func TestPortalStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		articletest.Run(t, func(t *testing.T) portal.Store { return open(t).Articles() })
	})
}

func TestAccountStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		accounttest.Run(t, func(t *testing.T) accounttest.Stores {
			db := open(t)
			return accounttest.Stores{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(), Tokens: db.Tokens(), Throttles: db.Throttles()}
		})
	})
}

// TestOutbox runs the outbox conformance suite (claims, leases, marks,
// requeue, prune, exclusive claims between concurrent claimers, events only
// with a change) on every target.
func TestOutbox(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
			db := open(t)
			return outboxtest.Harness{Outbox: db.Outbox(), Shops: db.Shops()}
		})
	})
}

func TestFileStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		complainttest.RunFiles(t, func(t *testing.T) complaint.Files { return open(t).Files() })
	})
}
