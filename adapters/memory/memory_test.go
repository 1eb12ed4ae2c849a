package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/adapters/notify/outboxtest"
	"github.com/fairshops/konfliktservice/complaint"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	accounttest "github.com/fairshops/konfliktservice/fairshops/account/storetest"
	shoptest "github.com/fairshops/konfliktservice/fairshops/storetest"
	casetest "github.com/fairshops/konfliktservice/mediation/storetest"
	"github.com/fairshops/konfliktservice/portal"
	articletest "github.com/fairshops/konfliktservice/portal/storetest"
)

// The domain's conformance suites, each on a fresh memory DB: the same
// tests that adapters/sql passes on SQLite and PostgreSQL.

func TestShopStore(t *testing.T) {
	shoptest.Run(t, func(t *testing.T) shoptest.Harness {
		db := memory.New()
		return shoptest.Harness{Store: db.Shops(), Events: db.Events}
	})
}

func TestComplaintStore(t *testing.T) {
	complainttest.Run(t, func(t *testing.T) complainttest.Harness {
		db := memory.New()
		return complainttest.Harness{Store: db.Complaints(), Events: db.Events, Overviews: db.Overviews(), Shops: db.Shops()}
	})
}

func TestMacroStore(t *testing.T) {
	complainttest.RunMacros(t, func(t *testing.T) complaint.MacroStore { return memory.New().Macros() })
}

func TestMediationStore(t *testing.T) {
	casetest.Run(t, func(t *testing.T) casetest.Harness {
		db := memory.New()
		return casetest.Harness{Store: db.Cases(), Events: db.Events}
	})
}

func TestPortalStore(t *testing.T) {
	t.Parallel()
	articletest.Run(t, func(t *testing.T) portal.Store { return memory.New().Articles() })
}

func TestAccountStore(t *testing.T) {
	accounttest.Run(t, func(t *testing.T) accounttest.Stores {
		db := memory.New()
		return accounttest.Stores{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(), Tokens: db.Tokens(), Throttles: db.Throttles()}
	})
}

// The memory outbox is a relay's Source, as the SQL one is.
var _ notify.Source = (*memory.Outbox)(nil)

func TestOutbox(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
		db := memory.New()
		return outboxtest.Harness{Outbox: db.Outbox(), Shops: db.Shops()}
	})
}

func TestFileStore(t *testing.T) {
	complainttest.RunFiles(t, func(t *testing.T) complaint.Files { return memory.New().Files() })
}
