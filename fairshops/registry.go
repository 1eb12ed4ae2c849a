package fairshops

import (
	"context"
	"regexp"
	"slices"
	"sync/atomic"
	"time"
)

// RegistryConfig holds what a Registry needs. Store and Catalogue are
// required; Clock defaults to the system clock, Location to Europe/Berlin.
type RegistryConfig struct {
	Store     ShopStore
	Catalogue *Catalogue
	Clock     Clock
	Location  *time.Location
}

// Registry is the service for shops, their bookings and their assessment.
// It checks every change, writes it with its events in one unit of work, and
// answers what the other modules ask: what a shop may use on a date.
type Registry struct {
	store ShopStore
	cat   *Catalogue
	clock Clock
	loc   *time.Location
	// changes counts the shops this registry stored (Changes).
	changes atomic.Uint64
}

// NewRegistry checks the config and returns a Registry.
func NewRegistry(cfg RegistryConfig) (*Registry, error) {
	var p Problems
	if cfg.Store == nil {
		p.Add("Store", ReasonRequired)
	}
	if cfg.Catalogue == nil {
		p.Add("Catalogue", ReasonRequired)
	}
	if err := p.Err("fairshops.NewRegistry"); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Location == nil {
		cfg.Location = Berlin()
	}
	return &Registry{store: cfg.Store, cat: cfg.Catalogue, clock: cfg.Clock, loc: cfg.Location}, nil
}

// Catalogue returns the catalogue the registry assesses with.
func (r *Registry) Catalogue() *Catalogue { return r.cat }

// Today returns the current date in the registry's location.
func (r *Registry) Today() Date { return DateOf(r.clock.Now(), r.loc) }

// Changes counts the shops this registry registered or updated. A cache of
// views read through the registry compares it to tell that a change made
// in this process may have made an entry stale; changes made by other
// processes on the same store it cannot see (adr-public-view-cache.md).
func (r *Registry) Changes() uint64 { return r.changes.Load() }

var shopIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// Register stores a new shop. An empty ID gets a fresh one; a given ID must
// be a lower-case slug ("mein-shop"), since it appears in public URLs.
func (r *Registry) Register(ctx context.Context, s Shop) (*Shop, error) {
	const op = "fairshops.Registry.Register"
	shop := s.Clone()
	if shop.ID == "" {
		shop.ID = NewID("s")
		shop.ID = "s-" + shop.ID[2:]
	} else if !shopIDPattern.MatchString(shop.ID) {
		var p Problems
		p.Add("id", ReasonInvalidFormat, "lower-case slug of 2 to 63 characters")
		return nil, p.Err(op)
	}
	if err := shop.Check(r.cat); err != nil {
		return nil, err
	}
	now := r.clock.Now().UTC()
	shop.CreatedAt, shop.UpdatedAt, shop.Version = now, now, 0
	ev, err := NewEvent(EventShopRegistered, shop.ID, shop.ID, now, shop.View(DateOf(now, r.loc)))
	if err != nil {
		return nil, err
	}
	if err := r.store.Create(ctx, shop, []Event{ev}); err != nil {
		return nil, Wrap(op, shop.ID, err)
	}
	r.changes.Add(1)
	return shop.Clone(), nil
}

// Shop returns a shop with its private data, for the shop itself and the
// operator only.
func (r *Registry) Shop(ctx context.Context, id string) (*Shop, error) {
	s, err := r.store.Get(ctx, id)
	if err != nil {
		return nil, Wrap("fairshops.Registry.Shop", id, err)
	}
	return s, nil
}

// View returns the public view of a shop today.
func (r *Registry) View(ctx context.Context, id string) (View, error) {
	s, err := r.Shop(ctx, id)
	if err != nil {
		return View{}, err
	}
	return s.View(r.Today()), nil
}

// Search finds shops by name, domain or ID (see ShopQuery) and returns
// their public views today, best match first: a search is public, so it
// never hands out a shop's private data. A query that cannot match is
// Invalid.
func (r *Registry) Search(ctx context.Context, q ShopQuery) ([]View, error) {
	const op = "fairshops.Registry.Search"
	if err := q.Check(); err != nil {
		return nil, Wrap(op, "", err)
	}
	shops, err := r.store.Search(ctx, q)
	if err != nil {
		return nil, Wrap(op, "", err)
	}
	today := r.Today()
	out := make([]View, len(shops))
	for i, s := range shops {
		out[i] = s.View(today)
	}
	return out, nil
}

// List returns shops ordered by ID.
func (r *Registry) List(ctx context.Context, f ShopFilter) ([]*Shop, error) {
	f.Limit = PageLimit(f.Limit)
	shops, err := r.store.List(ctx, f)
	if err != nil {
		return nil, Wrap("fairshops.Registry.List", "", err)
	}
	return shops, nil
}

// Update applies change to the shop as read at version; the result is
// checked in full and stored with a shop.changed event. A version other
// than the stored one gives a Conflict error: reload and try again.
func (r *Registry) Update(ctx context.Context, id string, version int, change func(*Shop) error) (*Shop, error) {
	const op = "fairshops.Registry.Update"
	s, err := r.Shop(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.Version != version {
		return nil, E(op, Conflict, id, "the shop was changed meanwhile", nil)
	}
	if err := change(s); err != nil {
		return nil, err
	}
	if s.ID != id {
		var p Problems
		p.Add("id", ReasonNotAllowedHere)
		return nil, p.Err(op)
	}
	if err := s.Check(r.cat); err != nil {
		return nil, err
	}
	now := r.clock.Now().UTC()
	s.UpdatedAt = now
	ev, err := NewEvent(EventShopChanged, s.ID, s.ID, now, s.View(DateOf(now, r.loc)))
	if err != nil {
		return nil, err
	}
	if err := r.store.Update(ctx, s, []Event{ev}); err != nil {
		return nil, Wrap(op, id, err)
	}
	r.changes.Add(1)
	return s.Clone(), nil
}

// AddBooking adds a booking to the shop as read at version.
func (r *Registry) AddBooking(ctx context.Context, id string, version int, b Booking) (*Shop, error) {
	return r.Update(ctx, id, version, func(s *Shop) error {
		s.Bookings = append(s.Bookings, b)
		return nil
	})
}

// SetFulfilled replaces the criteria the shop fulfils.
func (r *Registry) SetFulfilled(ctx context.Context, id string, version int, fulfilled []string) (*Shop, error) {
	return r.Update(ctx, id, version, func(s *Shop) error {
		s.Fulfilled = slices.Clone(fulfilled)
		return nil
	})
}

// Entitlements returns what the shop may use on date on.
func (r *Registry) Entitlements(ctx context.Context, id string, on Date) (Entitlements, error) {
	s, err := r.Shop(ctx, id)
	if err != nil {
		return Entitlements{}, err
	}
	return s.EntitlementsOn(on), nil
}

// Assess scores the shop on date on (today when on is zero).
func (r *Registry) Assess(ctx context.Context, id string, on Date) (*Assessment, error) {
	s, err := r.Shop(ctx, id)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = r.Today()
	}
	return r.cat.Assess(s.Fulfilled, s.Bookings, on), nil
}
