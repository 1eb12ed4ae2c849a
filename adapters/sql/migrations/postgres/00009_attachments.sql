-- Attachments of complaints (issue 13, item 2; docs/adr-attachments.md): a
-- record per file, its cleaned bytes in chunks of at most 256 KiB (so
-- neither a write nor a read holds a whole file in one value), and the
-- thumbnail once made. Several server nodes share the files through the
-- database. Released migrations are never edited; add a new file.

-- +goose Up
CREATE TABLE attachments (
    id             text COLLATE "C" NOT NULL PRIMARY KEY,
    complaint_id   text COLLATE "C" NOT NULL,
    owner          text        NOT NULL,
    context        text        NOT NULL,
    name           text        NOT NULL,
    type           text        NOT NULL,
    size           bigint      NOT NULL,
    sha256         text        NOT NULL,
    width          integer     NOT NULL,
    height         integer     NOT NULL,
    moderator_only boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    thumbnail      bytea
);

-- A complaint's files, oldest first.
CREATE INDEX attachments_complaint ON attachments (complaint_id, created_at, id);

CREATE TABLE attachment_chunks (
    attachment_id text COLLATE "C" NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq           integer NOT NULL,
    data          bytea   NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);

-- +goose Down
DROP TABLE attachment_chunks;
DROP TABLE attachments;
