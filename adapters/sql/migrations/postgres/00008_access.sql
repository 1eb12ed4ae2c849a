-- Access that cannot be lost (issue 13, item 1; docs/adr-private-links.md):
-- every complaint gets a short reference for people ("KS-7KQ4-M2XD",
-- unique), the normalised contact address that "send me my link again"
-- looks complaints up by, and the hashes of the overview links mailed with
-- the links. Complaints stored before get their reference and normalised
-- address from the program when it opens the database (a check character
-- is no work for SQL): NULL marks a row still to fill. Released migrations
-- are never edited; add a new file.

-- +goose Up
ALTER TABLE complaints ADD COLUMN reference text COLLATE "C";
ALTER TABLE complaints ADD COLUMN contact_email_norm text COLLATE "C" NOT NULL DEFAULT '';

CREATE UNIQUE INDEX complaints_reference ON complaints (reference);
CREATE INDEX complaints_email ON complaints (contact_email_norm, created_at, id);

CREATE TABLE access_overviews (
    hash       text COLLATE "C" NOT NULL PRIMARY KEY,
    email      text COLLATE "C" NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

-- The sweep of expired overview links.
CREATE INDEX access_overviews_expires ON access_overviews (expires_at);

-- +goose Down
DROP TABLE access_overviews;
DROP INDEX complaints_email;
DROP INDEX complaints_reference;
ALTER TABLE complaints DROP COLUMN contact_email_norm;
ALTER TABLE complaints DROP COLUMN reference;
