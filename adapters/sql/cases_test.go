package sqlstore_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation/storetest"
)

func TestMediationStore(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) storetest.Harness {
				db := tg.Open(t)
				return storetest.Harness{Store: db.Cases(), Events: func() []fairshops.Event { return sqltest.Events(t, db) }}
			})
		})
	}
}
