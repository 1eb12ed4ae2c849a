-- The carrier's own documents on a claim (issue 17; docs/adr-carrier-claims.md):
-- what the carrier uploads through its private link, cleaned as every
-- attachment (a record per file, its bytes in chunks of at most 256 KiB), kept
-- apart from the complaint's attachments: the consumer never sees them.
-- context is 'carrier_claim:' and the claim's ID. Released migrations are
-- never edited; add a new file.

-- +goose Up
CREATE TABLE carrier_claim_files (
    id           TEXT    NOT NULL PRIMARY KEY,
    complaint_id TEXT    NOT NULL,
    owner        TEXT    NOT NULL,
    context      TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    created_at   TEXT    NOT NULL
) STRICT;

-- A claim's documents, oldest first.
CREATE INDEX carrier_claim_files_context ON carrier_claim_files (context, created_at, id);

CREATE TABLE carrier_claim_file_chunks (
    file_id TEXT    NOT NULL REFERENCES carrier_claim_files (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BLOB    NOT NULL,
    PRIMARY KEY (file_id, seq)
) STRICT;

-- +goose Down
DROP TABLE carrier_claim_file_chunks;
DROP TABLE carrier_claim_files;
