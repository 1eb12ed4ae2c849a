package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// Get implements portal.Store.
func (st *ArticleStore) Get(ctx context.Context, slug string) (portal.Article, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return portal.Article{}, err
	}
	defer unlock()
	a, ok := st.db.articles[slug]
	if !ok {
		return portal.Article{}, fairshops.E("memory.ArticleStore.Get", fairshops.NotFound, slug, "", nil)
	}
	return a.Clone(), nil
}

// Create implements portal.Store.
func (st *ArticleStore) Create(ctx context.Context, a portal.Article) (portal.Article, error) {
	const op = "memory.ArticleStore.Create"
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return portal.Article{}, err
	}
	defer unlock()
	if _, ok := st.db.articles[a.Slug]; ok {
		return portal.Article{}, fairshops.E(op, fairshops.Conflict, a.Slug, "article exists", nil)
	}
	next := a.Clone()
	next.Version = 1
	st.db.articles[a.Slug] = next
	return next.Clone(), nil
}

// Update implements portal.Store.
func (st *ArticleStore) Update(ctx context.Context, a portal.Article) (portal.Article, error) {
	const op = "memory.ArticleStore.Update"
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return portal.Article{}, err
	}
	defer unlock()
	cur, ok := st.db.articles[a.Slug]
	switch {
	case !ok:
		return portal.Article{}, fairshops.E(op, fairshops.NotFound, a.Slug, "", nil)
	case cur.Version != a.Version:
		return portal.Article{}, fairshops.E(op, fairshops.Conflict, a.Slug, "stale version", nil)
	}
	next := a.Clone()
	next.Version++
	st.db.articles[a.Slug] = next
	return next.Clone(), nil
}

// Delete implements portal.Store.
func (st *ArticleStore) Delete(ctx context.Context, slug string, version int64) error {
	const op = "memory.ArticleStore.Delete"
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	cur, ok := st.db.articles[slug]
	switch {
	case !ok:
		return fairshops.E(op, fairshops.NotFound, slug, "", nil)
	case cur.Version != version:
		return fairshops.E(op, fairshops.Conflict, slug, "stale version", nil)
	}
	delete(st.db.articles, slug)
	return nil
}

// List implements portal.Store.
func (st *ArticleStore) List(ctx context.Context, f portal.ListFilter) ([]portal.Article, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, ok := st.db.articles[f.After]; f.After != "" && !ok {
		return nil, fairshops.UnknownCursor("memory.ArticleStore.List", f.After)
	}
	var match []*portal.Article
	for _, a := range st.db.articles {
		if a.Slug > f.After && f.Match(&a) {
			match = append(match, &a)
		}
	}
	slices.SortFunc(match, func(a, b *portal.Article) int { return strings.Compare(a.Slug, b.Slug) })
	match = match[:min(len(match), fairshops.PageLimit(f.Limit))]
	out := make([]portal.Article, 0, len(match))
	for _, a := range match {
		out = append(out, a.Clone())
	}
	return out, nil
}
