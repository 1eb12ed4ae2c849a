// Package aggregatetest is the one contract suite of a versioned aggregate's
// store, written once for every such port of the module (fairshops.ShopStore,
// complaint.Store, mediation.Store, portal.Store), as go-cloud's
// docstore/drivertest is for its drivers. Each package's storetest runs it
// with a Harness that adapts its port, then adds only its own cases
// (filters, due timers, the one-case-per-complaint rule, ...).
//
// The contract (docs/adr-ports.md): Create stores version 1 and refuses an
// ID that exists (Conflict, nothing overwritten); Get and Update of an
// unknown ID are NotFound; Update succeeds only at the stored version and
// stores the next one, a stale write is a Conflict and changes nothing; of
// concurrent writers at one version exactly one wins; events are written
// only with a change that succeeds; values are copied in and out; a
// canceled context changes nothing; List pages by cursor and limit (the
// rule at fairshops.PageLimit: an unknown cursor is Invalid).
package aggregatetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Harness adapts one empty store of aggregates T (a pointer such as
// *fairshops.Shop, or a value such as portal.Article) to the suite.
type Harness[T any] struct {
	// New returns a fresh, valid aggregate with the ID at version 0. Two
	// calls with the same ID return equal values; aggregates made by New
	// list in the order of their IDs.
	New func(id string) T
	// Clone returns a deep copy.
	Clone func(T) T
	// ID and Version read an aggregate; SetVersion sets its version in place
	// (on a clone the suite made) and returns it.
	ID         func(T) string
	Version    func(T) int
	SetVersion func(T, int) T
	// Mutate changes a visible field, distinct for each n, in place and
	// returns the aggregate.
	Mutate func(T, int) T
	// Scribble changes nested fields (slices, maps, pointers) of an
	// aggregate in place, to prove the store keeps its own copies.
	Scribble func(T)
	// Diff compares two aggregates as stored ("" when equal).
	Diff func(want, got T) string

	// The port: Create and Update return the aggregate as stored (with its
	// new version); a store of pointers sets it on its argument too.
	Create func(ctx context.Context, v T, events []fairshops.Event) (T, error)
	Get    func(ctx context.Context, id string) (T, error)
	Update func(ctx context.Context, v T, events []fairshops.Event) (T, error)
	List   func(ctx context.Context, after string, limit int) ([]T, error)
	// Events returns every event the store wrote to its outbox, in order;
	// nil for a store whose aggregates write no events.
	Events func() []fairshops.Event
}

// Store is the port of an aggregate A kept by pointer, whose Create and
// Update set the new version on their argument (fairshops.ShopStore,
// complaint.Store, mediation.Store).
type Store[A any] interface {
	Create(ctx context.Context, v *A, events []fairshops.Event) error
	Get(ctx context.Context, id string) (*A, error)
	Update(ctx context.Context, v *A, events []fairshops.Event) error
}

// ForStore returns the part of a harness that every store of pointers
// shares: Clone, ID, Version and SetVersion from clone and fields (the ID
// of an aggregate and where it keeps its version), and Create, Get and
// Update from st. The caller adds New, Mutate, Scribble, Diff, List and
// Events.
func ForStore[A any](st Store[A], clone func(*A) *A, fields func(*A) (id string, version *int)) Harness[*A] {
	return Harness[*A]{
		Clone:      clone,
		ID:         func(v *A) string { id, _ := fields(v); return id },
		Version:    func(v *A) int { _, version := fields(v); return *version },
		SetVersion: func(v *A, n int) *A { _, version := fields(v); *version = n; return v },
		Create: func(ctx context.Context, v *A, events []fairshops.Event) (*A, error) {
			return v, st.Create(ctx, v, events)
		},
		Get: st.Get,
		Update: func(ctx context.Context, v *A, events []fairshops.Event) (*A, error) {
			return v, st.Update(ctx, v, events)
		},
	}
}

// Run runs the contract; newHarness must return an empty store each call.
func Run[T any](t *testing.T, newHarness func(t *testing.T) Harness[T]) {
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newHarness(t)) })
	t.Run("CreateDuplicate", func(t *testing.T) { testCreateDuplicate(t, newHarness(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, newHarness(t)) })
	t.Run("UpdateVersions", func(t *testing.T) { testUpdateVersions(t, newHarness(t)) })
	t.Run("ConcurrentUpdates", func(t *testing.T) { testConcurrentUpdates(t, newHarness(t)) })
	t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newHarness(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newHarness(t)) })
	t.Run("Paging", func(t *testing.T) { testPaging(t, newHarness(t)) })
}

// at is when the suite's events happened.
var at = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func event(t *testing.T, id string) fairshops.Event {
	t.Helper()
	ev, err := fairshops.NewEvent("test.changed", id, "", at, map[string]string{"id": id})
	require.NoError(t, err)
	return ev
}

func kindIs(t *testing.T, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "error %v", err)
}

// eventIDs returns the IDs of the events in the outbox; nil for a store
// without events.
func eventIDs[T any](h Harness[T]) []string {
	if h.Events == nil {
		return nil
	}
	out := []string{}
	for _, ev := range h.Events() {
		out = append(out, ev.ID)
	}
	return out
}

// requireEvents checks the outbox holds exactly the events want (in order),
// for a store that writes events.
func requireEvents[T any](t *testing.T, h Harness[T], want []fairshops.Event, msg string) {
	t.Helper()
	if h.Events == nil {
		return
	}
	ids := []string{}
	for _, ev := range want {
		ids = append(ids, ev.ID)
	}
	require.Equal(t, ids, eventIDs(h), msg)
}

func testCreateAndGet[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	ev := event(t, "agg_alpha")
	saved, err := h.Create(ctx, h.New("agg_alpha"), []fairshops.Event{ev})
	require.NoError(t, err)
	require.Equal(t, 1, h.Version(saved), "Create stores version 1")
	got, err := h.Get(ctx, "agg_alpha")
	require.NoError(t, err)
	want := h.SetVersion(h.New("agg_alpha"), 1)
	if d := h.Diff(want, got); d != "" {
		t.Fatalf("stored aggregate differs (-want +got):\n%s", d)
	}
	if d := h.Diff(got, saved); d != "" {
		t.Fatalf("Create's result differs from Get (-get +create):\n%s", d)
	}
	requireEvents(t, h, []fairshops.Event{ev}, "the event is written with the change")
	if h.Events != nil {
		require.JSONEq(t, string(ev.Data), string(h.Events()[0].Data), "the event's data round-trips")
	}
}

func testCreateDuplicate[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	_, err := h.Create(ctx, h.New("agg_dup"), nil)
	require.NoError(t, err)
	other := h.Mutate(h.New("agg_dup"), 99)
	_, err = h.Create(ctx, other, []fairshops.Event{event(t, "agg_dup")})
	kindIs(t, err, fairshops.Conflict)
	got, err := h.Get(ctx, "agg_dup")
	require.NoError(t, err)
	if d := h.Diff(h.SetVersion(h.New("agg_dup"), 1), got); d != "" {
		t.Fatalf("a clash overwrote the stored aggregate (-want +got):\n%s", d)
	}
	requireEvents(t, h, nil, "a failed create writes no events")
}

func testNotFound[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	_, err := h.Get(ctx, "agg_nope")
	kindIs(t, err, fairshops.NotFound)
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = h.Update(ctx, h.SetVersion(h.New("agg_nope"), 1), []fairshops.Event{event(t, "agg_nope")})
	kindIs(t, err, fairshops.NotFound)
	_, err = h.Get(ctx, "agg_nope")
	kindIs(t, err, fairshops.NotFound)
	requireEvents(t, h, nil, "an update of nothing writes no events")
}

func testUpdateVersions[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	_, err := h.Create(ctx, h.New("agg_beta"), nil)
	require.NoError(t, err)
	v1, err := h.Get(ctx, "agg_beta")
	require.NoError(t, err)

	ev := event(t, "agg_beta")
	saved, err := h.Update(ctx, h.Mutate(h.Clone(v1), 1), []fairshops.Event{ev})
	require.NoError(t, err)
	require.Equal(t, 2, h.Version(saved), "Update stores the next version")
	got, err := h.Get(ctx, "agg_beta")
	require.NoError(t, err)
	if d := h.Diff(saved, got); d != "" {
		t.Fatalf("updated aggregate differs (-want +got):\n%s", d)
	}

	stale := h.Mutate(h.Clone(v1), 2) // still at version 1
	_, err = h.Update(ctx, stale, []fairshops.Event{event(t, "agg_beta")})
	kindIs(t, err, fairshops.Conflict)
	require.Equal(t, 1, h.Version(stale), "a failed update leaves the argument's version")
	again, err := h.Get(ctx, "agg_beta")
	require.NoError(t, err)
	if d := h.Diff(got, again); d != "" {
		t.Fatalf("a stale write changed the stored aggregate (-want +got):\n%s", d)
	}
	requireEvents(t, h, []fairshops.Event{ev}, "a stale update writes no events")
}

func testConcurrentUpdates[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	_, err := h.Create(ctx, h.New("agg_gamma"), nil)
	require.NoError(t, err)
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			v := h.Mutate(h.SetVersion(h.New("agg_gamma"), 1), i)
			ev, err := fairshops.NewEvent("test.changed", "agg_gamma", "", at, nil)
			if err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = h.Update(ctx, v, []fairshops.Event{ev})
		})
	}
	wg.Wait()
	wins, winner := 0, -1
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
			winner = i
		case fairshops.KindOf(err) == fairshops.Conflict:
		default:
			t.Fatalf("writer %d: unexpected error: %v", i, err)
		}
	}
	require.Equal(t, 1, wins, "exactly one writer wins, the others get a conflict")
	got, err := h.Get(ctx, "agg_gamma")
	require.NoError(t, err)
	want := h.SetVersion(h.Mutate(h.New("agg_gamma"), winner), 2)
	if d := h.Diff(want, got); d != "" {
		t.Fatalf("the winner's write is not what is stored (-want +got):\n%s", d)
	}
	if h.Events != nil {
		require.Len(t, h.Events(), 1, "only the winner's event is written")
	}
}

func testNoAliasing[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	v := h.New("agg_delta")
	saved, err := h.Create(ctx, v, nil)
	require.NoError(t, err)
	h.Scribble(v)
	h.Scribble(saved)
	want := h.SetVersion(h.New("agg_delta"), 1)
	got, err := h.Get(ctx, "agg_delta")
	require.NoError(t, err)
	if d := h.Diff(want, got); d != "" {
		t.Fatalf("the store shares memory with the created aggregate (-want +got):\n%s", d)
	}
	h.Scribble(got)
	again, err := h.Get(ctx, "agg_delta")
	require.NoError(t, err)
	if d := h.Diff(want, again); d != "" {
		t.Fatalf("the store shares memory with a returned aggregate (-want +got):\n%s", d)
	}
	upd := h.Mutate(h.Clone(again), 1)
	saved, err = h.Update(ctx, upd, nil)
	require.NoError(t, err)
	want = h.Clone(saved)
	h.Scribble(upd)
	h.Scribble(saved)
	listed, err := h.List(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, listed, 1)
	if d := h.Diff(want, listed[0]); d != "" {
		t.Fatalf("the store shares memory with an updated aggregate (-want +got):\n%s", d)
	}
	h.Scribble(listed[0])
	got, err = h.Get(ctx, "agg_delta")
	require.NoError(t, err)
	if d := h.Diff(want, got); d != "" {
		t.Fatalf("the store shares memory with a listed aggregate (-want +got):\n%s", d)
	}
}

func testCanceled[T any](t *testing.T, h Harness[T]) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	_, err := h.Create(ctx, h.New("agg_eps"), []fairshops.Event{event(t, "agg_eps")})
	require.Error(t, err)
	_, err = h.Get(bg, "agg_eps")
	kindIs(t, err, fairshops.NotFound)

	_, err = h.Create(bg, h.New("agg_eps"), nil)
	require.NoError(t, err)
	_, err = h.Update(ctx, h.Mutate(h.SetVersion(h.New("agg_eps"), 1), 1), []fairshops.Event{event(t, "agg_eps")})
	require.Error(t, err)
	got, err := h.Get(bg, "agg_eps")
	require.NoError(t, err)
	if d := h.Diff(h.SetVersion(h.New("agg_eps"), 1), got); d != "" {
		t.Fatalf("a canceled update changed the aggregate (-want +got):\n%s", d)
	}
	requireEvents(t, h, nil, "a canceled change writes no events")

	_, err = h.Get(ctx, "agg_eps")
	require.Error(t, err)
	_, err = h.List(ctx, "", 0)
	require.Error(t, err)
}

// testPaging walks a list page by page: the paging rule of every List.
func testPaging[T any](t *testing.T, h Harness[T]) {
	ctx := context.Background()
	n := fairshops.DefaultLimit + 3
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("agg_p%03d", i))
	}
	// Created in an order that is not the list order.
	for i := n - 1; i >= 0; i-- {
		_, err := h.Create(ctx, h.New(want[i]), nil)
		require.NoError(t, err)
	}
	ids := func(list []T) []string {
		out := []string{}
		for _, v := range list {
			out = append(out, h.ID(v))
		}
		return out
	}
	list := func(after string, limit int) []string {
		t.Helper()
		got, err := h.List(ctx, after, limit)
		require.NoError(t, err)
		return ids(got)
	}
	require.Equal(t, want[:2], list("", 2), "first page")
	require.Equal(t, want[2:4], list(want[1], 2), "the page after the cursor")
	require.Equal(t, want[n-1:], list(want[n-2], 2), "last page")
	require.Empty(t, list(want[n-1], 2), "after the end")
	require.Equal(t, want[:fairshops.DefaultLimit], list("", 0), "no limit is the default limit, never all")
	require.Equal(t, want[5:], list(want[4], fairshops.MaxLimit+1), "a limit above the maximum is no error (it is capped)")

	var walked []string
	after := ""
	for {
		page := list(after, 7)
		walked = append(walked, page...)
		if len(page) < 7 {
			break
		}
		after = page[len(page)-1]
	}
	require.Equal(t, want, walked, "a walk visits every aggregate once, in order")

	_, err := h.List(ctx, "agg_unknown", 2)
	kindIs(t, err, fairshops.Invalid)
}
