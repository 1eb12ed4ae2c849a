-- Shops and the transactional outbox. Released: never edit; add a new file.
-- IDs compare byte-wise (COLLATE "C"), as in SQLite and the memory adapter,
-- whatever the database's locale; lists are jsonb; event data is text, kept
-- byte for byte.

-- +goose Up
CREATE TABLE shops (
    id               text COLLATE "C" NOT NULL PRIMARY KEY,
    name             text        NOT NULL,
    domain           text        NOT NULL,
    seal_status      text        NOT NULL,
    seal_valid_until date,
    fulfilled        jsonb       NOT NULL,
    bookings         jsonb       NOT NULL,
    conditions       jsonb       NOT NULL,
    version          integer     NOT NULL CHECK (version > 0),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE outbox (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              text        NOT NULL UNIQUE,
    type            text        NOT NULL,
    subject         text        NOT NULL,
    shop_id         text        NOT NULL,
    recipient       text        NOT NULL DEFAULT '',
    occurred_at     timestamptz NOT NULL,
    data            text,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    claimed_until   timestamptz,
    claimed_by      text,
    delivered_at    timestamptz,
    dead_at         timestamptz,
    last_error      text
);

-- The relays' work list: pending events in write order (neither delivered
-- nor given up as undeliverable).
CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND dead_at IS NULL;

-- +goose Down
DROP TABLE outbox;
DROP TABLE shops;
