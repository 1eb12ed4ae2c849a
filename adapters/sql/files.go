package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// FileStore is the complaint.Files of a DB: a row of attachments per file
// (the record, and the thumbnail once made) and its bytes in
// attachment_chunks, at most fileChunk bytes a row (SQLite BLOB,
// PostgreSQL bytea). Chunks keep memory flat on both sides: Create inserts
// the content piece by piece as it reads it, Open reads one chunk at a
// time, and no driver ever holds a whole file in one value. Several server
// nodes on one PostgreSQL database share the files.
type FileStore struct{ db *DB }

// Files returns the attachment store of the DB.
func (db *DB) Files() *FileStore { return &FileStore{db: db} }

var _ complaint.Files = (*FileStore)(nil)

// fileChunk is the size of one row of attachment_chunks.
const fileChunk = 256 << 10

const attachmentColumns = `id, complaint_id, owner, context, name, type, size, sha256, width, height, moderator_only, created_at`

// Create implements complaint.Files: the record and every chunk in one unit
// of work. The content is read inside it, so it must not be slow to read
// (the Service passes the cleaned bytes it holds).
func (st *FileStore) Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error {
	db := st.db
	const op = "sqlstore.FileStore.Create"
	err := db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO attachments (`+attachmentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.ComplaintID, string(a.Owner), a.Context, a.Name, a.Type, a.Size, a.SHA256, a.Width, a.Height,
			a.ModeratorOnly, db.d.timeArg(a.CreatedAt))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, a.ID, "file exists", err)
		}
		if err != nil {
			return err
		}
		return attachmentTables.writeChunks(ctx, tx, op, a.ID, content)
	})
	return wrap(op, a.ID, err)
}

func scanAttachment(row scanner) (*complaint.Attachment, error) {
	var a complaint.Attachment
	var owner string
	err := row.Scan(&a.ID, &a.ComplaintID, &owner, &a.Context, &a.Name, &a.Type, &a.Size, &a.SHA256,
		&a.Width, &a.Height, &a.ModeratorOnly, timeCol{&a.CreatedAt})
	a.Owner = fairshops.Role(owner)
	return &a, err
}

// Get implements complaint.Files.
func (st *FileStore) Get(ctx context.Context, id string) (*complaint.Attachment, error) {
	const op = "sqlstore.FileStore.Get"
	a, err := scanAttachment(st.db.queryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id))
	if err != nil {
		return nil, wrapRow(op, id, err)
	}
	return a, nil
}

// ByComplaint implements complaint.Files.
func (st *FileStore) ByComplaint(ctx context.Context, complaintID string) ([]*complaint.Attachment, error) {
	const op = "sqlstore.FileStore.ByComplaint"
	rows, err := st.db.query(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE complaint_id = ? ORDER BY created_at, id`, complaintID)
	if err != nil {
		return nil, wrap(op, complaintID, err)
	}
	defer rows.Close()
	var out []*complaint.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, wrap(op, complaintID, err)
		}
		out = append(out, a)
	}
	return out, wrap(op, complaintID, rows.Err())
}

// Open implements complaint.Files: the reader fetches one chunk per query.
func (st *FileStore) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	const op = "sqlstore.FileStore.Open"
	if _, err := st.Get(ctx, id); err != nil {
		return nil, wrap(op, id, err)
	}
	return attachmentTables.open(ctx, st.db, op, id), nil
}

// Delete implements complaint.Files (the chunks go with the record).
func (st *FileStore) Delete(ctx context.Context, id string) error {
	return attachmentTables.delete(ctx, st.db, "sqlstore.FileStore.Delete", id)
}

// chunkedTables names the tables of one kind of chunked file: the records
// and their chunks, whose column key names the record. The complaints'
// attachments and the carriers' documents (DocumentStore) are stored alike
// and apart.
type chunkedTables struct {
	files, chunks, key string
}

var attachmentTables = chunkedTables{files: "attachments", chunks: "attachment_chunks", key: "attachment_id"}

// writeChunks inserts content as the chunks of the file id, fileChunk
// bytes a row, reading it piece by piece.
func (c chunkedTables) writeChunks(ctx context.Context, tx *txn, op, id string, content io.Reader) error {
	buf := make([]byte, fileChunk)
	insert := `INSERT INTO ` + c.chunks + ` (` + c.key + `, seq, data) VALUES (?, ?, ?)`
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(content, buf)
		if n > 0 {
			if _, err := tx.exec(ctx, insert, id, seq, buf[:n]); err != nil {
				return err
			}
		}
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			return nil
		case rerr != nil:
			return fairshops.E(op, fairshops.KindOf(rerr), id, "read content", rerr)
		}
	}
}

// open returns a reader of the chunks of the file id, in order.
func (c chunkedTables) open(ctx context.Context, db *DB, op, id string) io.ReadCloser {
	return &chunkReader{ctx: ctx, db: db, op: op, id: id,
		query: `SELECT data FROM ` + c.chunks + ` WHERE ` + c.key + ` = ? AND seq = ?`}
}

// delete removes the file id and its chunks in one unit of work; NotFound
// when there is no such file.
func (c chunkedTables) delete(ctx context.Context, db *DB, op, id string) error {
	return wrap(op, id, db.write(ctx, func(ctx context.Context, tx *txn) error {
		if _, err := tx.exec(ctx, `DELETE FROM `+c.chunks+` WHERE `+c.key+` = ?`, id); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM `+c.files+` WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return fairshops.E(op, fairshops.NotFound, id, "", nil)
		}
		return nil
	}))
}

// chunkReader streams the chunks of one file in order, one query a chunk.
type chunkReader struct {
	ctx       context.Context
	db        *DB
	op, query string
	id        string
	seq       int
	cur       []byte
	done      bool
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.done {
			return 0, io.EOF
		}
		var data []byte
		err := r.db.queryRow(r.ctx, r.query, r.id, r.seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			r.done = true
			continue
		}
		if err != nil {
			return 0, wrap(r.op, r.id, err)
		}
		r.seq++
		r.cur = data
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (r *chunkReader) Close() error { r.done, r.cur = true, nil; return nil }

// PutThumbnail implements complaint.Files.
func (st *FileStore) PutThumbnail(ctx context.Context, id string, thumb []byte) error {
	const op = "sqlstore.FileStore.PutThumbnail"
	return wrap(op, id, st.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE attachments SET thumbnail = ? WHERE id = ?`, thumb, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return fairshops.E(op, fairshops.NotFound, id, "", nil)
		}
		return nil
	}))
}

// Thumbnail implements complaint.Files.
func (st *FileStore) Thumbnail(ctx context.Context, id string) ([]byte, error) {
	const op = "sqlstore.FileStore.Thumbnail"
	var thumb []byte
	if err := st.db.queryRow(ctx, `SELECT thumbnail FROM attachments WHERE id = ?`, id).Scan(&thumb); err != nil {
		return nil, wrapRow(op, id, err)
	}
	if thumb == nil {
		return nil, fairshops.E(op, fairshops.NotFound, id, "no thumbnail", nil)
	}
	return thumb, nil
}
