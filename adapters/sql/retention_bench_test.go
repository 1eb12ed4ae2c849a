package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
)

// BenchmarkRetentionNothingDue is the day's retention read on SQLite with
// 2,000 ended complaints of which none is due: the due query (one probe
// of complaints_retention) against the walk through every ended complaint
// that ProcessRetention did before migration 00024.
func BenchmarkRetentionNothingDue(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	at := time.Date(2029, 6, 1, 10, 0, 0, 0, time.UTC)
	for i := range 2000 {
		c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_%05d", i), "shop-a")
		c.Reference = ""
		c.State = complaint.Resolved
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: at, Actor: fairshops.Actor{Role: fairshops.RoleConsumer},
			Action: string(complaint.Resolved)})
		if err := db.Complaints().Create(ctx, c, nil); err != nil {
			b.Fatal(err)
		}
	}
	cutoff := fairshops.MustDate("2027-01-01")
	b.Run("due-query", func(b *testing.B) {
		for b.Loop() {
			list, err := db.Complaints().DueForErasure(ctx, cutoff, "", fairshops.MaxLimit)
			if err != nil || len(list) != 0 {
				b.Fatal(err, len(list))
			}
		}
	})
	b.Run("walk-ended", func(b *testing.B) {
		for b.Loop() {
			f := complaint.Filter{States: []complaint.State{complaint.Resolved, complaint.Withdrawn, complaint.Closed,
				complaint.Escalated}, Limit: fairshops.MaxLimit}
			n := 0
			for {
				page, err := db.Complaints().List(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				n += len(page)
				if len(page) < f.Limit {
					break
				}
				f.After = page[len(page)-1].ID
			}
			if n != 2000 {
				b.Fatal(n)
			}
		}
	})
}
