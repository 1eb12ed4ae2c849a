package sqlstore

import (
	"context"
	"testing"

	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestSearchFrequentWordsPlan runs the complaint store's conformance suite
// on SQLite with every word counted as frequent, so that the plan for
// common words (the list order walked, each row tested against the
// matches) answers the search cases too; the default run covers the plan
// for rare words (the matches looked up by rowid).
func TestSearchFrequentWordsPlan(t *testing.T) {
	complaintstoretest.Run(t, func(t *testing.T) complaintstoretest.Harness {
		db := openTest(t, sqlitePath(t))
		db.ftsFrequent = 1
		return complaintstoretest.Harness{Store: db.Complaints(), Overviews: db.Overviews(), Shops: db.Shops(),
			Events: func() []fairshops.Event { return outboxEvents(t, db) }}
	})
}

// outboxEvents is every event in db's outbox, in order.
func outboxEvents(t *testing.T, db *DB) []fairshops.Event {
	t.Helper()
	var out []fairshops.Event
	var after int64
	for {
		page, err := db.Outbox().List(context.Background(), after, fairshops.MaxLimit)
		if err != nil {
			t.Fatalf("read outbox: %v", err)
		}
		for _, e := range page {
			out = append(out, e.Event)
			after = e.Seq
		}
		if len(page) < fairshops.MaxLimit {
			return out
		}
	}
}
