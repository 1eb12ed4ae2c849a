package portal_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

func newService(t *testing.T) *portal.Service {
	t.Helper()
	svc, err := portal.NewService(context.Background(), portal.Config{Store: memory.New().Articles(), Library: fixture(t), SeedIfEmpty: true})
	require.NoError(t, err)
	return svc
}

func TestServiceSeedsAndSearches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := newService(t)
	res, err := svc.Search(ctx, portal.SearchRequest{Q: "Rücksendekosten"})
	require.NoError(t, err)
	require.Equal(t, "porto", res.Hits[0].Slug)
	a, err := svc.Article(ctx, "frist")
	require.NoError(t, err)
	require.Equal(t, int64(1), a.Version)
	_, err = svc.Article(ctx, "gibt-es-nicht")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = svc.Article(ctx, "../etc/passwd")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	require.Len(t, svc.Topics(), 4)
	require.Equal(t, "erstattung", svc.ForFindings("payment", []string{"refund.overdue"}, fairshops.German, 1)[0].Slug)

	// A second service on the same store does not seed again.
	store := memory.New().Articles()
	_, err = portal.NewService(ctx, portal.Config{Store: store, Library: fixture(t), SeedIfEmpty: true})
	require.NoError(t, err)
	_, err = portal.NewService(ctx, portal.Config{Store: store, Library: fixture(t), SeedIfEmpty: true})
	require.NoError(t, err)
	all, err := store.List(ctx, portal.ListFilter{})
	require.NoError(t, err)
	require.Len(t, all, 5)

	_, err = portal.NewService(ctx, portal.Config{})
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

func TestServiceDefaultContent(t *testing.T) {
	t.Parallel()
	svc, err := portal.NewService(context.Background(), portal.Config{Store: memory.New().Articles(), SeedIfEmpty: true})
	require.NoError(t, err)
	res, err := svc.Search(context.Background(), portal.SearchRequest{})
	require.NoError(t, err)
	require.GreaterOrEqual(t, res.Total, 30)
}

func TestServiceSave(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := newService(t)

	// Every wrong field at once, with the loader's rules.
	bad := portal.Article{
		Slug: "Neu!", Topic: "weather", Tags: []string{"x y"}, Related: []string{"gibt-es-nicht"},
		Translations: []portal.Translation{{Lang: fairshops.English, Title: "", Summary: "s", Body: "<script>x</script>"}},
	}
	_, err := svc.Save(ctx, bad)
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field+":"+f.Code)
	}
	want := []string{
		"slug:invalid_format", "topic:unknown_value", "tags[0]:invalid_format", "related[0]:dangling",
		"reviewed:required", "translations.de:required", "translations.en.title:required", "translations.en.body:markup",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}

	// A new article becomes searchable at once.
	a := portal.Article{
		Slug: "telefon", Topic: "withdrawal", Tags: []string{"withdrawal"}, Related: []string{"frist"},
		Reviewed: fairshops.MustDate("2026-11-25"),
		Translations: []portal.Translation{
			{Lang: fairshops.English, Title: "Withdrawing by phone", Summary: "A call is enough.", Body: "Call the **hotline**."},
			{Lang: fairshops.German, Title: "Widerruf per Hotline", Summary: "Ein Anruf genügt.", Body: "Rufen Sie die **Hotline** an, siehe [Frist](/portal/frist)."},
		},
	}
	saved, err := svc.Save(ctx, a)
	require.NoError(t, err)
	require.Equal(t, int64(1), saved.Version)
	require.Equal(t, fairshops.German, saved.Translations[0].Lang, "translations kept German first")
	res, err := svc.Search(ctx, portal.SearchRequest{Q: "Hotline"})
	require.NoError(t, err)
	require.Equal(t, []string{"telefon"}, slugsOf(res.Hits))

	// An edit changes the index; a stale edit is a conflict.
	edit := saved.Clone()
	edit.Translations[0].Title = "Widerruf am Telefon"
	edited, err := svc.Save(ctx, edit)
	require.NoError(t, err)
	require.Equal(t, int64(2), edited.Version)
	res, err = svc.Search(ctx, portal.SearchRequest{Q: "Telefon", Tags: []string{"withdrawal"}})
	require.NoError(t, err)
	require.Contains(t, slugsOf(res.Hits), "telefon")
	_, err = svc.Save(ctx, saved)
	require.ErrorIs(t, err, fairshops.ErrConflict)

	// frist is referred to by others: it cannot go. telefon can.
	frist, err := svc.Article(ctx, "frist")
	require.NoError(t, err)
	err = svc.Delete(ctx, "frist", frist.Version)
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err), "got %v", err)
	require.ErrorIs(t, svc.Delete(ctx, "telefon", 1), fairshops.ErrConflict)
	require.NoError(t, svc.Delete(ctx, "telefon", 2))
	res, err = svc.Search(ctx, portal.SearchRequest{Q: "Hotline"})
	require.NoError(t, err)
	require.Empty(t, res.Hits)
}

// TestServiceConcurrent searches while articles are saved: readers never
// see a half-built index (run with -race).
func TestServiceConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := newService(t)
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 3 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				res, err := svc.Search(ctx, portal.SearchRequest{Q: "Widerruf Frist"})
				if err != nil || len(res.Hits) == 0 {
					errs <- fmt.Errorf("search: %v, %d hits", err, len(res.Hits))
					return
				}
			}
		}()
	}
	a, err := svc.Article(ctx, "porto")
	require.NoError(t, err)
	for i := range 5 {
		a.Translations[0].Title = fmt.Sprintf("Rücksendekosten %d", i)
		a, err = svc.Save(ctx, a)
		require.NoError(t, err)
	}
	close(done)
	for range 3 {
		require.NoError(t, <-errs)
	}
	res, err := svc.Search(ctx, portal.SearchRequest{Q: "Rücksendekosten"})
	require.NoError(t, err)
	require.Equal(t, "Rücksendekosten 4", res.Hits[0].Title)
}
