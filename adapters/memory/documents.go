package memory

import (
	"context"
	"io"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
)

// DocumentStore is the carrierclaim.Documents of a DB: the carrier's own
// documents with their bytes, under the DB's lock, in a table of their own
// apart from the complaints' attachments (FileStore).
type DocumentStore struct{ db *DB }

// Documents returns the store of the carriers' documents of the DB.
func (db *DB) Documents() *DocumentStore { return &DocumentStore{db: db} }

var _ carrierclaim.Documents = (*DocumentStore)(nil)

func (st *DocumentStore) table() fileTable {
	return fileTable{db: st.db, store: "memory.DocumentStore", files: &st.db.documents}
}

// Create implements carrierclaim.Documents; the content is read before the
// lock is taken.
func (st *DocumentStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	return st.table().create(ctx, a, content)
}

// Get implements carrierclaim.Documents.
func (st *DocumentStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	return st.table().get(ctx, id)
}

// Open implements carrierclaim.Documents.
func (st *DocumentStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	return st.table().open(ctx, id)
}

// ByClaim implements carrierclaim.Documents.
func (st *DocumentStore) ByClaim(ctx context.Context, claimID string) ([]*complaint.Attachment, error) {
	return st.table().list(ctx, func(a *complaint.Attachment) bool { return a.Context == carrierclaim.ContextClaim+claimID })
}

// Delete implements carrierclaim.Documents.
func (st *DocumentStore) Delete(ctx context.Context, id string) error {
	return st.table().delete(ctx, id)
}
