-- The shops' claims against their carriers (issue 17; docs/adr-carrier-claims.md)
-- and their append-only, hash-chained history. Released migrations are never
-- edited; add a new file.
-- The columns that lists, timers, the invitation look-up and the
-- one-claim-per-complaint rule read are real columns; the rest of the claim
-- (carrier, tracking number, incident, amounts, deadlines, answers,
-- reminders) is one JSON document in the adapter's storage format.

-- +goose Up
CREATE TABLE carrier_claims (
    id             TEXT    NOT NULL PRIMARY KEY,
    complaint_id   TEXT    NOT NULL,
    shop_id        TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    opened_on      TEXT    NOT NULL,
    opened_in_time INTEGER NOT NULL CHECK (opened_in_time IN (0, 1)),
    next_due       TEXT,
    invite_hash    TEXT    NOT NULL,
    doc            TEXT    NOT NULL,
    history_count  INTEGER NOT NULL CHECK (history_count >= 0),
    history_head   TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version > 0),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;

-- One claim per complaint (one parcel per complaint).
CREATE UNIQUE INDEX carrier_claims_complaint ON carrier_claims (complaint_id);
-- Store.List of one shop, by ID.
CREATE INDEX carrier_claims_shop ON carrier_claims (shop_id, id);
-- Store.Due: only claims with a timer.
CREATE INDEX carrier_claims_due ON carrier_claims (next_due, id) WHERE next_due IS NOT NULL;
-- Store.ByInvite: only invited claims.
CREATE UNIQUE INDEX carrier_claims_invite ON carrier_claims (invite_hash) WHERE invite_hash <> '';

CREATE TABLE carrier_claim_history (
    claim_id   TEXT    NOT NULL REFERENCES carrier_claims (id),
    seq        INTEGER NOT NULL CHECK (seq > 0),
    at         TEXT    NOT NULL,
    actor_role TEXT    NOT NULL,
    actor_shop TEXT    NOT NULL,
    actor_name TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    prev       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    PRIMARY KEY (claim_id, seq)
) STRICT, WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER carrier_claim_history_no_update BEFORE UPDATE ON carrier_claim_history
BEGIN
    SELECT RAISE(ABORT, 'carrier_claim_history is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER carrier_claim_history_no_delete BEFORE DELETE ON carrier_claim_history
BEGIN
    SELECT RAISE(ABORT, 'carrier_claim_history is append-only');
END;
-- +goose StatementEnd

-- The consumer's consent to show the carrier a file (carrierclaim.Shares):
-- one row per shared file; taking the consent back deletes the row.
CREATE TABLE carrier_shares (
    complaint_id TEXT NOT NULL,
    file_id      TEXT NOT NULL,
    shared_at    TEXT NOT NULL,
    PRIMARY KEY (complaint_id, file_id)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE carrier_shares;
DROP TABLE carrier_claim_history;
DROP TABLE carrier_claims;
