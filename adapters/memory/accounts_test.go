package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops/account/storetest"
)

func TestAccountStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Stores {
		db := memory.New()
		return storetest.Stores{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions()}
	})
}
