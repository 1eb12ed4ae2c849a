package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/mediation/storetest"
)

func TestMediationStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Harness {
		db := memory.New()
		return storetest.Harness{Store: db.Cases(), Events: db.Events}
	})
}
