package portal

import (
	"context"
)

// Store keeps portal articles. It is the port the Service uses; adapters
// implement it (adapters/memory, adapters/sql), and portal/storetest is the
// conformance suite every implementation must pass.
//
// Every article has a version. Put writes an article only when its Version
// equals the stored one (0 for an article that must not exist yet) and
// returns it with the new version; a stale version fails with an error of
// kind fairshops.Conflict. Get and Delete of an unknown slug fail with kind
// fairshops.NotFound. A Store never validates content: that is the
// Service's job.
type Store interface {
	// Get returns the article with slug.
	Get(ctx context.Context, slug string) (Article, error)
	// Put creates (a.Version == 0) or replaces (a.Version == stored version)
	// an article and returns it with its new version.
	Put(ctx context.Context, a Article) (Article, error)
	// Delete removes the article with slug if version is its stored version.
	Delete(ctx context.Context, slug string, version int64) error
	// List returns one page of articles sorted by slug and the number of
	// articles that match the filter on all pages.
	List(ctx context.Context, f ListFilter) ([]Article, int, error)
}

// ListFilter selects articles for Store.List. Empty fields match all.
type ListFilter struct {
	Topic  string // only articles of this topic
	Tag    string // only articles that carry this tag
	Offset int    // articles to skip
	Limit  int    // page size; 0 means all
}

// Match reports whether a matches the filter's topic and tag, so that store
// implementations agree on its meaning.
func (f ListFilter) Match(a *Article) bool {
	return (f.Topic == "" || a.Topic == f.Topic) && (f.Tag == "" || a.HasTag(f.Tag))
}
