package memory

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
)

// ShopReadStore is the complaint.ShopReads of a DB: when each shop last
// opened each of its complaints.
type ShopReadStore struct{ db *DB }

// ShopReads returns the shop's read marks of the DB.
func (db *DB) ShopReads() *ShopReadStore { return &ShopReadStore{db: db} }

var _ complaint.ShopReads = (*ShopReadStore)(nil)

// MarkRead implements complaint.ShopReads.
func (s *ShopReadStore) MarkRead(ctx context.Context, complaintID string, at time.Time) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if old, ok := s.db.shopReads[complaintID]; !ok || at.After(old) {
		s.db.shopReads[complaintID] = at
	}
	return nil
}

// ReadAt implements complaint.ShopReads.
func (s *ShopReadStore) ReadAt(ctx context.Context, complaintIDs []string) (map[string]time.Time, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make(map[string]time.Time, len(complaintIDs))
	for _, id := range complaintIDs {
		if at, ok := s.db.shopReads[id]; ok {
			out[id] = at
		}
	}
	return out, nil
}
