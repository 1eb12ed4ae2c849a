package sqlstore

import (
	"context"
	"io"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// DocumentStore is the carrierclaim.Documents of a DB: the carrier's own
// documents in carrier_claim_files (migration 00023), their bytes in
// carrier_claim_file_chunks, chunked as the complaints' attachments
// (FileStore) and apart from them, so that no query of the complaint's
// files can ever return one.
type DocumentStore struct{ db *DB }

// Documents returns the store of the carriers' documents of the DB.
func (db *DB) Documents() *DocumentStore { return &DocumentStore{db: db} }

var _ carrierclaim.Documents = (*DocumentStore)(nil)

const documentColumns = `id, complaint_id, owner, context, name, type, size, sha256, width, height, created_at`

// Create implements carrierclaim.Documents: the record and every chunk in
// one unit of work.
func (st *DocumentStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	const op = "sqlstore.DocumentStore.Create"
	db := st.db
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO carrier_claim_files (`+documentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.ComplaintID, string(a.Owner), a.Context, a.Name, a.Type, a.Size, a.SHA256, a.Width, a.Height,
			db.d.timeArg(a.CreatedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, a.ID, "file exists", err)
		}
		if err != nil {
			return err
		}
		return documentTables.writeChunks(ctx, tx, op, a.ID, content)
	})
	return wrap(op, a.ID, err)
}

func scanDocument(row scanner) (*complaint.Attachment, error) {
	var a complaint.Attachment
	var owner string
	err := row.Scan(&a.ID, &a.ComplaintID, &owner, &a.Context, &a.Name, &a.Type, &a.Size, &a.SHA256,
		&a.Width, &a.Height, timeCol{&a.CreatedAt})
	a.Owner = fairshops.Role(owner)
	return &a, err
}

// Get implements carrierclaim.Documents.
func (st *DocumentStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	const op = "sqlstore.DocumentStore.Get"
	a, err := scanDocument(st.db.queryRow(ctx, `SELECT `+documentColumns+` FROM carrier_claim_files WHERE id = ?`, id))
	if err != nil {
		return nil, wrapRow(op, id, err)
	}
	return a, nil
}

// ByClaim implements carrierclaim.Documents.
func (st *DocumentStore) ByClaim(ctx context.Context, claimID string) ([]*complaint.Attachment, error) {
	const op = "sqlstore.DocumentStore.ByClaim"
	rows, err := st.db.query(ctx, `SELECT `+documentColumns+` FROM carrier_claim_files WHERE context = ? ORDER BY created_at, id`,
		carrierclaim.ContextClaim+claimID)
	if err != nil {
		return nil, wrap(op, claimID, err)
	}
	defer rows.Close()
	var out []*complaint.Attachment
	for rows.Next() {
		a, err := scanDocument(rows)
		if err != nil {
			return nil, wrap(op, claimID, err)
		}
		out = append(out, a)
	}
	return out, wrap(op, claimID, rows.Err())
}

// Open implements carrierclaim.Documents: the reader fetches one chunk per
// query.
func (st *DocumentStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	const op = "sqlstore.DocumentStore.Open"
	if _, err := st.Get(ctx, id); err != nil {
		return nil, wrap(op, id, err)
	}
	return documentTables.open(ctx, st.db, op, id), nil
}

// Delete implements carrierclaim.Documents (the chunks go with the record).
func (st *DocumentStore) Delete(ctx context.Context, id string) error {
	return documentTables.delete(ctx, st.db, "sqlstore.DocumentStore.Delete", id)
}

var documentTables = chunkedTables{files: "carrier_claim_files", chunks: "carrier_claim_file_chunks", key: "file_id"}
