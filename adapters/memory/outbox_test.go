package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/adapters/notify/outboxtest"
)

// The memory outbox is a relay's Source, as the SQL one is.
var _ notify.Source = (*memory.Outbox)(nil)

func TestOutbox(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
		db := memory.New()
		return outboxtest.Harness{Outbox: db.Outbox(), Shops: db.Shops()}
	})
}
