package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/portal"
	"github.com/fairshops/konfliktservice/portal/storetest"
)

func TestPortalStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) portal.Store { return memory.New().Articles() })
}
