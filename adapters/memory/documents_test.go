package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim/storetest"
)

func TestDocumentStore(t *testing.T) {
	storetest.RunDocuments(t, func(t *testing.T) carrierclaim.Documents { return memory.New().Documents() })
}

func TestClaimInTime(t *testing.T) {
	storetest.RunInTime(t, func(t *testing.T) storetest.InTimeHarness {
		db := memory.New()
		return storetest.InTimeHarness{Claims: db.Claims(), Complaints: db.Complaints()}
	})
}
