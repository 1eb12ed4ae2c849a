-- Shops and the transactional outbox. Released: never edit; add a new file.
-- Instants are fixed-width UTC text (2006-01-02T15:04:05.000000Z), so text
-- order is time order; dates are YYYY-MM-DD; lists are JSON text.

-- +goose Up
CREATE TABLE shops (
    id               TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    domain           TEXT    NOT NULL,
    seal_status      TEXT    NOT NULL,
    seal_valid_until TEXT,
    fulfilled        TEXT    NOT NULL,
    bookings         TEXT    NOT NULL,
    conditions       TEXT    NOT NULL,
    version          INTEGER NOT NULL CHECK (version > 0),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
) STRICT;

CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    shop_id         TEXT    NOT NULL,
    recipient       TEXT    NOT NULL DEFAULT '',
    occurred_at     TEXT    NOT NULL,
    data            TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    claimed_until   TEXT,
    claimed_by      TEXT,
    delivered_at    TEXT,
    dead_at         TEXT,
    last_error      TEXT
) STRICT;

-- The relays' work list: pending events in write order (neither delivered
-- nor given up as undeliverable).
CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND dead_at IS NULL;

-- +goose Down
DROP TABLE outbox;
DROP TABLE shops;
