package memory

import (
	"bytes"
	"context"
	"io"
	"slices"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// DocumentStore is the carrierclaim.Documents of a DB: the carrier's own
// documents with their bytes, under the DB's lock, apart from the
// complaints' attachments (FileStore).
type DocumentStore struct{ db *DB }

// Documents returns the store of the carriers' documents of the DB.
func (db *DB) Documents() *DocumentStore { return &DocumentStore{db: db} }

var _ carrierclaim.Documents = (*DocumentStore)(nil)

// Create implements carrierclaim.Documents; the content is read before the
// lock is taken.
func (st *DocumentStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	const op = "memory.DocumentStore.Create"
	data, err := io.ReadAll(content)
	if err != nil {
		return fairshops.E(op, fairshops.KindOf(err), a.ID, "read content", err)
	}
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if st.db.documents == nil {
		st.db.documents = map[string]*storedFile{}
	}
	if _, ok := st.db.documents[a.ID]; ok {
		return fairshops.E(op, fairshops.Conflict, a.ID, "file exists", nil)
	}
	st.db.documents[a.ID] = &storedFile{meta: *a, data: data}
	return nil
}

// document takes the lock and finds the document; the caller unlocks.
func (st *DocumentStore) document(ctx context.Context, op, id string) (*storedFile, func(), error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, nil, err
	}
	f, ok := st.db.documents[id]
	if !ok {
		unlock()
		return nil, nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return f, unlock, nil
}

// Get implements carrierclaim.Documents.
func (st *DocumentStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	f, unlock, err := st.document(ctx, "memory.DocumentStore.Get", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m := f.meta
	return &m, nil
}

// Open implements carrierclaim.Documents.
func (st *DocumentStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	f, unlock, err := st.document(ctx, "memory.DocumentStore.Open", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return io.NopCloser(bytes.NewReader(f.data)), nil
}

// ByClaim implements carrierclaim.Documents.
func (st *DocumentStore) ByClaim(ctx context.Context, claimID string) ([]*complaint.Attachment, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []*complaint.Attachment
	for _, f := range st.db.documents {
		if f.meta.Context == carrierclaim.ContextClaim+claimID {
			m := f.meta
			out = append(out, &m)
		}
	}
	slices.SortFunc(out, func(a, b *complaint.Attachment) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return bytes.Compare([]byte(a.ID), []byte(b.ID))
	})
	return out, nil
}

// Delete implements carrierclaim.Documents.
func (st *DocumentStore) Delete(ctx context.Context, id string) error {
	_, unlock, err := st.document(ctx, "memory.DocumentStore.Delete", id)
	if err != nil {
		return err
	}
	defer unlock()
	delete(st.db.documents, id)
	return nil
}
