-- Attachments of complaints (issue 13, item 2; docs/adr-attachments.md): a
-- record per file, its cleaned bytes in chunks of at most 256 KiB (so
-- neither a write nor a read holds a whole file in one value), and the
-- thumbnail once made. Released migrations are never edited; add a new
-- file.

-- +goose Up
CREATE TABLE attachments (
    id             TEXT    NOT NULL PRIMARY KEY,
    complaint_id   TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    context        TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    moderator_only INTEGER NOT NULL CHECK (moderator_only IN (0, 1)),
    created_at     TEXT    NOT NULL,
    thumbnail      BLOB
) STRICT;

-- A complaint's files, oldest first.
CREATE INDEX attachments_complaint ON attachments (complaint_id, created_at, id);

CREATE TABLE attachment_chunks (
    attachment_id TEXT    NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    data          BLOB    NOT NULL,
    PRIMARY KEY (attachment_id, seq)
) STRICT;

-- +goose Down
DROP TABLE attachment_chunks;
DROP TABLE attachments;
