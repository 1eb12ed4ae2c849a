package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// MacroStore is the complaint.MacroStore of a DB: the operators' canned
// replies.
type MacroStore struct{ db *DB }

// Macros returns the macro store of the DB.
func (db *DB) Macros() *MacroStore { return &MacroStore{db: db} }

var _ complaint.MacroStore = (*MacroStore)(nil)

func cloneMacro(m *complaint.Macro) *complaint.Macro { c := *m; return &c }

// Create implements complaint.MacroStore.
func (s *MacroStore) Create(ctx context.Context, m *complaint.Macro) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.db.macros[m.ID]; ok {
		return fairshops.E("memory.MacroStore.Create", fairshops.Conflict, m.ID, "macro exists", nil)
	}
	m.Version = 1
	s.db.macros[m.ID] = cloneMacro(m)
	return nil
}

// Get implements complaint.MacroStore.
func (s *MacroStore) Get(ctx context.Context, id string) (*complaint.Macro, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m, ok := s.db.macros[id]
	if !ok {
		return nil, fairshops.E("memory.MacroStore.Get", fairshops.NotFound, id, "", nil)
	}
	return cloneMacro(m), nil
}

// Update implements complaint.MacroStore.
func (s *MacroStore) Update(ctx context.Context, m *complaint.Macro) error {
	const op = "memory.MacroStore.Update"
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	old, ok := s.db.macros[m.ID]
	switch {
	case !ok:
		return fairshops.E(op, fairshops.NotFound, m.ID, "", nil)
	case old.Version != m.Version:
		return fairshops.E(op, fairshops.Conflict, m.ID, "version changed", nil)
	}
	m.Version++
	m.CreatedAt = old.CreatedAt
	s.db.macros[m.ID] = cloneMacro(m)
	return nil
}

// Delete implements complaint.MacroStore.
func (s *MacroStore) Delete(ctx context.Context, id string, version int) error {
	const op = "memory.MacroStore.Delete"
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	old, ok := s.db.macros[id]
	switch {
	case !ok:
		return fairshops.E(op, fairshops.NotFound, id, "", nil)
	case old.Version != version:
		return fairshops.E(op, fairshops.Conflict, id, "version changed", nil)
	}
	delete(s.db.macros, id)
	return nil
}

// List implements complaint.MacroStore.
func (s *MacroStore) List(ctx context.Context) ([]*complaint.Macro, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := []*complaint.Macro{}
	for _, m := range s.db.macros {
		out = append(out, cloneMacro(m))
	}
	slices.SortFunc(out, func(a, b *complaint.Macro) int {
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}
