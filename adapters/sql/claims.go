package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A carrier claim is a row of carrier_claims (the columns that lists,
// timers, the invitation look-up and the one-claim-per-complaint rule read;
// the rest as one JSON document, claimDoc) and its audit log in
// carrier_claim_history, keyed (claim, seq) and only ever appended to
// (migration 00015).

// ClaimStore is the carrierclaim.Store of a DB.
type ClaimStore struct{ db *DB }

// Claims returns the carrier claim store of the DB.
func (db *DB) Claims() *ClaimStore { return &ClaimStore{db: db} }

var _ carrierclaim.Store = (*ClaimStore)(nil)

var claimHistory = historyTable{name: "carrier_claim_history", key: "claim_id"}

const claimColumns = `id, complaint_id, shop_id, state, opened_on, opened_in_time, next_due, invite_hash, doc,
	history_count, version, created_at, updated_at`

// claimDoc is the storage format of the claim's document.
type claimDoc struct {
	Carrier      string                      `json:"carrier"`
	CarrierOther bool                        `json:"carrier_other,omitempty"`
	Tracking     string                      `json:"tracking"`
	Incident     carrierclaim.Incident       `json:"incident"`
	On           fairshops.Date              `json:"on"`
	Amount       *fairshops.Money            `json:"amount,omitempty"`
	Reckless     bool                        `json:"reckless,omitempty"`
	Deadlines    []carrierclaim.Deadline     `json:"deadlines"`
	NotifiedOn   fairshops.Date              `json:"notified_on,omitzero"`
	Answers      []carrierclaim.Answer       `json:"answers,omitempty"`
	Reminded     []carrierclaim.DeadlineKind `json:"reminded,omitempty"`
}

func claimDocOf(c *carrierclaim.Claim) claimDoc {
	return claimDoc{Carrier: c.Carrier, CarrierOther: c.CarrierOther, Tracking: c.Tracking, Incident: c.Incident,
		On: c.On, Amount: c.Amount, Reckless: c.Reckless, Deadlines: c.Deadlines, NotifiedOn: c.NotifiedOn,
		Answers: c.Answers, Reminded: c.Reminded}
}

// Create implements carrierclaim.Store: the claim at version 1, its
// history and its events in one unit of work; a second claim for the
// complaint clashes with a unique index (Conflict).
func (st *ClaimStore) Create(ctx context.Context, c *carrierclaim.Claim, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.ClaimStore.Create"
	doc, err := encodeDoc(claimDocOf(c))
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode claim", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		if _, err := tx.exec(ctx, `INSERT INTO carrier_claims (`+claimColumns+`, history_head)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			c.ID, c.ComplaintID, c.ShopID, string(c.State), dateArg(c.OpenedOn), c.OpenedInTime, dateArg(c.NextDue),
			c.InviteHash, doc, len(c.History), db.d.timeArg(c.CreatedAt), db.d.timeArg(c.UpdatedAt),
			c.HistoryHead()); err != nil {
			if uniqueViolation(err) {
				return fairshops.E(op, fairshops.Conflict, c.ID, "claim exists, or the complaint has a claim", err)
			}
			return err
		}
		if err := insertHistory(ctx, tx, claimHistory, c.ID, 0, c.History); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version = 1
	return nil
}

// Update implements carrierclaim.Store: the optimistic version check, and
// the history held to append-only.
func (st *ClaimStore) Update(ctx context.Context, c *carrierclaim.Claim, events []fairshops.Event) error {
	db := st.db
	const op = "sqlstore.ClaimStore.Update"
	doc, err := encodeDoc(claimDocOf(c))
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode claim", err)
	}
	err = db.write(ctx, func(ctx context.Context, tx *txn) error {
		var version, entries int
		var head string
		err := tx.queryRow(ctx, `SELECT version, history_count, history_head FROM carrier_claims WHERE id = ?`, c.ID).
			Scan(&version, &entries, &head)
		if err := checkStored(op, c.ID, err, version, c.Version); err != nil {
			return err
		}
		if err := appendOnly(op, c.ID, "history", entries, len(c.History), head,
			func(i int) string { return c.History[i].Hash }); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE carrier_claims SET complaint_id = ?, shop_id = ?, state = ?, opened_on = ?,
			opened_in_time = ?, next_due = ?, invite_hash = ?, doc = ?, history_count = ?, history_head = ?,
			version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			c.ComplaintID, c.ShopID, string(c.State), dateArg(c.OpenedOn), c.OpenedInTime, dateArg(c.NextDue),
			c.InviteHash, doc, len(c.History), c.HistoryHead(), db.d.timeArg(c.UpdatedAt), c.ID, c.Version)
		if err != nil {
			if uniqueViolation(err) {
				return fairshops.E(op, fairshops.Conflict, c.ID, "the complaint has another claim", err)
			}
			return err
		}
		if err := versionChecked(ctx, tx, res, op, "carrier_claims", "id", c.ID); err != nil {
			return err
		}
		if err := insertHistory(ctx, tx, claimHistory, c.ID, entries, c.History[entries:]); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version++
	return nil
}

// Get implements carrierclaim.Store.
func (st *ClaimStore) Get(ctx context.Context, id string) (*carrierclaim.Claim, error) {
	const op = "sqlstore.ClaimStore.Get"
	list, err := st.db.loadClaims(ctx, `SELECT `+claimColumns+` FROM carrier_claims WHERE id = ?`, id)
	return only(op, id, list, err)
}

// List implements carrierclaim.Store.
func (st *ClaimStore) List(ctx context.Context, f carrierclaim.Filter) ([]*carrierclaim.Claim, error) {
	db := st.db
	const op = "sqlstore.ClaimStore.List"
	if err := db.cursorExists(ctx, op, "carrier_claims", "id", f.After); err != nil {
		return nil, err
	}
	where := []string{"id > ?"}
	args := []any{f.After}
	if f.ShopID != "" {
		where = append(where, "shop_id = ?")
		args = append(args, f.ShopID)
	}
	if f.ComplaintID != "" {
		where = append(where, "complaint_id = ?")
		args = append(args, f.ComplaintID)
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	list, err := db.loadClaims(ctx, `SELECT `+claimColumns+` FROM carrier_claims WHERE `+
		strings.Join(where, " AND ")+` ORDER BY id LIMIT ?`, args...)
	return list, wrap(op, "", err)
}

// Due implements carrierclaim.Store.
func (st *ClaimStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*carrierclaim.Claim, error) {
	const op = "sqlstore.ClaimStore.Due"
	list, err := st.db.loadClaims(ctx, `SELECT `+claimColumns+` FROM carrier_claims
		WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, id LIMIT ?`,
		dateArg(on), fairshops.PageLimit(limit))
	return list, wrap(op, "", err)
}

// ByInvite implements carrierclaim.Store.
func (st *ClaimStore) ByInvite(ctx context.Context, hash string) (*carrierclaim.Claim, error) {
	const op = "sqlstore.ClaimStore.ByInvite"
	if hash == "" {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	list, err := st.db.loadClaims(ctx, `SELECT `+claimColumns+` FROM carrier_claims WHERE invite_hash = ?`, hash)
	return only(op, "", list, err)
}

// loadClaims runs a query for claim rows and adds their histories.
func (db *DB) loadClaims(ctx context.Context, q string, args ...any) ([]*carrierclaim.Claim, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	type row struct {
		c       *carrierclaim.Claim
		entries int
	}
	var rs []row
	for rows.Next() {
		c, entries, err := scanClaim(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		rs = append(rs, row{c, entries})
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*carrierclaim.Claim, len(rs))
	byID := make(map[string]*row, len(rs))
	var ids []any
	for i := range rs {
		out[i] = rs[i].c
		if rs[i].entries > 0 {
			byID[rs[i].c.ID] = &rs[i]
			ids = append(ids, rs[i].c.ID)
		}
	}
	err = claimHistory.load(ctx, db, ids, func(id string, e fairshops.Entry) {
		if r := byID[id]; r != nil && e.Seq <= r.entries {
			r.c.History = append(r.c.History, e)
		}
	})
	if err != nil {
		return nil, err
	}
	for id, r := range byID {
		if len(r.c.History) != r.entries {
			return nil, fmt.Errorf("claim %s: %d history entries stored, %d expected", id, len(r.c.History), r.entries)
		}
	}
	return out, nil
}

func scanClaim(row scanner) (*carrierclaim.Claim, int, error) {
	var c carrierclaim.Claim
	var state string
	var doc []byte
	var entries int
	err := row.Scan(&c.ID, &c.ComplaintID, &c.ShopID, &state, dateCol{&c.OpenedOn}, &c.OpenedInTime,
		dateCol{&c.NextDue}, &c.InviteHash, bytesCol{&doc}, &entries, &c.Version, timeCol{&c.CreatedAt},
		timeCol{&c.UpdatedAt})
	if err != nil {
		return nil, 0, err
	}
	c.State = carrierclaim.State(state)
	var d claimDoc
	if err := decodeDoc(doc, "claim "+c.ID, &d); err != nil {
		return nil, 0, err
	}
	c.Carrier, c.CarrierOther, c.Tracking, c.Incident, c.On = d.Carrier, d.CarrierOther, d.Tracking, d.Incident, d.On
	c.Amount, c.Reckless, c.Deadlines, c.NotifiedOn = d.Amount, d.Reckless, d.Deadlines, d.NotifiedOn
	c.Answers, c.Reminded = d.Answers, d.Reminded
	return &c, entries, nil
}

// ShareStore is the carrierclaim.Shares of a DB: rows of carrier_shares.
type ShareStore struct{ db *DB }

// Shares returns the consent store of the DB.
func (db *DB) Shares() *ShareStore { return &ShareStore{db: db} }

var _ carrierclaim.Shares = (*ShareStore)(nil)

// Create implements carrierclaim.Shares: a second share of the same file
// keeps the first row.
func (st *ShareStore) Create(ctx context.Context, s carrierclaim.Share) error {
	const op = "sqlstore.ShareStore.Create"
	d := st.db.d
	err := st.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO carrier_shares (complaint_id, file_id, shared_at) VALUES (?, ?, ?)
			ON CONFLICT (complaint_id, file_id) DO NOTHING`, s.ComplaintID, s.FileID, d.timeArg(s.At))
		return err
	})
	return wrap(op, s.FileID, err)
}

// Delete implements carrierclaim.Shares.
func (st *ShareStore) Delete(ctx context.Context, complaintID, fileID string) error {
	const op = "sqlstore.ShareStore.Delete"
	err := st.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `DELETE FROM carrier_shares WHERE complaint_id = ? AND file_id = ?`, complaintID, fileID)
		return err
	})
	return wrap(op, fileID, err)
}

// ByComplaint implements carrierclaim.Shares.
func (st *ShareStore) ByComplaint(ctx context.Context, complaintID string) ([]carrierclaim.Share, error) {
	const op = "sqlstore.ShareStore.ByComplaint"
	rows, err := st.db.query(ctx, `SELECT file_id, shared_at FROM carrier_shares WHERE complaint_id = ? ORDER BY file_id`,
		complaintID)
	if err != nil {
		return nil, wrap(op, complaintID, err)
	}
	defer rows.Close()
	out := []carrierclaim.Share{}
	for rows.Next() {
		s := carrierclaim.Share{ComplaintID: complaintID}
		if err := rows.Scan(&s.FileID, timeCol{&s.At}); err != nil {
			return nil, wrap(op, complaintID, err)
		}
		out = append(out, s)
	}
	return out, wrap(op, complaintID, rows.Err())
}
