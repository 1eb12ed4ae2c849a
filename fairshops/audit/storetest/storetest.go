// Package storetest is the conformance suite of audit.Log: every adapter
// (adapters/memory, adapters/sql on SQLite and PostgreSQL) runs Run with a
// fresh log per case, so "one chain, no gaps, the same filters" means the
// same tests passed on each.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// Harness opens the log under test. Second, when set, opens another
// handle on the same log (a second node on the same database), for the
// concurrent appends across nodes; nil runs them on one handle.
type Harness struct {
	Log    audit.Log
	Second audit.Log
}

// Run runs every case of the suite; newLog returns a fresh, empty log.
func Run(t *testing.T, newLog func(t *testing.T) Harness) {
	t.Run("AppendChains", func(t *testing.T) { testAppendChains(t, newLog(t).Log) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newLog(t).Log) })
	t.Run("Paging", func(t *testing.T) { testPaging(t, newLog(t).Log) })
	t.Run("Canceled", func(t *testing.T) { testCanceled(t, newLog(t).Log) })
	t.Run("ConcurrentAppends", func(t *testing.T) { testConcurrent(t, newLog(t)) })
	t.Run("Prune", func(t *testing.T) { testPrune(t, newLog(t).Log) })
	t.Run("PruneConcurrent", func(t *testing.T) { testPruneConcurrent(t, newLog(t)) })
}

var at = time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.UTC)

func entry(i int, action audit.Action, actor string, s audit.Subject) *audit.Entry {
	return &audit.Entry{At: at.Add(time.Duration(i) * time.Hour), Actor: audit.Operator(actor), Action: action, Subject: s}
}

// seed appends entries 1..6 with known actions, actors, subjects and times
// (one hour apart).
func seed(t *testing.T, log audit.Log) []audit.Entry {
	t.Helper()
	in := []*audit.Entry{
		entry(0, audit.LoginSucceeded, "anna", audit.Account("acct_1")),
		entry(1, audit.ArticleUpdated, "anna", audit.Article("widerruf")),
		entry(2, audit.ModuleBooked, "ben", audit.Shop("mein-shop")),
		entry(3, audit.ArticleUpdated, "ben", audit.Article("gewaehrleistung")),
		entry(4, audit.EventRequeued, "anna", audit.Event("evt_1")),
		{At: at.Add(5 * time.Hour), Action: audit.LoginFailed, Subject: audit.Login("carla"), Detail: "bad_credentials"},
	}
	var out []audit.Entry
	for _, e := range in {
		require.NoError(t, e.Check())
		require.NoError(t, log.Append(context.Background(), e))
		out = append(out, *e)
	}
	return out
}

func testAppendChains(t *testing.T, log audit.Log) {
	ctx := context.Background()
	h, err := log.Head(ctx)
	require.NoError(t, err)
	require.Equal(t, audit.Head{}, h, "an empty log has no head")
	stored := seed(t, log)
	for i, e := range stored {
		require.Equal(t, i+1, e.Seq, "Append numbers the entries")
		require.Equal(t, e.Digest(), e.Hash, "Append sets the hash")
		if i > 0 {
			require.Equal(t, stored[i-1].Hash, e.Prev, "Append chains to the entry before")
		}
	}
	require.Empty(t, stored[0].Prev)
	h, err = log.Head(ctx)
	require.NoError(t, err)
	require.Equal(t, audit.Head{Seq: 6, Hash: stored[5].Hash}, h)

	got, err := log.List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, got, 6)
	for i := range got {
		require.True(t, got[i].At.Equal(stored[i].At), "time kept to the nanosecond: %v", got[i].At)
		got[i].At = stored[i].At
	}
	require.Equal(t, stored, got, "List returns the entries as appended")
	checked, err := audit.Verify(ctx, log)
	require.NoError(t, err)
	require.Equal(t, h, checked)
}

func seqs(es []audit.Entry) []int {
	out := []int{}
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

func testFilters(t *testing.T, log audit.Log) {
	ctx := context.Background()
	seed(t, log)
	for _, tc := range []struct {
		name string
		f    audit.Filter
		want []int
	}{
		{"all", audit.Filter{}, []int{1, 2, 3, 4, 5, 6}},
		{"action", audit.Filter{Action: audit.ArticleUpdated}, []int{2, 4}},
		{"actor", audit.Filter{Actor: "anna"}, []int{1, 2, 5}},
		{"kind", audit.Filter{Subject: audit.Subject{Kind: audit.KindArticle}}, []int{2, 4}},
		{"subject", audit.Filter{Subject: audit.Article("widerruf")}, []int{2}},
		{"failed login by digest", audit.Filter{Subject: audit.Login(" Carla ")}, []int{6}},
		{"from", audit.Filter{From: at.Add(4 * time.Hour)}, []int{5, 6}},
		{"until is exclusive", audit.Filter{Until: at.Add(2 * time.Hour)}, []int{1, 2}},
		{"range and actor", audit.Filter{From: at.Add(time.Hour), Until: at.Add(5 * time.Hour), Actor: "ben"}, []int{3, 4}},
		{"newest first", audit.Filter{Newest: true, Actor: "anna"}, []int{5, 2, 1}},
		{"nothing", audit.Filter{Action: audit.ComplaintErased}, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := log.List(ctx, tc.f)
			require.NoError(t, err)
			require.Equal(t, tc.want, seqs(got))
			for _, e := range got {
				require.True(t, tc.f.Match(e), "entry %d does not match the filter", e.Seq)
			}
		})
	}
}

func testPaging(t *testing.T, log audit.Log) {
	ctx := context.Background()
	seed(t, log)
	for _, tc := range []struct {
		name string
		f    audit.Filter
		want []int
	}{
		{"first page", audit.Filter{Limit: 2}, []int{1, 2}},
		{"after", audit.Filter{After: 2, Limit: 2}, []int{3, 4}},
		{"last short page", audit.Filter{After: 4, Limit: 5}, []int{5, 6}},
		{"after with a filter", audit.Filter{After: 2, Actor: "anna"}, []int{5}},
		{"cursor need not match the filter", audit.Filter{After: 3, Actor: "anna"}, []int{5}},
		{"newest, after", audit.Filter{Newest: true, After: 5, Limit: 2}, []int{4, 3}},
		{"after the last", audit.Filter{After: 6}, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := log.List(ctx, tc.f)
			require.NoError(t, err)
			require.Equal(t, tc.want, seqs(got))
		})
	}
	_, err := log.List(ctx, audit.Filter{After: 7})
	require.Equal(t, fairshops.Invalid, fairshops.KindOf(err), "an unknown cursor is invalid: %v", err)
}

func testCanceled(t *testing.T, log audit.Log) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := log.Append(ctx, entry(0, audit.Logout, "anna", audit.Account("acct_1")))
	require.Equal(t, fairshops.Canceled, fairshops.KindOf(err), "%v", err)
	h, err := log.Head(context.Background())
	require.NoError(t, err)
	require.Zero(t, h.Seq, "a canceled append writes nothing")
}

// testConcurrent appends from several goroutines at once, split over two
// handles when the harness has a second node: the log must stay one chain
// with every entry numbered once.
func testConcurrent(t *testing.T, h Harness) {
	ctx := context.Background()
	logs := []audit.Log{h.Log, h.Log}
	if h.Second != nil {
		logs[1] = h.Second
	}
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := entry(i, audit.ArticleUpdated, fmt.Sprintf("op%d", w), audit.Article(fmt.Sprintf("a%d", i)))
				errs <- logs[w%2].Append(ctx, e)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	head, err := audit.Verify(ctx, h.Log)
	require.NoError(t, err, "concurrent appends keep one chain")
	require.Equal(t, writers*each, head.Seq, "no entry lost, no gap")
	last, err := h.Log.Head(ctx)
	require.NoError(t, err)
	require.Equal(t, head, last)
}
