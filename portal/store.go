package portal

import (
	"context"
)

// Store keeps portal articles. It is the port the Service uses; adapters
// implement it (adapters/memory, adapters/sql), and portal/storetest is the
// conformance suite every implementation must pass.
//
// Every article has a version. Create stores a new article at version 1;
// Update writes an article only when its Version equals the stored one; both
// return the article with its new version (articles are values, so the
// version comes back in the result rather than on the argument). A stale
// version fails with an error of kind fairshops.Conflict. Get, Update and
// Delete of an unknown slug fail with kind fairshops.NotFound. A Store never
// validates content: that is the Service's job.
type Store interface {
	// Create stores a new article and returns it at version 1, whatever
	// a.Version says (as every store's Create); Conflict when the slug
	// exists.
	Create(ctx context.Context, a Article) (Article, error)
	// Get returns the article with slug.
	Get(ctx context.Context, slug string) (Article, error)
	// Update replaces the article if a.Version is its stored version and
	// returns it with its new version.
	Update(ctx context.Context, a Article) (Article, error)
	// Delete removes the article with slug if version is its stored version.
	Delete(ctx context.Context, slug string, version int64) error
	// List returns one page of the articles that match the filter, sorted
	// by slug.
	List(ctx context.Context, f ListFilter) ([]Article, error)
}

// ListFilter selects articles for Store.List. Empty fields match all.
// Paging follows the rule of every List (fairshops.PageLimit): After is the
// slug of the last article seen (an unknown slug is an error of kind
// Invalid), Limit the page size.
type ListFilter struct {
	Topic string // only articles of this topic
	Tag   string // only articles that carry this tag
	After string // cursor: the slug of the last article seen
	Limit int
}

// Match reports whether a matches the filter's topic and tag, so that store
// implementations agree on its meaning.
func (f ListFilter) Match(a *Article) bool {
	return (f.Topic == "" || a.Topic == f.Topic) && (f.Tag == "" || a.HasTag(f.Tag))
}
