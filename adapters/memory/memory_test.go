package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops/storetest"
)

func TestShopStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Harness {
		db := memory.New()
		return storetest.Harness{Store: db.Shops(), Events: db.Events}
	})
}

func TestComplaintStore(t *testing.T) {
	complainttest.Run(t, func(t *testing.T) complainttest.Harness {
		db := memory.New()
		return complainttest.Harness{Store: db.Complaints(), Events: db.Events}
	})
}
