-- Logins, shop API keys and web sessions. Released migrations are never
-- edited; add a new file. Only hashes of keys and session tokens are kept.

-- +goose Up
CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL,
    shop_id       TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE api_keys (
    id         TEXT NOT NULL PRIMARY KEY,
    shop_id    TEXT NOT NULL,
    label      TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

-- A shop's keys, oldest first.
CREATE INDEX api_keys_shop ON api_keys (shop_id, created_at, id);

CREATE TABLE sessions (
    hash       TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL,
    login      TEXT NOT NULL,
    role       TEXT NOT NULL,
    shop_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

-- The sweep of expired sessions.
CREATE INDEX sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
DROP TABLE api_keys;
DROP TABLE accounts;
