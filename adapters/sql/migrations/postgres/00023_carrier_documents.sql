-- The carrier's own documents on a claim (issue 17; docs/adr-carrier-claims.md):
-- what the carrier uploads through its private link, cleaned as every
-- attachment (a record per file, its bytes in chunks of at most 256 KiB), kept
-- apart from the complaint's attachments: the consumer never sees them.
-- context is 'carrier_claim:' and the claim's ID. Released migrations are
-- never edited; add a new file.

-- +goose Up
CREATE TABLE carrier_claim_files (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    complaint_id text COLLATE "C" NOT NULL,
    owner        text        NOT NULL,
    context      text COLLATE "C" NOT NULL,
    name         text        NOT NULL,
    type         text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       text        NOT NULL,
    width        integer     NOT NULL,
    height       integer     NOT NULL,
    created_at   timestamptz NOT NULL
);

-- A claim's documents, oldest first.
CREATE INDEX carrier_claim_files_context ON carrier_claim_files (context, created_at, id);

CREATE TABLE carrier_claim_file_chunks (
    file_id text COLLATE "C" NOT NULL REFERENCES carrier_claim_files (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    data    bytea   NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- +goose Down
DROP TABLE carrier_claim_file_chunks;
DROP TABLE carrier_claim_files;
