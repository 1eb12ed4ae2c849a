// Package storetest is the conformance suite for portal.Store. Every adapter
// runs it from its own tests with a function that opens an empty store:
//
//	func TestPortalStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) portal.Store { return memory.New().Articles() })
//	}
package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/aggregatetest"
	"github.com/fairshops/konfliktservice/portal"
)

// Run runs the whole suite; newStore must return an empty store each call.
// The contract every versioned aggregate's store keeps (create, duplicate,
// not found, versions, concurrent writers, no aliasing, cancellation,
// paging by slug) runs from internal/aggregatetest; the cases here are the
// article's own.
func Run(t *testing.T, newStore func(t *testing.T) portal.Store) {
	t.Run("Aggregate", func(t *testing.T) {
		aggregatetest.Run(t, func(t *testing.T) aggregatetest.Harness[portal.Article] {
			return aggregate(newStore(t))
		})
	})
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newStore(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, newStore(t)) })
	t.Run("UpdateVersions", func(t *testing.T) { testUpdateVersions(t, newStore(t)) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, newStore(t)) })
	t.Run("ListFilterAndPaging", func(t *testing.T) { testList(t, newStore(t)) })
	t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newStore(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, newStore(t)) })
}

// aggregate adapts an article store to the shared contract suite. Articles
// are values keyed by slug and write no events.
func aggregate(s portal.Store) aggregatetest.Harness[portal.Article] {
	return aggregatetest.Harness[portal.Article]{
		New:        func(slug string) portal.Article { return SampleArticle(slug, "withdrawal", "withdrawal") },
		Clone:      portal.Article.Clone,
		ID:         func(a portal.Article) string { return a.Slug },
		Version:    func(a portal.Article) int { return int(a.Version) },
		SetVersion: func(a portal.Article, v int) portal.Article { a.Version = int64(v); return a },
		Mutate: func(a portal.Article, n int) portal.Article {
			a.Translations[0].Title = fmt.Sprintf("Titel %d", n)
			a.Tags = append(a.Tags, "delivery")
			return a
		},
		Scribble: func(a portal.Article) {
			a.Tags[0] = "changed"
			a.Related[0] = "changed"
			a.Translations[0].Keywords[0] = "changed"
			a.Translations[1].Title = "changed"
		},
		Diff: func(want, got portal.Article) string {
			return cmp.Diff(want, got, cmp.AllowUnexported(fairshops.Date{}))
		},
		Create: func(ctx context.Context, a portal.Article, _ []fairshops.Event) (portal.Article, error) {
			return s.Create(ctx, a)
		},
		Get: s.Get,
		Update: func(ctx context.Context, a portal.Article, _ []fairshops.Event) (portal.Article, error) {
			saved, err := s.Update(ctx, a)
			if err != nil {
				return a, err
			}
			return saved, nil
		},
		List: func(ctx context.Context, after string, limit int) ([]portal.Article, error) {
			return s.List(ctx, portal.ListFilter{After: after, Limit: limit})
		},
	}
}

// SampleArticle returns a complete article (Version 0) with every field set.
func SampleArticle(slug, topic string, tags ...string) portal.Article {
	return portal.Article{
		Slug:     slug,
		Topic:    topic,
		Tags:     append([]string(nil), tags...),
		Related:  []string{"widerrufsfrist"},
		Basis:    []string{"BGB §355", "BGB §356 Abs. 2"},
		Reviewed: fairshops.MustDate("2026-11-25"),
		Translations: []portal.Translation{
			{Lang: fairshops.German, Title: "Titel " + slug, Summary: "Kurz gesagt.", Keywords: []string{"Widerruf", "Frist"}, Body: "## Worum es geht\n\nText mit *Betonung*.\n"},
			{Lang: fairshops.English, Title: "Title " + slug, Summary: "In short.", Keywords: []string{"withdrawal"}, Body: "## What it is about\n\nText.\n"},
		},
	}
}

func kindIs(t *testing.T, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "error %v", err)
}

func testCreateAndGet(t *testing.T, s portal.Store) {
	ctx := context.Background()
	a := SampleArticle("widerruf-a", "withdrawal", "withdrawal", "withdrawal.in_period")
	saved, err := s.Create(ctx, a)
	require.NoError(t, err)
	require.Equal(t, int64(1), saved.Version)
	got, err := s.Get(ctx, a.Slug)
	require.NoError(t, err)
	want := a
	want.Version = 1
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(fairshops.Date{})); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(got, saved, cmp.AllowUnexported(fairshops.Date{})); diff != "" {
		t.Errorf("Create result differs from Get (-get +create):\n%s", diff)
	}
}

// testNotFound: what the shared suite does not cover: Delete of an
// unknown slug.
func testNotFound(t *testing.T, s portal.Store) {
	kindIs(t, s.Delete(context.Background(), "nope", 1), fairshops.NotFound)
}
func testUpdateVersions(t *testing.T, s portal.Store) {
	ctx := context.Background()
	v1, err := s.Create(ctx, SampleArticle("upd", "withdrawal", "withdrawal"))
	require.NoError(t, err)
	v1.Translations[0].Title = "Neuer Titel"
	v2, err := s.Update(ctx, v1)
	require.NoError(t, err)
	require.Equal(t, int64(2), v2.Version)
	require.Equal(t, "Neuer Titel", v2.Translations[0].Title)

	stale := v1 // still at version 1
	stale.Translations[0].Title = "Veraltet"
	_, err = s.Update(ctx, stale)
	kindIs(t, err, fairshops.Conflict)

	got, err := s.Get(ctx, "upd")
	require.NoError(t, err)
	require.Equal(t, "Neuer Titel", got.Translations[0].Title, "a stale write must not overwrite")
	require.Equal(t, int64(2), got.Version)
}

func testDelete(t *testing.T, s portal.Store) {
	ctx := context.Background()
	v1, err := s.Create(ctx, SampleArticle("del", "withdrawal", "withdrawal"))
	require.NoError(t, err)
	v2, err := s.Update(ctx, v1)
	require.NoError(t, err)
	kindIs(t, s.Delete(ctx, "del", v1.Version), fairshops.Conflict)
	require.NoError(t, s.Delete(ctx, "del", v2.Version))
	_, err = s.Get(ctx, "del")
	kindIs(t, err, fairshops.NotFound)
	// The slug is free again.
	_, err = s.Create(ctx, SampleArticle("del", "withdrawal", "withdrawal"))
	require.NoError(t, err)
}

func testList(t *testing.T, s portal.Store) {
	ctx := context.Background()
	for _, a := range []portal.Article{
		SampleArticle("c-frist", "withdrawal", "withdrawal", "withdrawal.in_period"),
		SampleArticle("a-paket", "transit_damage", "delivery", "delivery.transit_risk_on_shop"),
		SampleArticle("b-verzug", "delivery", "delivery", "delivery.overdue"),
		SampleArticle("d-button", "withdrawal", "withdrawal", "withdrawal.button_missing"),
	} {
		_, err := s.Create(ctx, a)
		require.NoError(t, err)
	}
	slugs := func(as []portal.Article) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Slug)
		}
		return out
	}
	tests := []struct {
		name   string
		filter portal.ListFilter
		want   []string
	}{
		{"all sorted by slug", portal.ListFilter{}, []string{"a-paket", "b-verzug", "c-frist", "d-button"}},
		{"by topic", portal.ListFilter{Topic: "withdrawal"}, []string{"c-frist", "d-button"}},
		{"by tag", portal.ListFilter{Tag: "delivery"}, []string{"a-paket", "b-verzug"}},
		{"by rule tag", portal.ListFilter{Tag: "delivery.overdue"}, []string{"b-verzug"}},
		{"topic and tag", portal.ListFilter{Topic: "withdrawal", Tag: "withdrawal.button_missing"}, []string{"d-button"}},
		{"first page", portal.ListFilter{Limit: 2}, []string{"a-paket", "b-verzug"}},
		{"second page", portal.ListFilter{After: "b-verzug", Limit: 2}, []string{"c-frist", "d-button"}},
		{"past the end", portal.ListFilter{After: "d-button", Limit: 2}, []string{}},
		{"cursor outside the filter", portal.ListFilter{Topic: "withdrawal", After: "a-paket"}, []string{"c-frist", "d-button"}},
		{"no match", portal.ListFilter{Tag: "data"}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.List(ctx, tc.filter)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, slugs(got)); diff != "" {
				t.Errorf("List (-want +got):\n%s", diff)
			}
		})
	}
	_, err := s.List(ctx, portal.ListFilter{After: "z-unknown"})
	kindIs(t, err, fairshops.Invalid)
}

func testNoAliasing(t *testing.T, s portal.Store) {
	ctx := context.Background()
	a := SampleArticle("alias", "withdrawal", "withdrawal")
	saved, err := s.Create(ctx, a)
	require.NoError(t, err)
	// Changing what went in or came out must not change the store.
	a.Tags[0] = "changed"
	a.Translations[0].Keywords[0] = "changed"
	saved.Related[0] = "changed"
	got, err := s.Get(ctx, "alias")
	require.NoError(t, err)
	got.Translations[1].Title = "changed"
	again, err := s.Get(ctx, "alias")
	require.NoError(t, err)
	require.Equal(t, "withdrawal", again.Tags[0])
	require.Equal(t, "Widerruf", again.Translations[0].Keywords[0])
	require.Equal(t, "widerrufsfrist", again.Related[0])
	require.Equal(t, "Title alias", again.Translations[1].Title)
	list, err := s.List(ctx, portal.ListFilter{})
	require.NoError(t, err)
	list[0].Tags[0] = "changed"
	again, err = s.Get(ctx, "alias")
	require.NoError(t, err)
	require.Equal(t, "withdrawal", again.Tags[0])
}

// testCanceled: what the shared suite does not cover (Create, Update, Get
// and List are there): the context's error comes through, and a canceled
// Delete fails too.
func testCanceled(t *testing.T, s portal.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Create(ctx, SampleArticle("x", "withdrawal", "withdrawal"))
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.Get(ctx, "x")
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.List(ctx, portal.ListFilter{})
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, s.Delete(ctx, "x", 1), context.Canceled)
}
