package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim/storetest"
)

func TestClaimStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Harness {
		db := memory.New()
		return storetest.Harness{Store: db.Claims(), Events: db.Events}
	})
}

func TestShareStore(t *testing.T) {
	storetest.RunShares(t, func(t *testing.T) carrierclaim.Shares { return memory.New().Shares() })
}
