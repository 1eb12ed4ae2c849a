package memory

import (
	"bytes"
	"context"
	"io"
	"slices"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// FileStore is the complaint.Files of a DB: attachment records with their
// bytes and thumbnails, under the DB's lock.
type FileStore struct{ db *DB }

// Files returns the attachment store of the DB.
func (db *DB) Files() *FileStore { return &FileStore{db: db} }

// storedFile is one attachment as the DB keeps it.
type storedFile struct {
	meta  complaint.Attachment
	data  []byte
	thumb []byte
}

// Create implements complaint.Files. The content is read before the lock
// is taken, so a slow upload holds no other writer up.
func (st *FileStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	const op = "memory.FileStore.Create"
	// One allocation of the announced size (a.Size), not io.ReadAll's
	// doubling: a 10 MB file costs 10 MB here.
	var buf bytes.Buffer
	if a.Size > 0 && a.Size < 1<<31 {
		buf.Grow(int(a.Size) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(content)
	data := buf.Bytes()
	if err != nil {
		return fairshops.E(op, fairshops.KindOf(err), a.ID, "read content", err)
	}
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := st.db.files[a.ID]; ok {
		return fairshops.E(op, fairshops.Conflict, a.ID, "file exists", nil)
	}
	st.db.files[a.ID] = &storedFile{meta: *a, data: data}
	return nil
}

// Get implements complaint.Files.
func (st *FileStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	f, unlock, err := st.file(ctx, "memory.FileStore.Get", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m := f.meta
	return &m, nil
}

// Open implements complaint.Files. The bytes are never changed once
// stored, so the reader shares them without a copy.
func (st *FileStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	f, unlock, err := st.file(ctx, "memory.FileStore.Open", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return io.NopCloser(bytes.NewReader(f.data)), nil
}

// ByComplaint implements complaint.Files.
func (st *FileStore) ByComplaint(ctx context.Context, complaintID string) ([]*complaint.Attachment, error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []*complaint.Attachment
	for _, f := range st.db.files {
		if f.meta.ComplaintID == complaintID {
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

// Delete implements complaint.Files.
func (st *FileStore) Delete(ctx context.Context, id string) error {
	_, unlock, err := st.file(ctx, "memory.FileStore.Delete", id)
	if err != nil {
		return err
	}
	defer unlock()
	delete(st.db.files, id)
	return nil
}

// PutThumbnail implements complaint.Files.
func (st *FileStore) PutThumbnail(ctx context.Context, id string, thumb []byte) error {
	f, unlock, err := st.file(ctx, "memory.FileStore.PutThumbnail", id)
	if err != nil {
		return err
	}
	defer unlock()
	f.thumb = slices.Clone(thumb)
	return nil
}

// Thumbnail implements complaint.Files.
func (st *FileStore) Thumbnail(ctx context.Context, id string) ([]byte, error) {
	const op = "memory.FileStore.Thumbnail"
	f, unlock, err := st.file(ctx, op, id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if f.thumb == nil {
		return nil, fairshops.E(op, fairshops.NotFound, id, "no thumbnail", nil)
	}
	return slices.Clone(f.thumb), nil
}

// file takes the lock and finds the file; the caller unlocks.
func (st *FileStore) file(ctx context.Context, op, id string) (*storedFile, func(), error) {
	unlock, err := st.db.lock(ctx)
	if err != nil {
		return nil, nil, err
	}
	f, ok := st.db.files[id]
	if !ok {
		unlock()
		return nil, nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return f, unlock, nil
}
