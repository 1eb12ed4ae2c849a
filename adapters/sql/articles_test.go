package sqlstore_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/portal"
	"github.com/fairshops/konfliktservice/portal/storetest"
)

func TestPortalStore(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) portal.Store { return tg.Open(t).Articles() })
		})
	}
}
