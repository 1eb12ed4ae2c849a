package sqlstore_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops/account/storetest"
)

func TestAccountStore(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) storetest.Stores {
				db := tg.Open(t)
				return storetest.Stores{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions()}
			})
		})
	}
}
