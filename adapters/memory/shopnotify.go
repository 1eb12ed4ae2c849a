package memory

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// NotifySettingsStore is the shopnotify.Store of a DB: where each shop's
// notifications go.
type NotifySettingsStore struct{ db *DB }

// NotifySettings returns the notification settings store of the DB.
func (db *DB) NotifySettings() *NotifySettingsStore { return &NotifySettingsStore{db: db} }

var _ shopnotify.Store = (*NotifySettingsStore)(nil)

// Create implements shopnotify.Store.
func (s *NotifySettingsStore) Create(ctx context.Context, st *shopnotify.Settings) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.db.notify[st.ShopID]; ok {
		return fairshops.E("memory.NotifySettingsStore.Create", fairshops.Conflict, st.ShopID, "settings exist", nil)
	}
	st.Version = 1
	c := *st
	s.db.notify[st.ShopID] = &c
	return nil
}

// Get implements shopnotify.Store.
func (s *NotifySettingsStore) Get(ctx context.Context, shopID string) (*shopnotify.Settings, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st, ok := s.db.notify[shopID]
	if !ok {
		return nil, fairshops.E("memory.NotifySettingsStore.Get", fairshops.NotFound, shopID, "", nil)
	}
	c := *st
	return &c, nil
}

// Update implements shopnotify.Store.
func (s *NotifySettingsStore) Update(ctx context.Context, st *shopnotify.Settings) error {
	const op = "memory.NotifySettingsStore.Update"
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	old, ok := s.db.notify[st.ShopID]
	switch {
	case !ok:
		return fairshops.E(op, fairshops.NotFound, st.ShopID, "", nil)
	case old.Version != st.Version:
		return fairshops.E(op, fairshops.Conflict, st.ShopID, "version changed", nil)
	}
	st.Version++
	st.CreatedAt = old.CreatedAt
	c := *st
	s.db.notify[st.ShopID] = &c
	return nil
}
