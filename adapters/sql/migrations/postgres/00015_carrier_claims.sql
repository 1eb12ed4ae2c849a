-- The shops' claims against their carriers (issue 17; docs/adr-carrier-claims.md)
-- and their append-only, hash-chained history. Released migrations are never
-- edited; add a new file.
-- The columns that lists, timers, the invitation look-up and the
-- one-claim-per-complaint rule read are real columns; the rest of the claim
-- (carrier, tracking number, incident, amounts as decimal strings,
-- deadlines, answers, reminders) is one jsonb document in the adapter's
-- storage format.

-- +goose Up
CREATE TABLE carrier_claims (
    id             text COLLATE "C" NOT NULL PRIMARY KEY,
    complaint_id   text COLLATE "C" NOT NULL,
    shop_id        text COLLATE "C" NOT NULL,
    state          text        NOT NULL,
    opened_on      date        NOT NULL,
    opened_in_time boolean     NOT NULL,
    next_due       date,
    invite_hash    text        NOT NULL,
    doc            jsonb       NOT NULL,
    history_count  integer     NOT NULL CHECK (history_count >= 0),
    history_head   text        NOT NULL,
    version        integer     NOT NULL CHECK (version > 0),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- One claim per complaint (one parcel per complaint).
CREATE UNIQUE INDEX carrier_claims_complaint ON carrier_claims (complaint_id);
-- Store.List of one shop, by ID.
CREATE INDEX carrier_claims_shop ON carrier_claims (shop_id, id);
-- Store.Due: only claims with a timer.
CREATE INDEX carrier_claims_due ON carrier_claims (next_due, id) WHERE next_due IS NOT NULL;
-- Store.ByInvite: only invited claims.
CREATE UNIQUE INDEX carrier_claims_invite ON carrier_claims (invite_hash) WHERE invite_hash <> '';

CREATE TABLE carrier_claim_history (
    claim_id   text COLLATE "C" NOT NULL REFERENCES carrier_claims (id),
    seq        integer     NOT NULL CHECK (seq > 0),
    at         timestamptz NOT NULL,
    actor_role text        NOT NULL,
    actor_shop text        NOT NULL,
    actor_name text        NOT NULL,
    action     text        NOT NULL,
    detail     text        NOT NULL,
    prev       text        NOT NULL,
    hash       text        NOT NULL,
    PRIMARY KEY (claim_id, seq)
);

CREATE TRIGGER carrier_claim_history_append_only BEFORE UPDATE OR DELETE ON carrier_claim_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER carrier_claim_history_no_truncate BEFORE TRUNCATE ON carrier_claim_history
    FOR EACH STATEMENT EXECUTE FUNCTION konfliktservice_append_only();

-- The consumer's consent to show the carrier a file (carrierclaim.Shares):
-- one row per shared file; taking the consent back deletes the row.
CREATE TABLE carrier_shares (
    complaint_id text COLLATE "C" NOT NULL,
    file_id      text COLLATE "C" NOT NULL,
    shared_at    timestamptz NOT NULL,
    PRIMARY KEY (complaint_id, file_id)
);

-- +goose Down
DROP TABLE carrier_shares;
DROP TABLE carrier_claim_history;
DROP TABLE carrier_claims;
