package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// testPrune: Prune deletes the longest prefix recorded before the cutoff
// and appends a checkpoint naming its last entry, chained to the head; the
// rest verifies from the checkpoint's anchor, appends chain on, a pruned
// Seq is an unknown cursor, a second pruning with the same cutoff does
// nothing, and a pruning of everything leaves the checkpoint alone.
func testPrune(t *testing.T, log audit.Log) {
	ctx := context.Background()
	stored := seed(t, log) // entries 1..6, one hour apart from at
	n, err := log.Prune(ctx, at, at.Add(24*time.Hour))
	require.NoError(t, err)
	require.Zero(t, n, "nothing was recorded before the cutoff")
	h, err := log.Head(ctx)
	require.NoError(t, err)
	require.Equal(t, 6, h.Seq, "no checkpoint without a pruning")

	cpAt := at.Add(24 * time.Hour)
	n, err = log.Prune(ctx, at.Add(150*time.Minute), cpAt) // entries 1, 2, 3 are older
	require.NoError(t, err)
	require.Equal(t, 3, n)
	left, err := log.List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, left, 4)
	require.Equal(t, stored[3:], left[:3], "the entries after the prefix stay as they were")
	cp := left[3]
	require.Equal(t, 7, cp.Seq)
	require.Equal(t, stored[5].Hash, cp.Prev, "the checkpoint chains to the head")
	require.Equal(t, cp.Digest(), cp.Hash)
	require.True(t, cp.At.Equal(cpAt.Truncate(time.Microsecond)))
	anchor, ok := cp.Anchor()
	require.True(t, ok)
	require.Equal(t, audit.Head{Seq: 3, Hash: stored[2].Hash}, anchor, "the checkpoint names the last pruned entry")
	require.Equal(t, audit.Actor{Role: fairshops.RoleSystem}, cp.Actor)
	got, err := audit.Verify(ctx, log)
	require.NoError(t, err, "the rest verifies from the checkpoint")
	require.Equal(t, audit.Head{Seq: 7, Hash: cp.Hash}, got)

	_, err = log.List(ctx, audit.Filter{After: 2})
	require.ErrorIs(t, err, fairshops.ErrInvalid, "a pruned Seq is an unknown cursor")
	page, err := log.List(ctx, audit.Filter{After: 4, Limit: 1})
	require.NoError(t, err)
	require.Equal(t, 5, page[0].Seq)
	page, err = log.List(ctx, audit.Filter{After: 5, Newest: true})
	require.NoError(t, err)
	require.Equal(t, []audit.Entry{stored[3]}, page)

	n, err = log.Prune(ctx, at.Add(150*time.Minute), cpAt)
	require.NoError(t, err)
	require.Zero(t, n, "a second pruning (another node) finds nothing left")

	next := entry(30, audit.LoginSucceeded, "anna", audit.Account("acct_1"))
	require.NoError(t, log.Append(ctx, next))
	require.Equal(t, 8, next.Seq)
	require.Equal(t, cp.Hash, next.Prev, "appends chain on after the checkpoint")

	// Everything is due: only the new checkpoint is left.
	n, err = log.Prune(ctx, at.Add(365*24*time.Hour), at.Add(366*24*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 5, n, "entries 4 to 8, the first checkpoint among them")
	left, err = log.List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, left, 1)
	anchor, ok = left[0].Anchor()
	require.True(t, ok)
	require.Equal(t, audit.Head{Seq: 8, Hash: next.Hash}, anchor)
	_, err = audit.Verify(ctx, log)
	require.NoError(t, err)
}

// testPruneConcurrent: a pruning on one handle while another appends (two
// nodes on one database) leaves one chain that verifies.
func testPruneConcurrent(t *testing.T, h Harness) {
	ctx := context.Background()
	second := h.Second
	if second == nil {
		second = h.Log
	}
	seed(t, h.Log)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- second.Append(ctx, entry(10+i, audit.LoginSucceeded, "ben", audit.Account("acct_2")))
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := h.Log.Prune(ctx, at.Add(150*time.Minute), at.Add(24*time.Hour))
		errs <- err
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	head, err := audit.Verify(ctx, h.Log)
	require.NoError(t, err)
	require.Equal(t, 6+8+1, head.Seq, "every append and the checkpoint, one chain")
	all, err := h.Log.List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Equal(t, 4, all[0].Seq, "entries 1 to 3 were pruned")
}
