package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// ClaimStore is the carrierclaim.Store of a DB: the shops' claims against
// their carriers; their events go to the DB's outbox with the change.
type ClaimStore struct{ db *DB }

// Claims returns the carrier claim store of the DB.
func (db *DB) Claims() *ClaimStore { return &ClaimStore{db: db} }

var _ carrierclaim.Store = (*ClaimStore)(nil)

func claimFields(c *carrierclaim.Claim) (string, *int, *time.Time) {
	return c.ID, &c.Version, &c.CreatedAt
}

// oneClaimPerComplaint refuses a second claim for a complaint; the caller
// holds db.mu.
func (db *DB) oneClaimPerComplaint(c *carrierclaim.Claim) error {
	for _, o := range db.claims.rows {
		if o.ComplaintID == c.ComplaintID {
			return fairshops.E("memory.ClaimStore.Create", fairshops.Conflict, c.ID, "the complaint has a claim", nil)
		}
	}
	return nil
}

// Create implements carrierclaim.Store.
func (st *ClaimStore) Create(ctx context.Context, c *carrierclaim.Claim, events []fairshops.Event) error {
	return st.db.claims.create(ctx, c, events)
}

// Get implements carrierclaim.Store.
func (st *ClaimStore) Get(ctx context.Context, id string) (*carrierclaim.Claim, error) {
	return st.db.claims.get(ctx, id)
}

// Update implements carrierclaim.Store.
func (st *ClaimStore) Update(ctx context.Context, c *carrierclaim.Claim, events []fairshops.Event) error {
	return st.db.claims.update(ctx, c, events)
}

// List implements carrierclaim.Store.
func (st *ClaimStore) List(ctx context.Context, f carrierclaim.Filter) ([]*carrierclaim.Claim, error) {
	t := st.db.claims
	match := func(c *carrierclaim.Claim) bool {
		return (f.ShopID == "" || c.ShopID == f.ShopID) && (f.ComplaintID == "" || c.ComplaintID == f.ComplaintID)
	}
	return t.list(ctx, f.After, match, t.byID, fairshops.PageLimit(f.Limit))
}

// Due implements carrierclaim.Store.
func (st *ClaimStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*carrierclaim.Claim, error) {
	due := func(c *carrierclaim.Claim) bool { return !c.NextDue.IsZero() && !c.NextDue.After(on) }
	byDue := func(a, b *carrierclaim.Claim) int {
		if k := a.NextDue.Compare(b.NextDue); k != 0 {
			return k
		}
		return strings.Compare(a.ID, b.ID)
	}
	return st.db.claims.list(ctx, "", due, byDue, fairshops.PageLimit(limit))
}

// ByInvite implements carrierclaim.Store.
func (st *ClaimStore) ByInvite(ctx context.Context, hash string) (*carrierclaim.Claim, error) {
	const op = "memory.ClaimStore.ByInvite"
	if hash != "" {
		list, err := st.db.claims.list(ctx, "", func(c *carrierclaim.Claim) bool { return c.InviteHash == hash },
			st.db.claims.byID, 1)
		if err != nil {
			return nil, err
		}
		if len(list) == 1 {
			return list[0], nil
		}
	}
	return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
}

// ShareStore is the carrierclaim.Shares of a DB: the consumer's consent per
// file to show it to the carrier.
type ShareStore struct{ db *DB }

// Shares returns the consent store of the DB.
func (db *DB) Shares() *ShareStore { return &ShareStore{db: db} }

var _ carrierclaim.Shares = (*ShareStore)(nil)

// Create implements carrierclaim.Shares.
func (st *ShareStore) Create(ctx context.Context, s carrierclaim.Share) error {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	m := st.db.shares[s.ComplaintID]
	if m == nil {
		m = map[string]time.Time{}
		st.db.shares[s.ComplaintID] = m
	}
	if _, ok := m[s.FileID]; !ok {
		m[s.FileID] = s.At
	}
	return nil
}

// Delete implements carrierclaim.Shares.
func (st *ShareStore) Delete(ctx context.Context, complaintID, fileID string) error {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	delete(st.db.shares[complaintID], fileID)
	return nil
}

// ByComplaint implements carrierclaim.Shares.
func (st *ShareStore) ByComplaint(ctx context.Context, complaintID string) ([]carrierclaim.Share, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := []carrierclaim.Share{}
	for f, at := range st.db.shares[complaintID] {
		out = append(out, carrierclaim.Share{ComplaintID: complaintID, FileID: f, At: at})
	}
	slices.SortFunc(out, func(a, b carrierclaim.Share) int { return strings.Compare(a.FileID, b.FileID) })
	return out, nil
}

// InTime implements carrierclaim.Store: the complaints with a transit
// finding (carrierclaim.Applies) and, of them, those whose claim was
// opened in time.
func (st *ClaimStore) InTime(ctx context.Context) (carrierclaim.InTime, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return carrierclaim.InTime{}, err
	}
	defer unlock()
	var f carrierclaim.InTime
	transit := map[string]bool{}
	for id, c := range st.db.complaints.rows {
		if carrierclaim.Applies(c) {
			transit[id] = true
			f.Transit++
		}
	}
	for _, c := range st.db.claims.rows {
		if c.OpenedInTime && transit[c.ComplaintID] {
			f.InTime++
		}
	}
	return f, nil
}
