package portal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Config holds the dependencies of a Service.
type Config struct {
	// Store keeps the articles. Required.
	Store Store
	// Library provides the topics and, with SeedIfEmpty, the starter
	// articles; nil means the content shipped with the library (LoadDefault).
	Library *Library
	// SeedIfEmpty puts the library's articles into the store when the store
	// holds none yet.
	SeedIfEmpty bool
}

// Service is the portal as the rest of the product uses it: it answers
// searches, article look-ups and pre-check links from an index of the
// store's articles, and validates and stores edits, rebuilding the index
// after each one. Several processes on one shared store each hold their own
// index; Refresh brings one up to date with writes made elsewhere.
type Service struct {
	store  Store
	topics []Topic
	index  atomic.Pointer[Index]
	mu     sync.Mutex // serialises index rebuilds
}

// NewService builds the service and its first index from the store.
func NewService(ctx context.Context, cfg Config) (*Service, error) {
	const op = "portal.NewService"
	if cfg.Store == nil {
		return nil, fairshops.E(op, fairshops.Invalid, "", "no store", nil)
	}
	lib := cfg.Library
	if lib == nil {
		var err error
		if lib, err = LoadDefault(); err != nil {
			return nil, fairshops.E(op, fairshops.Internal, "", "default content", err)
		}
	}
	s := &Service{store: cfg.Store, topics: slices.Clone(lib.Topics)}
	if cfg.SeedIfEmpty {
		if page, err := cfg.Store.List(ctx, ListFilter{Limit: 1}); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		} else if len(page) == 0 {
			for _, a := range lib.Articles {
				a = a.Clone()
				a.Version = 0
				if _, err := cfg.Store.Create(ctx, a); err != nil && !errors.Is(err, fairshops.ErrConflict) {
					return nil, fmt.Errorf("%s: seed %s: %w", op, a.Slug, err)
				}
			}
		}
	}
	if err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Refresh rebuilds the index from the store.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.all(ctx)
	if err != nil {
		return fmt.Errorf("portal.Refresh: %w", err)
	}
	s.index.Store(BuildIndex(all, s.topics))
	return nil
}

// all reads every article of the store, page by page: a List has no "all"
// (fairshops.PageLimit), so the walk ends at the first short page.
func (s *Service) all(ctx context.Context) ([]Article, error) {
	var out []Article
	f := ListFilter{Limit: fairshops.MaxLimit}
	for {
		page, err := s.store.List(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].Slug
	}
}

// Index returns the current index; it is immutable and safe to keep.
func (s *Service) Index() *Index { return s.index.Load() }

// Topics returns the portal's topics, sorted by their order.
func (s *Service) Topics() []Topic { return slices.Clone(s.topics) }

// Search answers a search request from the current index; see Index.Search.
func (s *Service) Search(_ context.Context, req SearchRequest) (Results, error) {
	return s.Index().Search(req)
}

// ForFindings returns the articles that explain a pre-check; see
// Index.ForFindings.
func (s *Service) ForFindings(category string, ruleIDs []string, lang fairshops.Language, limit int) []ArticleRef {
	return s.Index().ForFindings(category, ruleIDs, lang, limit)
}

// Article returns the stored article with slug, with its version for a
// later Save. An unknown or malformed slug is an error of kind NotFound.
func (s *Service) Article(ctx context.Context, slug string) (Article, error) {
	if len(slug) > MaxSlugLen || !slugPattern.MatchString(slug) {
		return Article{}, fairshops.E("portal.Article", fairshops.NotFound, clip(slug, 40), "", nil)
	}
	return s.store.Get(ctx, slug)
}

// Save validates an article with the loader's rules (every wrong field at
// once, as a *fairshops.ValidationError), stores it (a.Version must be the
// stored version, 0 for a new article, else an error of kind Conflict) and
// rebuilds the index. It returns the article with its new version.
func (s *Service) Save(ctx context.Context, a Article) (Article, error) {
	exists := func(slug string) bool {
		if slug == a.Slug {
			return true
		}
		_, err := s.store.Get(ctx, slug)
		return err == nil
	}
	if err := Validate(a, s.topics, exists); err != nil {
		var ve *fairshops.ValidationError
		if errors.As(err, &ve) {
			ve.Op = "portal.Save"
		}
		return Article{}, err
	}
	a = a.Clone()
	slices.SortStableFunc(a.Translations, func(x, y Translation) int { return langOrder(x.Lang) - langOrder(y.Lang) })
	save := s.store.Update
	if a.Version == 0 {
		save = s.store.Create
	}
	saved, err := save(ctx, a)
	if err != nil {
		return Article{}, err
	}
	if err := s.Refresh(ctx); err != nil {
		return saved, err
	}
	return saved, nil
}

// Delete removes an article if version is its stored version. An article
// that others name as related or link to cannot be deleted (kind
// NotAllowed), so that no dangling reference appears.
func (s *Service) Delete(ctx context.Context, slug string, version int64) error {
	const op = "portal.Delete"
	all, err := s.all(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var users []string
	for _, a := range all {
		if a.Slug == slug {
			continue
		}
		if slices.Contains(a.Related, slug) || linksTo(&a, slug) {
			users = append(users, a.Slug)
		}
	}
	if len(users) > 0 {
		return fairshops.E(op, fairshops.NotAllowed, slug, "still referred to by "+strings.Join(users, ", "), nil)
	}
	if err := s.store.Delete(ctx, slug, version); err != nil {
		return err
	}
	return s.Refresh(ctx)
}

// linksTo reports whether a body of a links to /portal/<slug>.
func linksTo(a *Article, slug string) bool {
	for _, t := range a.Translations {
		if !strings.Contains(t.Body, "/portal/"+slug) {
			continue
		}
		_, links, _ := inspectBody(t.Body)
		for _, l := range links {
			if l.arg == slug {
				return true
			}
		}
	}
	return false
}

func langOrder(l fairshops.Language) int {
	if i := slices.Index(fairshops.Languages(), l); i >= 0 {
		return i
	}
	return len(fairshops.Languages())
}
