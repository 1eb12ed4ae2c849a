package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/account/storetest"
)

func TestAccountStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) account.Store { return memory.NewAccounts() })
}
