package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// table holds one versioned aggregate of a DB (shops, complaints, cases) and
// keeps the contract their ports share (internal/aggregatetest): private
// copies by ID, version 1 on create, an update only at the stored version,
// the events written with the change. Each method is one unit of work under
// the DB's lock; the stores add their filters and orders on top.
type table[T any] struct {
	db    *DB
	store string // the store's name, the prefix of its error operations: "memory.ShopStore"
	noun  string // what a row is, for the duplicate message: "shop"
	rows  map[string]*T
	clone func(*T) *T
	// fields returns the ID of v and where v keeps its version and its
	// creation time (which an update keeps as stored).
	fields func(v *T) (id string, version *int, createdAt *time.Time)
	// vet, when set, refuses a new row in the light of the stored ones
	// (one open case per complaint); it runs under the lock.
	vet func(v *T) error
}

func newTable[T any](db *DB, store, noun string, clone func(*T) *T, fields func(*T) (string, *int, *time.Time)) *table[T] {
	return &table[T]{db: db, store: store, noun: noun, rows: map[string]*T{}, clone: clone, fields: fields}
}

// create stores a copy of v at version 1 and sets v's version.
func (t *table[T]) create(ctx context.Context, v *T, events []fairshops.Event) error {
	const verb = ".Create"
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	id, version, _ := t.fields(v)
	if _, ok := t.rows[id]; ok {
		return fairshops.E(t.store+verb, fairshops.Conflict, id, t.noun+" exists", nil)
	}
	if t.vet != nil {
		if err := t.vet(v); err != nil {
			return err
		}
	}
	*version = 1
	t.rows[id] = t.clone(v)
	t.db.appendEvents(events)
	return nil
}

// get returns a copy of the row id.
func (t *table[T]) get(ctx context.Context, id string) (*T, error) {
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	v, ok := t.rows[id]
	if !ok {
		return nil, fairshops.E(t.store+".Get", fairshops.NotFound, id, "", nil)
	}
	return t.clone(v), nil
}

// update replaces the row of v's ID by a copy of v at the next version, if
// v has the stored version, and sets v's version.
func (t *table[T]) update(ctx context.Context, v *T, events []fairshops.Event) error {
	return t.updateChecked(ctx, ".Update", v, events, nil)
}

// updateChecked is update under the name verb, which writes only when
// check (if any) finds nothing wrong between the stored row and v ("" for
// nothing, else an error of kind Invalid with its text).
func (t *table[T]) updateChecked(ctx context.Context, verb string, v *T, events []fairshops.Event,
	check func(cur, next *T) string) error {
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	id, version, _ := t.fields(v)
	cur, ok := t.rows[id]
	if !ok {
		return fairshops.E(t.store+verb, fairshops.NotFound, id, "", nil)
	}
	_, curVersion, curCreated := t.fields(cur)
	if *curVersion != *version {
		return fairshops.E(t.store+verb, fairshops.Conflict, id, "stale version", nil)
	}
	if check != nil {
		if why := check(cur, v); why != "" {
			return fairshops.E(t.store+verb, fairshops.Invalid, id, why, nil)
		}
	}
	next := t.clone(v)
	_, nextVersion, nextCreated := t.fields(next)
	*nextVersion++
	*nextCreated = *curCreated
	t.rows[id] = next
	*version = *nextVersion
	t.db.appendEvents(events)
	return nil
}

// list returns copies of the rows that match keeps and that come after the
// row with the ID after ("" for the start), in the order of cmp, at most
// limit of them. An unknown cursor is fairshops.UnknownCursor.
func (t *table[T]) list(ctx context.Context, after string, match func(*T) bool, cmp func(a, b *T) int, limit int) ([]*T, error) {
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var cursor *T
	if after != "" {
		var ok bool
		if cursor, ok = t.rows[after]; !ok {
			return nil, fairshops.UnknownCursor(t.store+".List", after)
		}
	}
	out := []*T{}
	for _, v := range t.rows {
		if match(v) && (cursor == nil || cmp(cursor, v) < 0) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, cmp)
	out = out[:min(len(out), limit)]
	for i, v := range out {
		out[i] = t.clone(v)
	}
	return out, nil
}

// byID orders rows by their IDs, the order of the lists of shops and cases.
func (t *table[T]) byID(a, b *T) int {
	ida, _, _ := t.fields(a)
	idb, _, _ := t.fields(b)
	return strings.Compare(ida, idb)
}
