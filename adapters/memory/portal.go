package memory

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

var _ portal.Store = (*PortalStore)(nil)

// PortalStore keeps portal articles in memory. It is safe for concurrent
// use; articles are copied in and out.
type PortalStore struct {
	mu       sync.RWMutex
	articles map[string]portal.Article
}

// NewPortalStore returns an empty store.
func NewPortalStore() *PortalStore {
	return &PortalStore{articles: map[string]portal.Article{}}
}

// Get implements portal.Store.
func (s *PortalStore) Get(ctx context.Context, slug string) (portal.Article, error) {
	if err := ctx.Err(); err != nil {
		return portal.Article{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.articles[slug]
	if !ok {
		return portal.Article{}, fairshops.E("memory.PortalStore.Get", fairshops.NotFound, slug, "", nil)
	}
	return a.Clone(), nil
}

// Put implements portal.Store.
func (s *PortalStore) Put(ctx context.Context, a portal.Article) (portal.Article, error) {
	const op = "memory.PortalStore.Put"
	if err := ctx.Err(); err != nil {
		return portal.Article{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.articles[a.Slug]
	switch {
	case !ok && a.Version != 0:
		return portal.Article{}, fairshops.E(op, fairshops.NotFound, a.Slug, "", nil)
	case ok && a.Version == 0:
		return portal.Article{}, fairshops.E(op, fairshops.Conflict, a.Slug, "article exists", nil)
	case ok && cur.Version != a.Version:
		return portal.Article{}, fairshops.E(op, fairshops.Conflict, a.Slug, "stale version", nil)
	}
	next := a.Clone()
	next.Version++
	s.articles[a.Slug] = next
	return next.Clone(), nil
}

// Delete implements portal.Store.
func (s *PortalStore) Delete(ctx context.Context, slug string, version int64) error {
	const op = "memory.PortalStore.Delete"
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.articles[slug]
	switch {
	case !ok:
		return fairshops.E(op, fairshops.NotFound, slug, "", nil)
	case cur.Version != version:
		return fairshops.E(op, fairshops.Conflict, slug, "stale version", nil)
	}
	delete(s.articles, slug)
	return nil
}

// List implements portal.Store.
func (s *PortalStore) List(ctx context.Context, f portal.ListFilter) ([]portal.Article, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var match []*portal.Article
	for _, a := range s.articles {
		if f.Match(&a) {
			match = append(match, &a)
		}
	}
	slices.SortFunc(match, func(a, b *portal.Article) int { return strings.Compare(a.Slug, b.Slug) })
	out := []portal.Article{}
	start := min(max(f.Offset, 0), len(match))
	end := len(match)
	if f.Limit > 0 {
		end = min(end, start+f.Limit)
	}
	for _, a := range match[start:end] {
		out = append(out, a.Clone())
	}
	return out, len(match), nil
}
