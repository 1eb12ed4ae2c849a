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

// fileTable is one table of stored files under the DB's lock. The
// complaints' attachments (FileStore) and the carriers' documents
// (DocumentStore) each have their own, so that no query of one can return
// a file of the other; what they do with it is the same.
type fileTable struct {
	db    *DB
	store string                  // the store's name in ops: "memory.FileStore"
	files *map[string]*storedFile // the DB's map; made on first use
}

func (st *FileStore) table() fileTable {
	return fileTable{db: st.db, store: "memory.FileStore", files: &st.db.files}
}

// create stores a's record and content. The content is read before the
// lock is taken, so a slow upload holds no other writer up.
func (t fileTable) create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	op := t.store + ".Create"
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
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if *t.files == nil {
		*t.files = map[string]*storedFile{}
	}
	if _, ok := (*t.files)[a.ID]; ok {
		return fairshops.E(op, fairshops.Conflict, a.ID, "file exists", nil)
	}
	(*t.files)[a.ID] = &storedFile{meta: *a, data: data}
	return nil
}

// file takes the lock and finds the file; the caller unlocks.
func (t fileTable) file(ctx context.Context, method, id string) (*storedFile, func(), error) {
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return nil, nil, err
	}
	f, ok := (*t.files)[id]
	if !ok {
		unlock()
		return nil, nil, fairshops.E(t.store+"."+method, fairshops.NotFound, id, "", nil)
	}
	return f, unlock, nil
}

// get returns a copy of the file's record.
func (t fileTable) get(ctx context.Context, id string) (*complaint.Attachment, error) {
	f, unlock, err := t.file(ctx, "Get", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m := f.meta
	return &m, nil
}

// open reads the file's bytes. They are never changed once stored, so the
// reader shares them without a copy.
func (t fileTable) open(ctx context.Context, id string) (io.ReadCloser, error) {
	f, unlock, err := t.file(ctx, "Open", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return io.NopCloser(bytes.NewReader(f.data)), nil
}

// list returns copies of the records keep accepts, oldest first, then by ID.
func (t fileTable) list(ctx context.Context, keep func(*complaint.Attachment) bool) ([]*complaint.Attachment, error) {
	unlock, err := t.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []*complaint.Attachment
	for _, f := range *t.files {
		if keep(&f.meta) {
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

// delete removes the file.
func (t fileTable) delete(ctx context.Context, id string) error {
	_, unlock, err := t.file(ctx, "Delete", id)
	if err != nil {
		return err
	}
	defer unlock()
	delete(*t.files, id)
	return nil
}

// Create implements complaint.Files.
func (st *FileStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	return st.table().create(ctx, a, content)
}

// Get implements complaint.Files.
func (st *FileStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	return st.table().get(ctx, id)
}

// Open implements complaint.Files.
func (st *FileStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	return st.table().open(ctx, id)
}

// ByComplaint implements complaint.Files.
func (st *FileStore) ByComplaint(ctx context.Context, complaintID string) ([]*complaint.Attachment, error) {
	return st.table().list(ctx, func(a *complaint.Attachment) bool { return a.ComplaintID == complaintID })
}

// Delete implements complaint.Files.
func (st *FileStore) Delete(ctx context.Context, id string) error {
	return st.table().delete(ctx, id)
}

// PutThumbnail implements complaint.Files.
func (st *FileStore) PutThumbnail(ctx context.Context, id string, thumb []byte) error {
	f, unlock, err := st.table().file(ctx, "PutThumbnail", id)
	if err != nil {
		return err
	}
	defer unlock()
	f.thumb = slices.Clone(thumb)
	return nil
}

// Thumbnail implements complaint.Files.
func (st *FileStore) Thumbnail(ctx context.Context, id string) ([]byte, error) {
	f, unlock, err := st.table().file(ctx, "Thumbnail", id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if f.thumb == nil {
		return nil, fairshops.E("memory.FileStore.Thumbnail", fairshops.NotFound, id, "no thumbnail", nil)
	}
	return slices.Clone(f.thumb), nil
}
