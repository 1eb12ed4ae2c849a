package sqlstore_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/notify/outboxtest"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
)

// TestOutbox runs the outbox conformance suite (claims, leases, marks,
// requeue, prune, exclusive claims between concurrent claimers, events only
// with a change) on every target.
func TestOutbox(t *testing.T) {
	for _, tg := range sqltest.Targets() {
		t.Run(tg.Name, func(t *testing.T) {
			outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
				db := tg.Open(t)
				return outboxtest.Harness{Outbox: db.Outbox(), Shops: db.Shops()}
			})
		})
	}
}
